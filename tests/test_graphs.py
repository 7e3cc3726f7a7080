"""The computational-graph drawer (ffnn_course.plotting.graphs), drawn with the Agg backend."""

from __future__ import annotations

import copy
import math

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from ffnn_course import plotting  # noqa: E402
from ffnn_course.plotting import graphs  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def two_paths(x=2.0):
    """y = u v with u = 3x, v = x²: two paths from x to y (chapter 6's example)."""
    u, v = 3 * x, x * x
    nodes = [{"name": "x", "pos": (0, 0.5), "value": x, "grad": 3 * v + 2 * x * u},
             {"name": "u", "label": "$u = 3x$", "pos": (1, 0), "value": u, "grad": v},
             {"name": "v", "label": "$v = x^2$", "pos": (1, 1), "value": v, "grad": u},
             {"name": "y", "label": "$y = uv$", "pos": (2, 0.5), "value": u * v, "grad": 1.0}]
    edges = [{"src": "x", "dst": "u", "local": 3.0}, {"src": "x", "dst": "v", "local": 2 * x},
             {"src": "u", "dst": "y", "local": v}, {"src": "v", "dst": "y", "local": u}]
    return nodes, edges


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_exported():
    for name in graphs.__all__:
        assert getattr(plotting, name) is getattr(graphs, name)


def test_labels_values_and_gradients_are_drawn():
    nodes, edges = two_paths()
    fig = plotting.plot_computational_graph(nodes, edges, decimals=1)
    shown = texts(fig)
    assert shown[:4] == ["$x$", "$u = 3x$", "$v = x^2$", "$y = uv$"]
    for value in ("2.0", "6.0", "4.0", "24.0"):                     # forward values
        assert value in shown
    assert r"$\partial y/\partial x$ = 36.0" in shown                # 3·4 + 4·6, both paths
    assert shown.count("4.0") >= 2 and "3.0" in shown and "6.0" in shown   # local derivatives
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0) and fig.patch.get_alpha() == 1.0
    assert "forward" in fig.axes[0].get_xlabel() and "gradient of y" in fig.axes[0].get_xlabel()
    fig.canvas.draw()


def test_forward_only_draws_no_gradient():
    nodes, edges = two_paths()
    fig = plotting.plot_computational_graph(nodes, edges, show_backward=False)
    assert not any("partial" in t for t in texts(fig))
    assert "36" not in " ".join(texts(fig))
    assert "gradient" not in fig.axes[0].get_xlabel()


def test_phone_sized():
    """Three columns fit a figure under 6 inches wide with text of at least 10 points."""
    nodes, edges = two_paths()
    fig = plotting.plot_computational_graph(nodes, edges)
    assert fig.get_figwidth() <= 6.0
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 10


def test_alt_text_names_every_value():
    nodes, edges = two_paths()
    alt = plotting.computational_graph_alt_text(nodes, edges, decimals=0)
    assert alt.startswith("Computational graph.")
    for piece in ("x = 2", "y = 24", "from x to u, du/dx = 3", "from v to y, dy/dv = 6",
                  "with respect to x 36"):
        assert piece in alt


def test_strings_are_drawn_as_given():
    nodes = [{"name": "a", "pos": (0, 0), "value": "a"}, {"name": "b", "pos": (1, 0), "value": "e^a"}]
    fig = plotting.plot_computational_graph(nodes, [{"src": "a", "dst": "b", "local": "e^a"}])
    assert texts(fig).count("e^a") == 2


@pytest.mark.parametrize("nodes, edges, match", [
    ([], [], "nodes is empty"),
    ([{"pos": (0, 0)}], [], r"nodes\[0\]\['name'\]"),
    ([{"name": "x", "pos": (0, 0)}, {"name": "x", "pos": (1, 0)}], [], "used twice"),
    ([{"name": "x", "pos": (0,)}], [], r"nodes\[0\]\['pos'\]"),
    ([{"name": "x", "pos": (0, math.nan)}], [], r"nodes\[0\]\['pos'\]"),
    ([{"name": "x", "pos": (0, 0)}, {"name": "y", "pos": (0, 0)}], [], "share a position"),
    ([{"name": "x", "pos": (0, 0), "value": math.inf}], [], r"nodes\[0\]\['value'\]"),
    ([{"name": "x", "pos": (0, 0)}], [{"src": "x", "dst": "z"}], r"edges\[0\]\['dst'\] = 'z'"),
    ([{"name": "x", "pos": (0, 0)}], [{"src": "x", "dst": "x"}], "to itself"),
    ([{"name": "x", "pos": (0, 0)}, {"name": "y", "pos": (1, 0)}],
     [{"src": "x", "dst": "y", "local": [1]}], r"edges\[0\]\['local'\]"),
])
def test_bad_graphs_are_refused_clearly(nodes, edges, match):
    before = copy.deepcopy((nodes, edges))
    with pytest.raises(ValueError, match=match):
        plotting.plot_computational_graph(nodes, edges)
    with pytest.raises(ValueError, match=match):
        plotting.computational_graph_alt_text(nodes, edges)
    assert (nodes, edges) == before                     # nothing mutated


def test_bad_types_and_arguments():
    nodes, edges = two_paths()
    with pytest.raises(TypeError, match="nodes must be a sequence of dicts, got str"):
        plotting.plot_computational_graph("xy", edges)
    with pytest.raises(TypeError, match=r"edges\[0\] must be a dict, got tuple"):
        plotting.plot_computational_graph(nodes, [("x", "u")])
    with pytest.raises(ValueError, match="output = 'w' is not a node name"):
        plotting.plot_computational_graph(nodes, edges, output="w")
    with pytest.raises(ValueError, match="decimals must be an int from 0 to 8, got 2.5"):
        plotting.plot_computational_graph(nodes, edges, decimals=2.5)


@settings(max_examples=15, deadline=None)
@given(st.floats(-3, 3, allow_nan=False), st.integers(0, 5))
def test_any_two_path_graph_draws_its_numbers(x, decimals):
    nodes, edges = two_paths(x)
    fig = plotting.plot_computational_graph(nodes, edges, decimals=decimals)
    shown = texts(fig)
    assert f"{x:.{decimals}f}" in shown
    assert rf"$\partial y/\partial x$ = {9 * x * x:.{decimals}f}" in shown   # y = 3x³
    plt.close(fig)


# ---------------------------------------------------------------------------
# Gradient descent pictures (chapter 5)
# ---------------------------------------------------------------------------

def test_descent_step_marks_true_loss_and_first_order_prediction():
    loss = lambda w: (w - 1.0) ** 2                       # slope -2 at w0 = 0
    fig = plotting.plot_descent_step(loss, 0.0, -2.0, [0.1, 0.75])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "$w$" and "loss" in ax.get_ylabel()
    points = {(round(float(l.get_xdata()[0]), 6), round(float(l.get_ydata()[0]), 6))
              for l in ax.lines if len(l.get_xdata()) == 1}
    # η = 0.1: w = 0.2, true loss 0.64, prediction 1 − 0.1·4 = 0.6
    assert (0.2, 0.64) in points and (0.2, 0.6) in points
    # η = 0.75: w = 1.5 overshoots the minimum, true 0.25, prediction 1 − 3 = −2
    assert (1.5, 0.25) in points and (1.5, -2.0) in points
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "η = 0.1: true loss" in labels and "η = 0.75: true loss" in labels
    fig.canvas.draw()


@pytest.mark.parametrize("kwargs, match", [
    (dict(w0=float("nan"), slope=1.0, lrs=[1.0]), "w0 must be a finite number"),
    (dict(w0=0.0, slope=True, lrs=[1.0]), "slope must be a finite number"),
    (dict(w0=0.0, slope=1.0, lrs=[]), "lrs must be one or more"),
    (dict(w0=0.0, slope=1.0, lrs=[0.5, -1.0]), "lrs must be one or more"),
])
def test_descent_step_refuses_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_descent_step(lambda w: w ** 2, **kwargs)


def test_learning_rate_paths_one_panel_per_rate():
    from ffnn_course import explorers

    surface = explorers.sigmoid_neuron_loss_surface(grid=21)
    paths = {f"η = {lr:g}": explorers.gradient_descent_path(lr=lr, steps=5) for lr in (1, 3, 10)}
    fig = plotting.plot_learning_rate_paths(surface, paths)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3 and len(fig.axes) == 4            # 2 columns, one spare hidden
    for ax, (name, path) in zip(visible, paths.items()):
        assert ax.get_title().startswith(name)
        assert f"final loss {path['loss'][-1]:.4f}" in ax.get_title()
        assert ax.get_xlabel() == "$w$" and ax.get_ylabel() == "$b$"
        assert any(list(l.get_xdata()) == list(path["w"]) for l in ax.lines)
    assert fig.get_figwidth() <= 7.0
    with pytest.raises(ValueError, match="paths must be a non-empty dict"):
        plotting.plot_learning_rate_paths(surface, {})
    with pytest.raises(ValueError, match="surface has no 'loss'"):
        plotting.plot_learning_rate_paths({"w": 1, "b": 2}, paths)
    with pytest.raises(ValueError, match="ncols must be an int >= 1, got 0"):
        plotting.plot_learning_rate_paths(surface, paths, ncols=0)
