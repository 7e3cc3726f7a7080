r"""Gradient checking: compare backpropagation with central finite differences.

For every parameter entry ``θ`` the numerical estimate is

    ∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / (2ε)

whose error shrinks like ``ε²``.  The relative error between the analytic
gradient ``g_a`` and the numerical one ``g_n`` of one parameter array
(``W_1``, ``b_1``, …) is

    ‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖)      (0 when both are 0)

In float64 a correct backprop gives about 1e-9 or less; a missing factor
such as ``σ'(a)`` gives something near 1.  The entry-wise ratios are kept
too, for a closer look.  Taught in the chapter
*Backpropagation step by step*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .network import Network


@dataclass
class GradCheckReport:
    """Per parameter array (``names[k]`` such as ``"W1"`` or ``"b2"``): the analytic
    and numerical gradients, their relative error, and the entry-wise ratios."""

    names: list
    analytic: list
    numeric: list
    relative_error: list
    entry_relative_error: list

    @property
    def max_relative_error(self) -> float:
        return max(self.relative_error)

    def passed(self, tol: float = 1e-6) -> bool:
        return self.max_relative_error <= tol

    def as_dict(self) -> dict:
        """``{name: worst relative error}``."""
        return dict(zip(self.names, self.relative_error))


def relative_error(a, b) -> float:
    """``‖a − b‖ / (‖a‖ + ‖b‖)`` for two arrays (0 when both are 0)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def entry_relative_error(a, b) -> np.ndarray:
    """Entry-wise ``|a − b| / (|a| + |b|)`` (0 where both are 0)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.abs(a) + np.abs(b)
    return np.divide(np.abs(a - b), scale, out=np.zeros_like(scale), where=scale > 0)


def numerical_gradient(f, theta: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar function ``f()`` with respect to ``theta``.

    ``theta`` is perturbed in place one entry at a time and always restored.
    """
    grad = np.zeros_like(theta)
    flat, g = theta.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        try:
            flat[k] = old + eps
            plus = f()
            flat[k] = old - eps
            minus = f()
        finally:
            flat[k] = old
        g[k] = (plus - minus) / (2 * eps)
    return grad


def gradient_check(net: Network, x, y, loss, eps: float = 1e-6) -> GradCheckReport:
    """Check ``net.backward`` against central differences at ``(x, y)``.

    The network is left exactly as it was.

    >>> from ffnn_course.examples import worked_example
    >>> net, x, t = worked_example()
    >>> gradient_check(net, x, t, "half_sse").passed()
    True
    """
    loss = get_loss(loss)
    analytic = net.gradients(x, y, loss).as_list()
    names = [f"{kind}{i}" for i in range(1, len(net.layers) + 1) for kind in ("W", "b")]
    numeric = [numerical_gradient(lambda: loss.value(net.predict(x), y), theta, eps)
               for theta in net.parameters()]
    return GradCheckReport(
        names=names, analytic=analytic, numeric=numeric,
        relative_error=[relative_error(a, n) for a, n in zip(analytic, numeric)],
        entry_relative_error=[entry_relative_error(a, n) for a, n in zip(analytic, numeric)])
