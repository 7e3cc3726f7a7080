"""Pictures of derivatives: computational graphs, and a gradient step on a loss curve.

A computational graph breaks a formula into small steps. Each node holds one
intermediate result; an edge ``u → v`` says that ``v`` is computed from ``u``.
The forward pass writes a value on every node; the backward pass writes on every
edge the **local derivative** ``∂v/∂u`` and under every node the gradient of the
output with respect to it, which is the sum over the node's outgoing edges of
(local derivative × gradient of the node the edge leads to). That is the chain
rule, drawn as in the CS231n notes on backpropagation.

Chapter *The chain rule* (single path ``x → x² → e^{x²}``, the sigmoid as four
gates, and a two-path example for the multivariable chain rule).

Chapter *Learning by gradient descent* draws the first-order argument for a step
against the slope (:func:`plot_descent_step`) and the paths of several learning
rates side by side (:func:`plot_learning_rate_paths`).
"""

from __future__ import annotations

import math
from numbers import Real

from ._style import new_figure

__all__ = ["plot_computational_graph", "computational_graph_alt_text", "plot_descent_step",
           "plot_learning_rate_paths"]

_NODE_W, _NODE_H = 1.9, 1.0          # node box, in data units
_STEP_X, _STEP_Y = 3.5, 2.6          # one grid step, in data units
_FORWARD, _BACKWARD = "#1b6e1b", "#b22222"   # green forward values, red gradients


def _fmt(value, decimals: int) -> str:
    if isinstance(value, str):
        return value
    return f"{float(value):.{decimals}f}"


def _check_graph(nodes, edges, decimals):
    """Validate the node and edge specifications; return ``({name: node}, edges)``."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 8:
        raise ValueError(f"decimals must be an int from 0 to 8, got {decimals!r}")
    if isinstance(nodes, (str, bytes)) or not hasattr(nodes, "__iter__"):
        raise TypeError(f"nodes must be a sequence of dicts, got {type(nodes).__name__}")
    nodes = list(nodes)
    if not nodes:
        raise ValueError("nodes is empty: give at least one node")
    by_name = {}
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise TypeError(f"nodes[{i}] must be a dict, got {type(node).__name__}")
        name = node.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"nodes[{i}]['name'] must be a non-empty str, got {name!r}")
        if name in by_name:
            raise ValueError(f"nodes[{i}]['name'] = {name!r} is used twice; names must be unique")
        pos = node.get("pos")
        if (not isinstance(pos, (tuple, list)) or len(pos) != 2
                or not all(isinstance(p, Real) and math.isfinite(p) for p in pos)):
            raise ValueError(f"nodes[{i}]['pos'] must be two finite numbers (column, row), "
                             f"got {pos!r}")
        for key in ("value", "grad"):
            v = node.get(key)
            if v is not None and not isinstance(v, str) and not (
                    isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v)):
                raise ValueError(f"nodes[{i}]['{key}'] must be a finite number or a str, "
                                 f"got {v!r}")
        by_name[name] = node
    positions = [tuple(n["pos"]) for n in nodes]
    if len(set(positions)) != len(positions):
        raise ValueError(f"two nodes share a position: {positions}")
    if isinstance(edges, (str, bytes)) or not hasattr(edges, "__iter__"):
        raise TypeError(f"edges must be a sequence of dicts, got {type(edges).__name__}")
    edges = list(edges)
    for i, edge in enumerate(edges):
        if not isinstance(edge, dict):
            raise TypeError(f"edges[{i}] must be a dict, got {type(edge).__name__}")
        for key in ("src", "dst"):
            if edge.get(key) not in by_name:
                raise ValueError(f"edges[{i}]['{key}'] = {edge.get(key)!r} is not a node name; "
                                 f"the nodes are {sorted(by_name)}")
        if edge["src"] == edge["dst"]:
            raise ValueError(f"edges[{i}] goes from {edge['src']!r} to itself")
        local = edge.get("local")
        if local is not None and not isinstance(local, str) and not (
                isinstance(local, Real) and not isinstance(local, bool) and math.isfinite(local)):
            raise ValueError(f"edges[{i}]['local'] must be a finite number or a str, got {local!r}")
    return by_name, edges


def computational_graph_alt_text(nodes, edges, output: str | None = None,
                                 decimals: int = 4) -> str:
    """Describe a computational graph in words (the figure's alt text).

    Parameters are those of :func:`plot_computational_graph`. Each node is named
    by its ``text`` (plain text, e.g. ``"z = x^2"``; default its ``name``).

    >>> nodes = [{"name": "x", "pos": (0, 0), "value": 2.0, "grad": 4.0},
    ...          {"name": "y", "text": "y = x^2", "pos": (1, 0), "value": 4.0, "grad": 1.0}]
    >>> print(computational_graph_alt_text(nodes, [{"src": "x", "dst": "y", "local": 4.0}],
    ...                                    decimals=1))
    Computational graph. Forward values: x = 2.0; y = x^2 = 4.0. Edges with their local derivatives: from x to y, dy/dx = 4.0. Gradients of y: with respect to x 4.0; with respect to y 1.0.
    """
    by_name, edges = _check_graph(nodes, edges, decimals)
    out = output if output is not None else list(by_name)[-1]
    if out not in by_name:
        raise ValueError(f"output = {out!r} is not a node name; the nodes are {sorted(by_name)}")
    parts = ["Computational graph."]
    forward = [f"{n.get('text', name)} = {_fmt(n['value'], decimals)}"
               if n.get("value") is not None else n.get("text", name)
               for name, n in by_name.items()]
    parts.append("Forward values: " + "; ".join(forward) + ".")
    if edges:
        described = []
        for e in edges:
            s = f"from {e['src']} to {e['dst']}"
            if e.get("local") is not None:
                s += f", d{e['dst']}/d{e['src']} = {_fmt(e['local'], decimals)}"
            described.append(s)
        parts.append("Edges with their local derivatives: " + "; ".join(described) + ".")
    grads = [f"with respect to {name} {_fmt(n['grad'], decimals)}"
             for name, n in by_name.items() if n.get("grad") is not None]
    if grads:
        parts.append(f"Gradients of {out}: " + "; ".join(grads) + ".")
    return " ".join(parts)


def plot_computational_graph(nodes, edges, output: str | None = None, decimals: int = 4,
                             title: str | None = None, show_backward: bool = True,
                             fontsize: float = 15.0):
    """Draw a small computational graph with its forward and backward values.

    Parameters
    ----------
    nodes : sequence of dict
        One dict per node: ``name`` (unique, plain text, used by the edges and the
        alt text), ``pos`` (column, row) on a grid (rows grow downwards), and
        optionally ``label`` (drawn in the box, mathtext allowed, default ``name``),
        ``value`` (forward value, drawn in green under the label), ``grad``
        (``∂output/∂node``, drawn in red under the box as ``∂y/∂x = …`` with the
        nodes' ``symbol``, mathtext, default ``name``) and ``text`` (plain-text
        description for the alt text).
    edges : sequence of dict
        One dict per edge ``{"src": name, "dst": name}``, optionally with ``local``,
        the local derivative ``∂dst/∂src`` (a number or a str), drawn in red on the edge.
    output : str, optional
        The node whose gradient the ``grad`` entries are (default: the last node).
    decimals : int
        Decimals for numbers (strings are drawn as given).
    title : str, optional
    show_backward : bool
        ``False`` draws the forward pass only (no local derivatives, no gradients).
    fontsize : float
        Text size in points; the default stays legible on a 390-px phone screen
        for graphs up to four columns wide.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes without ticks (``xlabel``/``ylabel`` name the two passes).

    Raises
    ------
    ValueError, TypeError
        A missing, duplicate or unknown node name, a bad position, a non-finite value.

    Examples
    --------
    >>> nodes = [{"name": "x", "pos": (0, 0), "value": 0.8, "grad": 3.0344},
    ...          {"name": "z", "label": "$z = x^2$", "pos": (1, 0), "value": 0.64,
    ...           "grad": 1.8965},
    ...          {"name": "y", "label": "$y = e^z$", "pos": (2, 0), "value": 1.8965, "grad": 1.0}]
    >>> edges = [{"src": "x", "dst": "z", "local": 1.6}, {"src": "z", "dst": "y", "local": 1.8965}]
    >>> fig = plot_computational_graph(nodes, edges)
    >>> [t.get_text() for t in fig.axes[0].texts][:3]
    ['$x$', '$z = x^2$', '$y = e^z$']

    Chapter *The chain rule*.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    by_name, edges = _check_graph(nodes, edges, decimals)
    out = output if output is not None else list(by_name)[-1]
    if out not in by_name:
        raise ValueError(f"output = {out!r} is not a node name; the nodes are {sorted(by_name)}")
    out_sym = by_name[out].get("symbol", out)
    cols = [n["pos"][0] for n in by_name.values()]
    rows = [n["pos"][1] for n in by_name.values()]
    ncols, nrows = max(cols) - min(cols) + 1, max(rows) - min(rows) + 1
    fig, ax = new_figure(width=1.9 * ncols, height=1.3 * nrows + 1.1)
    ax.set_aspect("equal")
    xy = {name: (_STEP_X * n["pos"][0], -_STEP_Y * n["pos"][1]) for name, n in by_name.items()}

    for name, n in by_name.items():          # labels first: their order is the node order
        x, y = xy[name]
        ax.text(x, y + 0.18, n.get("label", f"${name}$" if len(name) == 1 else name),
                ha="center", va="center", fontsize=fontsize, zorder=4)
    for name, n in by_name.items():
        x, y = xy[name]
        ax.add_patch(FancyBboxPatch((x - _NODE_W / 2, y - _NODE_H / 2), _NODE_W, _NODE_H,
                                    boxstyle="round,pad=0.05,rounding_size=0.2",
                                    facecolor="#eef3fb", edgecolor="#2b4c7e", lw=1.5, zorder=3))
        if n.get("value") is not None:
            ax.text(x, y - 0.24, _fmt(n["value"], decimals), ha="center", va="center",
                    fontsize=fontsize * 0.9, color=_FORWARD, zorder=4)
        if show_backward and n.get("grad") is not None:
            sym = n.get("symbol", name)
            ax.text(x, y - _NODE_H / 2 - 0.34,
                    rf"$\partial {out_sym}/\partial {sym}$ = {_fmt(n['grad'], decimals)}",
                    ha="center",
                    va="center", fontsize=fontsize * 0.9, color=_BACKWARD, fontweight="bold",
                    zorder=4)
    for e in edges:
        (x0, y0), (x1, y1) = xy[e["src"]], xy[e["dst"]]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        # leave the boxes: shrink each end to the edge of the box it touches
        def gap(ux, uy):
            tx = (_NODE_W / 2 + 0.08) / abs(ux) if ux else math.inf
            ty = (_NODE_H / 2 + 0.08) / abs(uy) if uy else math.inf
            return min(tx, ty)
        g0 = g1 = gap(ux, uy)
        if show_backward and uy < -0.7 and by_name[e["src"]].get("grad") is not None:
            g0 += 0.6 / abs(uy)                  # start below the source's gradient
        if show_backward and uy > 0.7 and by_name[e["dst"]].get("grad") is not None:
            g1 += 0.6 / abs(uy)                  # end below the target's gradient
        start = (x0 + ux * g0, y0 + uy * g0)
        end = (x1 - ux * g1, y1 - uy * g1)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18,
                                     color="#333333", lw=1.6, zorder=2))
        if show_backward and e.get("local") is not None:
            # above the arrow: offset along the normal that points up
            nx, ny = (-uy, ux) if ux >= 0 else (uy, -ux)
            mx = (start[0] + end[0]) / 2 + 0.32 * nx
            my = (start[1] + end[1]) / 2 + 0.32 * ny
            vertical = abs(uy) > 0.7
            if vertical:                         # beside a vertical arrow, not on it
                mx, my = (start[0] + end[0]) / 2 + 0.15, (start[1] + end[1]) / 2
            ax.text(mx, my, _fmt(e["local"], decimals),
                    ha="left" if vertical else "center", va="center", fontsize=fontsize * 0.8, color=_BACKWARD,
                    style="italic", zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    xs = [p[0] for p in xy.values()]
    ys = [p[1] for p in xy.values()]
    ax.set_xlim(min(xs) - _NODE_W / 2 - 0.5, max(xs) + _NODE_W / 2 + 0.5)
    ax.set_ylim(min(ys) - _NODE_H / 2 - 0.8, max(ys) + _NODE_H / 2 + 0.3)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("green: forward value" + (f"\nred: local derivative (edge),\ngradient of {out} (node)"
                                             if show_backward else ""), fontsize=fontsize * 0.75)
    ax.set_ylabel("")
    if title:
        ax.set_title(title, fontsize=fontsize * 0.85)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Gradient descent: one step on a curve, and paths for several learning rates
# ---------------------------------------------------------------------------

def plot_descent_step(loss, w0: float, slope: float, lrs, w=None, xlabel: str = "$w$",
                      ylabel: str = r"loss $\mathcal{L}(w)$"):
    """One gradient step ``w0 → w0 − η·slope`` on a 1-D loss curve, for several ``η``.

    Draws the curve ``loss(w)``, its tangent at ``w0`` (the first-order model
    ``L(w0) + slope·(w − w0)``), and for each learning rate the point reached: a filled
    dot at the true loss ``L(w0 − η·slope)`` and a hollow one at the first-order
    prediction ``L(w0) − η·slope²``. Small steps land where the tangent predicts;
    large ones leave the region where the tangent is a good model.

    Parameters
    ----------
    loss : callable
        Vectorised ``w ↦ L(w)`` (the other parameters held fixed).
    w0, slope : float
        The starting point and ``dL/dw`` there.
    lrs : sequence of float
        Learning rates ``η > 0``.
    w : array, optional
        Where to draw the curve (default: an interval around all the steps).

    Returns the ``Figure``. Chapter *Learning by gradient descent*.

    >>> import numpy as np
    >>> fig = plot_descent_step(lambda w: (w - 1.0) ** 2, 0.0, -2.0, [0.1, 0.4])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][2:4]
    ['η = 0.1: true loss', 'η = 0.4: true loss']
    """
    import numpy as np

    for name, v in (("w0", w0), ("slope", slope)):
        if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(v):
            raise ValueError(f"{name} must be a finite number, got {v!r}")
    lrs = [float(lr) for lr in np.atleast_1d(np.asarray(lrs, dtype=float))]
    if not lrs or not all(lr > 0 and math.isfinite(lr) for lr in lrs):
        raise ValueError(f"lrs must be one or more finite learning rates > 0, got {lrs}")
    ends = [w0 - lr * slope for lr in lrs]
    if w is None:
        lo, hi = min([w0] + ends), max([w0] + ends)
        pad = 0.25 * (hi - lo) if hi > lo else 1.0
        w = np.linspace(lo - pad, hi + pad, 400)
    w = np.asarray(w, dtype=float)
    L0 = float(loss(np.asarray(w0)))
    fig, ax = new_figure(width=6.0, height=4.0)
    ax.plot(w, loss(w), color="#1f77b4", lw=2, label="loss")
    ax.plot(w, L0 + slope * (w - w0), "--", color="0.45", lw=1.3,
            label="tangent: $L(w_0) + g\\,(w - w_0)$")
    ax.plot([w0], [L0], "ko", markersize=7)
    ax.annotate("$w_0$", (w0, L0), textcoords="offset points", xytext=(-14, 8), fontsize=12)
    colors = ["#2ca02c", "#ff7f0e", "#d62728", "#9467bd"]
    for i, (lr, w1) in enumerate(zip(lrs, ends)):
        c = colors[i % len(colors)]
        ax.plot([w1], [float(loss(np.asarray(w1)))], "o", color=c, markersize=8,
                label=f"η = {lr:g}: true loss")
        ax.plot([w1], [L0 - lr * slope ** 2], "o", color=c, markersize=8,
                markerfacecolor="white", markeredgewidth=2)
        ax.plot([w1, w1], [L0 - lr * slope ** 2, float(loss(np.asarray(w1)))], ":", color=c,
                lw=1.5)
    ax.plot([], [], "o", color="0.3", markerfacecolor="white", markeredgewidth=2,
            label="hollow: $L(w_0) - \\eta g^2$")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="best", framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_learning_rate_paths(surface: dict, paths: dict, ncols: int = 2):
    """Gradient-descent paths for several learning rates, one contour panel each.

    ``surface`` is ``{"w", "b", "loss"}`` on a grid
    (:func:`ffnn_course.explorers.sigmoid_neuron_loss_surface`); ``paths`` maps a
    panel title to a path ``{"w", "b", "loss"}``
    (:func:`ffnn_course.explorers.gradient_descent_path`). Every panel shows the same
    window of the surface, so the paths can be compared; ``ncols = 2`` keeps the
    panels legible on a phone.

    Returns the ``Figure``. Chapter *Learning by gradient descent*.
    """
    import numpy as np

    if not isinstance(paths, dict) or not paths:
        raise ValueError("paths must be a non-empty dict {title: path}")
    for key in ("w", "b", "loss"):
        if key not in surface:
            raise ValueError(f"surface has no {key!r}: give sigmoid_neuron_loss_surface()'s dict")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
    n = len(paths)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=3.4, height=3.1)
    axes = np.atleast_1d(axes).ravel()
    Z = np.asarray(surface["loss"])
    levels = np.geomspace(max(Z.min(), 1e-4), Z.max(), 14)
    for ax, (title, path) in zip(axes, paths.items()):
        ax.contour(surface["w"], surface["b"], Z, levels=levels, colors="0.7", linewidths=0.8)
        ax.plot(path["w"], path["b"], "-o", color="#d62728", lw=1.0, markersize=2)
        ax.plot(path["w"][0], path["b"][0], "ko", markerfacecolor="white", markersize=7)
        ax.plot(path["w"][-1], path["b"][-1], "kx", markersize=8, markeredgewidth=2)
        ax.set_title(f"{title}\nfinal loss {path['loss'][-1]:.4f}", fontsize=10)
        ax.set_xlabel("$w$")
        ax.set_ylabel("$b$")
        ax.set_xlim(np.min(surface["w"]), np.max(surface["w"]))
        ax.set_ylim(np.min(surface["b"]), np.max(surface["b"]))
    for ax in axes[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig
