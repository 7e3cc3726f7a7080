"""The checks of the exercises of chapter 10, *Optimizers*.

The exercises are in ``exercises/10_optimizers.ipynb``.
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
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


def _adam_without_correction(w, m, v, g, t, lr, b1, b2, e):
    m_new, v_new = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2
    return w - lr * m_new / (np.sqrt(v_new) + e), m_new, v_new


def _adam_corrected_moments(w, m, v, g, t, lr, b1, b2, e):
    w_new, m_new, v_new = ref.adam_step(w, m, v, g, t, lr, b1, b2, e)
    return w_new, m_new / (1 - b1 ** t), v_new / (1 - b2 ** t)


ADAM_MISTAKES = [
    Mistake("the bias correction is missing.", _adam_without_correction,
            "Divide m by (1 − β1^t) and v by (1 − β2^t) before the step. " + _RULES),
    Mistake("m_new and v_new should be the raw running averages; apply the bias correction only "
            "when computing the step.", _adam_corrected_moments, _RULES),
]


@register(ADAM_MISTAKES)
def adam_step(checker, fn):
    """``fn(w, m, v, g, t, lr, beta1, beta2, eps)`` returns (w_new, m_new, v_new): Adam, step t."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        w, m, g = rng.normal(size=(3, 4))
        cases.append((w, m, rng.uniform(0, 1, size=4), g, int(rng.integers(1, 6)),
                      float(rng.uniform(0.001, 0.1)), 0.9, 0.999, 1e-8))
    function_check(checker, fn, cases, ref.adam_step,
                   "adam_step(w, m, v, g, t, lr, beta1, beta2, eps)",
                   names=["w_new", "m_new", "v_new"], mistakes=ADAM_MISTAKES)
    return "Correct! Momentum on g, RMSProp on g², both bias-corrected."
