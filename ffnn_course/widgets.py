"""ipywidgets explorers for the chapters (needs ipywidgets and matplotlib).

Imported on first use (``ffnn_course.widgets``), never by ``import ffnn_course``.
Each explorer is built from its spec in :mod:`ffnn_course.explorers`: one
slider per entry of the spec, the spec's compute function, and the plotting
function of :mod:`ffnn_course.plotting` that the spec names.  Moving a slider
recomputes and redraws the figure in an ``Output`` widget.

In a notebook::

    from ffnn_course.widgets import explorer
    explorer("two_two_one")          # display it: the last line of a cell

The returned :class:`Explorer` is an ``ipywidgets.VBox`` that also keeps what
it last computed and drew (``result``, ``figure``), so it can be tested
without a browser.

Its MIME bundle also carries, as ``text/html``, the explorer's in-page version
(:mod:`ffnn_course.static_explorers`): Jupyter shows the live widget, the static
book (which ranks ``text/html`` first) shows sliders that work without a kernel.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from . import plotting
from .explorers import EXPLORERS, ExplorerSpec, Slider

__all__ = ["Explorer", "explorer", "make_slider"]


def make_slider(spec: Slider) -> widgets.Widget:
    """An ipywidgets slider for one :class:`~ffnn_course.explorers.Slider` spec.

    Sliders update on release (``continuous_update=False``): each redraw
    recomputes and replots the whole figure.
    """
    common = dict(min=spec.min, max=spec.max, step=spec.step, value=spec.value,
                  description=spec.label or spec.name, continuous_update=False,
                  style={"description_width": "initial"})
    if spec.integer:
        return widgets.IntSlider(**{k: int(v) if k in ("min", "max", "step", "value") else v
                                    for k, v in common.items()})
    return widgets.FloatSlider(readout_format=".2f", **common)


class Explorer(widgets.VBox):
    """Sliders above a figure, wired to a compute function and a plotting function.

    Attributes
    ----------
    spec : ExplorerSpec
    sliders : dict of name -> slider widget
    output : ipywidgets.Output holding the current figure
    result : dict, what the compute function last returned
    figure : matplotlib Figure last drawn (closed after display, data kept)
    """

    def __init__(self, spec: ExplorerSpec, plot_kwargs: dict | None = None, **initial):
        unknown = set(initial) - {s.name for s in spec.sliders}
        if unknown:
            raise ValueError(f"explorer {spec.name!r} has no slider(s) {sorted(unknown)}; "
                             f"it has {[s.name for s in spec.sliders]}")
        self.spec = spec
        self.plot_kwargs = dict(plot_kwargs or {})
        self._plot = getattr(plotting, spec.plot)
        self.sliders = {s.name: make_slider(s) for s in spec.sliders}
        for name, value in initial.items():
            self.sliders[name].value = value
        self.output = widgets.Output()
        self.result: dict = {}
        self.figure = None
        controls = widgets.GridBox(list(self.sliders.values()),
                                   layout=widgets.Layout(
                                       grid_template_columns="repeat(4, minmax(0, 1fr))"))
        super().__init__([widgets.HTML(f"<b>{spec.title}</b>"), controls, self.output])
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.redraw()

    def values(self) -> dict:
        """The sliders' current values, ``{name: value}``."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def redraw(self) -> None:
        """Recompute from the sliders' values and replace the figure."""
        self.result = self.spec.compute(**self.values())
        fig = self._plot(self.result, **self.plot_kwargs)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)              # the Output widget keeps the image; free the Figure
        self.figure = fig

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

    Keyword arguments set sliders' starting values, e.g.
    ``explorer("two_two_one", w11=2.0, w12=-1.0)``.
    """
    try:
        spec = EXPLORERS[name]
    except KeyError:
        raise ValueError(f"unknown explorer {name!r}; choose one of {sorted(EXPLORERS)}") \
            from None
    return Explorer(spec, plot_kwargs=plot_kwargs, **initial)
