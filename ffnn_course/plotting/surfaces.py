"""Figures for part 1 of the book: networks as functions, softmax, gradient descent.

Each function takes the ``dict`` returned by a compute function of
:mod:`ffnn_course.explorers` (or the package) and returns a matplotlib
``Figure`` with a solid background and labelled axes.  The interactive
explorers of :mod:`ffnn_course.widgets` redraw these same figures.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ._style import new_figure

__all__ = ["plot_output_surface", "plot_softmax", "plot_normalisations",
           "plot_gradient_descent"]

_CMAP = "viridis"


def _as_3d(fig, axes, index):
    """Replace panel ``index`` of a one-row figure by a 3D Axes with a white background."""
    n = len(axes)
    axes[index].remove()
    ax = fig.add_subplot(1, n, index + 1, projection="3d")
    ax.set_facecolor("white")
    return ax


def plot_output_surface(surface: dict, threshold: float = 0.5, title: str | None = None,
                        fine: bool = False):
    """Draw a network's output ``ŷ(x1, x2)``: a 3D surface and a map of its level sets.

    ``surface`` has grids ``x1``, ``x2`` and ``y_hat`` (e.g. from
    :func:`ffnn_course.explorers.two_two_one_surface`).  The map shades the
    decision region ``ŷ ≥ threshold`` and draws its boundary in black.

    ``fine`` draws the 3D surface through every grid point, antialiased: for steep diagonal
    walls (XOR's), which a 30 × 30 sample draws as a comb of spikes.  It costs about
    twice the bytes of the PNG, so smooth surfaces keep the sample.

    Returns the ``Figure`` (left: surface, right: level sets and region).
    """
    x1, x2, y = surface["x1"], surface["x2"], surface["y_hat"]
    lo, hi = float(y.min()), float(y.max())
    if hi - lo < 1e-6:                      # a flat output: give the colours some room
        lo, hi = lo - 0.01, hi + 0.01
    fig, axes = new_figure(ncols=2, width=5.5, height=4.5)
    ax3 = _as_3d(fig, axes, 0)
    rows, cols = y.shape if fine else (30, 30)
    ax3.plot_surface(x1, x2, y, cmap=_CMAP, vmin=lo, vmax=hi, linewidth=0,
                     antialiased=fine, rcount=rows, ccount=cols)
    ax3.set_xlabel("$x_1$")
    ax3.set_ylabel("$x_2$")
    ax3.set_zlabel(r"$\hat{y}$")
    ax3.set_title("output surface")

    ax = axes[1]
    filled = ax.contourf(x1, x2, y, levels=np.linspace(lo, hi, 21), cmap=_CMAP)
    lines = ax.contour(x1, x2, y, levels=np.linspace(lo, hi, 12)[1:-1], colors="white",
                       linewidths=0.6)
    ax.clabel(lines, fmt="%.2f", fontsize=7)
    if y.min() < threshold < y.max():
        ax.contourf(x1, x2, y, levels=[threshold, hi], colors="none", hatches=["//"])
        ax.contour(x1, x2, y, levels=[threshold], colors="black", linewidths=2.0)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.set_title(rf"level sets; hatched: $\hat{{y}} \geq {threshold:g}$")
    fig.colorbar(filled, ax=ax, label=r"$\hat{y}$", format="%.2f")
    if title:
        fig.suptitle(title)
    return fig


def plot_softmax(result: dict, title: str | None = None):
    """Bar charts of the logits ``a`` (the lecture's ``a_L``) and of ``softmax(a / T)``.

    ``result`` has ``logits``, ``temperature`` and ``probabilities`` (from
    :func:`ffnn_course.explorers.softmax_explorer`).  Each probability is
    printed above its bar.
    """
    z, p, T = result["logits"], result["probabilities"], result["temperature"]
    k = np.arange(1, len(z) + 1)
    fig, (ax_z, ax_p) = new_figure(ncols=2, width=4.5, height=3.5)
    ax_z.bar(k, z, color="tab:blue")
    ax_z.axhline(0.0, color="black", linewidth=0.8)
    ax_z.set_xticks(k)
    ax_z.set_xlabel("class $k$")
    ax_z.set_ylabel("logit $a_k$")
    ax_z.set_title("logits")
    ax_p.bar(k, p, color="tab:orange")
    for kk, pk in zip(k, p):
        ax_p.text(kk, pk + 0.02, f"{pk:.2f}", ha="center", fontsize=9)
    ax_p.set_ylim(0.0, 1.1)
    ax_p.set_xticks(k)
    ax_p.set_xlabel("class $k$")
    ax_p.set_ylabel(r"probability $\hat{y}_k$")
    ax_p.set_title(f"softmax(a / T), T = {T:g}")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_normalisations(logits, divided, softmaxed, title: str | None = None):
    """Side-by-side bars: dividing by the sum versus softmax, for the same logits.

    A bar below zero (the dashed line) cannot be a probability.
    """
    logits = np.asarray(logits, dtype=float)
    k = np.arange(1, len(logits) + 1)
    fig, ax = new_figure(width=5.5, height=3.5)
    ax.bar(k - 0.2, divided, width=0.4, label=r"$a_k / \sum_j a_j$", color="tab:red")
    ax.bar(k + 0.2, softmaxed, width=0.4, label="softmax", color="tab:green")
    ax.axhline(0.0, color="black", linewidth=0.8, linestyle="--")
    ax.set_xticks(k, [f"{v:g}" for v in logits])
    ax.set_xlabel("logit $a_k$")
    ax.set_ylabel(r"$\hat{y}_k$")
    ax.legend(frameon=True)
    ax.set_title(title or "two ways to normalise " + str(logits.astype(int).tolist()))
    fig.tight_layout()
    return fig


def plot_gradient_descent(result: dict, title: str | None = None):
    """Gradient descent on one sigmoid neuron, in three panels.

    ``result`` comes from :func:`ffnn_course.explorers.gradient_descent_explorer`:
    the path ``w, b``, its ``loss``, the loss ``surface`` and the data ``x, y``.

    * left: contours of ``L(w, b)`` and the path taken (start ○, end ×);
    * middle: the loss at every step (log scale);
    * right: the data and the neuron's curve ``σ(w x + b)`` at the start and the end.
    """
    w, b, loss = result["w"], result["b"], result["loss"]
    surf = result["surface"]
    fig, (ax_c, ax_l, ax_f) = new_figure(ncols=3, width=4.2, height=3.8)

    levels = np.geomspace(max(surf["loss"].min(), 1e-4), surf["loss"].max(), 16)
    cs = ax_c.contourf(surf["w"], surf["b"], surf["loss"], levels=levels, cmap=_CMAP,
                       norm=_log_norm(levels))
    fig.colorbar(cs, ax=ax_c, label="loss $L(w, b)$", format="%.0e")
    ax_c.plot(w, b, color="white", linewidth=1.0)
    ax_c.plot(w, b, "o", color="white", markersize=2.5)
    ax_c.plot(w[0], b[0], "o", color="red", markersize=7, markerfacecolor="none",
              markeredgewidth=2, label="start")
    ax_c.plot(w[-1], b[-1], "x", color="red", markersize=8, markeredgewidth=2, label="end")
    ax_c.set_xlim(surf["w"].min(), surf["w"].max())
    ax_c.set_ylim(surf["b"].min(), surf["b"].max())
    ax_c.set_xlabel("$w$")
    ax_c.set_ylabel("$b$")
    ax_c.set_title("loss surface and path")
    ax_c.legend(loc="upper right", fontsize=8)

    ax_l.semilogy(np.arange(len(loss)), loss, color="tab:blue")
    ax_l.set_xlabel("step $t$")
    ax_l.set_ylabel("loss $L(w_t, b_t)$")
    ax_l.set_title(f"loss, η = {result.get('lr', float('nan')):g}")
    ax_l.grid(True, which="both", alpha=0.3)

    x, y = result["x"], result["y"]
    xs = np.linspace(min(0.0, x.min()), max(3.0, x.max()), 200)
    ax_f.plot(x, y, "o", color="black", label="data $(x_i, y_i)$")
    ax_f.plot(xs, sigmoid(w[0] * xs + b[0]), "--", color="gray",
              label=f"start: w={w[0]:.2f}, b={b[0]:.2f}")
    ax_f.plot(xs, sigmoid(w[-1] * xs + b[-1]), color="tab:red",
              label=f"end: w={w[-1]:.2f}, b={b[-1]:.2f}")
    ax_f.set_ylim(-0.05, 1.05)
    ax_f.set_xlabel("$x$")
    ax_f.set_ylabel(r"$f(x) = \sigma(wx + b)$")
    ax_f.set_title("the fitted neuron")
    ax_f.legend(fontsize=8, loc="upper left")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _log_norm(levels):
    from matplotlib.colors import LogNorm

    return LogNorm(vmin=levels[0], vmax=levels[-1])
