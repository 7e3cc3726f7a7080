"""Computational graphs: forward values on the nodes, local derivatives on the edges.

A computational graph breaks a formula into small steps. Each node holds one
intermediate result; an edge ``u → v`` says that ``v`` is computed from ``u``.
The forward pass writes a value on every node; the backward pass writes on every
edge the **local derivative** ``∂v/∂u`` and under every node the gradient of the
output with respect to it, which is the sum over the node's outgoing edges of
(local derivative × gradient of the node the edge leads to). That is the chain
rule, drawn as in the CS231n notes on backpropagation.

Chapter *The chain rule* (single path ``x → x² → e^{x²}``, the sigmoid as four
gates, and a two-path example for the multivariable chain rule).
"""

from __future__ import annotations

import math
from numbers import Real

from ._style import new_figure

__all__ = ["plot_computational_graph", "computational_graph_alt_text"]

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
