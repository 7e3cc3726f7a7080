r"""Network diagrams: neurons as circles, weights as edges, paths highlighted.

:func:`draw_network` draws a small feed-forward network left to right, layer 0 (the
input ``x = h_0``) first.  Every neuron is a circle, every weight ``w_{i,j,k}`` (layer
``i``, neuron ``j``, input ``k``, counted from 1 as in the lecture) an edge from node
``k`` of layer ``i − 1`` to node ``j`` of layer ``i``.  Edges can carry the weight's name
or its value, nodes a value under the circle (``a_i``, ``h_i`` or ``δ_i``), and a list of
paths (for example from one weight to the output, chapter *Backpropagation*) is drawn
in a strong colour.  A layer with more neurons than ``max_neurons`` is drawn with its
first and last neurons and a "⋮" between them (the 100-input layer of chapter
*Feed-forward networks*).

Every figure gets an ``alt_text`` attribute: one or two sentences that describe it
(the notebooks copy it into the cell's ``mystnb.image.alt``).  Every artist gets a
``gid`` (``"node 1,2"``, ``"edge 2,1,2"``, ``"bias 1,2"``) so tests can find what is
drawn and what is highlighted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._style import new_figure

__all__ = ["draw_network", "paths_through", "plot_network_configurations"]

HIGHLIGHT = "#d62728"          # the highlighted paths (matplotlib's C3 red)
EDGE = "#8c8c8c"
NODE = "#1f77b4"


def _sizes(network) -> list[int]:
    """Layer sizes ``[n_0, n_1, …, n_L]`` of a ``Network`` or a sequence of ints."""
    if hasattr(network, "sizes") and hasattr(network, "W"):
        return list(network.sizes)
    if isinstance(network, (str, bytes)) or not isinstance(network, Sequence):
        raise TypeError(f"network must be a Network or a sequence of layer sizes, "
                        f"got {type(network).__name__}")
    sizes = list(network)
    if len(sizes) < 2:
        raise ValueError(f"network needs at least 2 layer sizes (inputs and outputs), got {sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be an integer >= 1, got {sizes}")
    return [int(n) for n in sizes]


def _shown(n: int, max_neurons: int) -> list[int | None]:
    """The neuron numbers (1-based) drawn for a layer of ``n``; None marks the "⋮"."""
    if n <= max_neurons:
        return list(range(1, n + 1))
    head = max_neurons - 2
    return list(range(1, head + 1)) + [None, n]


def paths_through(sizes, *nodes) -> list[list[tuple[int, int]]]:
    """Every path from the first given node to the output layer through the others.

    ``nodes`` are ``(layer, neuron)`` pairs (1-based neurons, layer 0 is the input),
    in increasing layer order; between two given nodes the path may go through any
    neuron of the layers in between.  A weight ``w_{i,j,k}`` lies on the paths
    ``paths_through(sizes, (i − 1, k), (i, j))``: those are the chains of the chain
    rule from ``ℒ`` down to that weight (chapter *Backpropagation*).

    >>> paths_through([2, 3, 2, 1], (1, 2), (2, 2))
    [[(1, 2), (2, 2), (3, 1)]]
    >>> len(paths_through([2, 3, 2, 1], (0, 1), (1, 3)))
    2
    """
    sizes = _sizes(sizes)
    if not nodes:
        raise ValueError("paths_through needs at least one (layer, neuron) node")
    for node in nodes:
        _check_node(node, sizes, "nodes")
    layers = [layer for layer, _ in nodes]
    if any(b <= a for a, b in zip(layers, layers[1:])):
        raise ValueError(f"nodes must be in increasing layer order, got {list(nodes)}")
    fixed = dict(nodes)
    paths = [[nodes[0]]]
    for layer in range(nodes[0][0] + 1, len(sizes)):
        choices = [fixed[layer]] if layer in fixed else range(1, sizes[layer] + 1)
        paths = [p + [(layer, j)] for p in paths for j in choices]
    return paths


def _check_node(node, sizes, name):
    ok = (isinstance(node, tuple) and len(node) == 2
          and all(isinstance(v, (int, np.integer)) for v in node))
    if not ok or not (0 <= node[0] < len(sizes) and 1 <= node[1] <= sizes[node[0]]):
        raise ValueError(f"{name}: {node!r} is not a (layer, neuron) node of a network with "
                         f"sizes {sizes} (layers 0..{len(sizes) - 1}, neurons from 1)")


def _label_grid(spec, sizes, kind, network, fmt) -> dict:
    """``{(i, j, k): text}`` for weights or ``{(i, j): text}`` for biases from ``spec``."""
    if spec is None or spec is False:
        return {}
    out = {}
    for i in range(1, len(sizes)):
        n_out, n_in = sizes[i], sizes[i - 1]
        if spec in ("names", "highlighted"):
            values = None
        elif spec == "values":
            if network is None or not hasattr(network, "W"):
                raise ValueError(f"{kind}='values' needs a Network, got only layer sizes; "
                                 f"pass a Network or {kind}='names'")
            values = network.W[i] if kind == "weights" else network.b[i]
        elif isinstance(spec, Mapping):
            if i not in spec:
                continue
            values = spec[i]
        else:
            raise ValueError(f"{kind} must be None, 'names', 'values' or a mapping "
                             f"{{layer: array}}, got {spec!r}")
        if kind == "weights":
            if values is not None:
                values = np.asarray(values, dtype=object)
                if values.shape != (n_out, n_in):
                    raise ValueError(f"{kind}[{i}] must have shape {(n_out, n_in)} "
                                     f"(n_out, n_in), got {values.shape}")
            for j in range(1, n_out + 1):
                for k in range(1, n_in + 1):
                    out[i, j, k] = (f"$w_{{{_idx(i, j, k)}}}$" if values is None
                                    else _fmt(values[j - 1, k - 1], fmt))
        else:
            if values is not None:
                values = np.atleast_1d(np.asarray(values, dtype=object))
                if values.shape not in ((n_out,), (1,)):
                    raise ValueError(f"{kind}[{i}] must have shape ({n_out},) or (1,) "
                                     f"(a shared bias), got {values.shape}")
            if values is not None and values.shape == (1,) and n_out > 1:
                out[i, 0] = _fmt(values[0], fmt)              # one shared bias
            for j in range(1, n_out + 1):
                if values is None:
                    out[i, j] = f"$b_{{{_idx(i, j)}}}$"
                elif values.shape == (n_out,):
                    out[i, j] = _fmt(values[j - 1], fmt)
    return out


def _idx(*numbers) -> str:
    """``"121"`` as the lecture writes it, ``"1,10"`` when a number has two digits."""
    return ("," if max(numbers) > 9 else "").join(map(str, numbers))


def _fmt(value, fmt) -> str:
    return value if isinstance(value, str) else fmt.format(float(value))


def _node_text(spec, sizes, name, fmt) -> dict:
    """``{(layer, neuron): text}`` from ``{layer: sequence}``."""
    if spec is None:
        return {}
    if not isinstance(spec, Mapping):
        raise TypeError(f"{name} must be a mapping {{layer: sequence of texts or numbers}}, "
                        f"got {type(spec).__name__}")
    out = {}
    for layer, texts in spec.items():
        if not (isinstance(layer, (int, np.integer)) and 0 <= layer < len(sizes)):
            raise ValueError(f"{name}: layer {layer!r} is not in 0..{len(sizes) - 1}")
        texts = list(np.ravel(np.asarray(texts, dtype=object)))
        if len(texts) != sizes[layer]:
            raise ValueError(f"{name}[{layer}] must have {sizes[layer]} entries (one per "
                             f"neuron), got {len(texts)}")
        out.update({(layer, j): _fmt(t, fmt) for j, t in enumerate(texts, start=1)})
    return out


def _default_label(layer: int, j: int, L: int) -> str:
    if layer == 0:
        return f"$x_{{{j}}}$"
    return f"$\\hat{{y}}_{{{j}}}$" if layer == L else f"$h_{{{_idx(layer, j)}}}$"


def draw_network(network, *, weights=None, biases=None, node_labels=None, node_values=None,
                 highlight=(), max_neurons: int = 6, shapes: bool = False,
                 outputs=None, title: str | None = None, fmt: str = "{:.4g}",
                 value_fmt: str | None = None,
                 fontsize: float = 17.0, ax=None):
    """Draw a small feed-forward network; return the ``Figure`` (with ``alt_text``).

    Parameters
    ----------
    network : Network or sequence of int
        The network, or its layer sizes ``[n_0, …, n_L]`` (``n_0`` inputs).
    weights : None, "names", "highlighted", "values" or mapping
        Edge labels: none; the lecture's names ``w_{ijk}`` (on every edge, or only on
        the highlighted ones); the network's weights; or
        ``{layer i: array (n_i, n_{i-1})}`` of numbers or strings (e.g. gradients
        ``∂ℒ/∂W_i``).  Layers missing from a mapping get no labels.
    biases : None, "names", "values" or mapping
        None draws no bias.  Otherwise a node "1" above each layer ``i − 1`` feeds
        every neuron of layer ``i``, labelled like ``weights`` (``b_{ij}``; a shared
        bias of shape ``(1,)`` is written once, next to its node).
    node_labels : mapping, optional
        ``{layer: texts}`` written inside the circles (default ``x_k``, ``h_{ij}``,
        ``ŷ_j``).
    node_values : mapping, optional
        ``{layer: numbers or texts}`` written under the circles (``a_i``, ``h_i``, ``δ_i``).
    highlight : sequence of paths
        Each path a list of ``(layer, neuron)`` nodes in consecutive layers (see
        :func:`paths_through`); its edges and nodes are drawn in red.
    max_neurons : int
        A larger layer shows its first ``max_neurons − 2`` neurons, "⋮" and its last.
    shapes : bool
        Write each layer's shapes under it: ``x: (n_0,)``, ``W_i: (n_i, n_{i−1})``.
    outputs : sequence of str, optional
        One text per output neuron, written after an arrow to its right.
    fmt, value_fmt : str
        Format of numeric edge labels, and of numeric node values (default ``fmt``).
    ax : Axes, optional
        Draw into this Axes (its figure is returned) instead of a new figure.

    >>> fig = draw_network([2, 2, 1], weights="names")
    >>> fig.alt_text
    'Diagram of a network with layer sizes 2-2-1: 2 inputs, 1 hidden layer of 2 neurons, 1 output neuron; every edge is labelled with the name of its weight.'

    Chapters *Introduction* to *Backpropagation step by step*.
    """
    from matplotlib.patches import Circle

    net = network if hasattr(network, "W") else None
    sizes = _sizes(network)
    L = len(sizes) - 1
    if isinstance(max_neurons, bool) or not isinstance(max_neurons, (int, np.integer)) \
            or max_neurons < 3:
        raise ValueError(f"max_neurons must be an integer >= 3, got {max_neurons!r}")
    w_text = _label_grid(weights, sizes, "weights", net, fmt)
    b_text = _label_grid(biases, sizes, "biases", net, fmt) if biases is not None else {}
    labels = _node_text(node_labels, sizes, "node_labels", "{:g}")
    values = _node_text(node_values, sizes, "node_values", value_fmt or fmt)
    if outputs is not None and len(outputs) != sizes[-1]:
        raise ValueError(f"outputs must have {sizes[-1]} texts (one per output neuron), "
                         f"got {len(outputs)}")
    hot_edges, hot_nodes = set(), set()
    for path in highlight:
        path = [tuple(p) for p in path]
        for node in path:
            _check_node(node, sizes, "highlight")
        for (l0, k), (l1, j) in zip(path, path[1:]):
            if l1 != l0 + 1:
                raise ValueError(f"highlight: a path must step one layer at a time, got {path}")
            hot_edges.add((l1, j, k))
        hot_nodes.update(path)
    if weights == "highlighted":
        w_text = {key: text for key, text in w_text.items() if key in hot_edges}

    # positions: layer i at x = dx * i, shown neurons spaced 1 apart, centred on y = 0
    longest = max((len(t) for t in w_text.values() if not t.startswith("$w_{")), default=0)
    dx = 3.1 if longest > 6 else (2.6 if (w_text or b_text) else 2.0)
    dy = 1.6 if (longest > 6 or values) else 1.1          # room for values under the nodes
    shown = [_shown(n, max_neurons) for n in sizes]
    pos = {}
    for layer, nums in enumerate(shown):
        top = (len(nums) - 1) / 2 * dy
        for row, j in enumerate(nums):
            pos[layer, j if j is not None else "dots"] = (dx * layer, top - row * dy)
    tallest = max(len(nums) for nums in shown)
    y_top = (tallest - 1) / 2 * dy + (1.2 if biases is not None else 0.6)
    y_bottom = -(tallest - 1) / 2 * dy - (0.8 if values else 0.5) - (1.0 if shapes else 0)
    x_right = dx * L + (1.9 if outputs else 0.6)
    own = ax is None
    if own:
        # at most 4.8 inches wide, so that the labels stay legible on a 390-px phone
        unit = min(0.75, 4.8 / (x_right + 0.6))
        fig, ax = new_figure(width=unit * (x_right + 0.6), height=unit * (y_top - y_bottom))
    else:
        fig = ax.figure
    ax.set_xlim(-0.6, x_right)
    ax.set_ylim(y_bottom, y_top)
    ax.set_aspect("equal")
    ax.axis("off")
    r = 0.3
    small = fontsize * 0.8

    def edge(p, q, gid, hot, text=None, t=0.5, color=EDGE):
        (x0, y0), (x1, y1) = p, q
        d = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        ax.plot([x0 + r * ux, x1 - r * ux], [y0 + r * uy, y1 - r * uy],
                color=HIGHLIGHT if hot else color, lw=3.0 if hot else 1.2,
                zorder=3 if hot else 1, gid=gid, solid_capstyle="round")
        if text:
            ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), text, fontsize=small,
                    ha="center", va="center", color=HIGHLIGHT if hot else "black", zorder=5,
                    gid=f"label {gid}", bbox=dict(boxstyle="round,pad=0.12", fc="white",
                                                  ec="none", alpha=0.9))

    for i in range(1, L + 1):
        for j in shown[i]:
            for k in shown[i - 1]:
                if j is None or k is None:
                    continue
                p, q = pos[i - 1, k], pos[i, j]
                t = _label_position(i, j, k, p, q, w_text, sizes)
                edge(p, q, f"edge {i},{j},{k}", (i, j, k) in hot_edges, w_text.get((i, j, k)), t)
        if biases is not None:
            bx, by = dx * (i - 1) + 0.55 * dx, y_top - 0.45
            ax.add_patch(Circle((bx, by), 0.2, fc="#eeeeee", ec="gray", gid=f"bias node {i}"))
            ax.text(bx, by, "1", ha="center", va="center", fontsize=small)
            for j in shown[i]:
                if j is not None:
                    edge((bx, by), pos[i, j], f"bias {i},{j}", False,
                         b_text.get((i, j)), t=0.3, color="#bbbbbb")
            if (i, 0) in b_text:
                ax.text(bx - 0.3, by, b_text[i, 0], ha="right", va="center", fontsize=small,
                        gid=f"label bias {i}")

    for (layer, j), (x, y) in pos.items():
        if j == "dots":
            ax.text(x, y, "⋮", ha="center", va="center", fontsize=fontsize * 1.3)
            continue
        hot = (layer, j) in hot_nodes
        ax.add_patch(Circle((x, y), r, fc="#fde0dd" if hot else ("#f2f2f2" if layer == 0
                                                                  else "#dbe9f6"),
                            ec=HIGHLIGHT if hot else NODE, lw=2.5 if hot else 1.5, zorder=4,
                            gid=f"node {layer},{j}"))
        ax.text(x, y, labels.get((layer, j), _default_label(layer, j, L)), ha="center",
                va="center", fontsize=small, zorder=6)
        if (layer, j) in values:
            ax.text(x, y - r - 0.08, values[layer, j], ha="center", va="top",
                    fontsize=small, zorder=6, gid=f"value {layer},{j}")
    if outputs is not None:
        for j, text in enumerate(outputs, start=1):
            x, y = pos[L, j]
            ax.annotate("", xy=(x + r + 0.55, y), xytext=(x + r, y),
                        arrowprops=dict(arrowstyle="->", lw=1.5))
            ax.text(x + r + 0.6, y, text, ha="left", va="center", fontsize=fontsize)
    if shapes:
        y = y_bottom + 0.15
        for layer in range(L + 1):
            text = (f"$x$: ({sizes[0]},)" if layer == 0 else
                    f"$W_{layer}$: ({sizes[layer]}, {sizes[layer - 1]})\n$h_{layer}$: "
                    f"({sizes[layer]},)")
            ax.text(dx * layer, y, text, ha="center", va="bottom", fontsize=small,
                    gid=f"shape {layer}")
    if title:
        ax.set_title(title, fontsize=fontsize)
    fig.alt_text = _describe(sizes, w_text, weights, b_text, values, hot_edges, shapes, highlight)
    if own:
        fig.tight_layout(pad=0.2)
    return fig


def _label_position(i, j, k, p, q, w_text, sizes) -> float:
    """Where along its edge (0 = source, 1 = target) a weight's label goes.

    With every edge labelled: level edges in the middle, crossing edges near the source,
    spread by target neuron.  With a few labelled edges (a highlighted path): near the
    target where several labelled edges leave one node, near the source where several
    enter one node, else in the middle.
    """
    if len(w_text) == sum(a * b for a, b in zip(sizes, sizes[1:])):
        if abs(p[1] - q[1]) < 1e-9:
            return 0.5
        return 0.28 + 0.14 * (j - 1) / max(sizes[i] - 1, 1)
    fan_out = sum(1 for (i2, _, k2) in w_text if (i2, k2) == (i, k))
    fan_in = sum(1 for (i2, j2, _) in w_text if (i2, j2) == (i, j))
    if fan_out > 1 and fan_in <= 1:
        return 0.7
    if fan_in > 1 and fan_out <= 1:
        return 0.3
    return 0.5


def _describe(sizes, w_text, weights, b_text, values, hot_edges, shapes, highlight) -> str:
    L = len(sizes) - 1
    hidden = sizes[1:-1]
    parts = [f"{sizes[0]} input{'s' * (sizes[0] > 1)}"]
    if hidden:
        if len(set(hidden)) == 1:
            parts.append(f"{len(hidden)} hidden layer{'s' * (len(hidden) > 1)} of "
                         f"{hidden[0]} neuron{'s' * (hidden[0] > 1)}")
        else:
            parts.append("hidden layers of " + ", ".join(map(str, hidden)) + " neurons")
    parts.append(f"{sizes[-1]} output neuron{'s' * (sizes[-1] > 1)}")
    text = (f"Diagram of a network with layer sizes {'-'.join(map(str, sizes))}: "
            + ", ".join(parts))
    extra = []
    if w_text:
        extra.append({"names": "every edge is labelled with the name of its weight",
                      "values": "every edge is labelled with the value of its weight",
                      "highlighted": "the highlighted edges are labelled with their weights"}
                     .get(weights if isinstance(weights, str) else "", "edges are labelled"))
    if b_text:
        extra.append("a bias node feeds each layer")
    if values:
        extra.append("values are written under the neurons")
    if shapes:
        extra.append("the shape of each layer's weights and activations is written below it")
    if hot_edges:
        extra.append(f"{len(list(highlight))} path{'s' * (len(list(highlight)) > 1)} "
                     f"highlighted in red ({len(hot_edges)} edges)")
    if L and any(n > 6 for n in sizes):
        extra.append("large layers show their first and last neurons with dots between")
    return text + ("; " + "; ".join(extra) if extra else "") + "."


def plot_network_configurations(configurations, ncols: int = 2, fontsize: float = 14.0):
    """Draw several networks side by side: ``{title: layer sizes}``.

    The lecture's "different network configurations": the same inputs and outputs with
    more or fewer, wider or narrower hidden layers.  Returns the ``Figure``
    (``alt_text`` lists the configurations).

    Chapter *Feed-forward networks*.
    """
    if not isinstance(configurations, Mapping) or not configurations:
        raise ValueError("configurations must be a non-empty mapping {title: layer sizes}")
    items = list(configurations.items())
    nrows = -(-len(items) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=2.6, height=2.3)
    axes = np.atleast_1d(axes).ravel()
    for ax, (title, sizes) in zip(axes, items):
        draw_network(sizes, ax=ax, title=title, fontsize=fontsize, max_neurons=8)
    for ax in axes[len(items):]:
        ax.axis("off")
    fig.tight_layout(pad=0.3)
    fig.alt_text = ("Network diagrams of " + "; ".join(
        f"{title} (layer sizes {'-'.join(map(str, _sizes(s)))})" for title, s in items) + ".")
    return fig
