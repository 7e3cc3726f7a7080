"""Tests for ffnn_course.plotting.diagrams: what the network diagrams draw (Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import ffnn_course as fc  # noqa: E402
from ffnn_course import plotting  # noqa: E402
from ffnn_course.plotting.diagrams import HIGHLIGHT  # noqa: E402


def _by_gid(fig, prefix):
    """Every artist whose gid starts with ``prefix``: {gid: artist}."""
    found = {}
    for ax in fig.axes:
        for artist in list(ax.lines) + list(ax.patches) + list(ax.texts):
            gid = artist.get_gid()
            if gid and gid.startswith(prefix):
                found[gid] = artist
    return found


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_figure_is_solid_and_has_alt_text():
    fig = plotting.draw_network([2, 2, 1], weights="names")
    assert isinstance(fig, Figure)
    assert to_rgba(fig.get_facecolor())[3] == 1.0
    assert fig.alt_text.startswith("Diagram of a network with layer sizes 2-2-1")
    assert "2 inputs" in fig.alt_text and "1 output neuron" in fig.alt_text
    plt.close(fig)


def test_every_node_and_edge_is_drawn_with_the_lecture_names():
    fig = plotting.draw_network([2, 3, 2, 1], weights="names")
    nodes = _by_gid(fig, "node ")
    assert set(nodes) == {f"node {i},{j}" for i, n in enumerate([2, 3, 2, 1])
                          for j in range(1, n + 1)}
    edges = _by_gid(fig, "edge ")
    assert len(edges) == 2 * 3 + 3 * 2 + 2 * 1
    labels = {gid: t.get_text() for gid, t in _by_gid(fig, "label edge ").items()}
    assert labels["label edge 1,3,1"] == "$w_{131}$"        # layer 1, neuron 3, input 1
    assert labels["label edge 2,2,2"] == "$w_{222}$"
    assert "$x_{1}$" in _texts(fig) and "$h_{13}$" in _texts(fig) and r"$\hat{y}_{1}$" in _texts(fig)
    plt.close(fig)


def test_weight_values_come_from_the_network_row_neuron_column_input():
    net, x, _ = fc.worked_example()
    trace = net.forward(x)
    fig = plotting.draw_network(net, weights="values", biases="values",
                                node_values={1: trace.h[1]}, fmt="{:g}", value_fmt="{:.4f}")
    labels = {gid: t.get_text() for gid, t in _by_gid(fig, "label ").items()}
    assert labels["label edge 1,2,1"] == "0.25"             # w_{1,2,1} = W[1][1, 0]
    assert labels["label edge 2,1,2"] == "0.45"
    assert labels["label bias 1"] == "0.35" and labels["label bias 2"] == "0.6"   # shared
    values = {gid: t.get_text() for gid, t in _by_gid(fig, "value ").items()}
    assert values == {"value 1,1": "0.5933", "value 1,2": "0.5969"}
    assert "values are written under the neurons" in fig.alt_text
    plt.close(fig)


def test_highlighted_paths_are_exactly_the_chain_rule_paths():
    sizes = [2, 3, 2, 1]
    paths = plotting.paths_through(sizes, (0, 1), (1, 3))       # the weight w_{131}
    assert paths == [[(0, 1), (1, 3), (2, 1), (3, 1)], [(0, 1), (1, 3), (2, 2), (3, 1)]]
    fig = plotting.draw_network(sizes, weights="highlighted", highlight=paths)
    hot = {gid for gid, line in _by_gid(fig, "edge ").items()
           if to_hex(line.get_color()) == HIGHLIGHT}
    assert hot == {"edge 1,3,1", "edge 2,1,3", "edge 2,2,3", "edge 3,1,1", "edge 3,1,2"}
    for gid, line in _by_gid(fig, "edge ").items():
        assert (line.get_linewidth() > 2) == (gid in hot)
    # only the highlighted edges carry a label
    assert {g.removeprefix("label ") for g in _by_gid(fig, "label edge ")} == hot
    hot_nodes = {gid for gid, c in _by_gid(fig, "node ").items()
                 if to_hex(c.get_edgecolor()) == HIGHLIGHT}
    assert hot_nodes == {"node 0,1", "node 1,3", "node 2,1", "node 2,2", "node 3,1"}
    assert "2 paths highlighted" in fig.alt_text
    plt.close(fig)


def test_one_path_for_a_weight_of_the_last_hidden_layer_with_one_output():
    assert plotting.paths_through([2, 3, 2, 1], (1, 2), (2, 2)) == [[(1, 2), (2, 2), (3, 1)]]
    # with two output neurons the same weight has two paths
    assert len(plotting.paths_through([2, 3, 2, 2], (1, 2), (2, 2))) == 2


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=5), st.data())
def test_number_of_paths_is_the_product_of_the_layer_sizes_after(sizes, data):
    i = data.draw(st.integers(1, len(sizes) - 1))
    j = data.draw(st.integers(1, sizes[i]))
    k = data.draw(st.integers(1, sizes[i - 1]))
    paths = plotting.paths_through(sizes, (i - 1, k), (i, j))
    assert len(paths) == int(np.prod(sizes[i + 1:]))
    assert all(p[0] == (i - 1, k) and p[1] == (i, j) and len(p) == len(sizes) - i + 1
               for p in paths)


def test_large_layers_are_elided_and_shapes_written():
    fig = plotting.draw_network([100, 10, 4], shapes=True, max_neurons=5)
    nodes = _by_gid(fig, "node ")
    assert {g for g in nodes if g.startswith("node 0,")} == {
        "node 0,1", "node 0,2", "node 0,3", "node 0,100"}
    assert "⋮" in _texts(fig)
    shapes = {gid: t.get_text() for gid, t in _by_gid(fig, "shape ").items()}
    assert shapes["shape 0"] == "$x$: (100,)"
    assert shapes["shape 1"] == "$W_1$: (10, 100)\n$h_1$: (10,)"
    assert "$h_{1,10}$" in _texts(fig)                 # two-digit indices get commas
    assert "first and last neurons" in fig.alt_text
    plt.close(fig)


def test_configurations_figure():
    fig = plotting.plot_network_configurations({"shallow": [2, 3, 1], "deep": [2, 3, 3, 1]})
    assert [ax.get_title() for ax in fig.axes] == ["shallow", "deep"]
    assert "deep (layer sizes 2-3-3-1)" in fig.alt_text
    plt.close(fig)


@pytest.mark.parametrize("kwargs,exc,words", [
    (dict(network="2-2-1"), TypeError, "network must be a Network"),
    (dict(network=[3]), ValueError, "at least 2 layer sizes"),
    (dict(network=[2, 0, 1]), ValueError, "integer >= 1"),
    (dict(network=[2, 2], weights="values"), ValueError, "needs a Network"),
    (dict(network=[2, 2], weights="weights"), ValueError, "weights must be None"),
    (dict(network=[2, 2], weights={1: np.zeros((2, 3))}), ValueError, "shape (2, 2)"),
    (dict(network=[2, 2], highlight=[[(0, 1), (1, 3)]]), ValueError, "highlight: (1, 3)"),
    (dict(network=[2, 2, 1], highlight=[[(0, 1), (2, 1)]]), ValueError, "one layer at a time"),
    (dict(network=[2, 2], node_values={1: [1.0]}), ValueError, "2 entries"),
    (dict(network=[2, 2], node_values={5: [1.0]}), ValueError, "layer 5"),
    (dict(network=[2, 2], outputs=["a"]), ValueError, "outputs must have 2"),
    (dict(network=[2, 2], max_neurons=2), ValueError, "max_neurons"),
])
def test_bad_input_is_refused_clearly(kwargs, exc, words):
    with pytest.raises(exc, match=None) as info:
        plotting.draw_network(**kwargs)
    assert words in str(info.value)


def test_bad_paths_and_inputs_are_not_changed():
    with pytest.raises(ValueError, match="increasing layer order"):
        plotting.paths_through([2, 2, 1], (1, 1), (0, 1))
    with pytest.raises(ValueError, match="not a"):
        plotting.paths_through([2, 2, 1], (0, 3))
    net, _, _ = fc.worked_example()
    before = [W.copy() for W in net.W[1:]]
    plt.close(plotting.draw_network(net, weights="values"))
    assert all(np.array_equal(a, b) for a, b in zip(before, net.W[1:]))
