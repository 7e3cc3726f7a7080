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


def _exp_inverse_square(x):
    """The exercise's function f(x) = e^{1/x²}: the links x², 1/z and e^z."""
    return _sympy().exp(1 / x ** 2)


EXP_CHAIN_MISTAKES = [
    Mistake("the factor 2x (the derivative of the innermost link x²) is missing.",
            lambda x: _exp_inverse_square(x) * (-1 / x ** 4),
            "The chain rule multiplies the derivatives of ALL the links. " + _DEEP),
    Mistake("the sign is wrong: the link 1/z has the derivative −1/z².",
            lambda x: _exp_inverse_square(x) * (1 / x ** 4) * 2 * x,
            see(CHAPTER, "Three derivatives we know")),
    Mistake("the link 1/z got the derivative −1/z; the rule is d(1/z)/dz = −1/z².",
            lambda x: _exp_inverse_square(x) * (-1 / x ** 2) * 2 * x,
            see(CHAPTER, "Three derivatives we know")),
    Mistake("the outer factor e^{1/x²} (the derivative of e^z is e^z, at z = 1/x²) is missing.",
            lambda x: (-1 / x ** 4) * 2 * x, _DEEP),
]


@register(EXP_CHAIN_MISTAKES)
def exp_chain_sympy(checker, expr, x):
    """The derivative of f(x) = e^{1/x²} as a SymPy expression in the symbol ``x`` (exercise 6.2)."""
    sp = _sympy()
    x = _symbol(x, "x")
    _sympy_equal(expr, sp.diff(_exp_inverse_square(x), x), x, "d/dx e^(1/x²)",
                 EXP_CHAIN_MISTAKES)
    return "Correct! e^{1/x²} · (−1/x⁴) · 2x = −2 e^{1/x²} / x³: one factor per link."


def _s(a):
    return 1 / (1 + _sympy().exp(-a))


SIGMOID_DERIVATIVE_MISTAKES = [
    Mistake("the bug is still there: the gate σ = 1/s has the local derivative −1/s², not −1/s "
            "(with −1/s the result is 1 − σ(a)).",
            lambda a: (-1 / (1 + _sympy().exp(-a))) * _sympy().exp(-a) * (-1), _NEURON),
    Mistake("the sign is wrong: the derivative of e^{−a} is −e^{−a}, and d(1/u)/du = −1/u²; "
            "the two minus signs cancel.",
            lambda a: -_sympy().exp(-a) / (1 + _sympy().exp(-a)) ** 2, _NEURON),
    Mistake("the exp gate's local derivative is its own output v = e^{u} at its input u = −a; "
            "you used e^{a}.",
            lambda a: (-1 / (1 + _sympy().exp(-a)) ** 2) * _sympy().exp(a) * (-1), _NEURON),
    Mistake("that is σ², not the derivative.", lambda a: _s(a) ** 2, _NEURON),
]


@register(SIGMOID_DERIVATIVE_MISTAKES)
def sigmoid_derivative_sympy(checker, expr, a):
    """dσ/da of σ(a) = 1/(1 + e^{−a}), gate by gate, as a SymPy expression in the symbol ``a``
    (the fixed version of exercise 6.3's backward pass)."""
    a = _symbol(a, "a")
    _sympy_equal(expr, _sympy().diff(_s(a), a), a, "dσ/da", SIGMOID_DERIVATIVE_MISTAKES)
    return "Correct! It simplifies to σ(a)(1 − σ(a)): the derivative from the value alone."


_W, _X, _Y = -0.4, 1.5, 1.0           # the exercise's numbers: L(w) = (σ(w x) − y)²


def _f():
    return float(ref.sigmoid(_W * _X))


CHAIN_MISTAKES = [
    Mistake("the factor σ'(a) = σ(a)(1 − σ(a)) is missing.",
            lambda: 2 * (_f() - _Y) * _X, _NEURON, "dL_dw"),
    Mistake("the factor ∂a/∂w = x is missing.",
            lambda: 2 * (_f() - _Y) * _f() * (1 - _f()), _NEURON, "dL_dw"),
    Mistake("the 2 of d(u²)/du = 2u is missing (this loss has no ½).",
            lambda: (_f() - _Y) * _f() * (1 - _f()) * _X, _NEURON, "dL_dw"),
]


@register(CHAIN_MISTAKES)
def chain_rule_numeric(checker, dL_dw):
    """dℒ/dw for ℒ(w) = (σ(w x) − y)² at w = −0.4, x = 1.5, y = 1, as a number (exercise 6.1)."""
    compare(dL_dw, ref.chain_rule_example(_W, _X, _Y), "dL/dw", rtol=1e-4,
            mistakes=[(m.answer(), m.message, m.hint) for m in CHAIN_MISTAKES])
    return "Correct! dℒ/dw = 2(σ(a) − y) · σ(a)(1 − σ(a)) · x."


def _t(a):
    return 2 * ref.sigmoid(2 * np.asarray(a, dtype=float)) - 1          # = tanh(a)


def _sigma_prime(z):
    s = ref.sigmoid(np.asarray(z, dtype=float))
    return s * (1 - s)


_TANH = see(CHAPTER, "One function inside another: $e^{x^2}$")
TANH_MISTAKES = [
    Mistake("off by a factor 2: t(a) = 2σ(2a) − 1 has two factors 2, the outer 2 and the "
            "derivative of the inner function 2a; one of them is missing.",
            lambda a: 2 * _sigma_prime(2 * a), _TANH),
    Mistake("both factors 2 are missing: that is σ'(2a), the derivative of σ(2a) with respect "
            "to 2a, not of 2σ(2a) − 1 with respect to a.", lambda a: _sigma_prime(2 * a), _TANH),
    Mistake("σ' is evaluated at a; the chain rule evaluates the outer derivative at the inner "
            "value, 2a.", lambda a: 4 * _sigma_prime(a), _TANH),
    Mistake("that is 1 − t(a); write σ(2a) through t, σ(2a) = (1 + t)/2, and simplify again.",
            lambda a: 1 - _t(a), _NEURON),
    Mistake("that is the sigmoid's formula t(1 − t) applied to t; t is not σ.",
            lambda a: _t(a) * (1 - _t(a)), _NEURON),
]


@register(TANH_MISTAKES)
def tanh_derivative(checker, fn):
    """``fn(a)`` returns t'(a) for t(a) = 2σ(2a) − 1 = tanh(a), element-wise (exercise 6.4)."""
    rng = checker.rng()
    cases = [(rng.normal(0, 2, size=rng.integers(2, 8)),) for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.tanh_derivative, "tanh_derivative(a)",
                   mistakes=TANH_MISTAKES)
    return "Correct! t'(a) = 4σ(2a)(1 − σ(2a)) = 1 − t(a)²: again from the value alone."
