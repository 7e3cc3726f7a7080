"""Figures of part 2 (ffnn_course.plotting.backprop), drawn with the Agg backend."""

from __future__ import annotations

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from ffnn_course import plotting  # noqa: E402
from ffnn_course.plotting import backprop  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_readable(fig, n_axes):
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0) and fig.patch.get_alpha() == 1.0
    assert len(fig.axes) == n_axes
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    fig.canvas.draw()


def test_exported():
    for name in backprop.__all__:
        assert getattr(plotting, name) is getattr(backprop, name)


def test_plot_derivative_check():
    fig = plotting.plot_derivative_check(np.exp, np.exp, np.linspace(-1, 1, 21), [0.0, 0.5],
                                         label="e^x")
    assert_readable(fig, 2)
    ax_f, ax_d = fig.axes
    dots = ax_d.lines[1]
    np.testing.assert_allclose(dots.get_ydata(), np.exp([0.0, 0.5]), rtol=1e-8)
    assert ax_f.get_ylabel() == "$e^x$"


def test_plot_loss_curves_one_and_two_curves():
    fig = plotting.plot_loss_curves({"E": [1.0, 0.1, 0.01]})
    assert_readable(fig, 1)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_legend() is None
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2])

    fig = plotting.plot_loss_curves({"a": [0.1, 0.5], "b": [0.1, 0.9]}, logy=False,
                                    ylabel="output", title="t")
    assert_readable(fig, 1)
    ax = fig.axes[0]
    assert ax.get_yscale() == "linear" and ax.get_legend() is not None
    assert ax.get_title() == "t" and ax.get_ylabel() == "output"


@pytest.mark.parametrize("curves", [{}, {"x": []}, {"x": [[1.0, 2.0]]}])
def test_plot_loss_curves_rejects_bad_input(curves):
    with pytest.raises(ValueError):
        plotting.plot_loss_curves(curves)


def test_logit_gradients_formulas():
    a = np.array([-5.0, 0.0, 3.0])
    g = plotting.logit_gradients(a, y=1.0)
    y_hat = 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(g["y_hat"], y_hat)
    np.testing.assert_allclose(g["squared_error"], (y_hat - 1) * y_hat * (1 - y_hat))
    np.testing.assert_allclose(g["cross_entropy"], y_hat - 1)
    g0 = plotting.logit_gradients(a, y=0.0)
    np.testing.assert_allclose(g0["cross_entropy"], y_hat)


def test_plot_logit_gradients():
    fig = plotting.plot_logit_gradients(y=1.0)
    assert_readable(fig, 2)
    ax_g = fig.axes[1]
    se, ce = (line.get_ydata() for line in ax_g.lines)
    assert se.min() >= 0 and ce.min() >= 0
    assert se[0] < 1e-3 < 0.99 < ce[0]              # a = -10: confidently wrong
    fig = plotting.plot_logit_gradients(np.linspace(-2, 2, 5), y=0.0)
    assert len(fig.axes[1].lines[0].get_xdata()) == 5
