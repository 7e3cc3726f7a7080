r"""Symbolic feed-forward networks: every derivative written out by SymPy.

This package backs the chapters *The chain rule*, *Backpropagation*,
*Backpropagation step by step* and *Cross-entropy*. It builds the lecture's
network out of SymPy symbols, so that a notebook can print any pre-activation,
the loss, the derivative of the loss with respect to any weight, and the
chain-rule factors along every path from the loss back to that weight.

Notation (the lecture's, layers numbered from 1, :math:`h_0 = x`):

.. math::

    a_i = W_i h_{i-1} + b_i, \qquad h_i = g_i(a_i),

    f(x) = h_L = O(a_L) = \hat y.

Four modules, one concern each:

``formulas``
    the activations and losses in SymPy (twins of the numeric ones), the
    chain-rule notation (:class:`Factor`) and the gradient container;
``network``
    :class:`SymbolicNetwork`: the symbols, the forward pass, the derivatives
    and the chain-rule paths;
``compiler``
    from symbols to numbers with ``sympy.lambdify`` (the numeric half of
    :class:`SymbolicNetwork`);
``derivations``
    standalone derivations: the chain rule for a composition of functions,
    and softmax with cross-entropy.

SymPy is imported by this package only; ``import ffnn_course`` does not load it.

>>> from ffnn_course.symbolic import SymbolicNetwork
>>> SymbolicNetwork([2, 1], ["sigmoid"]).a[1][0]
b_{1,1} + w_{1,1,1}*x_1 + w_{1,1,2}*x_2
"""

from .derivations import (ChainRuleSteps, SoftmaxCrossEntropyGradient, chain_rule_steps,
                          softmax_cross_entropy_gradient)
from .formulas import ACTIVATIONS, LOSSES, Factor, SymbolicGradients
from .network import SymbolicNetwork, numeric_gradient, path_latex, path_product

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "ChainRuleSteps",
    "Factor",
    "SoftmaxCrossEntropyGradient",
    "SymbolicGradients",
    "SymbolicNetwork",
    "chain_rule_steps",
    "numeric_gradient",
    "path_latex",
    "path_product",
    "softmax_cross_entropy_gradient",
]
