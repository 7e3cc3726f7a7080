r"""Two derivations the book prints step by step, standalone from any network.

* :func:`chain_rule_steps`: the chain rule for a composition of one-variable
  functions, :math:`\frac{dy}{dx} = \frac{dy}{dz_{n-1}} \cdots \frac{dz_1}{dx}`
  (chapter *The chain rule*).
* :func:`softmax_cross_entropy_gradient`: :math:`\partial \mathcal{L} /
  \partial a_k = \hat y_k - y_k` for a softmax output with cross-entropy
  (chapter *Cross-entropy*).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .formulas import Factor, cross_entropy, partial_label, softmax_derivative, softmax_value, symbols

__all__ = [
    "ChainRuleSteps",
    "SoftmaxCrossEntropyGradient",
    "chain_rule_steps",
    "softmax_cross_entropy_gradient",
]


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
        """The whole derivation as one LaTeX line: labels, factors, factors in ``x``, product.

        Examples
        --------
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> print(chain_rule_steps([x**2, sp.exp]).latex())
        \\frac{d y}{d x} = \\frac{d y}{d z_{1}} \\frac{d z_{1}}{d x} = \\left(e^{z_{1}}\\right) \\cdot \\left(2 x\\right) = \\left(e^{x^{2}}\\right) \\cdot \\left(2 x\\right) = 2 x e^{x^{2}}
        """
        x_in = [sp.latex(f.expr.xreplace(self.in_x)) for f in self.factors]
        return " = ".join(
            [
                partial_label("y", sp.latex(self.x), d="d"),
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
        \\frac{dz_1}{dx},

        z_k = f_k(z_{k-1}),\\ z_0 = x.

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
            partial_label(sp.latex(variables[k + 1]), sp.latex(variables[k]), d="d"),
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
        return dict(zip(self.y_hat, softmax_value(list(self.a))))


def softmax_cross_entropy_gradient(K):
    """Derive :math:`\\partial \\mathcal{L} / \\partial a_k = \\hat y_k - y_k`.

    With :math:`\\hat y = \\mathrm{softmax}(a)` and
    :math:`\\mathcal{L} = -\\sum_j y_j \\log \\hat y_j`:

    .. math::

        \\frac{\\partial \\mathcal{L}}{\\partial a_k}
        = \\sum_j \\frac{-y_j}{\\hat y_j}\\, \\hat y_j (\\delta_{jk} - \\hat y_k)

        = -y_k + \\hat y_k \\sum_j y_j = \\hat y_k - y_k

        \\text{since } \\textstyle\\sum_j y_j = 1.

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
    a = tuple(symbols("a_{}", [(k,) for k in range(1, K + 1)]))
    y = tuple(symbols("y_{}", [(k,) for k in range(1, K + 1)]))
    y_hat = tuple(symbols("yhat_{}", [(k,) for k in range(1, K + 1)]))
    loss = cross_entropy(y, softmax_value(list(a)))
    direct = tuple(sp.diff(loss, a_k) for a_k in a)
    dL_dyhat = [sp.diff(cross_entropy(y, y_hat), yh_j) for yh_j in y_hat]  # -y_j / yhat_j
    chain = tuple(
        sp.Add(*(dL_dyhat[j] * softmax_derivative(a, y_hat, j, k) for j in range(K)))
        for k in range(K)
    )
    simplified = tuple(sp.expand(_use_sum_to_one(c, y, k)) for k, c in enumerate(chain))
    return SoftmaxCrossEntropyGradient(a, y, y_hat, loss, direct, chain, simplified)