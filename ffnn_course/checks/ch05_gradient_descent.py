"""The checks of the exercises of chapter 5, *Learning by gradient descent*.

The exercises are in ``exercises/05_gradient_descent.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import examples
from .. import references as ref
from .answers import compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 5
_ONE_POINT = see(CHAPTER, "The gradient of one point's error")
_STEP = see(CHAPTER, "Gradient descent, step by step")


def _grad_parts(w, b, x, y):
    f = ref.sigmoid(w * x + b)
    return f, 2 * (f - y) / len(x)


GRAD_MISTAKES = [
    Mistake("the factor σ'(a) = f(1 − f) is missing.", lambda w, b, x, y: (
        float(np.sum(_grad_parts(w, b, x, y)[1] * x)), float(np.sum(_grad_parts(w, b, x, y)[1]))),
        "Chain rule: ∂ℒ/∂w = Σ ∂ℒ/∂f · ∂f/∂a · ∂a/∂w. " + _ONE_POINT),
    Mistake("dL_dw is missing the factor x_i (∂a/∂w = x).", lambda w, b, x, y: (
        ref.sigmoid_neuron_grad(w, b, x, y)[1], ref.sigmoid_neuron_grad(w, b, x, y)[1]),
        _ONE_POINT),
    Mistake("that is the sum over the points; ℒ is their mean, so is its gradient (1/N).",
            lambda w, b, x, y: tuple(len(x) * g for g in ref.sigmoid_neuron_grad(w, b, x, y)),
            _ONE_POINT),
    Mistake("the factor 2 from the square is missing.",
            lambda w, b, x, y: tuple(g / 2 for g in ref.sigmoid_neuron_grad(w, b, x, y)),
            _ONE_POINT),
]


@register(GRAD_MISTAKES)
def sigmoid_neuron_grad(checker, fn):
    """``fn(w, b, x, y)`` returns (∂ℒ/∂w, ∂ℒ/∂b) for ℒ = (1/N) Σ (σ(w x_i + b) − y_i)²."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n = int(rng.integers(3, 8))
        x, y = rng.normal(size=n), rng.uniform(size=n)
        cases.append((float(rng.normal()), float(rng.normal()), x, y))
    function_check(checker, fn, cases, ref.sigmoid_neuron_grad, "sigmoid_neuron_grad(w, b, x, y)",
                   names=["dL_dw", "dL_db"], mistakes=GRAD_MISTAKES)
    return "Correct! Both gradients carry the factor 2(f − y) · f(1 − f)."


GD_STEP_MISTAKES = [
    Mistake("you added the gradient: that walks uphill.",
            lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db),
            "Gradient descent goes against the gradient. " + _STEP),
    Mistake("the learning rate η is missing.", lambda w, b, dw, db, lr: (w - dw, b - db), _STEP),
]


@register(GD_STEP_MISTAKES)
def gd_step(checker, fn):
    """``fn(w, b, dw, db, lr)`` returns the updated (w, b) after one gradient-descent step."""
    rng = checker.rng()
    cases = [(*(float(v) for v in rng.normal(size=4)), float(rng.uniform(0.05, 1.0)))
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.gd_step, "gd_step(w, b, dw, db, lr)", names=["w", "b"],
                   mistakes=GD_STEP_MISTAKES)
    return "Correct! w ← w − η ∂ℒ/∂w, b ← b − η ∂ℒ/∂b."


@functools.lru_cache(maxsize=None)
def _fit(**kwargs):
    x, y = examples.sigmoid_neuron_data()
    return ref.fit_sigmoid_neuron(x, y, **kwargs)


GD_RESULT_MISTAKES = [
    Mistake("that is where 100 steps get to; the exercise asks for 1000.",
            lambda: _fit(steps=100), _STEP),
    Mistake("loss is off by a constant factor N: it is the sum of the squared errors, "
            "and ℒ is their mean.",
            lambda: len(examples.sigmoid_neuron_data()[0]) * _fit()[2],
            see(CHAPTER, "Data and loss"), "loss"),
]


@register(GD_RESULT_MISTAKES)
def gd_result(checker, w, b, loss):
    """(w, b, loss) after 1000 steps of gradient descent, η = 1, from w = b = 0 on the 5 points."""
    ww, bb, final = _fit()
    compare_parts([("w", w, ww), ("b", b, bb), ("loss", loss, final)], rtol=1e-4, atol=1e-8,
                  mistakes=GD_RESULT_MISTAKES)
    return "Correct! On its way to the w = 1.5, b = −2 that generated the data."
