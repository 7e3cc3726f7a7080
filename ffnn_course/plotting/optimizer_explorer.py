"""The figure of the chapter-10 explorer: one optimizer's path over a 2-D loss surface.

Drawn by :class:`ffnn_course.widgets.Explorer` for the explorer ``optimizer_paths``
(:func:`ffnn_course.explorers.optimizer_path`); the page draws the same two panels.
"""

from __future__ import annotations

import numpy as np

from ._style import new_figure

__all__ = ["plot_optimizer_path"]


def _surfaces():
    from ..landscapes import SURFACES
    return SURFACES


def plot_optimizer_path(result: dict, resolution: int = 150):
    """Contours of the surface with the path (left) and ``L − L*`` per step (right, log).

    ``result`` comes from :func:`ffnn_course.explorers.optimizer_path`: the path
    ``w1, w2``, its ``loss``, the ``surface`` name, ``method``, ``lr`` and ``diverged``.
    """
    from ..explorers.optimizer_paths import METHODS

    surf = _surfaces()[result["surface"]]
    fig, (ax, ax_l) = new_figure(ncols=2, width=4.6, height=4.0)
    W1, W2 = np.meshgrid(np.linspace(*surf.xlim, resolution), np.linspace(*surf.ylim, resolution))
    Z = surf.f(np.array([W1, W2]))
    levels = np.unique(np.quantile(Z, np.linspace(0.0, 0.9, 25) ** 2))
    ax.contour(W1, W2, Z, levels=levels, colors="0.7", linewidths=0.8)
    ax.plot(result["w1"], result["w2"], "-o", color="tab:red", lw=1.5, markersize=2)
    ax.plot(*surf.start, "ks", markersize=6, label="start")
    ax.plot(*surf.minimum, "k*", markersize=12, label="minimum")
    ax.set_xlim(surf.xlim)
    ax.set_ylim(surf.ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(f"{surf.name}: {dict(METHODS)[result['method']]}, η = {result['lr']:g}",
                 fontsize=10)
    ax.legend(loc="lower right", fontsize=8, framealpha=1.0)

    gap = np.maximum(result["loss"] - float(surf.f(np.array(surf.minimum))), 1e-12)
    ax_l.semilogy(np.arange(len(gap)), gap, color="tab:blue")
    ax_l.set_xlabel("step $t$")
    ax_l.set_ylabel(r"$L(w_t) - L^*$")
    ax_l.set_title(("diverged: " if result["diverged"] else "") + "loss above the minimum",
                   fontsize=10)
    ax_l.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return fig
