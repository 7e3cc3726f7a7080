"""Tests for ffnn_course.widgets: build each explorer, move a slider, check the redraw."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")

from ffnn_course import widgets  # noqa: E402
from ffnn_course.explorers import EXPLORERS  # noqa: E402


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_explorer_builds_with_one_slider_per_spec_entry(name):
    ex = widgets.explorer(name)
    spec = EXPLORERS[name]
    assert list(ex.sliders) == [s.name for s in spec.sliders]
    assert ex.values() == spec.initial()
    assert ex.figure is not None and ex.result
    assert ex.output in ex.children
    # the readouts are the spec's, with its labels, as the page shows them
    from ffnn_course.static_explorers import expected_numbers
    assert ex.readouts() == expected_numbers(name, {})
    for r in spec.readouts:
        assert r.label in ex.numbers.value and ex.readouts()[r.key] in ex.numbers.value


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_layout_fits_any_width(name):
    """No fixed widths: a responsive grid of columns ≥ 230 px, controls that fill them,
    labels at their natural width, and an accessible name (description + tooltip)."""
    ex = widgets.explorer(name)
    grid = ex.children[1]
    assert isinstance(grid, widgets.widgets.GridBox)
    assert grid.layout.grid_template_columns == "repeat(auto-fill, minmax(230px, 1fr))"
    for name_, control in ex.sliders.items():
        spec = EXPLORERS[name].control(name_)
        assert control.layout.width == "auto" and control.style.description_width == "initial"
        assert control.description == (spec.label or spec.name)
        assert control.tooltip == spec.description
        if hasattr(control, "readout"):                # the value shows, and is editable
            assert control.readout and not control.disabled


def test_optimizer_paths_controls():
    import ipywidgets

    ex = widgets.explorer("optimizer_paths", method="adam", lr=0.1, surface="rosenbrock")
    assert isinstance(ex.sliders["method"], ipywidgets.Dropdown)
    assert isinstance(ex.sliders["lr"], ipywidgets.FloatLogSlider)
    first = ex.result["loss"][-1]
    ex.sliders["method"].value = "gd"
    ex.sliders["lr"].value = 1.0                       # diverges on this valley
    assert ex.result["diverged"] == 1 and ex.readouts()["steps_taken"] != "100"
    ex.sliders["lr"].value = 0.01
    assert ex.result["loss"][-1] != first
    np.testing.assert_allclose(ex.figure.axes[0].lines[0].get_xdata(), ex.result["w1"])


def test_two_two_one_slider_changes_surface_and_figure():
    ex = widgets.explorer("two_two_one")
    before = ex.result["y_hat"].copy()
    fig_before = ex.figure
    ex.sliders["b2"].value = 1.0                       # as if the user moved the slider
    assert ex.figure is not fig_before
    assert not np.allclose(ex.result["y_hat"], before)
    # the figure shows the new data: its colour bar spans the new range of ŷ
    cbar_ax = [ax for ax in ex.figure.axes if ax.get_label() == "<colorbar>"][0]
    lo, hi = cbar_ax.get_ylim()
    assert lo == pytest.approx(ex.result["y_hat"].min())
    assert hi == pytest.approx(ex.result["y_hat"].max())
    assert ex.result["y_hat"].min() > before.min()


def test_softmax_temperature_slider():
    ex = widgets.explorer("softmax")
    sharp = ex.result["probabilities"].max()
    ex.sliders["temperature"].value = 5.0
    flat = ex.result["probabilities"].max()
    assert flat < sharp
    heights = [p.get_height() for p in ex.figure.axes[1].patches]
    np.testing.assert_allclose(heights, ex.result["probabilities"])


def test_gradient_descent_sliders():
    ex = widgets.explorer("gradient_descent", steps=10)
    assert len(ex.result["w"]) == 11
    ex.sliders["steps"].value = 50
    assert len(ex.result["w"]) == 51
    np.testing.assert_allclose(ex.figure.axes[0].lines[0].get_xdata(), ex.result["w"])
    ex.sliders["lr"].value = 10.0
    assert ex.result["lr"] == 10.0


def test_output_widget_holds_one_display():
    ex = widgets.explorer("single_neuron")
    ex.sliders["w1"].value = 1.0
    ex.sliders["w2"].value = -1.0
    # clear_output(wait=True) + display: the Output keeps only the latest figure
    assert len(ex.output.outputs) <= 1


def test_errors():
    with pytest.raises(ValueError, match="unknown explorer"):
        widgets.explorer("nope")
    with pytest.raises(ValueError, match="no slider"):
        widgets.explorer("softmax", w11=1.0)


def test_lazy_import():
    import subprocess
    import sys
    code = ("import sys, ffnn_course; "
            "sys.exit(1 if {'ipywidgets', 'matplotlib'} & set(sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
