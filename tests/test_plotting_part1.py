"""Tests for ffnn_course.plotting.surfaces (matplotlib Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ffnn_course import divide_by_sum, explorers, plotting, softmax  # noqa: E402


def _check(fig, n_axes):
    assert isinstance(fig, Figure)
    assert to_rgba(fig.get_facecolor())[3] == 1.0          # solid background
    assert fig.patch.get_alpha() in (None, 1.0)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == n_axes
    for ax in panels:
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
        assert to_rgba(ax.get_facecolor())[3] == 1.0
    plt.close(fig)


def test_output_surface_two_two_one():
    fig = plotting.plot_output_surface(explorers.two_two_one_surface(grid=21), title="set 1")
    (ax3d,) = [ax for ax in fig.axes if ax.name == "3d"]
    assert ax3d.get_zlabel()
    _check(fig, 2)


def test_output_surface_single_neuron_and_flat_output():
    _check(plotting.plot_output_surface(explorers.single_neuron_surface(grid=11)), 2)
    flat = explorers.two_two_one_surface(w11=0, w12=0, w13=0, w14=0, grid=11)
    _check(plotting.plot_output_surface(flat, threshold=0.3), 2)


def test_softmax_figure_shows_the_probabilities():
    result = explorers.softmax_explorer([3.0, 4.0, 10.0, 3.0], 2.0)
    fig = plotting.plot_softmax(result)
    heights = [p.get_height() for p in fig.axes[1].patches]
    np.testing.assert_allclose(heights, result["probabilities"])
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert texts == [f"{p:.2f}" for p in result["probabilities"]]
    _check(fig, 2)


def test_normalisations_figure():
    z = [7.0, -2.0, 4.0, 1.0]
    fig = plotting.plot_normalisations(z, divide_by_sum(z), softmax(z))
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert min(heights) == pytest.approx(-0.2)
    _check(fig, 1)


def test_gradient_descent_figure():
    result = explorers.gradient_descent_explorer(lr=3.0, steps=20)
    fig = plotting.plot_gradient_descent(result)
    line = fig.axes[0].lines[0]
    np.testing.assert_allclose(line.get_xdata(), result["w"])
    np.testing.assert_allclose(line.get_ydata(), result["b"])
    _check(fig, 3)


def test_exported():
    for name in ("plot_output_surface", "plot_softmax", "plot_normalisations",
                 "plot_gradient_descent"):
        assert callable(getattr(plotting, name))
