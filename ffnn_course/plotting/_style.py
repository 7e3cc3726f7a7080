"""Shared figure style: a solid white background and readable sizes."""

from __future__ import annotations


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 6.0, height: float = 4.0,
               **subplot_kw):
    """Return ``(fig, axes)`` with a solid white background (also in a dark theme).

    The size is per panel; ``axes`` is a single Axes when ``ncols == nrows == 1``.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                             facecolor="white", squeeze=True, **subplot_kw)
    fig.patch.set_alpha(1.0)
    for ax in (axes.flat if hasattr(axes, "flat") else [axes]):
        ax.set_facecolor("white")
    return fig, axes
