"""Activation functions ``g`` (and output functions ``O``), each with its derivative.

The lecture writes a layer as ``a_i = W_i h_{i-1} + b_i`` followed by
``h_i = g(a_i)``.  Each activation below keeps its value and its derivative
side by side, so backpropagation reads the local derivative ``g'(a_i)`` from
the same place that defines ``g``.

Every activation works on one example ``(n,)`` or a batch ``(N, n)`` and
returns the same shape.

**Checked and fast paths.**  Calling an activation, ``sigmoid(a)``, checks
``a`` first (finite real numbers: not None, strings, complex, NaN or
infinity) and refuses anything else with a TypeError or ValueError naming
``a``.  ``value(a)`` and ``derivative(a, h)`` are the formulas alone, for
float64 arrays already checked (the network's forward and backward passes).

Taught in the chapters *Multiple sigmoid neurons*, *The output layer and
softmax* and *Training in practice*.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_positive, lookup


_EXP_SAFE = -708.0          # e^{−a} is finite for a ≥ −709.78 (float64's largest is 1.8e308)


class Activation:
    """Base class: ``value(a)`` is ``g(a)``; ``derivative(a, h)`` is ``g'(a)``.

    Subclasses that act element by element (all but softmax) only define
    ``value`` and ``derivative``.  ``backward`` turns an upstream gradient
    ``∂L/∂h`` into ``∂L/∂a``; for an element-wise ``g`` that is
    ``∂L/∂h ⊙ g'(a)``.
    """

    name: str = "activation"
    elementwise: bool = True

    def __call__(self, a):
        """``g(a)`` for finite real ``a`` (a number, a list or an array), checked."""
        return self.value(as_float_array(a, "a", allow_empty=True))

    def value(self, a: np.ndarray) -> np.ndarray:
        """``g(a)`` for a float64 array ``a`` (fast path: no checks)."""
        raise NotImplementedError

    def derivative(self, a: np.ndarray, h: np.ndarray | None = None) -> np.ndarray:
        """``g'(a)``; ``h = g(a)`` may be passed to avoid recomputing it."""
        raise NotImplementedError

    def backward(self, a: np.ndarray, h: np.ndarray, grad_h: np.ndarray) -> np.ndarray:
        """``∂L/∂a = ∂L/∂h ⊙ g'(a)`` (the chain rule through one layer's ``g``)."""
        return grad_h * self.derivative(a, h)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    r"""Logistic sigmoid ``σ(a) = 1 / (1 + e^{-a})``, with ``σ'(a) = σ(a)(1 − σ(a))``.

    Computed in a form that cannot overflow, the one the exercises ask of
    students.  ``1/(1 + e^{-a})`` as written overflows (``e^{-a} = ∞``, with a
    warning) only for ``a < −709``, where ``e^{-a}`` exceeds the largest
    float.  So the code checks the smallest entry (one reduction, cheaper than
    the extra array operations of the two-sided form): if every ``a ≥ −708``,
    the formula as written is exact and finite; otherwise it uses, with
    ``e = e^{−|a|}`` in (0, 1] for every ``a``::

        σ(a) = 1 / (1 + e)       for a ≥ 0
        σ(a) = e / (1 + e)       for a < 0    (multiply top and bottom by e^{a})

    Either way no overflow happens and no warning is silenced, and the tiny
    values far out on the left are exact to a rounding unit (σ(−40) ≈ 4.2e-18).

    >>> import numpy as np
    >>> Sigmoid()(np.array([0.0, 0.3775]))
    array([0.5       , 0.59326999])
    >>> Sigmoid()(np.array([-1e4, -40.0, 1e4]))      # no overflow, no warning
    array([0.00000000e+00, 4.24835426e-18, 1.00000000e+00])
    """

    name = "sigmoid"

    def value(self, a):
        if a.size == 0 or a.min() >= _EXP_SAFE:          # e^{−a} ≤ e^{708}: finite
            return 1.0 / (1.0 + np.exp(-a))
        e = np.exp(-np.abs(a))                 # e^{−|a|} in (0, 1]: never overflows
        s = 1.0 / (1.0 + e)                    # σ(|a|)
        out = np.where(a >= 0, s, e * s)       # σ(−|a|) = e^{−|a|} σ(|a|)
        return out[()] if out.ndim == 0 else out

    def derivative(self, a, h=None):
        h = self.value(a) if h is None else h
        return h * (1.0 - h)


class Tanh(Activation):
    """Hyperbolic tangent ``tanh(a)``, with ``tanh'(a) = 1 − tanh(a)²``.

    >>> Tanh()(0.5).round(6)
    np.float64(0.462117)
    """

    name = "tanh"

    def value(self, a):
        return np.tanh(a)

    def derivative(self, a, h=None):
        h = np.tanh(a) if h is None else h
        return 1.0 - h * h


class ReLU(Activation):
    """Rectified linear unit ``max(0, a)``; derivative 1 for ``a > 0``, else 0.

    The derivative at exactly 0 is taken as 0 (PyTorch does the same).

    >>> ReLU()([-1.0, 0.0, 2.0])
    array([0., 0., 2.])
    """

    name = "relu"

    def value(self, a):
        return np.maximum(a, 0.0)

    def derivative(self, a, h=None):
        return (a > 0).astype(np.float64)

    def backward(self, a, h, grad_h):
        return np.where(a > 0, grad_h, 0.0)


class LeakyReLU(Activation):
    """Leaky ReLU: ``a`` for ``a > 0``, else ``alpha · a``; derivative 1 or ``alpha``.

    >>> LeakyReLU(alpha=0.01)([-2.0, 3.0])
    array([-0.02,  3.  ])
    """

    name = "leaky_relu"

    def __init__(self, alpha: float = 0.01):
        self.alpha = check_positive(alpha, "alpha")

    def value(self, a):
        return np.where(a > 0, a, self.alpha * a)

    def derivative(self, a, h=None):
        return np.where(a > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Linear(Activation):
    """Identity ``g(a) = a`` (a linear output for regression); ``g'(a) = 1``."""

    name = "linear"

    def value(self, a):
        return a

    def derivative(self, a, h=None):
        return np.ones_like(a)

    def backward(self, a, h, grad_h):
        return grad_h


class Softmax(Activation):
    r"""Softmax over the last axis: ``softmax(a)_k = e^{a_k} / Σ_j e^{a_j}``.

    Outputs are positive and sum to 1, so they can be read as class
    probabilities.  Shifting every logit by the same constant changes nothing,
    so the code subtracts ``max(a)`` first: logits of any size give finite
    results.  Its derivative is a Jacobian, not an element-wise factor:
    ``∂ŷ_k/∂a_j = ŷ_k (δ_kj − ŷ_j)``, i.e. ``J = diag(ŷ) − ŷ ŷᵀ``.

    >>> Softmax()([1000.0, 1000.0])
    array([0.5, 0.5])
    """

    name = "softmax"
    elementwise = False

    @np.errstate(over="ignore")          # a gap beyond 1e308 becomes −∞: e^{−∞} = 0
    def value(self, a):
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def derivative(self, a, h=None):
        """The Jacobian ``diag(ŷ) − ŷ ŷᵀ``, shape ``(..., K, K)``."""
        s = self.value(a) if h is None else h
        return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])

    def backward(self, a, h, grad_h):
        """``∂L/∂a = Jᵀ ∂L/∂ŷ = ŷ ⊙ (∂L/∂ŷ − ⟨∂L/∂ŷ, ŷ⟩)`` without forming ``J``."""
        return h * (grad_h - np.sum(grad_h * h, axis=-1, keepdims=True))


# One table maps names to activations (scikit-learn does the same).
ACTIVATIONS = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "linear": Linear,
    "softmax": Softmax,
}


def get_activation(activation) -> Activation:
    """Return the :class:`Activation` for a name such as ``"sigmoid"`` (or pass one through).

    >>> get_activation("relu")
    ReLU()
    """
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        return lookup(ACTIVATIONS, activation, "activation")()
    raise TypeError(
        f"activation must be a name (one of {sorted(ACTIVATIONS)}) or an Activation, "
        f"got {type(activation).__name__}")


# Convenience functions that read like the slides: sigmoid(a), softmax(a), ...
sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
leaky_relu = LeakyReLU()
linear = Linear()
softmax = Softmax()
