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

from ._validation import as_float_array, check_positive
from .losses import get_loss
from .network import Network


@dataclass
class GradCheckReport:
    """What :func:`gradient_check` found, one entry per parameter array.

    Attributes
    ----------
    names : list of str
        ``"W1"``, ``"b1"``, ``"W2"``, … (``"gamma3"``, ``"beta3"`` for batch norm).
    analytic, numeric : list of numpy.ndarray
        Backpropagation's gradient and the central-difference estimate, each shaped
        like its parameter.
    relative_error : list of float
        ``‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖)`` per array.
    entry_relative_error : list of numpy.ndarray
        ``|g_a − g_n| / (|g_a| + |g_n|)`` entry by entry, for a closer look.
    """

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


def _check_step(eps, order):
    """Return ``(eps, stencil)`` for a valid step and order, or raise naming the argument."""
    if isinstance(order, bool) or order not in _STENCILS:
        raise ValueError(f"order must be one of {sorted(_STENCILS)}, got {order!r}")
    try:
        eps = check_positive(eps, "eps")
    except OverflowError:            # an int too large for a float, e.g. 10**400
        raise ValueError(f"eps must be a small step > 0 such as 1e-6, got an integer "
                         f"of {len(str(abs(eps)))} digits") from None
    return eps, _STENCILS[order]


def _difference(f_at, eps, stencil):
    """``Σ_o w_o f(θ + o ε) / ε``, with ``f_at(o ε)`` evaluating ``f`` at ``θ + o ε``."""
    offsets, weights = stencil
    return sum(w * f_at(o * eps) for o, w in zip(offsets, weights)) / eps


def central_difference(f, x, eps: float = 1e-6, order: int = 2) -> np.ndarray:
    """The derivative ``f'(x)`` of a one-variable function by central differences.

    .. math::

        f'(x) \\approx \\frac{f(x + \\varepsilon) - f(x - \\varepsilon)}{2\\varepsilon}

    (``order=2``; ``order=4`` as for :func:`numerical_gradient`).  ``f`` is a
    vectorised NumPy function applied element by element, so ``x`` may hold
    many points at once.

    Parameters
    ----------
    f : callable
        ``f(x)`` for an array ``x``, element-wise (``np.exp``, ``np.tanh``, …).
    x : array_like of real numbers
        Where to estimate the derivative.
    eps : float, default 1e-6
        The step ``ε > 0``.
    order : {2, 4}
        The stencil.

    Returns
    -------
    numpy.ndarray
        ``f'(x)``, the shape of ``x``.

    Examples
    --------
    >>> central_difference(np.exp, [0.0, 1.0]).round(6)
    array([1.      , 2.718282])

    Chapter *The chain rule* (the finite-difference dots beside SymPy's derivative).
    """
    eps, stencil = _check_step(eps, order)
    x = as_float_array(x, "x", allow_empty=True)
    return _difference(lambda h: np.asarray(f(x + h), dtype=np.float64), eps, stencil)


def numerical_gradient(f, theta: np.ndarray, eps: float = 1e-6, order: int = 2) -> np.ndarray:
    """Central differences of the scalar function ``f()`` with respect to ``theta``.

    .. math::

        \\frac{\\partial f}{\\partial \\theta_k} \\approx
        \\frac{f(\\theta + \\varepsilon e_k) - f(\\theta - \\varepsilon e_k)}{2\\varepsilon}

    ``order=2`` is the formula above; ``order=4`` uses four points,
    ``(−f(θ+2ε) + 8f(θ+ε) − 8f(θ−ε) + f(θ−2ε)) / 12ε``, whose error is
    ``O(ε⁴)``, so a larger ``ε`` (e.g. 1e-3) keeps rounding noise far below
    the gradient even where the gradient is small.

    Parameters
    ----------
    f : callable
        ``f()`` with no argument: it reads ``theta`` (a parameter array of a
        network, say) and returns a number.
    theta : numpy.ndarray of floats
        The array ``f`` reads.  It is perturbed in place one entry at a time and
        always restored exactly, so it must be a writeable floating-point array:
        a list or an integer array could not hold ``θ ± ε`` (refused with a
        TypeError rather than giving a wrong answer).
    eps : float, default 1e-6
        The step ``ε > 0``, finite.
    order : {2, 4}

    Returns
    -------
    numpy.ndarray
        ``∂f/∂θ``, the shape of ``theta``.

    Examples
    --------
    >>> theta = np.array([1.0, 2.0])
    >>> numerical_gradient(lambda: np.sum(theta ** 2), theta).round(6)
    array([2., 4.])
    >>> theta
    array([1., 2.])

    Chapter *Backpropagation step by step*.
    """
    eps, stencil = _check_step(eps, order)
    if not isinstance(theta, np.ndarray):
        raise TypeError(
            f"theta must be the NumPy float array that f() reads (it is perturbed in place), "
            f"got {type(theta).__name__}; keep the values in an array, e.g. "
            f"theta = np.array(values, dtype=float), and let f read that array")
    if theta.dtype.kind != "f":
        raise TypeError(
            f"theta must be a floating-point array (it is perturbed by ±eps in place), got "
            f"dtype {theta.dtype}; make it theta = theta.astype(float) and let f read that array")
    if not theta.flags.writeable:
        raise ValueError("theta is read-only; it must be writeable (it is perturbed in place)")
    grad = np.zeros(theta.shape, dtype=np.float64)
    for k in np.ndindex(theta.shape):      # works for views of a network's arrays too
        old = theta[k]

        def f_at(h):
            theta[k] = old + h
            return f()

        try:
            grad[k] = _difference(f_at, eps, stencil)
        finally:
            theta[k] = old
    return grad


def gradient_check(net: Network, x, y, loss, eps: float = 1e-6,
                   order: int = 2) -> GradCheckReport:
    """Check ``net.backward`` against central differences at ``(x, y)``.

    For every parameter array ``θ`` (``W_1``, ``b_1``, …) the analytic gradient
    ``∂L/∂θ`` of backpropagation is compared with :func:`numerical_gradient` of
    ``L(net(x), y)``, and their :func:`relative_error` recorded.

    Parameters
    ----------
    net : Network
        Left exactly as it was (each entry is perturbed and restored).
    x, y : array_like
        One example or a batch, and its targets, as for ``net.backward``.
    loss : str or Loss
    eps : float, default 1e-6
        The finite-difference step ``ε > 0`` (checked before anything is computed).
    order : {2, 4}
        The stencil of :func:`numerical_gradient`.

    Returns
    -------
    GradCheckReport

    Examples
    --------
    >>> from ffnn_course.examples import worked_example
    >>> net, x, t = worked_example()
    >>> gradient_check(net, x, t, "half_sse").passed()
    True

    Batch-norm layers are checked in training mode (batch statistics), the
    mode whose backward pass is the interesting one; their running averages
    are not updated.  Their parameters are named ``"gamma3"``, ``"beta3"``, ….
    """
    _check_step(eps, order)
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
