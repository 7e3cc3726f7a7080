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

    def passed(self, tol: float = 1e-6, atol: float = 1e-8) -> bool:
        """True when every parameter array has relative error ≤ ``tol``.

        A relative error says little about a gradient that is (nearly) zero,
        e.g. a bias shared by all the logits of a softmax, which cannot change
        the output, or a unit deep in saturation: finite differences cannot
        resolve it.  There the absolute error ``‖g_a − g_n‖ ≤ atol`` suffices.
        """
        return all(err <= tol or np.linalg.norm(a - n) <= atol
                   for err, a, n in zip(self.relative_error, self.analytic, self.numeric))

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


# Central-difference stencils: (offsets, weights); the estimate is Σ w f(θ + o ε) / ε.
_STENCILS = {
    2: ((1, -1), (0.5, -0.5)),                                   # error O(ε²)
    4: ((2, 1, -1, -2), (-1 / 12, 8 / 12, -8 / 12, 1 / 12)),     # error O(ε⁴)
}


def numerical_gradient(f, theta: np.ndarray, eps: float = 1e-6, order: int = 2) -> np.ndarray:
    """Central differences of the scalar function ``f()`` with respect to ``theta``.

    ``order=2`` is the formula above; ``order=4`` uses four points,
    ``(−f(θ+2ε) + 8f(θ+ε) − 8f(θ−ε) + f(θ−2ε)) / 12ε``, whose error is
    ``O(ε⁴)``, so a larger ``ε`` (e.g. 1e-3) keeps rounding noise far below
    the gradient even where the gradient is small.
    ``theta`` is perturbed in place one entry at a time and always restored.
    """
    if order not in _STENCILS:
        raise ValueError(f"order must be one of {sorted(_STENCILS)}, got {order!r}")
    offsets, weights = _STENCILS[order]
    grad = np.zeros_like(theta)
    flat, g = theta.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        try:
            values = []
            for o in offsets:
                flat[k] = old + o * eps
                values.append(f())
        finally:
            flat[k] = old
        g[k] = sum(w * v for w, v in zip(weights, values)) / eps
    return grad


def gradient_check(net: Network, x, y, loss, eps: float = 1e-6,
                   order: int = 2) -> GradCheckReport:
    """Check ``net.backward`` against central differences at ``(x, y)``.

    ``eps`` and ``order`` go to :func:`numerical_gradient`.  The network is
    left exactly as it was.

    >>> from ffnn_course.examples import worked_example
    >>> net, x, t = worked_example()
    >>> gradient_check(net, x, t, "half_sse").passed()
    True

    Batch-norm layers are checked in training mode (batch statistics), the
    mode whose backward pass is the interesting one; their running averages
    are not updated.  Their parameters are named ``"gamma3"``, ``"beta3"``, ….
    """
    loss = get_loss(loss)
    analytic = net.backward(net.forward(x, training=True, update=False), y, loss).as_list()
    names = [f"{kind}{i}" for i, layer in enumerate(net.layers, start=1)
             for kind in getattr(layer, "parameter_kinds", ("W", "b"))]

    def value():
        return loss.value(net.forward(x, training=True, update=False).output, y)

    numeric = [numerical_gradient(value, theta, eps, order) for theta in net.parameters()]
    return GradCheckReport(
        names=names, analytic=analytic, numeric=numeric,
        relative_error=[relative_error(a, n) for a, n in zip(analytic, numeric)],
        entry_relative_error=[entry_relative_error(a, n) for a, n in zip(analytic, numeric)])
