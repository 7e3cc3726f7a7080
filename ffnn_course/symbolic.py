"""Symbolic feed-forward networks: every derivative written out by SymPy.

This module backs the chapters *The chain rule*, *Backpropagation*,
*Backpropagation step by step* and *Cross-entropy*. It builds the lecture's
network out of SymPy symbols, so that a notebook can print any pre-activation,
the loss, the derivative of the loss with respect to any weight, and the
chain-rule factors along every path from the loss back to that weight.

Notation (the lecture's, layers numbered from 1, ``h_0 = x``)::

    a_i = W_i h_{i-1} + b_i          a_{i,j} = sum_k w_{i,j,k} h_{i-1,k} + b_{i,j}
    h_i = g_i(a_i)                   f(x) = h_L = O(a_L) = y_hat

Symbols are named after their indices: ``x_1 .. x_n`` (inputs), ``y_1 .. y_K``
(targets), ``w_{i,j,k}`` (layer ``i``, neuron ``j`` of layer ``i``, input
``k``), ``b_{i,j}`` (or ``b_{i}`` when one bias is shared by all neurons of
layer ``i``, as in the worked example), ``a_{i,j}``, ``h_{i,j}`` and
``yhat_k`` for the outputs ``h_{L,k}`` (printed as :math:`\\hat{y}_k` in LaTeX).

Everything is for **one example**; :meth:`SymbolicNetwork.numeric_gradient`
evaluates the per-example gradients on a batch and combines them the way the
numeric losses do (a sum for ``half_sse``, a mean for the others).

SymPy is imported here and only here; ``import ffnn_course`` does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

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


# ---------------------------------------------------------------------------
# Activations: value and local derivative side by side (one place per formula)
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


def _softmax_value(a):
    denominator = sum(sp.exp(a_k) for a_k in a)
    return [sp.exp(a_m) / denominator for a_m in a]


def _softmax_derivative(a, h, m, j):
    # dh_m/da_j = h_m (delta_mj - h_j): every output depends on every logit.
    return h[m] * (sp.KroneckerDelta(m, j) - h[j])


_LEAK = sp.Rational(1, 100)

#: Symbolic activations by name, matching ``ffnn_course.get_activation``.
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
        lambda a: sp.Piecewise((a, a > 0), (_LEAK * a, True)),
        lambda a, h: sp.Piecewise((1, a > 0), (_LEAK, True)),
    ),
    "linear": _elementwise("linear", lambda a: a, lambda a, h: sp.Integer(1)),
    "softmax": _Activation("softmax", _softmax_value, _softmax_derivative),
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


def _cross_entropy(y, y_hat):
    return -sum(y_k * sp.log(yh_k) for y_k, yh_k in zip(y, y_hat))


#: Symbolic losses ``L(y, y_hat)`` for one example, matching ``ffnn_course.get_loss``.
LOSSES = {
    "half_sse": _half_sse,
    "mse": _mse,
    "binary_cross_entropy": _binary_cross_entropy,
    "cross_entropy": _cross_entropy,
}

# How the numeric package combines N per-example losses: half_sse is summed
# (the worked example's E_total), the other losses are averaged (1/N).
_BATCH_REDUCTION = {
    "half_sse": np.sum,
    "mse": np.mean,
    "binary_cross_entropy": np.mean,
    "cross_entropy": np.mean,
}


def _name_of(thing, kind):
    """The name of an activation or loss given as a string or an object with ``.name``."""
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


def _partial_label(of_latex, wrt_latex, d=r"\partial"):
    return rf"\frac{{{d} {of_latex}}}{{{d} {wrt_latex}}}"


def path_product(path):
    """The product of the local derivatives along one chain-rule path.

    Parameters
    ----------
    path : list of Factor

    Returns
    -------
    sympy.Expr
        :math:`\\prod_f f.expr`, still written with the intermediate symbols.

    Examples
    --------
    >>> net = SymbolicNetwork([1, 1], ["linear"], loss="half_sse")
    >>> path_product(net.chain_rule_paths(net.W[1][0, 0])[0])
    x_1*(-y_1 + yhat_1)
    """
    return sp.Mul(*(factor.expr for factor in path))


def path_latex(path, values=False):
    """Render a chain-rule path as a LaTeX string for ``IPython.display.Math``.

    Parameters
    ----------
    path : list of Factor
    values : bool, default False
        If True, append ``= (expr_1) \\cdot (expr_2) \\cdots`` with each factor's
        local derivative.

    Returns
    -------
    str

    Examples
    --------
    >>> net = SymbolicNetwork([1, 1], ["sigmoid"], loss="half_sse")
    >>> path = net.chain_rule_paths(net.W[1][0, 0])[0]
    >>> print(path_latex(path))
    \\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{1}} \\frac{\\partial \\hat{y}_{1}}{\\partial a_{1,1}} \\frac{\\partial a_{1,1}}{\\partial w_{1,1,1}}
    >>> print(path_latex(path, values=True).split(" = ")[1])
    \\left(- y_{1} + \\hat{y}_{1}\\right) \\cdot \\left(\\hat{y}_{1} \\left(1 - \\hat{y}_{1}\\right)\\right) \\cdot \\left(x_{1}\\right)
    """
    text = " ".join(factor.label for factor in path)
    if values:
        text += " = " + r" \cdot ".join(
            rf"\left({sp.latex(factor.expr)}\right)" for factor in path
        )
    return text


# ---------------------------------------------------------------------------
# The symbolic network
# ---------------------------------------------------------------------------


class SymbolicGradients(NamedTuple):
    """Symbolic :math:`\\partial L/\\partial W_i` and :math:`\\partial L/\\partial b_i`.

    Lists indexed like the numeric ``Gradients`` (index 0 is None, index ``i``
    is layer ``i``). ``dW[i]`` is a SymPy Matrix of shape ``(n_i, n_{i-1})``;
    ``db[i]`` a column Matrix ``(n_i, 1)``, or ``(1, 1)`` for a shared bias.
    """

    dW: list
    db: list


_CODE_NAME = str.maketrans({"{": "", "}": "", ",": "_"})
_PRINTER_SETTINGS = {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}


def _code_name(symbol):
    """A Python name for a symbol: ``w_{1,2,1}`` -> ``w_1_2_1``."""
    return str(symbol).translate(_CODE_NAME)


class _CodePrinter(NumPyPrinter):
    """NumPy code in which every symbol is written as its :func:`_code_name`."""

    def _print_Symbol(self, symbol):
        return _code_name(symbol)


def _is_ite(node):
    return isinstance(node, sp.ITE)


def _ite_as_and_or(node):
    return node.to_nnf()


def _symbols(template, indices):
    return [sp.Symbol(template.format(*index), real=True) for index in indices]


class SymbolicNetwork:
    """A feed-forward network written out in SymPy symbols, for one example.

    Forward pass, for layers ``i = 1 .. L``:

    .. math::

        a_{i,j} = \\sum_k w_{i,j,k}\\, h_{i-1,k} + b_{i,j}, \\qquad
        h_i = g_i(a_i), \\qquad \\hat{y} = h_L, \\qquad
        \\mathcal{L} = \\ell(y, \\hat{y}).

    Parameters
    ----------
    sizes : sequence of int
        ``[n_0, n_1, ..., n_L]``: inputs, then the width of every layer.
    activations : sequence of str (or objects with ``.name``)
        One per layer: ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``,
        ``"linear"`` or ``"softmax"``.
    loss : str, default ``"half_sse"``
        ``"half_sse"`` :math:`\\sum_k \\tfrac12 (y_k-\\hat y_k)^2`,
        ``"mse"`` :math:`\\sum_k (\\hat y_k-y_k)^2`,
        ``"binary_cross_entropy"``
        :math:`-\\sum_k [y_k\\log\\hat y_k + (1-y_k)\\log(1-\\hat y_k)]` or
        ``"cross_entropy"`` :math:`-\\sum_k y_k \\log \\hat y_k`.
    shared_bias : bool or sequence of bool, default False
        True: layer ``i`` has one bias ``b_i`` shared by all its neurons (the
        worked example); False: one bias ``b_{i,j}`` per neuron. A sequence
        chooses per layer.

    Attributes
    ----------
    x, y : list of Symbol
        Inputs ``x_1 .. x_{n_0}`` and targets ``y_1 .. y_{n_L}``.
    W, b : list
        ``W[i]`` a Matrix ``(n_i, n_{i-1})`` of ``w_{i,j,k}``; ``b[i]`` a column
        Matrix ``(n_i, 1)`` of ``b_{i,j}`` (all equal to ``b_i`` when shared).
        Index 0 is None.
    a_symbols, h_symbols : list of list of Symbol
        Intermediate symbols ``a_{i,j}`` and ``h_{i,j}``; ``h_symbols[0]`` is
        ``x`` and ``h_symbols[L]`` is ``yhat_1 .. yhat_K``.
    a, h : list of list of Expr
        The same quantities written out in ``x``, weights and biases only.
    y_hat : list of Expr
        ``h[L]``, the network's output.
    loss : Expr
        The loss in ``x``, ``y``, weights and biases.
    local : dict
        Each intermediate symbol (and ``loss_symbol``) mapped to its
        expression in the symbols one step closer to the input.
    parameters : list of Symbol
        ``W_1`` row by row, then the distinct biases of layer 1, then layer 2...

    Examples
    --------
    >>> net = SymbolicNetwork([2, 1], ["sigmoid"], loss="half_sse")
    >>> net.a[1][0]
    b_{1,1} + w_{1,1,1}*x_1 + w_{1,1,2}*x_2
    >>> net.local[net.h_symbols[1][0]]
    1/(1 + exp(-a_{1,1}))
    >>> net.loss
    (y_1 - 1/(exp(-b_{1,1} - w_{1,1,1}*x_1 - w_{1,1,2}*x_2) + 1))**2/2
    >>> net.parameters
    [w_{1,1,1}, w_{1,1,2}, b_{1,1}]
    """

    def __init__(self, sizes, activations, loss="half_sse", shared_bias=False):
        self.sizes = self._check_sizes(sizes)
        n_layers = len(self.sizes) - 1
        if isinstance(activations, str) or len(activations) != n_layers:
            raise ValueError(
                f"need one activation per layer ({n_layers}), got {activations!r}"
            )
        self.activations = [_name_of(g, "activation") for g in activations]
        self.loss_name = _name_of(loss, "loss")
        if isinstance(shared_bias, (bool, np.bool_)):
            shared_bias = [bool(shared_bias)] * n_layers
        if len(shared_bias) != n_layers:
            raise ValueError(
                f"shared_bias needs one bool per layer ({n_layers}), got {shared_bias!r}"
            )
        self.shared_bias = [bool(s) for s in shared_bias]

        self._make_symbols()
        self._make_forward()
        self._gradient_functions = {}

    # -- construction --------------------------------------------------------

    @staticmethod
    def _check_sizes(sizes):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2:
            raise ValueError(f"sizes needs inputs and at least one layer, got {sizes}")
        if any(n < 1 for n in sizes):
            raise ValueError(f"every size must be >= 1, got {sizes}")
        return sizes

    @classmethod
    def from_network(cls, network, loss="half_sse"):
        """The symbolic twin of a numeric ``ffnn_course.Network``.

        Reads the sizes from the ``W_i`` shapes, the activation names, and
        whether each layer has one shared bias (``b_i`` of shape ``(1,)`` in a
        layer of more than one neuron).

        Examples
        --------
        >>> import numpy as np
        >>> from ffnn_course import Network, Dense
        >>> net = Network([Dense(np.ones((2, 3)), np.zeros(1), "tanh")])
        >>> sym = SymbolicNetwork.from_network(net, loss="mse")
        >>> sym.sizes, sym.activations, sym.shared_bias
        ([3, 2], ['tanh'], [True])
        """
        layers = list(network.layers)
        if not layers:
            raise ValueError("network has no layers")
        sizes = [np.shape(layers[0].W)[1]]
        shared = []
        for i, layer in enumerate(layers, start=1):
            n_out, n_in = np.shape(layer.W)
            if n_in != sizes[-1]:
                raise ValueError(
                    f"W{i} has shape {np.shape(layer.W)} but layer {i - 1} has "
                    f"{sizes[-1]} units"
                )
            sizes.append(n_out)
            shared.append(n_out > 1 and np.shape(layer.b) == (1,))
        activations = [layer.activation for layer in layers]
        for i, g in enumerate(activations, start=1):
            alpha = getattr(g, "alpha", None)
            if alpha is not None and alpha != float(_LEAK):
                raise ValueError(
                    f"layer {i} is a leaky ReLU with alpha={alpha}; the symbolic "
                    f"network uses alpha={float(_LEAK)}"
                )
        return cls(sizes, activations, loss=loss, shared_bias=shared)

    def _make_symbols(self):
        n, L = self.sizes, self.n_layers
        self.x = _symbols("x_{}", [(k,) for k in range(1, n[0] + 1)])
        self.y = _symbols("y_{}", [(k,) for k in range(1, n[L] + 1)])
        self.loss_symbol = sp.Symbol("L", real=True)
        self.W, self.b = [None], [None]
        self.a_symbols, self.h_symbols = [None], [self.x]
        for i in range(1, L + 1):
            rows = [
                _symbols("w_{{{},{},{}}}", [(i, j, k) for k in range(1, n[i - 1] + 1)])
                for j in range(1, n[i] + 1)
            ]
            self.W.append(sp.Matrix(rows))
            if self.shared_bias[i - 1]:
                self.b.append(sp.Matrix([sp.Symbol(f"b_{{{i}}}", real=True)] * n[i]))
            else:
                self.b.append(sp.Matrix(_symbols("b_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)])))
            self.a_symbols.append(_symbols("a_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)]))
            if i < L:
                self.h_symbols.append(_symbols("h_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)]))
            else:
                self.h_symbols.append(_symbols("yhat_{}", [(j,) for j in range(1, n[i] + 1)]))
        self.parameters = []
        for i in range(1, L + 1):
            self.parameters += list(self.W[i])  # row-major, like W.ravel()
            self.parameters += self._distinct_biases(i)

    def _distinct_biases(self, i):
        return [self.b[i][0]] if self.shared_bias[i - 1] else list(self.b[i])

    def _make_forward(self):
        """Local expressions (one step) and full expressions (in x, W, b)."""
        self.local = {}  # intermediate symbol -> expression one step back
        self._edges = {}  # node -> [(input node, Factor(label, local derivative)), ...]
        self.a, self.h = [None], [list(self.x)]
        for i in range(1, self.n_layers + 1):
            self._make_layer(i)
        self.y_hat = self.h[-1]
        y_hat_symbols = self.h_symbols[-1]
        self.local[self.loss_symbol] = LOSSES[self.loss_name](self.y, y_hat_symbols)
        self._connect(
            self.loss_symbol,
            [(s, sp.diff(self.local[self.loss_symbol], s)) for s in y_hat_symbols],
        )
        self.loss = LOSSES[self.loss_name](self.y, self.y_hat)
        self._full = {}
        for i in range(1, self.n_layers + 1):
            self._full.update(zip(self.a_symbols[i], self.a[i]))
            self._full.update(zip(self.h_symbols[i], self.h[i]))
        self._full[self.loss_symbol] = self.loss

    def _make_layer(self, i):
        W, b = self.W[i], self.b[i]
        h_prev_sym, a_sym, h_sym = self.h_symbols[i - 1], self.a_symbols[i], self.h_symbols[i]
        g = ACTIVATIONS[self.activations[i - 1]]
        # Intermediate inputs of a_{i,j}: h_{i-1,k} (not for i = 1, where they are x).
        hidden_inputs = list(h_prev_sym) if i > 1 else []
        for j, a_ij in enumerate(a_sym):
            self.local[a_ij] = sum(W[j, k] * h_prev_sym[k] for k in range(W.shape[1])) + b[j]
            inputs = hidden_inputs + list(W.row(j)) + [b[j]]
            self._connect(a_ij, [(s, sp.diff(self.local[a_ij], s)) for s in inputs])
        for m, (h_im, value) in enumerate(zip(h_sym, g.value(list(a_sym)))):
            self.local[h_im] = value
            derivatives = [(a_ij, g.derivative(a_sym, h_sym, m, j)) for j, a_ij in enumerate(a_sym)]
            self._connect(h_im, [(a_ij, d) for a_ij, d in derivatives if d != 0])
        h_prev = self.h[i - 1]
        a_full = [sum(W[j, k] * h_prev[k] for k in range(W.shape[1])) + b[j] for j in range(W.shape[0])]
        self.a.append(a_full)
        self.h.append(g.value(a_full))

    # -- basic properties ----------------------------------------------------

    @property
    def n_layers(self):
        """``L``, the number of layers (weight matrices)."""
        return len(self.sizes) - 1

    def __repr__(self):
        return (
            f"SymbolicNetwork(sizes={self.sizes}, activations={self.activations}, "
            f"loss={self.loss_name!r}, shared_bias={self.shared_bias})"
        )

    def _check_parameter(self, parameter):
        if parameter not in self.parameters:
            raise ValueError(
                f"{parameter} is not a weight or bias of this network; "
                f"expected one of {self.parameters}"
            )

    # -- derivatives ---------------------------------------------------------

    def substitute(self, expr):
        """Replace every intermediate symbol (``a``, ``h``, ``yhat``, ``L``) by its
        full expression in ``x``, ``y``, weights and biases.

        Examples
        --------
        >>> net = SymbolicNetwork([1, 1], ["linear"])
        >>> net.substitute(net.h_symbols[1][0] ** 2)
        (b_{1,1} + w_{1,1,1}*x_1)**2
        """
        return sp.sympify(expr).xreplace(self._full)

    def gradient(self, parameter):
        """The derivative :math:`\\partial \\mathcal{L} / \\partial \\theta`
        of the loss with respect to one weight or bias, by direct
        differentiation of ``loss``.

        Parameters
        ----------
        parameter : Symbol
            One of ``parameters``, e.g. ``net.W[2][0, 1]`` or ``net.b[1][0]``.

        Returns
        -------
        sympy.Expr
            In ``x``, ``y``, weights and biases.

        Examples
        --------
        >>> net = SymbolicNetwork([1, 1], ["linear"], loss="half_sse")
        >>> net.gradient(net.W[1][0, 0])
        -x_1*(-b_{1,1} - w_{1,1,1}*x_1 + y_1)
        """
        self._check_parameter(parameter)
        return sp.diff(self.loss, parameter)

    def gradients(self):
        """The full gradient, shaped like the numeric ``W_i`` and ``b_i``.

        Returns
        -------
        SymbolicGradients
            ``dW[i]`` Matrix ``(n_i, n_{i-1})``; ``db[i]`` column Matrix
            ``(n_i, 1)``, or ``(1, 1)`` for a shared bias (the sum over the
            neurons it feeds). Index 0 is None.

        Examples
        --------
        >>> net = SymbolicNetwork([1, 2], ["linear"], shared_bias=True)
        >>> net.gradients().db[1]
        Matrix([[2*b_{1} + w_{1,1,1}*x_1 + w_{1,2,1}*x_1 - y_1 - y_2]])
        """
        dW, db = [None], [None]
        for i in range(1, self.n_layers + 1):
            dW.append(self.W[i].applyfunc(self.gradient))
            db.append(sp.Matrix([self.gradient(b) for b in self._distinct_biases(i)]))
        return SymbolicGradients(dW, db)

    def chain_rule_paths(self, parameter):
        """Every path from the loss back to ``parameter``, as local derivatives.

        Each path is a list of :class:`Factor`, from the loss inwards, e.g. for
        ``w_{2,2,2}`` in a ``[n, ·, 2, 1]`` network:

        .. math::

            \\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_1}
            \\frac{\\partial \\hat{y}_1}{\\partial a_{3,1}}
            \\frac{\\partial a_{3,1}}{\\partial h_{2,2}}
            \\frac{\\partial h_{2,2}}{\\partial a_{2,2}}
            \\frac{\\partial a_{2,2}}{\\partial w_{2,2,2}}

        When the parameter reaches the loss along several paths (a weight of
        an early layer, a shared bias, a softmax output) the derivative is the
        **sum over paths** of the products (see :meth:`chain_rule_sum`).

        Examples
        --------
        >>> net = SymbolicNetwork([1, 3, 2, 1], ["sigmoid"] * 3)
        >>> len(net.chain_rule_paths(net.W[1][2, 0]))  # w_{1,3,1}: two paths
        2
        >>> for label, expr in net.chain_rule_paths(net.W[3][0, 1])[0]:
        ...     print(label, "=", expr)
        \\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{1}} = -y_1 + yhat_1
        \\frac{\\partial \\hat{y}_{1}}{\\partial a_{3,1}} = yhat_1*(1 - yhat_1)
        \\frac{\\partial a_{3,1}}{\\partial w_{3,1,2}} = h_{2,2}
        """
        self._check_parameter(parameter)
        return list(self._paths(self.loss_symbol, parameter))

    def _connect(self, node, inputs):
        """Record the edges ``node <- input`` with their local derivatives."""
        self._edges[node] = [
            (child, Factor(_partial_label(self._latex(node), self._latex(child)), derivative))
            for child, derivative in inputs
        ]

    def _paths(self, node, target):
        for child, factor in self._edges.get(node, []):
            if child == target:
                yield [factor]
            else:
                for rest in self._paths(child, target):
                    yield [factor, *rest]

    def _latex(self, symbol):
        return r"\mathcal{L}" if symbol == self.loss_symbol else sp.latex(symbol)

    def chain_rule_sum(self, parameter):
        """:math:`\\sum_{\\text{paths}} \\prod_{\\text{factors}}`, still in the
        intermediate symbols. :meth:`substitute` turns it into
        :meth:`gradient` (up to algebra).

        Examples
        --------
        >>> net = SymbolicNetwork([1, 1, 1], ["linear", "linear"])
        >>> net.chain_rule_sum(net.W[1][0, 0])
        w_{2,1,1}*x_1*(-y_1 + yhat_1)
        """
        return sp.Add(*(path_product(path) for path in self.chain_rule_paths(parameter)))

    def chain_rule_latex(self, parameter, values=False):
        """LaTeX ``\\frac{\\partial L}{\\partial \\theta} = path_1 + path_2 + ...``.

        Examples
        --------
        >>> net = SymbolicNetwork([1, 1], ["linear"])
        >>> print(net.chain_rule_latex(net.b[1][0]))
        \\frac{\\partial \\mathcal{L}}{\\partial b_{1,1}} = \\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{1}} \\frac{\\partial \\hat{y}_{1}}{\\partial a_{1,1}} \\frac{\\partial a_{1,1}}{\\partial b_{1,1}}
        """
        paths = self.chain_rule_paths(parameter)
        head = _partial_label(r"\mathcal{L}", sp.latex(parameter))
        return head + " = " + " + ".join(path_latex(p, values=values) for p in paths)

    # -- numbers -------------------------------------------------------------

    def to_function(self, expr):
        """Compile expressions to a NumPy function with ``sympy.lambdify``.

        The returned function is ``f(x, y, W_1, b_1, ..., W_L, b_L)``:

        * ``x`` shape ``(n_0,)`` or a batch ``(N, n_0)``; ``y`` shape ``(n_L,)``
          or ``(N, n_L)`` (pass ``None`` if ``expr`` has no ``y``);
        * ``W_i`` shape ``(n_i, n_{i-1})``; ``b_i`` shape ``(n_i,)``, or ``(1,)``
          for a shared bias; exactly the numeric ``Dense`` layers' arrays.

        It returns an array of shape ``batch_shape + expr_shape``: ``()`` for one
        expression, ``(n,)`` for a list of ``n``, ``(r, c)`` for a Matrix.

        ``expr`` may use the intermediate symbols ``a_{i,j}``, ``h_{i,j}``,
        ``yhat_k`` and ``L`` as well: the compiled function first runs the
        forward pass (the ``local`` expressions, layer by layer) and then
        SymPy's common-subexpression elimination (``cse``) on what is left, so a
        quantity used many times is computed once.

        Examples
        --------
        >>> import numpy as np
        >>> net = SymbolicNetwork([2, 1], ["linear"])
        >>> f = net.to_function([net.a[1][0], net.loss_symbol])
        >>> f([1.0, 2.0], [11.0], np.array([[3.0, 4.0]]), np.array([0.5]))
        array([11.5  ,  0.125])
        """
        if isinstance(expr, sp.MatrixBase):
            shape, entries = expr.shape, list(expr)
        elif isinstance(expr, (list, tuple)):
            shape, entries = (len(expr),), list(expr)
        else:
            shape, entries = (), [expr]
        # Nested ReLUs give conditions "if ... then ... else" (ITE) that NumPy's
        # select() cannot take; rewrite them with and/or first.
        entries = [sp.sympify(e).replace(_is_ite, _ite_as_and_or) for e in entries]

        def forward_then_cse(exprs):
            replacements, reduced = sp.cse(exprs, order="none")
            return self._forward_pass() + replacements, reduced

        arguments = [sp.Symbol(_code_name(s)) for s in (*self.x, *self.y, *self.parameters)]
        compiled = sp.lambdify(
            arguments, entries, modules="numpy", printer=_CodePrinter(_PRINTER_SETTINGS),
            cse=forward_then_cse,
        )

        def function(x, y, *params):
            values, batch_shape = self._flat_values(x, y, params)
            columns = [np.broadcast_to(v, batch_shape) for v in compiled(*values)]
            out = np.stack(columns, axis=-1) if columns else np.zeros(batch_shape + (0,))
            return out.reshape(batch_shape + shape)

        function.__doc__ = f"f(x, y, W_1, b_1, ..., W_{self.n_layers}, b_{self.n_layers})"
        return function

    def _forward_pass(self):
        """``[(a_{1,1}, its local expression), ..., (h_{L,K}, ...), (L, loss)]`` in order."""
        steps = []
        for i in range(1, self.n_layers + 1):
            steps += [(s, self.local[s]) for s in (*self.a_symbols[i], *self.h_symbols[i])]
        return steps + [(self.loss_symbol, self.local[self.loss_symbol])]

    def _flat_values(self, x, y, params):
        """Check shapes and list the numbers in the order of ``to_function``'s arguments."""
        n, L = self.sizes, self.n_layers
        x = np.asarray(x, dtype=float)
        if x.ndim not in (1, 2) or x.shape[-1] != n[0]:
            raise ValueError(f"x has shape {x.shape} but the network has {n[0]} inputs")
        batch_shape = x.shape[:-1]
        if y is None:
            y = np.zeros(batch_shape + (n[L],))
        y = np.asarray(y, dtype=float)
        if y.shape != batch_shape + (n[L],):
            raise ValueError(f"y has shape {y.shape}, expected {batch_shape + (n[L],)}")
        if len(params) != 2 * L:
            raise ValueError(f"expected W_1, b_1, ..., W_{L}, b_{L} ({2 * L} arrays), got {len(params)}")
        values = [x[..., k] for k in range(n[0])] + [y[..., k] for k in range(n[L])]
        for i in range(1, L + 1):
            W, b = np.asarray(params[2 * i - 2], float), np.asarray(params[2 * i - 1], float)
            if W.shape != (n[i], n[i - 1]):
                raise ValueError(f"W{i} has shape {W.shape}, expected {(n[i], n[i - 1])}")
            b_shape = (1,) if self.shared_bias[i - 1] else (n[i],)
            if b.shape != b_shape:
                raise ValueError(f"b{i} has shape {b.shape}, expected {b_shape}")
            values += list(W.ravel()) + list(b)
        # Every number gets the batch's shape, so NumPy never mixes scalars and
        # arrays inside one select() or logical_or() of a ReLU's conditions.
        return [np.broadcast_to(v, batch_shape) for v in values], batch_shape

    def gradient_function(self, method="paths"):
        """A compiled ``f(x, y, W_1, b_1, ...) -> SymbolicGradients`` of NumPy
        arrays: ``dW[i]`` shaped ``batch_shape + W_i.shape``, ``db[i]`` like ``b_i``.

        Parameters
        ----------
        method : {"paths", "direct"}
            ``"paths"`` (fast): each derivative is :meth:`chain_rule_sum`, the sum
            over paths of local derivatives, evaluated after the forward pass.
            ``"direct"``: every entry of :meth:`gradients`, SymPy's derivative
            of the written-out loss (slow to build beyond a few dozen weights).

        Built once per method with :meth:`to_function` and cached.
        """
        if method not in ("paths", "direct"):
            raise ValueError(f"method must be 'paths' or 'direct', got {method!r}")
        if method not in self._gradient_functions:
            if method == "paths":
                entries = [self.chain_rule_sum(p) for p in self.parameters]
            else:
                grads = self.gradients()
                entries = []
                for i in range(1, self.n_layers + 1):
                    entries += list(grads.dW[i]) + list(grads.db[i])
            flat = self.to_function(entries)
            self._gradient_functions[method] = lambda x, y, *params: self._split(
                flat(x, y, *params)
            )
        return self._gradient_functions[method]

    def _split(self, flat):
        """Cut a flat ``(..., n_params)`` array into lists ``dW`` and ``db``."""
        dW, db, start = [None], [None], 0
        batch_shape = flat.shape[:-1]
        for i in range(1, self.n_layers + 1):
            w_shape = (self.sizes[i], self.sizes[i - 1])
            b_size = 1 if self.shared_bias[i - 1] else self.sizes[i]
            stop = start + w_shape[0] * w_shape[1]
            dW.append(flat[..., start:stop].reshape(batch_shape + w_shape))
            db.append(flat[..., stop : stop + b_size].reshape(batch_shape + (b_size,)))
            start = stop + b_size
        return SymbolicGradients(dW, db)

    def numeric_gradient(self, network, x, y, method="paths"):
        """Evaluate the symbolic gradient at a numeric network's parameters.

        For a batch ``x`` of shape ``(N, n_0)`` the per-example gradients are
        combined like the numeric loss: summed for ``half_sse``, averaged for
        ``mse``, ``binary_cross_entropy`` and ``cross_entropy``. ``method`` as
        for :meth:`gradient_function`.

        Returns
        -------
        SymbolicGradients
            NumPy arrays ``dW[i]`` shaped like ``W_i``, ``db[i]`` like ``b_i``.
        """
        params = []
        for layer in network.layers:
            params += [layer.W, layer.b]
        grads = self.gradient_function(method)(x, y, *params)
        if np.ndim(x) == 1:
            return grads
        reduce = _BATCH_REDUCTION[self.loss_name]
        return SymbolicGradients(
            [None] + [reduce(g, axis=0) for g in grads.dW[1:]],
            [None] + [reduce(g, axis=0) for g in grads.db[1:]],
        )

    def values(self, network, x, y):
        """Every symbol's number for one example: inputs, targets, parameters,
        ``a_{i,j}``, ``h_{i,j}``, ``yhat_k`` and the loss ``L``.

        Use it to print the worked example's numbers next to each chain-rule
        factor: ``factor.expr.subs(net.values(network, x, y))``.

        Returns
        -------
        dict
            Symbol -> SymPy Float.
        """
        x = np.asarray(x, dtype=float)
        if x.shape != (self.sizes[0],):
            raise ValueError(f"values() takes one example x of shape ({self.sizes[0]},), got {x.shape}")
        flat, _ = self._flat_values(x, y, [p for layer in network.layers for p in (layer.W, layer.b)])
        numbers = dict(zip([*self.x, *self.y, *self.parameters], (sp.Float(float(v), 30) for v in flat)))
        for i in range(1, self.n_layers + 1):
            for s in [*self.a_symbols[i], *self.h_symbols[i]]:
                numbers[s] = self.local[s].xreplace(numbers).evalf(30)
        numbers[self.loss_symbol] = self.local[self.loss_symbol].xreplace(numbers).evalf(30)
        return numbers


def numeric_gradient(network, x, y, loss, method="paths"):
    """The gradient of a numeric ``Network`` computed from the symbolic formulas.

    An independent check of ``network.backward``: builds
    :meth:`SymbolicNetwork.from_network`, lets SymPy write every derivative
    (as a sum over chain-rule paths, or by differentiating the written-out
    loss) and evaluates it with ``lambdify``.

    Parameters
    ----------
    network : ffnn_course.Network
    x : array, shape (n_0,) or (N, n_0)
    y : array, shape (n_L,) or (N, n_L)
    loss : str or Loss
        As for ``network.backward``.
    method : {"paths", "direct"}
        See :meth:`SymbolicNetwork.gradient_function`.

    Returns
    -------
    SymbolicGradients
        ``dW[i]`` shaped like ``W_i``, ``db[i]`` like ``b_i`` (index 0 None).

    Examples
    --------
    >>> import numpy as np
    >>> from ffnn_course import Network, Dense
    >>> net = Network([Dense(np.array([[0.5]]), np.array([0.0]), "linear")])
    >>> numeric_gradient(net, np.array([2.0]), np.array([3.0]), "half_sse").dW[1]
    array([[-4.]])
    """
    symbolic = SymbolicNetwork.from_network(network, loss=loss)
    return symbolic.numeric_gradient(network, x, y, method=method)


# ---------------------------------------------------------------------------
# The chain rule for a composition of one-variable functions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainRuleSteps:
    """The chain rule for :math:`y = f_n(\\cdots f_2(f_1(x)))`, step by step.

    Attributes
    ----------
    x : Symbol
    variables : tuple of Symbol
        ``(x, z_1, ..., z_{n-1}, y)``: ``z_1 = f_1(x)``, ``z_2 = f_2(z_1)``, ...
    definitions : tuple of Expr
        ``(f_1(x), f_2(z_1), ..., f_n(z_{n-1}))``.
    factors : tuple of Factor
        Local derivatives, outermost first:
        :math:`\\frac{dy}{dz_{n-1}}, \\dots, \\frac{dz_1}{dx}`, each in its own
        variable (e.g. ``exp(z_1)``).
    in_x : dict
        Each intermediate ``z_k`` written in ``x``, e.g. ``{z_1: x**2}``.
    composition : Expr
        :math:`y` written in ``x``.
    product : Expr
        The product of the factors with every ``z`` written in ``x``
        (SymPy's canonical order, e.g. ``2*x*exp(x**2)``).
    direct : Expr
        ``sympy.diff(composition, x)``, for comparison.
    """

    x: sp.Symbol
    variables: tuple
    definitions: tuple
    factors: tuple
    in_x: dict
    composition: sp.Expr
    product: sp.Expr
    direct: sp.Expr

    def latex(self):
        """``\\frac{dy}{dx} = \\frac{dy}{dz_1} \\frac{dz_1}{dx} = (e^{z_1}) \\cdot (2 x) = 2 x e^{x^{2}}``."""
        x_in = [sp.latex(f.expr.xreplace(self.in_x)) for f in self.factors]
        return " = ".join(
            [
                _partial_label("y", sp.latex(self.x), d="d"),
                " ".join(f.label for f in self.factors),
                r" \cdot ".join(rf"\left({sp.latex(f.expr)}\right)" for f in self.factors),
                r" \cdot ".join(rf"\left({t}\right)" for t in x_in),
                sp.latex(self.product),
            ]
        )


def _as_function(f, position):
    """A one-argument callable from a SymPy function, a lambda or an expression."""
    if isinstance(f, sp.Expr):
        free = sorted(f.free_symbols, key=str)
        if len(free) != 1:
            raise ValueError(
                f"function {position} ({f}) must have exactly one free symbol, has {free}"
            )
        return lambda z: f.xreplace({free[0]: z}), free[0]
    if callable(f):
        return f, None
    raise ValueError(f"function {position} must be callable or a SymPy expression, got {f!r}")


def chain_rule_steps(functions, x=None):
    """Differentiate :math:`f_n(\\cdots f_1(x))` as a product of local derivatives.

    .. math::

        \\frac{dy}{dx} = \\frac{dy}{dz_{n-1}} \\cdots \\frac{dz_2}{dz_1}
        \\frac{dz_1}{dx}, \\qquad z_k = f_k(z_{k-1}),\\ z_0 = x.

    Parameters
    ----------
    functions : sequence
        ``f_1, ..., f_n`` in the order they are applied (innermost first).
        Each is a one-argument callable (``sympy.exp``, ``lambda z: z**2``) or a
        SymPy expression in one symbol (``x**2``).
    x : Symbol, optional
        The variable. Default: the symbol of ``functions[0]`` if it is an
        expression, else ``Symbol("x", real=True)``.

    Returns
    -------
    ChainRuleSteps

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> steps = chain_rule_steps([x**2, sp.exp])
    >>> [f.expr for f in steps.factors]
    [exp(z_1), 2*x]
    >>> steps.product
    2*x*exp(x**2)
    >>> chain_rule_steps([x**2, sp.exp, sp.exp]).product
    2*x*exp(x**2)*exp(exp(x**2))
    """
    if len(functions) == 0:
        raise ValueError("functions must contain at least one function")
    callables = []
    for position, f in enumerate(functions, start=1):
        g, symbol = _as_function(f, position)
        callables.append(g)
        if x is None and position == 1 and symbol is not None:
            x = symbol
    x = sp.Symbol("x", real=True) if x is None else x
    n = len(callables)
    zs = [sp.Symbol(f"z_{k}", real=True) for k in range(1, n)]
    variables = (x, *zs, sp.Symbol("y", real=True))
    definitions = tuple(g(v) for g, v in zip(callables, variables[:-1]))
    factors = tuple(
        Factor(
            _partial_label(sp.latex(variables[k + 1]), sp.latex(variables[k]), d="d"),
            sp.diff(definitions[k], variables[k]),
        )
        for k in reversed(range(n))
    )
    in_x = {}
    for z, definition in zip(zs, definitions):
        in_x[z] = definition.xreplace(in_x)
    composition = definitions[-1].xreplace(in_x)
    product = sp.Mul(*(f.expr.xreplace(in_x) for f in factors))
    return ChainRuleSteps(
        x, variables, definitions, factors, in_x, composition, product, sp.diff(composition, x)
    )


# ---------------------------------------------------------------------------
# Softmax + cross-entropy: dL/da_k = yhat_k - y_k
# ---------------------------------------------------------------------------


def _use_sum_to_one(expr, y, k):
    """Impose :math:`\\sum_j y_j = 1` by eliminating one target other than ``y_k``."""
    other = len(y) - 1 if k != len(y) - 1 else 0
    rest = sum(y_j for j, y_j in enumerate(y) if j != other)
    return expr.xreplace({y[other]: 1 - rest})


@dataclass(frozen=True)
class SoftmaxCrossEntropyGradient:
    """:math:`\\partial \\mathcal{L}/\\partial a_k` for softmax + cross-entropy.

    Attributes
    ----------
    a, y, y_hat : tuple of Symbol
        Logits ``a_1..a_K``, targets ``y_1..y_K``, outputs ``yhat_1..yhat_K``.
    loss : Expr
        :math:`-\\sum_j y_j \\log \\frac{e^{a_j}}{\\sum_i e^{a_i}}`, in ``a`` and ``y``.
    direct : tuple of Expr
        ``sympy.diff(loss, a_k)`` as SymPy returns it.
    chain : tuple of Expr
        The chain rule through the outputs,
        :math:`\\sum_j \\frac{-y_j}{\\hat y_j}\\, \\hat y_j(\\delta_{jk} - \\hat y_k)
        = -y_k + \\hat y_k \\sum_j y_j`.
    simplified : tuple of Expr
        ``chain`` with :math:`\\sum_j y_j = 1` imposed (one target other than
        ``y_k`` eliminated), expanded: ``yhat_k - y_k``.
    """

    a: tuple
    y: tuple
    y_hat: tuple
    loss: sp.Expr
    direct: tuple
    chain: tuple
    simplified: tuple

    def softmax(self):
        """``yhat_k`` mapped to :math:`e^{a_k} / \\sum_i e^{a_i}` (for substitution)."""
        return dict(zip(self.y_hat, _softmax_value(list(self.a))))


def softmax_cross_entropy_gradient(K):
    """Derive :math:`\\partial \\mathcal{L} / \\partial a_k = \\hat y_k - y_k`.

    With :math:`\\hat y = \\mathrm{softmax}(a)` and
    :math:`\\mathcal{L} = -\\sum_j y_j \\log \\hat y_j`:

    .. math::

        \\frac{\\partial \\mathcal{L}}{\\partial a_k}
        = \\sum_j \\frac{-y_j}{\\hat y_j}\\, \\hat y_j (\\delta_{jk} - \\hat y_k)
        = -y_k + \\hat y_k \\sum_j y_j = \\hat y_k - y_k
        \\quad\\text{since } \\textstyle\\sum_j y_j = 1.

    Parameters
    ----------
    K : int
        Number of classes, ``K >= 2``.

    Returns
    -------
    SoftmaxCrossEntropyGradient

    Examples
    --------
    >>> g = softmax_cross_entropy_gradient(3)
    >>> g.chain[0]
    -y_1*(1 - yhat_1) + y_2*yhat_1 + y_3*yhat_1
    >>> g.simplified
    (-y_1 + yhat_1, -y_2 + yhat_2, -y_3 + yhat_3)
    """
    if int(K) != K or K < 2:
        raise ValueError(f"K must be an integer >= 2, got {K}")
    K = int(K)
    a = tuple(_symbols("a_{}", [(k,) for k in range(1, K + 1)]))
    y = tuple(_symbols("y_{}", [(k,) for k in range(1, K + 1)]))
    y_hat = tuple(_symbols("yhat_{}", [(k,) for k in range(1, K + 1)]))
    loss = _cross_entropy(y, _softmax_value(list(a)))
    direct = tuple(sp.diff(loss, a_k) for a_k in a)
    dL_dyhat = [sp.diff(_cross_entropy(y, y_hat), yh_j) for yh_j in y_hat]  # -y_j / yhat_j
    chain = tuple(
        sp.Add(*(dL_dyhat[j] * _softmax_derivative(a, y_hat, j, k) for j in range(K)))
        for k in range(K)
    )
    simplified = tuple(sp.expand(_use_sum_to_one(c, y, k)) for k, c in enumerate(chain))
    return SoftmaxCrossEntropyGradient(a, y, y_hat, loss, direct, chain, simplified)
