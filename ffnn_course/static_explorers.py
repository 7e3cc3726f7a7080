r"""The book's explorers as self-contained HTML + JavaScript, for pages with no kernel.

A slider of an ipywidgets explorer needs a running kernel; in the static web book it
would show its saved state and do nothing.  So every explorer also has a version that
computes in the page: :func:`explorer_html` returns a ``<div>`` holding the sliders'
spec as JSON and a script (``ffnn_course/static/explorers.js``, shipped with the package)
that is a line-by-line port of :mod:`ffnn_course.explorers`.  It loads nothing from
anywhere.

The two versions travel together: :class:`ffnn_course.widgets.Explorer` adds this HTML
to its MIME bundle, next to the widget view.  Jupyter, Binder and Colab show the live
widget; the book (``nb_mime_priority_overrides`` in ``_config.yml`` ranks ``text/html``
above the widget view for HTML output) shows the in-page version.

The numbers the page shows (each in an element ``[data-key=KEY]``, formatted like
Python's ``format(value, spec)``) are listed by :func:`expected_numbers`, computed here
with :mod:`ffnn_course.explorers`; the browser tests compare the two.

>>> html = explorer_html("softmax", temperature=2.0)
>>> 'data-explorer="softmax"' in html and "<script>" in html
True
>>> expected_numbers("softmax", explorer_values("softmax"))["p3"]
'0.9957'
"""

from __future__ import annotations

import html as _html
import json
from functools import lru_cache
from importlib import resources

from .explorers import EXPLORERS

__all__ = ["explorer_js", "explorer_values", "explorer_html", "expected_values",
           "expected_numbers",
           "StaticExplorer", "SURFACE_OPTIONS"]

#: Grid of the 2-D surface explorers (as the functions' defaults) and the probe's
#: starting grid point ``(row, column)`` = ``(x2, x1)`` indices: ``x = (2, 0)``.
SURFACE_OPTIONS = {"grid": 61, "lim": 4.0, "probe": [30, 45]}

_OPTIONS = {"two_two_one": SURFACE_OPTIONS, "single_neuron": SURFACE_OPTIONS}


@lru_cache(maxsize=1)
def explorer_js() -> str:
    """The script that runs the explorers in the page (``ffnn_course/static/explorers.js``)."""
    return resources.files("ffnn_course").joinpath("static/explorers.js").read_text("utf-8")


def _spec(name: str):
    try:
        return EXPLORERS[name]
    except KeyError:
        raise ValueError(f"unknown explorer {name!r}; choose one of {sorted(EXPLORERS)}") \
            from None


def explorer_values(name: str, **values) -> dict:
    """The sliders' values: the spec's initial values, updated with ``values``."""
    spec = _spec(name)
    unknown = set(values) - {s.name for s in spec.sliders}
    if unknown:
        raise ValueError(f"explorer {name!r} has no slider(s) {sorted(unknown)}; "
                         f"it has {[s.name for s in spec.sliders]}")
    out = spec.initial()
    for key, value in values.items():
        slider = spec.slider(key)
        if not slider.min <= value <= slider.max:
            raise ValueError(f"slider {key!r}: {value} is outside [{slider.min}, {slider.max}]")
        out[key] = int(value) if slider.integer else float(value)
    return out


def _script_safe(text: str) -> str:
    """Text that can sit inside <script>...</script> (no closing tag, no HTML comment)."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def explorer_html(name: str, **values) -> str:
    """The explorer ``name`` as one self-contained ``<div>`` (HTML, CSS and script).

    Keyword arguments set the sliders' starting values, as for
    :func:`ffnn_course.widgets.explorer`.  Without JavaScript the ``<div>`` shows a
    short note instead.
    """
    spec = _spec(name)
    current = explorer_values(name, **values)
    config = {
        "name": spec.name,
        "title": spec.title,
        "sliders": [{"name": s.name, "label": s.label or s.name, "min": s.min, "max": s.max,
                     "step": s.step, "value": current[s.name], "integer": s.integer}
                    for s in spec.sliders],
        "options": _OPTIONS.get(name, {}),
    }
    config_json = _script_safe(json.dumps(config, ensure_ascii=False, sort_keys=True))
    return (
        f'<div class="ffnn-explorer" data-explorer="{_html.escape(spec.name)}">\n'
        f'<script type="application/json" class="ffnn-explorer-config">{config_json}</script>\n'
        f'<p class="ffnn-explorer-fallback"><em>{_html.escape(spec.title)}</em>: '
        "this explorer needs JavaScript (or run the notebook in Jupyter).</p>\n"
        f"<script>{_script_safe(explorer_js())}\n"
        "window.ffnnExplorers.mount(document.currentScript.parentNode);</script>\n"
        "</div>"
    )


class StaticExplorer:
    """An explorer's in-page version alone (no ipywidgets needed): display it in a notebook."""

    def __init__(self, name: str, **values):
        self.name = name
        self.values = explorer_values(name, **values)

    def _repr_html_(self) -> str:
        return explorer_html(self.name, **self.values)

    def __repr__(self) -> str:
        return f"StaticExplorer({self.name!r})"


# ----- what the page shows, computed in Python -------------------------------------------
def expected_values(name: str, values: dict, probe=None) -> dict[str, tuple[float, str]]:
    """The numbers the in-page explorer shows, unformatted: ``{key: (value, format spec)}``.

    Computed with the compute function of :data:`ffnn_course.explorers.EXPLORERS` for
    these slider values (missing sliders take their initial values).  For the surface
    explorers, ``probe`` is the probe's grid point ``(row, column)`` (default: its
    starting point in :data:`SURFACE_OPTIONS`).
    """
    spec = _spec(name)
    values = explorer_values(name, **values)
    if name in ("two_two_one", "single_neuron"):
        opts = SURFACE_OPTIONS
        r = spec.compute(**values, grid=opts["grid"], lim=opts["lim"])
        i, j = opts["probe"] if probe is None else probe
        y = r["y_hat"]
        out = {"y_hat_min": (y.min(), ".4f"), "y_hat_max": (y.max(), ".4f"),
               "probe_x1": (r["x1"][i, j], ".2f"), "probe_x2": (r["x2"][i, j], ".2f")}
        if "h1" in r:
            out["probe_h1"] = (r["h1"][i, j], ".4f")
            out["probe_h2"] = (r["h2"][i, j], ".4f")
        out["probe_y_hat"] = (y[i, j], ".4f")
    elif name == "softmax":
        p = spec.compute(**values)["probabilities"]
        out = {f"p{k + 1}": (pk, ".4f") for k, pk in enumerate(p)}
    elif name == "gradient_descent":
        r = spec.compute(**values)
        out = {"w_end": (r["w"][-1], ".4f"), "b_end": (r["b"][-1], ".4f"),
               "loss_start": (r["loss"][0], ".6f"), "loss_end": (r["loss"][-1], ".6f"),
               "loss_end_sci": (r["loss"][-1], ".3e")}
    else:  # pragma: no cover - every explorer is listed above (a test checks)
        raise ValueError(f"no expected numbers for explorer {name!r}")
    return {key: (float(value), fmt) for key, (value, fmt) in out.items()}


def expected_numbers(name: str, values: dict, probe=None) -> dict[str, str]:
    """The numbers the in-page explorer shows, as text (``format(value, spec)``)."""
    return {key: format(value, fmt)
            for key, (value, fmt) in expected_values(name, values, probe).items()}
