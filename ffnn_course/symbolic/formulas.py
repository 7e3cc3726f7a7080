r"""The lecture's formulas in SymPy: activations, losses and the chain-rule notation.

Each symbolic activation is the SymPy twin of the numeric one of the same name
in :mod:`ffnn_course.activations`, and each symbolic loss the twin of the
numeric loss of the same name in :mod:`ffnn_course.losses`; SymPy needs its own
expressions in order to differentiate them. As in the numeric package, every
activation keeps its value and its local derivative side by side, the
derivative written in the layer's own symbols the way the lecture writes it:

.. math::

    \sigma'(a) = h\,(1 - h), \qquad \tanh'(a) = 1 - h^2,

    \frac{\partial h_m}{\partial a_j} = h_m (\delta_{mj} - h_j)
    \ \text{(softmax)}.

The losses are for **one example** :math:`(y, \hat y)`; the numeric package
sums ``half_sse`` over a batch and averages the others (:data:`BATCH_REDUCTION`).

Taught in the chapters *The chain rule*, *Backpropagation* and *Cross-entropy*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np
import sympy as sp

from .. import activations as _numeric_activations

__all__ = ["ACTIVATIONS", "BATCH_REDUCTION", "LOSSES", "Factor", "SymbolicGradients", "partial_label"]


def symbols(template, indices):
    """Real SymPy symbols named by ``template.format(*index)`` for each index.

    >>> symbols("w_{{{},{},{}}}", [(1, 1, 1), (1, 1, 2)])
    [w_{1,1,1}, w_{1,1,2}]
    """
    return [sp.Symbol(template.format(*index), real=True) for index in indices]


# ---------------------------------------------------------------------------
# Activations: value and local derivative side by side
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Activation:
    """A symbolic activation ``h = g(a)`` for one whole layer.

    ``value(a)`` maps the list of pre-activations of a layer to the list of
    activations. ``derivative(a, h, m, j)`` is the local derivative
    :math:`\\partial h_m / \\partial a_j`, written with the layer's ``a`` and
    ``h`` symbols the way the lecture writes it (e.g. ``h (1 - h)``).
    """

    name: str
    value: Callable[[list], list]
    derivative: Callable[[list, list, int, int], sp.Expr]


def _elementwise(name, g, g_prime):
    """Lift a scalar ``g(a)`` with derivative ``g_prime(a, h)`` to a layer."""

    def value(a):
        return [g(a_j) for a_j in a]

    def derivative(a, h, m, j):
        # Neuron m only reads its own pre-activation: dh_m/da_j = 0 for j != m.
        return g_prime(a[m], h[m]) if m == j else sp.Integer(0)

    return _Activation(name, value, derivative)


def softmax_value(a):
    """:math:`\\hat y_m = e^{a_m} / \\sum_k e^{a_k}` for a list of logits ``a``.

    >>> a = symbols("a_{}", [(1,), (2,)])
    >>> softmax_value(a)[0]
    exp(a_1)/(exp(a_1) + exp(a_2))
    """
    denominator = sum(sp.exp(a_k) for a_k in a)
    return [sp.exp(a_m) / denominator for a_m in a]


def softmax_derivative(a, h, m, j):
    """:math:`\\partial h_m / \\partial a_j = h_m (\\delta_{mj} - h_j)`: every
    output of a softmax depends on every logit."""
    return h[m] * (sp.KroneckerDelta(m, j) - h[j])


#: The leaky ReLU's slope for ``a <= 0``, as an exact fraction of the numeric
#: default (``LeakyReLU().alpha``, 0.01 -> 1/100).
LEAK = sp.Rational(repr(_numeric_activations.LeakyReLU().alpha))

#: Symbolic activations by name, the twins of ``ffnn_course.ACTIVATIONS``.
ACTIVATIONS = {
    "sigmoid": _elementwise(
        "sigmoid", lambda a: 1 / (1 + sp.exp(-a)), lambda a, h: h * (1 - h)
    ),
    "tanh": _elementwise("tanh", sp.tanh, lambda a, h: 1 - h**2),
    # Piecewise (not Max) so that the derivative at a = 0 is 0, as in the package.
    "relu": _elementwise(
        "relu",
        lambda a: sp.Piecewise((a, a > 0), (0, True)),
        lambda a, h: sp.Piecewise((1, a > 0), (0, True)),
    ),
    "leaky_relu": _elementwise(
        "leaky_relu",
        lambda a: sp.Piecewise((a, a > 0), (LEAK * a, True)),
        lambda a, h: sp.Piecewise((1, a > 0), (LEAK, True)),
    ),
    "linear": _elementwise("linear", lambda a: a, lambda a, h: sp.Integer(1)),
    "softmax": _Activation("softmax", softmax_value, softmax_derivative),
}


# ---------------------------------------------------------------------------
# Losses for one example (N = 1)
# ---------------------------------------------------------------------------


def _half_sse(y, y_hat):
    return sum(sp.Rational(1, 2) * (y_k - yh_k) ** 2 for y_k, yh_k in zip(y, y_hat))


def _mse(y, y_hat):
    return sum((yh_k - y_k) ** 2 for y_k, yh_k in zip(y, y_hat))


def _binary_cross_entropy(y, y_hat):
    return -sum(
        y_k * sp.log(yh_k) + (1 - y_k) * sp.log(1 - yh_k) for y_k, yh_k in zip(y, y_hat)
    )


def cross_entropy(y, y_hat):
    """:math:`\\mathcal{L} = -\\sum_k y_k \\log \\hat y_k` for one example.

    >>> y, y_hat = symbols("y_{}", [(1,), (2,)]), symbols("yhat_{}", [(1,), (2,)])
    >>> cross_entropy(y, y_hat)
    -y_1*log(yhat_1) - y_2*log(yhat_2)
    """
    return -sum(y_k * sp.log(yh_k) for y_k, yh_k in zip(y, y_hat))


#: Symbolic losses ``L(y, y_hat)`` for one example, the twins of ``ffnn_course.LOSSES``.
LOSSES = {
    "half_sse": _half_sse,
    "mse": _mse,
    "binary_cross_entropy": _binary_cross_entropy,
    "cross_entropy": cross_entropy,
}

#: How the numeric package combines N per-example losses: ``half_sse`` is
#: summed (the worked example's E_total), the other losses are averaged (1/N).
BATCH_REDUCTION = {
    "half_sse": np.sum,
    "mse": np.mean,
    "binary_cross_entropy": np.mean,
    "cross_entropy": np.mean,
}


def name_of(thing, kind):
    """The name of an activation or loss given as a string or an object with ``.name``.

    >>> from ffnn_course import Tanh
    >>> name_of(Tanh(), "activation"), name_of("mse", "loss")
    ('tanh', 'mse')
    """
    name = thing if isinstance(thing, str) else getattr(thing, "name", None)
    table = ACTIVATIONS if kind == "activation" else LOSSES
    if name not in table:
        raise ValueError(f"unknown {kind} {thing!r}; expected one of {sorted(table)}")
    return name


# ---------------------------------------------------------------------------
# Chain-rule factors
# ---------------------------------------------------------------------------


class Factor(NamedTuple):
    """One local derivative in a chain-rule product.

    ``label`` is LaTeX such as ``\\frac{\\partial a_{2,2}}{\\partial w_{2,2,2}}``
    and ``expr`` its value in the symbols of the neighbouring nodes, e.g.
    ``h_{1,2}``. Unpacks as a pair: ``label, expr = factor``.
    """

    label: str
    expr: sp.Expr


def partial_label(of_latex, wrt_latex, d=r"\partial"):
    """The LaTeX of :math:`\\partial\\,\\mathrm{of} / \\partial\\,\\mathrm{wrt}`
    (``d="d"`` for an ordinary derivative).

    >>> print(partial_label("y", "x", d="d"))
    \\frac{d y}{d x}
    """
    return rf"\frac{{{d} {of_latex}}}{{{d} {wrt_latex}}}"


class SymbolicGradients(NamedTuple):
    """Symbolic :math:`\\partial L/\\partial W_i` and :math:`\\partial L/\\partial b_i`.

    Lists indexed like the numeric ``Gradients`` (index 0 is None, index ``i``
    is layer ``i``). ``dW[i]`` is a SymPy Matrix of shape ``(n_i, n_{i-1})``;
    ``db[i]`` a column Matrix ``(n_i, 1)``, or ``(1, 1)`` for a shared bias.
    Evaluated on numbers (:meth:`~ffnn_course.symbolic.SymbolicNetwork.numeric_gradient`)
    they are NumPy arrays shaped like ``W_i`` and ``b_i``.
    """

    dW: list
    db: list
