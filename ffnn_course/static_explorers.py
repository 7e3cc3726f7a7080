r"""The book's explorers as self-contained HTML + JavaScript, for pages with no kernel.

A slider of an ipywidgets explorer needs a running kernel; in the static web book it
would show its saved state and do nothing.  So every explorer also has a version that
computes in the page: :func:`explorer_html` returns a ``<div>`` holding the explorer's
specification as JSON (:meth:`ffnn_course.explorers.ExplorerSpec.config`: controls,
readouts, grids, data) and a script (``ffnn_course/static/formulas.js`` and
``explorers.js``, shipped with the package) that holds only the formulas, ported from
:mod:`ffnn_course.explorers`, and the drawing.  It loads nothing from anywhere.

The two versions travel together: :class:`ffnn_course.widgets.Explorer` adds this HTML
to its MIME bundle, next to the widget view.  Jupyter, Binder and Colab show the live
widget once the cell has run; the book (``nb_mime_priority_overrides`` in
``_config.yml`` ranks ``text/html`` above the widget view) shows the in-page version.

The numbers the page shows (each in an element ``[data-key=KEY]``, formatted like
Python's ``format(value, spec)``) are listed by :func:`expected_numbers`, computed here
from the same specification; the browser tests compare the two.

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

from .explorers import get_spec

__all__ = ["explorer_js", "explorer_values", "explorer_config", "explorer_html",
           "expected_values", "expected_numbers", "StaticExplorer", "FALLBACK"]

#: What the explorer's saved output says where its script does not run (in Jupyter
#: before the cell is run, as the widget needs the kernel, or in a browser without
#: JavaScript).
FALLBACK = ("Interactive explorer. In Jupyter (also Binder or Colab): run this cell "
            "(Shift+Enter) to get its sliders. In the web book it runs in the page: "
            "allow JavaScript for this site.")


@lru_cache(maxsize=1)
def explorer_js() -> str:
    """The script that runs the explorers in the page: ``ffnn_course/static/formulas.js``
    (the formulas) followed by ``ffnn_course/static/explorers.js`` (drawing, controls)."""
    static = resources.files("ffnn_course").joinpath("static")
    return "\n".join(static.joinpath(f).read_text("utf-8")
                     for f in ("formulas.js", "explorers.js"))


def explorer_values(name: str, **values) -> dict:
    """The controls' values: the spec's initial values, updated with ``values`` (checked)."""
    return get_spec(name).values(**values)


def explorer_config(name: str, **values) -> dict:
    """The JSON configuration the page reads (:meth:`ffnn_course.explorers.ExplorerSpec.config`)."""
    return get_spec(name).config(**values)


def _script_safe(text: str) -> str:
    """Text that can sit inside <script>...</script> (no closing tag, no HTML comment)."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def explorer_html(name: str, **values) -> str:
    """The explorer ``name`` as one self-contained ``<div>`` (HTML, CSS and script).

    Keyword arguments set the controls' starting values, as for
    :func:`ffnn_course.widgets.explorer`.  Where the script does not run, the
    ``<div>`` shows :data:`FALLBACK` instead.
    """
    spec = get_spec(name)
    config_json = _script_safe(json.dumps(spec.config(**values), ensure_ascii=False,
                                          sort_keys=True, allow_nan=False))
    return (
        f'<div class="ffnn-explorer" data-explorer="{_html.escape(spec.name)}">\n'
        f'<script type="application/json" class="ffnn-explorer-config">{config_json}</script>\n'
        f'<p class="ffnn-explorer-fallback"><em>{_html.escape(spec.title)}</em>. '
        f"{_html.escape(FALLBACK)}</p>\n"
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

    Computed with the spec's compute function for these control values (missing ones
    take their initial values).  For the surface explorers, ``probe`` is the probe's
    grid point ``(row, column)`` (default: the spec's starting point).
    """
    spec = get_spec(name)
    return spec.readout_values(spec.run(**values), probe)


def expected_numbers(name: str, values: dict, probe=None) -> dict[str, str]:
    """The numbers the in-page explorer shows, as text (``format(value, spec)``)."""
    from .explorers.spec import format_number

    return {key: format_number(value, fmt)
            for key, (value, fmt) in expected_values(name, values, probe).items()}
