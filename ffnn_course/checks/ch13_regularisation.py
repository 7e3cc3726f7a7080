"""The checks of the exercises of chapter 13, *Regularisation*.

The exercises are in ``exercises/13_regularisation.ipynb``.
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from .answers import as_numbers
from .calls import call, function_check
from .engine import Mistake, Wrong, register, see

CHAPTER = 13
_L2 = see(CHAPTER, "L2 regularisation, dropout and early stopping")

L2_MISTAKES = [
    Mistake("off by a factor 2 in the penalty's gradient: with (λ/2)‖W‖² the ½ cancels the 2.",
            lambda dW, W, lam: dW + 2 * lam * W, _L2),
    Mistake("the penalty's gradient has the wrong sign: it pulls the weights towards 0 once "
            "subtracted in the update.", lambda dW, W, lam: dW - lam * W, _L2),
    Mistake("you dropped the loss gradient dW.", lambda dW, W, lam: lam * W, _L2),
]


@register(L2_MISTAKES)
def l2_gradient(checker, fn):
    """``fn(dW, W, lam)`` returns the gradient of ℒ + (λ/2)‖W‖² given dW = ∂ℒ/∂W."""
    rng = checker.rng()
    cases = [(*rng.normal(size=(2, 3, 4)), float(rng.uniform(0.001, 0.5)))
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.l2_gradient, "l2_gradient(dW, W, lam)",
                   mistakes=L2_MISTAKES)
    return "Correct! Weight decay: the update shrinks W by a factor (1 − ηλ) each step."


@register()
def inverted_dropout(checker, fn):
    """``fn(h, p, rng)`` zeroes each unit with probability p and scales the rest by 1/(1 − p)."""
    rng = checker.rng()
    p = float(rng.uniform(0.2, 0.6))
    h = rng.uniform(0.5, 1.5, size=(200, 100))
    got, _ = call(checker, fn, h, p, np.random.default_rng(int(rng.integers(2**31))),
                  what="inverted_dropout(h, p, rng)")
    out = as_numbers(got, "the output")
    if out.shape != h.shape:
        raise Wrong(f"the output has shape {out.shape} instead of the input's {h.shape}.")
    dropped = float(np.mean(out == 0))
    if abs(dropped - (1 - p)) < 0.02 and abs(p - 0.5) > 0.05:
        raise Wrong(f"{dropped:.0%} of the units were dropped with p = {p:.2f}: you kept units "
                    f"with probability p.", "p is the probability of DROPPING a unit. " + _L2)
    if abs(dropped - p) > 0.02:
        raise Wrong(f"{dropped:.0%} of the units were dropped, expected about {p:.0%}.", _L2)
    kept = out != 0
    if np.allclose(out[kept], h[kept]):
        raise Wrong("the kept units are not scaled.", "The expected value of each unit should "
                    "stay the same. " + _L2)
    if not np.allclose(out[kept], h[kept] / (1 - p)):
        raise Wrong("the kept units are not h / (1 − p).", _L2)
    return "Correct! E[output] = h, so nothing changes at test time."
