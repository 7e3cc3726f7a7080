"""ipywidgets explorers for the chapters (needs ipywidgets and matplotlib).

Imported on first use (``ffnn_course.widgets``), never by ``import ffnn_course``.
Each explorer is built from its specification in :mod:`ffnn_course.explorers`: one
control per entry of the spec (a slider, a log slider or a drop-down list), the spec's
compute function, its readouts (label and format) and the plotting function it names.
Changing a control recomputes, redraws the figure in an ``Output`` widget and rewrites
the readouts.

In a notebook::

    from ffnn_course.widgets import explorer
    explorer("two_two_one")          # display it: the last line of a cell

The layout fits any width: the controls sit in a grid whose columns are at least
230 px wide and as many as fit (one column on a phone), each slider fills its column
with its label and its value beside it, and the value can be typed into (click it).
The returned :class:`Explorer` is an ``ipywidgets.VBox`` that also keeps what it last
computed and drew (``result``, ``figure``), so it can be tested without a browser.

Its MIME bundle also carries, as ``text/html``, the explorer's in-page version
(:mod:`ffnn_course.static_explorers`): Jupyter shows the live widget, the static
book (which ranks ``text/html`` first) shows controls that work without a kernel.
"""

from __future__ import annotations

import html
import importlib

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .explorers import ExplorerSpec, get_spec

__all__ = ["Explorer", "explorer", "make_control", "CONTROLS_LAYOUT"]

#: The controls' grid, with as many columns of at least 230 px as fit (one on a phone).
CONTROLS_LAYOUT = dict(grid_template_columns="repeat(auto-fill, minmax(230px, 1fr))",
                       grid_gap="4px 16px", width="100%")


def make_control(spec) -> widgets.Widget:
    """An ipywidgets control for one :class:`~ffnn_course.explorers.Slider` or ``Choice``.

    Sliders update on release (``continuous_update=False``): each redraw recomputes
    and replots the whole figure.  Each fills its grid column (``width='auto'``), keeps
    its label at its natural width and shows its value in an editable box; its
    description (``description_allow_html`` off) and tooltip give it an accessible name.
    """
    label = spec.label or spec.name
    common = dict(description=label, tooltip=spec.description or label,
                  style={"description_width": "initial"},
                  layout=widgets.Layout(width="auto", min_width="0"))
    if spec.kind == "choice":
        return widgets.Dropdown(options=[(text, value) for value, text in spec.options],
                                value=spec.value, **common)
    common.update(continuous_update=False)
    if spec.kind == "log":
        import math
        return widgets.FloatLogSlider(value=spec.value, base=10, min=math.log10(spec.min),
                                      max=math.log10(spec.max), step=spec.step,
                                      readout_format=".2g", **common)
    if spec.integer:
        return widgets.IntSlider(min=int(spec.min), max=int(spec.max), step=int(spec.step),
                                 value=int(spec.value), **common)
    return widgets.FloatSlider(min=spec.min, max=spec.max, step=spec.step, value=spec.value,
                               readout_format=spec.fmt, **common)


def _plot_function(dotted: str):
    module, name = dotted.split(":")
    return getattr(importlib.import_module(f"ffnn_course.{module}"), name)


class Explorer(widgets.VBox):
    """Controls above a figure and readouts, wired to a compute function and a plot.

    Attributes
    ----------
    spec : ExplorerSpec
    sliders : dict of name -> control widget (sliders and drop-down lists)
    output : ipywidgets.Output holding the current figure
    numbers : ipywidgets.HTML showing the readouts
    result : dict, what the compute function last returned
    figure : matplotlib Figure last drawn (closed after display, data kept)
    """

    def __init__(self, spec: ExplorerSpec, plot_kwargs: dict | None = None, **initial):
        values = spec.values(**initial)            # checks names and ranges first
        self.spec = spec
        self.plot_kwargs = dict(plot_kwargs or {})
        self._plot = _plot_function(spec.plot)
        self.sliders = {c.name: make_control(c) for c in spec.controls}
        for name, value in values.items():
            self.sliders[name].value = value
        self.output = widgets.Output()
        self.numbers = widgets.HTML()
        self.result: dict = {}
        self.figure = None
        controls = widgets.GridBox(list(self.sliders.values()),
                                   layout=widgets.Layout(**CONTROLS_LAYOUT))
        super().__init__([widgets.HTML(f"<b>{html.escape(spec.title)}</b>"), controls,
                          self.output, self.numbers],
                         layout=widgets.Layout(width="100%"))
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    def values(self) -> dict:
        """The controls' current values, ``{name: value}``."""
        return {name: control.value for name, control in self.sliders.items()}

    def readouts(self) -> dict[str, str]:
        """The readouts shown, ``{key: text}`` (as in the page)."""
        return {r.key: r.text(self.result, self.spec.probe) for r in self.spec.readouts}

    def redraw(self) -> None:
        """Recompute from the controls' values, replace the figure and the readouts."""
        self.result = self.spec.compute(**self.values(), **self.spec.options())
        fig = self._plot(self.result, **self.plot_kwargs)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)              # the Output widget keeps the image; free the Figure
        self.figure = fig
        texts = self.readouts()
        items = "".join(f"<span style='white-space:nowrap;margin-right:1.5em'>"
                        f"{html.escape(r.label)}: <code data-key='{r.key}'>"
                        f"{html.escape(texts[r.key])}</code></span> "
                        for r in self.spec.readouts)
        self.numbers.value = f"<div style='line-height:1.8'>{items}</div>"

    def _on_change(self, change) -> None:
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, plus the in-page version as ``text/html`` for static pages."""
        from .static_explorers import explorer_html

        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = explorer_html(self.spec.name, **self.values())
        return bundle


def explorer(name: str, plot_kwargs: dict | None = None, **initial) -> Explorer:
    """Build the explorer ``name`` of :data:`ffnn_course.explorers.EXPLORERS`.

    Keyword arguments set controls' starting values, e.g.
    ``explorer("two_two_one", w11=2.0, w12=-1.0)`` or
    ``explorer("optimizer_paths", method="adam", lr=0.1, surface="rosenbrock")``.
    """
    return Explorer(get_spec(name), plot_kwargs=plot_kwargs, **initial)
