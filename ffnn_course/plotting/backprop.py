"""Figures for part 2 of the book: the chain rule, backpropagation, cross-entropy.

Each function returns a matplotlib ``Figure`` with a solid background and
labelled axes; the notebooks give every figure its alt text.
"""

from __future__ import annotations

import numpy as np

from ..gradcheck import central_difference
from ..output_gradients import logit_gradients
from ._style import new_figure

# logit_gradients (the maths behind plot_logit_gradients) lives in
# ffnn_course.output_gradients; it is re-exported here, where chapter 9 calls it.
__all__ = ["plot_derivative_check", "plot_loss_curves", "logit_gradients", "plot_logit_gradients"]


def plot_derivative_check(f, df, x, points, label: str = "f", xlabel: str = "$x$",
                          df_label: str = "chain-rule formula", symlog: bool = False):
    """Draw ``f`` and its derivative ``df``, with central finite differences at ``points``.

    Parameters
    ----------
    f, df : callable
        Vectorised NumPy functions: the function and its (symbolic) derivative.
    x : array
        Where to draw the curves.
    points : array
        Where to mark the finite-difference slopes ``(f(p + ε) − f(p − ε)) / 2ε``
        (:func:`ffnn_course.gradcheck.central_difference`).
    label : str
        The function's name in the legend (LaTeX allowed).
    df_label : str
        What the derivative's curve is, for its legend entry.
    symlog : bool
        A symmetric-log axis for the derivative (linear within ±1), so that small slopes
        stay visible beside large ones.

    Returns the ``Figure`` (left: ``f``; right: ``df`` and the finite differences).

    Chapter *The chain rule*.
    """
    x = np.asarray(x, dtype=float)
    points = np.asarray(points, dtype=float)
    slopes = central_difference(f, points)
    fig, (ax_f, ax_d) = new_figure(ncols=2, width=5.0, height=3.8)
    ax_f.plot(x, f(x), color="C0")
    ax_f.set_xlabel(xlabel)
    ax_f.set_ylabel(f"${label}$")
    ax_f.set_title("the function")
    ax_d.plot(x, df(x), color="C1", label=df_label)
    ax_d.plot(points, slopes, "o", color="black", label="finite differences")
    ax_d.set_xlabel(xlabel)
    ax_d.set_ylabel(f"$d{label}/dx$")
    ax_d.set_title("its derivative" + (" (symmetric-log axis)" if symlog else ""))
    if symlog:
        ax_d.set_yscale("symlog", linthresh=1.0)
    ax_d.legend(frameon=False)
    for ax in (ax_f, ax_d):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_loss_curves(curves: dict, xlabel: str = "update step", ylabel: str = "loss",
                     logy: bool = True, title: str | None = None):
    """Draw one or more loss curves, ``{label: sequence of losses}``, on one Axes.

    ``logy`` uses a logarithmic loss axis (the worked example's error falls
    over four orders of magnitude).  Step ``0`` is the loss before any update.

    Chapters *Backpropagation step by step* and *Cross-entropy*.
    """
    if not curves:
        raise ValueError("curves is empty: give at least one {label: losses}")
    fig, ax = new_figure(width=6.0, height=3.8)
    for label, losses in curves.items():
        losses = np.asarray(losses, dtype=float)
        if losses.ndim != 1 or losses.size == 0:
            raise ValueError(f"curve {label!r} must be a non-empty 1-D sequence, "
                             f"got shape {losses.shape}")
        ax.plot(np.arange(losses.size), losses, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if len(curves) > 1:
        ax.legend(frameon=False)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig


def plot_logit_gradients(a=None, y: float = 1.0):
    """Compare ``|∂L/∂a|`` of squared error and cross-entropy for a sigmoid output.

    With target ``y`` the output is confidently wrong at the far side of the
    axis (``a → −∞`` for ``y = 1``): there the squared error's gradient
    vanishes while cross-entropy's stays near 1.

    Returns the ``Figure`` (left: the output ``ŷ = σ(a)``; right: both gradients).

    Chapter *Cross-entropy*.
    """
    a = np.linspace(-10.0, 10.0, 401) if a is None else np.asarray(a, dtype=float)
    g = logit_gradients(a, y)
    fig, (ax_y, ax_g) = new_figure(ncols=2, width=5.0, height=3.8)
    ax_y.plot(a, g["y_hat"], color="C0")
    ax_y.axhline(y, color="gray", linestyle="--", label=f"target y = {y:g}")
    ax_y.set_xlabel("logit $a$")
    ax_y.set_ylabel(r"$\hat{y} = \sigma(a)$")
    ax_y.set_title("the output")
    ax_y.legend(frameon=False)
    ax_g.plot(a, np.abs(g["squared_error"]), color="C3",
              label=r"squared error: $|(\hat{y}-y)\,\hat{y}(1-\hat{y})|$")
    ax_g.plot(a, np.abs(g["cross_entropy"]), color="C2",
              label=r"cross-entropy: $|\hat{y}-y|$")
    ax_g.set_xlabel("logit $a$")
    ax_g.set_ylabel(r"$|\partial L / \partial a|$")
    ax_g.set_title("the gradient that reaches the logit")
    ax_g.legend(frameon=False, loc="center right")
    for ax in (ax_y, ax_g):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
