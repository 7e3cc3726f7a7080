r"""The symbolic network: the lecture's network in SymPy symbols, and its chain-rule paths.

:class:`SymbolicNetwork` writes :math:`a_i = W_i h_{i-1} + b_i`, :math:`h_i = g_i(a_i)`,
:math:`\hat y = h_L` with symbols named after their indices (``x_k``, ``y_k``,
``w_{i,j,k}``, ``b_{i,j}`` or a shared ``b_{i}``, ``a_{i,j}``, ``h_{i,j}``, ``yhat_k``), so
a notebook can print any pre-activation, the loss, its derivative with respect to any
weight, and every **path** from the loss back to that weight as a product of local
derivatives (:class:`~ffnn_course.symbolic.formulas.Factor`); the derivative is the sum
over paths of these products. Everything is for **one example**.

Taught in the chapters *Backpropagation* and *Backpropagation step by step*.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .compiler import NumericEvaluation
from .formulas import (ACTIVATIONS, LEAK, LOSSES, Factor, SymbolicGradients, name_of,
                       partial_label, symbols)

__all__ = ["SymbolicNetwork", "numeric_gradient", "path_latex", "path_product"]


# ---------------------------------------------------------------------------
# A chain-rule path: a list of Factor, from the loss inwards
# ---------------------------------------------------------------------------


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


def path_latex(path, values=False, per_line=None):
    """Render a chain-rule path as a LaTeX string for ``IPython.display.Math``.

    Parameters
    ----------
    path : list of Factor
    values : bool, default False
        If True, append ``= (expr_1) \\cdot (expr_2) \\cdots`` with each factor's
        local derivative.
    per_line : int, optional
        At most this many factors per line (an ``aligned`` block), so that a long
        path fits a phone's screen; by default everything is on one line.

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
    >>> print(path_latex(path, per_line=2))
    \\begin{aligned}&\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{1}} \\frac{\\partial \\hat{y}_{1}}{\\partial a_{1,1}} \\\\ &\\quad \\frac{\\partial a_{1,1}}{\\partial w_{1,1,1}}\\end{aligned}
    """
    if per_line is not None and (isinstance(per_line, bool) or int(per_line) != per_line
                                 or per_line < 1):
        raise ValueError(f"per_line must be a positive integer, got {per_line!r}")
    step = per_line or len(path)
    labels = [" ".join(f.label for f in path[k:k + step]) for k in range(0, len(path), step)]
    values = [r" \cdot ".join(rf"\left({sp.latex(f.expr)}\right)" for f in path[k:k + step])
              for k in range(0, len(path), step)] if values else []
    lines = labels + [("= " if k == 0 else r"\cdot ") + row for k, row in enumerate(values)]
    if per_line is None:
        return " ".join(lines)
    return r"\begin{aligned}&" + r" \\ &\quad ".join(lines) + r"\end{aligned}"


# ---------------------------------------------------------------------------
# The symbolic network
# ---------------------------------------------------------------------------


class SymbolicNetwork(NumericEvaluation):
    """A feed-forward network written out in SymPy symbols, for one example.

    The symbols, the derivatives and the chain-rule paths are defined here; the
    numbers (``to_function``, ``gradient_function``, ``numeric_gradient``,
    ``values``) come from ``NumericEvaluation`` in ``ffnn_course.symbolic.compiler``.

    Forward pass, for layers ``i = 1 .. L``:

    .. math::

        a_{i,j} = \\sum_k w_{i,j,k}\\, h_{i-1,k} + b_{i,j},

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
        self.activations = [name_of(g, "activation") for g in activations]
        self.loss_name = name_of(loss, "loss")
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
            if alpha is not None and alpha != float(LEAK):
                raise ValueError(
                    f"layer {i} is a leaky ReLU with alpha={alpha}; the symbolic "
                    f"network uses alpha={float(LEAK)}"
                )
        return cls(sizes, activations, loss=loss, shared_bias=shared)

    def _make_symbols(self):
        n, L = self.sizes, self.n_layers
        self.x = symbols("x_{}", [(k,) for k in range(1, n[0] + 1)])
        self.y = symbols("y_{}", [(k,) for k in range(1, n[L] + 1)])
        self.loss_symbol = sp.Symbol("L", real=True)
        self.W, self.b = [None], [None]
        self.a_symbols, self.h_symbols = [None], [self.x]
        for i in range(1, L + 1):
            rows = [
                symbols("w_{{{},{},{}}}", [(i, j, k) for k in range(1, n[i - 1] + 1)])
                for j in range(1, n[i] + 1)
            ]
            self.W.append(sp.Matrix(rows))
            if self.shared_bias[i - 1]:
                self.b.append(sp.Matrix([sp.Symbol(f"b_{{{i}}}", real=True)] * n[i]))
            else:
                self.b.append(sp.Matrix(symbols("b_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)])))
            self.a_symbols.append(symbols("a_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)]))
            if i < L:
                self.h_symbols.append(symbols("h_{{{},{}}}", [(i, j) for j in range(1, n[i] + 1)]))
            else:
                self.h_symbols.append(symbols("yhat_{}", [(j,) for j in range(1, n[i] + 1)]))
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
            (child, Factor(partial_label(self._latex(node), self._latex(child)), derivative))
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
        head = partial_label(r"\mathcal{L}", sp.latex(parameter))
        return head + " = " + " + ".join(path_latex(p, values=values) for p in paths)


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
