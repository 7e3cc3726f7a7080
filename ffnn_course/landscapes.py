r"""Two-parameter loss landscapes for watching optimizers move (numpy only).

(The network *output* surfaces of part 1 live in :mod:`ffnn_course.plotting.surfaces`.)

A loss of two parameters ``w = (w_1, w_2)`` can be drawn as contour lines, so
the path of each optimizer is visible.  Three surfaces, each with its
gradient next to its value:

* ``ELONGATED`` ``L(w) = ½ (w_1² + 25 w_2²)``: a long narrow valley
  (condition number 25).  Plain gradient descent zig-zags across it.
* ``ROSENBROCK`` ``L(w) = (1 − w_1)² + 10 (w_2 − w_1²)²``: a curved,
  flat-bottomed valley (a milder Rosenbrock function), minimum at ``(1, 1)``.
* ``TWO_MINIMA`` ``L(w) = (w_1² − 1)² + 0.3 w_1 + w_2²``: non-convex, with
  a deep minimum at ``w_1 ≈ −1.036`` and a shallow one at ``w_1 ≈ 0.960`` (``w_2 = 0``).

:func:`optimize_path` drives the package's own optimizers
(:mod:`ffnn_course.optimizers`) on a 2-element parameter array.  Taught in
the chapter *Optimizers*.

>>> from ffnn_course.optimizers import GradientDescent
>>> path = optimize_path(GradientDescent, ELONGATED.f, ELONGATED.grad, [2.0, 1.0], 3, lr=0.05)
>>> np.round(path, 4)
array([[ 2.    ,  1.    ],
       [ 1.9   , -0.25  ],
       [ 1.805 ,  0.0625],
       [ 1.7148, -0.0156]])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_float_array, check_int

__all__ = ["Surface", "ELONGATED", "ROSENBROCK", "TWO_MINIMA", "SURFACES", "PATH_SETTINGS",
           "LR_GRID_2D", "optimize_path", "compare_paths"]


@dataclass(frozen=True)
class Surface:
    """A loss ``f(w)`` of two parameters with its gradient and a window to draw it in.

    ``f`` takes an array whose first axis has length 2 (``w[0]``, ``w[1]`` may
    be grids), so the same function gives one value or a whole contour grid.
    """

    name: str
    formula: str
    f: Callable
    grad: Callable
    xlim: tuple
    ylim: tuple
    minimum: tuple
    start: tuple


def _elongated(w):
    return 0.5 * (w[0] ** 2 + 25.0 * w[1] ** 2)


def _elongated_grad(w):
    return np.array([w[0], 25.0 * w[1]])


def _rosenbrock(w):
    return (1.0 - w[0]) ** 2 + 10.0 * (w[1] - w[0] ** 2) ** 2


def _rosenbrock_grad(w):
    return np.array([-2.0 * (1.0 - w[0]) - 40.0 * w[0] * (w[1] - w[0] ** 2),
                     20.0 * (w[1] - w[0] ** 2)])


def _two_minima(w):
    return (w[0] ** 2 - 1.0) ** 2 + 0.3 * w[0] + w[1] ** 2


def _two_minima_grad(w):
    return np.array([4.0 * w[0] * (w[0] ** 2 - 1.0) + 0.3, 2.0 * w[1]])


ELONGATED = Surface("elongated quadratic", r"$\frac{1}{2}(w_1^2 + 25 w_2^2)$",
                    _elongated, _elongated_grad, (-2.5, 2.5), (-1.5, 1.5), (0.0, 0.0),
                    (-2.2, 1.0))
ROSENBROCK = Surface("Rosenbrock-like valley", r"$(1 - w_1)^2 + 10 (w_2 - w_1^2)^2$",
                     _rosenbrock, _rosenbrock_grad, (-2.0, 2.0), (-1.0, 3.0), (1.0, 1.0),
                     (-1.5, 2.5))
TWO_MINIMA = Surface("two minima", r"$(w_1^2 - 1)^2 + 0.3 w_1 + w_2^2$",
                     _two_minima, _two_minima_grad, (-2.0, 2.0), (-1.5, 1.5),
                     (-1.0356, 0.0), (1.9, 1.2))
SURFACES = {"elongated": ELONGATED, "rosenbrock": ROSENBROCK, "two_minima": TWO_MINIMA}


def optimize_path(optimizer_cls, f, grad_f, w0, steps: int, **kw) -> np.ndarray:
    """Run ``steps`` updates of ``optimizer_cls(params=[w], **kw)`` from ``w0``.

    Returns the visited points, shape ``(steps + 1, 2)`` (row 0 is ``w0``).
    The optimizer sees the gradient ``grad_f(w)`` at its current parameter
    array, exactly as in training.  For :class:`~ffnn_course.optimizers.Nesterov`,
    which stores the look-ahead point, the recorded points are the lecture's
    iterates ``w_t`` (:meth:`~ffnn_course.optimizers.Nesterov.lecture_params`).
    ``f`` is only checked to be finite along the way (a divergent run stops with a clear error).
    """
    w = as_float_array(w0, "w0", ndim=(1,)).copy()
    if w.shape != (2,):
        raise ValueError(f"w0 must have 2 entries, got shape {w.shape}")
    steps = check_int(steps, "steps", minimum=0)
    opt = optimizer_cls([w], **kw)
    lecture = getattr(opt, "lecture_params", None)       # Nesterov: plot w_t, not p_t
    path = [w.copy()]
    for t in range(steps):
        opt.step([np.asarray(grad_f(w), dtype=np.float64)])
        with np.errstate(over="ignore", invalid="ignore"):
            diverged = not np.isfinite(f(w))
        if diverged:
            raise ValueError(f"{type(opt).__name__} diverged at step {t + 1} (w = {w}); "
                             f"try a smaller lr")
        path.append(lecture()[0] if lecture is not None else w.copy())
    return np.array(path)


# Learning rates chosen per surface so that each method shows its typical behaviour
# within 100 steps (the same momentum 0.9, RMSProp decay 0.9, Adam betas (0.9, 0.999)).
PATH_SETTINGS = {
    "elongated": {"gd": dict(lr=0.07), "momentum": dict(lr=0.01, momentum=0.9),
                  "nesterov": dict(lr=0.01, momentum=0.9), "adagrad": dict(lr=0.5),
                  "rmsprop": dict(lr=0.05, alpha=0.9), "adam": dict(lr=0.1)},
    "rosenbrock": {"gd": dict(lr=0.03), "momentum": dict(lr=0.005, momentum=0.9),
                   "nesterov": dict(lr=0.005, momentum=0.9), "adagrad": dict(lr=0.3),
                   "rmsprop": dict(lr=0.05, alpha=0.9), "adam": dict(lr=0.1)},
    "two_minima": {"gd": dict(lr=0.03), "momentum": dict(lr=0.005, momentum=0.9),
                   "nesterov": dict(lr=0.01, momentum=0.9), "adagrad": dict(lr=0.5),
                   "rmsprop": dict(lr=0.05, alpha=0.9), "adam": dict(lr=0.1)},
}

# The chapter's learning-rate grid for tuning every method on every surface: 1, 2, 3, 5 and 7
# times each power of ten from 0.001 to 1 (neighbours at most a factor 2 apart).  It holds
# every rate of PATH_SETTINGS, so a tuned run never ends above the pictured one; a coarser
# grid (0.001, 0.003, 0.01, …) skips gradient descent's good rates between 0.03 and its
# stability limit 2/25 = 0.08 on the elongated quadratic.
LR_GRID_2D = (0.001, 0.002, 0.003, 0.005, 0.007, 0.01, 0.02, 0.03, 0.05, 0.07,
              0.1, 0.2, 0.3, 0.5, 0.7, 1.0)


def compare_paths(surface: str, steps: int = 100, settings=None) -> dict:
    """``{optimizer name: path}`` for every optimizer of ``PATH_SETTINGS[surface]``.

    ``settings`` (``{name: kwargs}``) overrides the default learning rates.

    >>> paths = compare_paths("elongated", steps=100)
    >>> {name: float(np.round(ELONGATED.f(p[-1]), 4)) for name, p in paths.items()}["gd"]
    0.0
    """
    from .optimizers import OPTIMIZERS

    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; expected one of {sorted(SURFACES)}")
    surf = SURFACES[surface]
    settings = PATH_SETTINGS[surface] if settings is None else settings
    return {name: optimize_path(OPTIMIZERS[name], surf.f, surf.grad, surf.start, steps, **kw)
            for name, kw in settings.items()}
