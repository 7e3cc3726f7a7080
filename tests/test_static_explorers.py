"""ffnn_course.static_explorers: the in-page explorers' HTML, and their Python reference numbers.

The page itself runs in a browser in tests/test_browser.py; here: the HTML is
self-contained, every explorer of EXPLORERS has reference numbers that agree with the
compute functions, the ipywidgets explorer carries the HTML in its MIME bundle, and the
book's stored explorer outputs embed the current script.
"""

import doctest
import json
import re
from pathlib import Path

import numpy as np
import pytest

from ffnn_course import explorers, static_explorers
from ffnn_course.explorers import EXPLORERS
from ffnn_course.static_explorers import (FALLBACK, StaticExplorer, expected_numbers,
                                          expected_values, explorer_config, explorer_html,
                                          explorer_js)

ROOT = Path(__file__).resolve().parent.parent


def test_doctests():
    result = doctest.testmod(static_explorers)
    assert result.attempted and not result.failed


def test_script_is_package_data():
    js = explorer_js()
    assert "root.ffnnExplorers = {" in js and "root.ffnnExplorerFormulas = {" in js
    assert "</script" not in js.lower() and "<!--" not in js
    for name in EXPLORERS:                       # the script implements every explorer
        assert f"\n    {name}: " in js, name
    # no data or defaults written out in the script: they come from the config
    assert "0.22" not in js and "0.38" not in js, "the five data points belong to examples.py"
    assert "61" not in re.sub(r"[0-9a-f]{6}", "", js), "grids come from the config"


def test_fallback_says_what_to_do_in_jupyter_and_in_the_book():
    html = explorer_html("gradient_descent")
    assert FALLBACK.replace("(", "") and "run this cell" in FALLBACK and "web book" in FALLBACK
    assert "Shift+Enter" in html and "needs JavaScript (or run" not in html


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_html_is_self_contained(name):
    html = explorer_html(name)
    assert html.startswith(f'<div class="ffnn-explorer" data-explorer="{name}">')
    assert html.count("<script") == 2 and html.count("</script>") == 2
    # loads nothing: no src=, href=, url(, import(, fetch(, XMLHttpRequest
    assert not re.search(r"\b(src|href)\s*=|url\(|import\(|fetch\(|XMLHttpRequest|https?://",
                         html), name
    # nothing that the book's MathJax (which also accepts $...$) would typeset
    text_outside_scripts = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "$" not in text_outside_scripts and "\\(" not in text_outside_scripts
    config = json.loads(re.search(r'class="ffnn-explorer-config">(.*?)</script>', html,
                                  re.S).group(1))
    spec = EXPLORERS[name]
    assert config == explorer_config(name)
    assert [s["name"] for s in config["controls"]] == [s.name for s in spec.sliders]
    assert {s["name"]: s["value"] for s in config["controls"]} == spec.initial()
    assert [r["key"] for r in config["readouts"]] == [r.key for r in spec.readouts]


def test_html_starting_values_and_errors():
    html = explorer_html("gradient_descent", steps=10, lr=0.5)
    config = json.loads(re.search(r'class="ffnn-explorer-config">(.*?)</script>', html).group(1))
    values = {s["name"]: s["value"] for s in config["controls"]}
    assert values["steps"] == 10 and values["lr"] == 0.5 and values["w0"] == -1.0
    with pytest.raises(ValueError, match="unknown explorer"):
        explorer_html("nope")
    with pytest.raises(ValueError, match="no slider"):
        explorer_html("softmax", w11=1.0)
    with pytest.raises(ValueError, match="must be in"):
        explorer_html("softmax", temperature=0.0)
    assert StaticExplorer("softmax")._repr_html_() == explorer_html("softmax")


def test_expected_numbers_come_from_the_compute_functions():
    s = explorers.two_two_one_surface(w21=5.0, w22=-5.0)
    i, j = EXPLORERS["two_two_one"].probe
    got = expected_values("two_two_one", {"w21": 5.0, "w22": -5.0})
    assert got["y_hat_min"][0] == s["y_hat"].min() and got["y_hat_max"][0] == s["y_hat"].max()
    assert (got["probe_x1"][0], got["probe_x2"][0]) == (2.0, 0.0) == (s["x1"][i, j], s["x2"][i, j])
    assert got["probe_y_hat"][0] == s["y_hat"][i, j]
    assert expected_numbers("two_two_one", {}, probe=(60, 0))["probe_x2"] == "4.00"

    p = explorers.softmax_from_sliders(temperature=2.0)["probabilities"]
    assert expected_numbers("softmax", {"temperature": 2.0}) == {
        f"p{k}": f"{pk:.4f}" for k, pk in enumerate(p, 1)}

    run = explorers.gradient_descent_path(lr=3.0, steps=100, w0=-1.0, b0=2.0)
    assert expected_numbers("gradient_descent", {}) == {
        "w_end": f"{run['w'][-1]:.4f}", "b_end": f"{run['b'][-1]:.4f}",
        "loss_start": f"{run['loss'][0]:.6f}", "loss_end": f"{run['loss'][-1]:.6f}",
        "loss_end_sci": f"{run['loss'][-1]:.3e}"}
    assert expected_numbers("gradient_descent", {})["loss_end_sci"] == "1.137e-04"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_explorer_has_reference_numbers(name):
    numbers = expected_numbers(name, {})
    assert numbers and all(isinstance(v, str) for v in numbers.values())
    assert all(np.isfinite(v) for v, _ in expected_values(name, {}).values())


def test_widget_bundle_carries_the_static_html():
    pytest.importorskip("ipywidgets")
    import matplotlib
    matplotlib.use("Agg")
    from ffnn_course.widgets import explorer

    ex = explorer("softmax", temperature=2.0)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == explorer_html("softmax", temperature=2.0)
    ex.sliders["a1"].value = -1.0                  # the HTML follows the sliders' values
    assert bundle["text/html"] != ex._repr_mimebundle_()["text/html"]


def _stored_explorer_outputs():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html")
                if html is not None:
                    html = "".join(html)
                    if 'class="ffnn-explorer"' in html:
                        yield path.name, cell, html


def test_book_explorer_outputs_embed_the_current_script():
    """Re-execute the notebooks (tools/execute_notebooks.py) after changing explorers.js."""
    found = list(_stored_explorer_outputs())
    assert {n for n, _, _ in found} >= {"02_sigmoid_neurons.ipynb", "04_softmax.ipynb",
                                       "05_gradient_descent.ipynb"}
    js = explorer_js().replace("</", "<\\/")
    stale = [name for name, _, html in found if js not in html]
    assert not stale, f"stored explorer outputs predate the current explorers.js: {stale}"
    for name, cell, _ in found:
        assert "nbval-ignore-output" in cell["metadata"].get("tags", []), name


def test_every_widget_output_in_the_book_has_an_in_page_version():
    """The book loads no ipywidgets embedder (nb_ipywidgets_js: {} in _config.yml), so a
    widget output without an in-page (text/html) version would show as plain text."""
    widget_outputs, bare = 0, []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for k, cell in enumerate(nb["cells"]):
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "application/vnd.jupyter.widget-view+json" in data:
                    widget_outputs += 1
                    if 'class="ffnn-explorer"' not in "".join(data.get("text/html", "")):
                        bare.append(f"{path.name} cell {k}")
    assert widget_outputs >= 3
    assert not bare, f"widget outputs without an in-page explorer: {bare}"
