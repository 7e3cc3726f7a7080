"""The checks of the exercises of chapter 10, *Optimizers*.

The exercises are in ``exercises/10_optimizers.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 10
_RULES = see(CHAPTER, "The update rules")

MOMENTUM_MISTAKES = [
    Mistake("u_new = γ u + g is PyTorch's velocity; the lecture's u_t = γ u_{t−1} + η ∇w_t "
            "includes η.", lambda w, u, g, lr, gm: (w - lr * (gm * u + g), gm * u + g), _RULES),
    Mistake("the decay γ of the old velocity is missing.",
            lambda w, u, g, lr, gm: (w - (u + lr * g), u + lr * g), _RULES),
    Mistake("w_new ignores the velocity: step by the whole u_t.",
            lambda w, u, g, lr, gm: (w - lr * g, gm * u + lr * g), _RULES),
    Mistake("w_new adds u_t: the update subtracts it.",
            lambda w, u, g, lr, gm: (w + gm * u + lr * g, gm * u + lr * g), _RULES),
]


@register(MOMENTUM_MISTAKES)
def momentum_step(checker, fn):
    """``fn(w, u, g, lr, gamma)`` returns (w_new, u_new): u ← γ u + η g, w ← w − u."""
    rng = checker.rng()
    cases = [(*rng.normal(size=(3, 4)), float(rng.uniform(0.01, 0.5)),
              float(rng.uniform(0.5, 0.99))) for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.momentum_step, "momentum_step(w, u, g, lr, gamma)",
                   names=["w_new", "u_new"], mistakes=MOMENTUM_MISTAKES)
    return "Correct! u_t = γ u_{t−1} + η ∇w_t, then w_{t+1} = w_t − u_t."


RMSPROP_MISTAKES = [
    Mistake("that is AdaGrad's sum v + g²; RMSProp decays the old v.",
            lambda w, v, g, lr, b, e: (w - lr * g / (np.sqrt(v + g ** 2) + e), v + g ** 2), _RULES),
    Mistake("β and 1 − β are swapped: the old v keeps the weight β.", lambda w, v, g, lr, b, e: (
        w - lr * g / (np.sqrt((1 - b) * v + b * g ** 2) + e), (1 - b) * v + b * g ** 2), _RULES),
    Mistake("w_new divides by v; divide by its square root √v.", lambda w, v, g, lr, b, e: (
        w - lr * g / (b * v + (1 - b) * g ** 2 + e), b * v + (1 - b) * g ** 2), _RULES),
]


@register(RMSPROP_MISTAKES)
def rmsprop_step(checker, fn):
    """``fn(w, v, g, lr, beta, eps)`` returns (w_new, v_new) of one RMSProp step.

    v ← β v + (1 − β) g², w ← w − η g/(√v + ε).
    """
    rng = checker.rng()
    cases = [(rng.normal(size=4), rng.uniform(0, 1, size=4), rng.normal(size=4),
              float(rng.uniform(0.001, 0.1)), float(rng.uniform(0.8, 0.99)), 1e-8)
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.rmsprop_step, "rmsprop_step(w, v, g, lr, beta, eps)",
                   names=["w_new", "v_new"], mistakes=RMSPROP_MISTAKES)
    return "Correct! Each weight gets its own step size η/√v."


def adam_step_with_a_bug(w, m, v, g, t, lr, beta1, beta2, eps):
    """The function given in exercise 10.8: it returns the bias-corrected moments as the state."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m = m / (1 - beta1**t)                      # bias correction
    v = v / (1 - beta2**t)
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_without_correction(w, m, v, g, t, lr, b1, b2, e):
    m_new, v_new = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2
    return w - lr * m_new / (np.sqrt(v_new) + e), m_new, v_new


def _adam_without_root(w, m, v, g, t, lr, b1, b2, e):
    _, m_new, v_new = ref.adam_step(w, m, v, g, t, lr, b1, b2, e)
    return w - lr * (m_new / (1 - b1 ** t)) / (v_new / (1 - b2 ** t) + e), m_new, v_new


ADAM_MISTAKES = [
    Mistake("this is still the bug: m_new and v_new are returned bias-corrected, so the next "
            "step averages into corrected moments and corrects them again. Keep the raw running "
            "averages m_t, v_t as the state; use m̂_t, v̂_t only for the step.",
            adam_step_with_a_bug, see(CHAPTER, "Adam: momentum plus RMSProp, with a bias "
                                               "correction")),
    Mistake("the bias correction is missing from the step: with it gone, the first steps are "
            "far from η.", _adam_without_correction,
            "Divide m by (1 − β1^t) and v by (1 − β2^t) before the step. " + _RULES),
    Mistake("w_new divides by v̂; divide by its square root √v̂.", _adam_without_root, _RULES),
]


@register(ADAM_MISTAKES)
def adam_step(checker, fn):
    """``fn(w, m, v, g, t, lr, beta1, beta2, eps)`` returns (w_new, m_new, v_new): Adam, step t.

    The fixed function of exercise 10.8; ``m_new`` and ``v_new`` are the raw moments.
    """
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        w, m, g = rng.normal(size=(3, 4))
        cases.append((w, m, rng.uniform(0, 1, size=4), g, int(rng.integers(1, 6)),
                      float(rng.uniform(0.001, 0.1)), 0.9, 0.999, 1e-8))
    function_check(checker, fn, cases, ref.adam_step,
                   "adam_step(w, m, v, g, t, lr, beta1, beta2, eps)",
                   names=["w_new", "m_new", "v_new"], mistakes=ADAM_MISTAKES)
    return ("Correct! The state is the raw averages; the correction only sizes the step, "
            "so the first steps are about η long.")


# ----- predict, then run: gradient descent and momentum on a steep quadratic -----------------
#: Exercise 10.3: ℒ(w) = ½ λ w² from w = 1, both methods with the same η (momentum γ).
QUADRATIC = {"lam": 10.0, "lr": 0.25, "gamma": 0.9, "steps": 60}


def _quadratic_options():
    """The options of exercise 10.3, each with its reason computed from the numbers."""
    from ..experiments.optimizers import momentum_roots
    q = QUADRATIC
    factor = 1 - q["lr"] * q["lam"]                       # gradient descent: w ← (1 − ηλ) w
    roots = momentum_roots(q["lr"] * q["lam"], q["gamma"])
    gd_diverges, mom_diverges = abs(factor) > 1, roots["rate"] > 1
    gd = (f"gradient descent multiplies w by 1 − ηλ = {factor:g} at every step, so |w| "
          f"{'grows' if gd_diverges else 'shrinks'} by a factor {abs(factor):g} per step"
          ).replace("-", "−")
    mom = (f"momentum's recurrence w_(t+1) = (1 + γ − ηλ) w_t − γ w_(t−1) has "
           f"{'complex' if roots['oscillates'] else 'real'} roots, the larger of size "
           f"{roots['rate']:.3g}, so w {'grows' if mom_diverges else 'shrinks'}"
           f"{' while it oscillates' if roots['oscillates'] else ''}")
    options = {"a": (False, False), "b": (True, False), "c": (False, True), "d": (True, True)}
    out = {}
    for letter, (g_div, m_div) in options.items():
        right = (g_div, m_div) == (gd_diverges, mom_diverges)
        wrong = [r for r, ok in ((gd, g_div == gd_diverges), (mom, m_div == mom_diverges))
                 if not ok]
        why = ("; ".join(wrong) + "." if wrong else
               f"Correct! {gd[0].upper() + gd[1:]}; {mom}: momentum survives a step that "
               f"breaks gradient descent.")
        out[letter] = (right, why)
    return out


@register()
def quadratic_prediction(checker, prediction):
    """The letter predicted in exercise 10.3: which of the two runs diverges."""
    from .answers import choose
    return choose(prediction, _quadratic_options(), what="prediction",
                  hint=see(CHAPTER, "Momentum: a running sum of past gradients"))


# ----- Nesterov and AdaGrad -----------------------------------------------------------------
_NESTEROV = _RULES
_ADAGRAD = _RULES


def _nesterov(w, u, grad, lr, gamma):
    look = w - gamma * u                       # where the momentum alone would take w
    u_new = gamma * u + lr * np.asarray(grad(look), dtype=np.float64)
    return w - u_new, u_new


NESTEROV_MISTAKES = [
    Mistake("the gradient is taken at w: that is plain momentum; Nesterov takes it at the "
            "look-ahead point w − γu.",
            lambda w, u, grad, lr, gm: ref.momentum_step(w, u, grad(w), lr, gm), _NESTEROV),
    Mistake("the look-ahead point is w + γu; momentum moves w by −u, so look ahead to w − γu.",
            lambda w, u, grad, lr, gm: (w - (gm * u + lr * grad(w + gm * u)),
                                        gm * u + lr * grad(w + gm * u)), _NESTEROV),
    Mistake("u_new leaves out η: u_t = γ u_{t−1} + η ∇ℒ(w − γ u_{t−1}).",
            lambda w, u, grad, lr, gm: (w - (gm * u + grad(w - gm * u)),
                                        gm * u + grad(w - gm * u)), _NESTEROV),
]


def _quadratic(rng, n):
    """A random convex quadratic's gradient w ↦ A w + c (A symmetric positive definite)."""
    M = rng.normal(size=(n, n))
    A, c = M @ M.T / n + np.eye(n), rng.normal(size=n)

    def grad(w, A=A, c=c):
        return A @ np.asarray(w, dtype=np.float64) + c
    return grad


@register(NESTEROV_MISTAKES)
def nesterov_step(checker, fn):
    """``fn(w, u, grad, lr, gamma)`` returns (w_new, u_new) of one Nesterov step.

    ``grad(w)`` is the gradient function; look ahead to w − γu, then u ← γu + η grad(look),
    w ← w − u.
    """
    rng = checker.rng()
    cases = [(rng.normal(size=4), rng.normal(size=4), _quadratic(rng, 4),
              float(rng.uniform(0.01, 0.3)), float(rng.uniform(0.5, 0.95)))
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, _nesterov, "nesterov_step(w, u, grad, lr, gamma)",
                   names=["w_new", "u_new"], mistakes=NESTEROV_MISTAKES)
    return "Correct! Look ahead with the momentum, then correct with the gradient found there."


def _adagrad(w, v, g, lr, eps):
    from ..optimizers import AdaGrad
    w_new, v_new = np.array(w, dtype=np.float64), np.array(v, dtype=np.float64)
    opt = AdaGrad([w_new], lr=lr, eps=eps)
    opt.state[0]["v"] = v_new                  # the running sum so far
    opt.step([np.asarray(g, dtype=np.float64)])
    return w_new, v_new


ADAGRAD_MISTAKES = [
    Mistake("w_new divides by the old sum v; add g² first, then divide by √v_new.",
            lambda w, v, g, lr, e: (w - lr * g / (np.sqrt(v) + e), v + g ** 2), _ADAGRAD),
    Mistake("v_new adds g, not g²: AdaGrad sums the squared gradients.",
            lambda w, v, g, lr, e: (w - lr * g / (np.sqrt(np.abs(v + g)) + e), v + g), _ADAGRAD),
    Mistake("w_new divides by v_new; divide by its square root √v_new.",
            lambda w, v, g, lr, e: (w - lr * g / (v + g ** 2 + e), v + g ** 2), _ADAGRAD),
    Mistake("w_new adds the step: the update subtracts η g/√v.",
            lambda w, v, g, lr, e: (w + lr * g / (np.sqrt(v + g ** 2) + e), v + g ** 2),
            _ADAGRAD),
]


@register(ADAGRAD_MISTAKES)
def adagrad_step(checker, fn):
    """``fn(w, v, g, lr, eps)`` returns (w_new, v_new): v ← v + g², w ← w − η g/(√v + ε)."""
    rng = checker.rng()
    cases = [(rng.normal(size=4), rng.uniform(0, 2, size=4), rng.normal(size=4),
              float(rng.uniform(0.01, 0.5)), 1e-10) for _ in range(checker.trials)]
    function_check(checker, fn, cases, _adagrad, "adagrad_step(w, v, g, lr, eps)",
                   names=["w_new", "v_new"], mistakes=ADAGRAD_MISTAKES)
    return "Correct! Each weight's step shrinks as its squared gradients pile up."


# ----- values: momentum's effective learning rate, Adam's first step ---------------------
_MOMENTUM = _RULES
_ADAM = _RULES
#: Exercise 10.2: η and γ of a momentum run with a constant gradient.
EFFECTIVE = {"lr": 0.02, "gamma": 0.95}


@functools.lru_cache(maxsize=None)
def _long_run_step():
    """The step size per unit gradient after many momentum steps (the package's Momentum)."""
    from ..optimizers import Momentum
    w = np.zeros(1)
    opt = Momentum([w], lr=EFFECTIVE["lr"], momentum=EFFECTIVE["gamma"])
    for _ in range(2000):
        before = float(w[0])
        opt.step([np.ones(1)])
    return before - float(w[0])


_ETA, _GAMMA = EFFECTIVE["lr"], EFFECTIVE["gamma"]
EFFECTIVE_MISTAKES = [
    Mistake("η/γ: the velocity sums η g (1 + γ + γ² + …), a geometric series with sum "
            "1/(1 − γ).", lambda: _ETA / _GAMMA, _MOMENTUM, "eta_eff"),
    Mistake("η(1 + γ) is the second step; the steps keep growing towards the series' sum.",
            lambda: _ETA * (1 + _GAMMA), _MOMENTUM, "eta_eff"),
    Mistake("γη/(1 − γ) leaves out the current gradient's own η g.",
            lambda: _GAMMA * _ETA / (1 - _GAMMA), _MOMENTUM, "eta_eff"),
    Mistake("η is the first step only; with a constant gradient the velocity builds up.",
            lambda: _ETA, _MOMENTUM, "eta_eff"),
]


@register(EFFECTIVE_MISTAKES)
def momentum_effective_lr(checker, eta_eff):
    """The long-run step per unit of a constant gradient under momentum (η = 0.02, γ = 0.95)."""
    compare_parts([("eta_eff", eta_eff, _long_run_step())], rtol=1e-6,
                  mistakes=EFFECTIVE_MISTAKES)
    return "Correct! u = γu + ηg settles at ηg/(1 − γ): momentum multiplies the step by 1/(1 − γ)."


#: Exercise 10.7: Adam's first step from w = 1 with the gradient g.
ADAM_FIRST = {"w": 1.0, "g": -0.5, "lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-8}


def _adam_first():
    from ..optimizers import Adam
    a = ADAM_FIRST
    w = np.array([a["w"]])
    opt = Adam([w], lr=a["lr"], betas=a["betas"], eps=a["eps"])
    opt.step([np.array([a["g"]])])
    b1, b2 = a["betas"]
    m, v = opt.state[0]["m"][0], opt.state[0]["v"][0]
    return m / (1 - b1 ** opt.t), v / (1 - b2 ** opt.t), float(w[0])


def _adam_uncorrected():
    a = ADAM_FIRST
    b1, b2 = a["betas"]
    m, v = (1 - b1) * a["g"], (1 - b2) * a["g"] ** 2
    return m, v, a["w"] - a["lr"] * m / (np.sqrt(v) + a["eps"])


ADAM_FIRST_MISTAKES = [
    Mistake("m_hat, v_hat and w1 have no bias correction: m₁ and v₁ start from 0 and are "
            "too small after one step.", _adam_uncorrected,
            "Divide m₁ by 1 − β₁ and v₁ by 1 − β₂. " + _ADAM, None),
    Mistake("m_hat is the raw m₁ = (1 − β₁) g: divide it by 1 − β₁¹.",
            lambda: _adam_uncorrected()[0], _ADAM, "m_hat"),
    Mistake("v_hat is the raw v₁ = (1 − β₂) g²: divide it by 1 − β₂¹.",
            lambda: _adam_uncorrected()[1], _ADAM, "v_hat"),
    Mistake("w1 without the bias correction: the step is √10 ≈ 3.16 times too large.",
            lambda: _adam_uncorrected()[2], _ADAM, "w1"),
    Mistake("w1 moved uphill: the step subtracts η m̂/(√v̂ + ε).",
            lambda: 2 * ADAM_FIRST["w"] - _adam_first()[2], _ADAM, "w1"),
]


@register(ADAM_FIRST_MISTAKES)
def adam_first_step(checker, m_hat, v_hat, w1):
    """Adam's bias-corrected moments and weight after the first step (exercise 10.7)."""
    m, v, w = _adam_first()
    compare_parts([("m_hat", m_hat, m), ("v_hat", v_hat, v), ("w1", w1, w)], rtol=1e-6,
                  mistakes=ADAM_FIRST_MISTAKES)
    return ("Correct! After the correction m̂₁ = g and v̂₁ = g², so the first step is "
            "η·g/|g|: size η whatever the size of g.")
