"""The checks of the exercises of chapter 6, *The chain rule*.

The exercises are in ``exercises/06_chain_rule.ipynb``.

The SymPy checks import SymPy when they run (``import ffnn_course.checks`` stays numpy-only).
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from .answers import compare, fmt, missing
from .calls import function_check
from .engine import Mistake, NotAttempted, Wrong, register, see

CHAPTER = 6
_DEEP = see(CHAPTER, "Three functions deep: $e^{e^{x^2}}$")
_NEURON = see(CHAPTER, "The sigmoid's derivative, gate by gate")


def _sympy():
    import sympy
    return sympy


def _symbol(s, name):
    sp = _sympy()
    if isinstance(s, sp.Symbol):
        return s
    raise Wrong(f"the second argument should be your SymPy symbol {name} "
                f"(e.g. {name} = sp.Symbol('{name}')), got {fmt(s)}.")


def _sympy_equal(expr, expected, var, what, mistakes):
    """Compare two SymPy expressions in ``var`` at several points; diagnose with ``mistakes``."""
    sp = _sympy()
    if missing(expr):
        raise NotAttempted
    if isinstance(expr, str):
        raise Wrong(f"{what} is a string; build a SymPy expression (e.g. with sp.diff).")
    try:
        expr = sp.sympify(expr)
    except BaseException:  # noqa: BLE001
        raise Wrong(f"{what} is not a SymPy expression (got {fmt(expr)}).") from None
    extra = expr.free_symbols - {var}
    if extra:
        raise Wrong(f"{what} contains other symbols {sorted(map(str, extra))}; it should depend "
                    f"on {var} only.", "Use the same symbol object you differentiated with.")
    points = [-1.3, -0.4, 0.2, 0.7, 1.1]

    def values(e):
        f = sp.lambdify(var, e, "math")
        out = [complex(f(p)) for p in points]
        if any(abs(v.imag) > 1e-12 for v in out):
            raise Wrong(f"{what} takes complex values at real {var}.")
        return np.array([v.real for v in out])

    try:
        got = values(expr)
    except Wrong:
        raise
    except BaseException as err:  # noqa: BLE001
        raise Wrong(f"could not evaluate {what} at numbers ({type(err).__name__}).") from None
    if np.allclose(got, values(expected), rtol=1e-9, atol=1e-12):
        return
    for m in mistakes:
        if np.allclose(got, values(m.answer(var)), rtol=1e-9, atol=1e-12):
            raise Wrong(m.message, m.hint)
    raise Wrong(f"{what} is not right yet: your expression is {fmt(expr)}.",
                "Let SymPy do it: sp.diff(f, variable). " + _DEEP)


EXP_CHAIN_MISTAKES = [
    Mistake("the factor 2x (the derivative of x²) is missing.",
            lambda x: _sympy().exp(_sympy().exp(x ** 2)) * _sympy().exp(x ** 2),
            "The chain rule multiplies the derivatives of ALL nested functions. " + _DEEP),
    Mistake("the factor e^{x²} (the derivative of the middle function) is missing.",
            lambda x: _sympy().exp(_sympy().exp(x ** 2)) * 2 * x, _DEEP),
]


@register(EXP_CHAIN_MISTAKES)
def exp_chain_sympy(checker, expr, x):
    """The SymPy derivative of e^{e^{x²}} with respect to the symbol ``x``."""
    sp = _sympy()
    x = _symbol(x, "x")
    _sympy_equal(expr, sp.diff(sp.exp(sp.exp(x ** 2)), x), x, "d/dx e^(e^(x²))",
                 EXP_CHAIN_MISTAKES)
    return "Correct! One factor per nested function."


def _s(a):
    return 1 / (1 + _sympy().exp(-a))


SIGMOID_DERIVATIVE_MISTAKES = [
    Mistake("the sign is wrong: the derivative of e^{−a} is −e^{−a}, and d(1/u)/du = −1/u²; "
            "the two minus signs cancel.",
            lambda a: -_sympy().exp(-a) / (1 + _sympy().exp(-a)) ** 2, _NEURON),
    Mistake("that is σ², not the derivative.", lambda a: _s(a) ** 2, _NEURON),
]


@register(SIGMOID_DERIVATIVE_MISTAKES)
def sigmoid_derivative_sympy(checker, expr, a):
    """The SymPy derivative dσ/da of σ(a) = 1/(1 + e^{−a}) with respect to the symbol ``a``."""
    a = _symbol(a, "a")
    _sympy_equal(expr, _sympy().diff(_s(a), a), a, "dσ/da", SIGMOID_DERIVATIVE_MISTAKES)
    return "Correct! It simplifies to σ(a)(1 − σ(a)): the derivative from the value alone."


_W, _X, _Y = 0.5, 2.0, 1.0            # the exercise's numbers: L(w) = (σ(w x) − y)²


def _f():
    return float(ref.sigmoid(_W * _X))


CHAIN_MISTAKES = [
    Mistake("the factor σ'(a) = σ(a)(1 − σ(a)) is missing.",
            lambda: 2 * (_f() - _Y) * _X, _NEURON, "dL_dw"),
    # With x = 2, leaving out x and leaving out the 2 of d(u²)/du give the same number.
    Mistake("one factor is missing: ∂a/∂w = x, or the 2 of d(u²)/du = 2u (with x = 2 both give "
            "this number).", lambda: 2 * (_f() - _Y) * _f() * (1 - _f()), _NEURON, "dL_dw"),
]


@register(CHAIN_MISTAKES)
def chain_rule_numeric(checker, dL_dw):
    """dℒ/dw for ℒ(w) = (σ(w x) − y)² at w = 0.5, x = 2, y = 1, as a number."""
    compare(dL_dw, ref.chain_rule_example(_W, _X, _Y), "dL/dw", rtol=1e-4,
            mistakes=[(m.answer(), m.message, m.hint) for m in CHAIN_MISTAKES])
    return "Correct! dℒ/dw = 2(σ(a) − y) · σ(a)(1 − σ(a)) · x."


TANH_MISTAKES = [
    Mistake("that is 1 − tanh(a); the derivative is 1 − tanh(a)².", lambda a: 1 - np.tanh(a),
            see(CHAPTER, "Three derivatives we know")),
    Mistake("that is the sigmoid's formula t(1 − t) applied to tanh.",
            lambda a: np.tanh(a) * (1 - np.tanh(a)), see(CHAPTER, "Three derivatives we know")),
]


@register(TANH_MISTAKES)
def tanh_derivative(checker, fn):
    """``fn(a)`` returns tanh'(a) element-wise (numpy, not SymPy)."""
    rng = checker.rng()
    cases = [(rng.normal(0, 2, size=rng.integers(2, 8)),) for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.tanh_derivative, "tanh_derivative(a)",
                   mistakes=TANH_MISTAKES)
    return "Correct! tanh'(a) = 1 − tanh(a)², again from the value alone."
