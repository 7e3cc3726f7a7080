"""The checks of the exercises of chapter 8, *Backpropagation step by step*.

The exercises are in ``exercises/08_backprop_step_by_step.ipynb``.

Exercises 8.1–8.4 take the chapter's 2-2-2 network with new numbers (``PRACTICE``;
the chapter itself works Mazur's numbers, so copying them would not do), exercise 8.7 with
another set (``VARIANT``).  The right answers of 8.1–8.4 come from
:func:`ffnn_course.references.worked_example_values` (the example's formulas written out
scalar by scalar), those of 8.7 from the package's network.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import as_numbers, choose, compare_parts
from .calls import call
from .engine import Mistake, Wrong, register, see

CHAPTER = 8
_FORWARD = see(CHAPTER, "The forward pass")
_ERROR = see(CHAPTER, "The total error")
_OUT = see(CHAPTER, "The backward pass: the output layer")
_HIDDEN = see(CHAPTER, "The backward pass: the hidden layer")


#: The numbers of exercises 8.1–8.4: the worked example's network and η, other inputs,
#: weights (rows: into h1, h2 and into o1, o2), shared biases and targets.
PRACTICE = {"i": (0.20, 0.70), "W1": ((0.35, -0.15), (0.10, 0.45)), "b1": 0.25,
            "W2": ((-0.30, 0.65), (0.55, 0.20)), "b2": -0.10, "t": (0.80, 0.10), "lr": 0.5}


@functools.lru_cache(maxsize=None)
def _v():
    return ref.worked_example_values(PRACTICE)


def _without_b2():
    v = _v()
    o = []
    for k in ("out_o1", "out_o2"):
        net = np.log(v[k] / (1 - v[k]))                 # σ⁻¹(out) = net_o
        o.append(float(ref.sigmoid(net - v["b2"])))
    t = np.array([v["t1"], v["t2"]])
    return (*o, float(0.5 * np.sum((t - o) ** 2)))


FORWARD_MISTAKES = [
    Mistake("E_total is off by a factor 2: the worked example's error is Σ ½ (target − out)².",
            lambda: 2 * _v()["E_total"], _ERROR, "E_total"),
    Mistake("out_o1 and out_o2 leave out the bias b2.", _without_b2, _FORWARD),
]


@register(FORWARD_MISTAKES)
def worked_forward(checker, out_o1, out_o2, E_total):
    """Exercise 8.1's forward pass: out_o1, out_o2 and E_total = Σ ½ (target − out)²."""
    v = _v()
    compare_parts([("out_o1", out_o1, v["out_o1"]), ("out_o2", out_o2, v["out_o2"]),
                   ("E_total", E_total, v["E_total"])], rtol=1e-7, mistakes=FORWARD_MISTAKES)
    return "Correct! Forward pass and total error."


def _w5_parts():
    v = _v()
    o1, h1 = v["out_o1"], v["out_h1"]
    return v, o1 - v["t1"], o1 * (1 - o1), h1


W5_MISTAKES = [
    Mistake("dE_dw5 is missing the factor ∂out_o1/∂net_o1 = out_o1(1 − out_o1).",
            lambda: _w5_parts()[1] * _w5_parts()[3], _OUT, "dE_dw5"),
    Mistake("dE_dw5 is missing the factor ∂net_o1/∂w5 = out_h1.",
            lambda: _w5_parts()[1] * _w5_parts()[2], _OUT, "dE_dw5"),
    Mistake("w5_new moved uphill: you added η times the gradient; gradient descent subtracts it.",
            lambda: _v()["w5"] + _v()["lr"] * _v()["dE_dw5"], _OUT, "w5_new"),
    Mistake("w5_new leaves out the learning rate η.",
            lambda: _v()["w5"] - _v()["dE_dw5"], _OUT, "w5_new"),
]


@register(W5_MISTAKES)
def worked_w5(checker, dE_dw5, w5_new):
    """∂E_total/∂w5 and the updated w5 (η = 0.5), with exercise 8.1's numbers."""
    v = _v()
    compare_parts([("dE_dw5", dE_dw5, v["dE_dw5"]),
                   ("w5_new", w5_new, v["w5"] - v["lr"] * v["dE_dw5"])],
                  rtol=1e-7, mistakes=W5_MISTAKES)
    return "Correct! Three factors of the chain rule, then one step downhill."


def _w1_gradient(w5, w7, *, paths=(0, 1), sigma_prime=True, input_factor=True):
    """∂E/∂w1 with the given w5, w7, through the given output paths, with or without factors."""
    v = _v()
    d = (v["delta_o1"] * w5, v["delta_o2"] * w7)
    g = sum(d[k] for k in paths)
    if sigma_prime:
        g *= v["out_h1"] * (1 - v["out_h1"])
    if input_factor:
        g *= v["i1"]
    return g


def _stale():
    """The gradient for w1 computed with the UPDATED w5⁺, w7⁺ (the stale-weight mistake)."""
    v = _v()
    net_delta_o = (v["delta_o1"], v["delta_o2"])
    w5_new = v["w5"] - v["lr"] * net_delta_o[0] * v["out_h1"]
    w7_new = v["w7"] - v["lr"] * net_delta_o[1] * v["out_h1"]
    return _w1_gradient(w5_new, w7_new)


W1_MISTAKES = [
    Mistake("dE_dw1 uses the updated w5⁺ and w7⁺: every gradient of a step is computed with the "
            "weights before the update.", _stale,
            "Compute all eight gradients first, then update. " + _HIDDEN, "dE_dw1"),
    Mistake("dE_dw1 and w1_new use the updated w5⁺ and w7⁺: every gradient of a step is "
            "computed with the weights before the update.",
            lambda: (_stale(), _v()["w1"] - _v()["lr"] * _stale()),
            "Compute all eight gradients first, then update. " + _HIDDEN, ("dE_dw1", "w1_new")),
    Mistake("dE_dw1 follows only the path through o1; out_h1 also feeds o2 (via w7).",
            lambda: _w1_gradient(_v()["w5"], _v()["w7"], paths=(0,)),
            "Sum the chain rule over both paths. " + _HIDDEN, "dE_dw1"),
    Mistake("dE_dw1 is missing the factor ∂out_h1/∂net_h1 (σ' of the hidden neuron).",
            lambda: _w1_gradient(_v()["w5"], _v()["w7"], sigma_prime=False), _HIDDEN, "dE_dw1"),
    Mistake("dE_dw1 is missing the factor ∂net_h1/∂w1 = i1.",
            lambda: _w1_gradient(_v()["w5"], _v()["w7"], input_factor=False), _HIDDEN, "dE_dw1"),
    Mistake("w1_new moved uphill: you added η times the gradient; gradient descent subtracts it.",
            lambda: _v()["w1"] + _v()["lr"] * _v()["dE_dw1"], _OUT, "w1_new"),
]


@register(W1_MISTAKES)
def worked_w1(checker, dE_dw1, w1_new):
    """∂E_total/∂w1 and the updated w1 (η = 0.5), exercise 8.1's numbers (both output paths)."""
    v = _v()
    compare_parts([("dE_dw1", dE_dw1, v["dE_dw1"]),
                   ("w1_new", w1_new, v["w1"] - v["lr"] * v["dE_dw1"])],
                  rtol=1e-7, mistakes=W1_MISTAKES)
    return "Correct! Both output paths summed, with the weights from before the update."


@register()
def numerical_gradient(checker, fn):
    """``fn(f, theta)`` returns the central-difference gradient of the scalar f(theta)."""
    rng = checker.rng()
    for _ in range(checker.trials):
        n = int(rng.integers(2, 6))
        A, c, theta = rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n)

        def f(t, A=A, c=c):
            t = np.asarray(t, dtype=np.float64)
            return float(np.sum(np.exp(0.5 * t) * c) + t @ A @ t + np.sum(t ** 3))

        exact = 0.5 * np.exp(0.5 * theta) * c + (A + A.T) @ theta + 3 * theta ** 2
        got, _ = call(checker, fn, f, theta, what="numerical_gradient(f, theta)")
        got = as_numbers(got, "the gradient")
        if got.shape != exact.shape:
            raise Wrong(f"the gradient has shape {got.shape} instead of {exact.shape} (one entry "
                        f"per entry of theta).")
        err = float(np.linalg.norm(got - exact) / (np.linalg.norm(got) + np.linalg.norm(exact)))
        if err > 1e-7:
            hint = ("A one-sided difference (f(θ + ε) − f(θ))/ε has an error ~ε; the central "
                    "difference (f(θ + ε) − f(θ − ε))/(2ε) has ~ε². Use ε ≈ 1e-6 (much smaller "
                    "and rounding errors take over). "
                    + see(CHAPTER, "The same gradient four ways"))
            if err > 0.1:
                hint = "Perturb one entry at a time, restore it, and divide by 2ε. " + hint
            raise Wrong(f"relative error {err:.1e} against the exact gradient; a central "
                        f"difference reaches about 1e-9.", hint)
    return "Correct! Central differences: error ~ε²."


# ----- the output bias b2 (shared by both output neurons, as in the worked example) -------
_BIAS = see(CHAPTER, "The backward pass: the output layer")

B2_MISTAKES = [
    Mistake("dE_db2 follows only o1; in this network b2 is shared by both output "
            "neurons, so its gradient sums both δ_o.", lambda: _v()["delta_o1"],
            "Sum over every neuron the bias feeds. " + _BIAS, "dE_db2"),
    Mistake("dE_db2 has the factor out_h1 of ∂net_o1/∂w5; for a bias ∂net/∂b = 1.",
            lambda: (_v()["delta_o1"] + _v()["delta_o2"]) * _v()["out_h1"], _BIAS, "dE_db2"),
    Mistake("dE_db2 is missing the factor out(1 − out) of each output neuron.",
            lambda: (_v()["out_o1"] - _v()["t1"]) + (_v()["out_o2"] - _v()["t2"]), _BIAS,
            "dE_db2"),
]


@register(B2_MISTAKES)
def worked_b2(checker, dE_db2):
    """∂E_total/∂b2 with exercise 8.1's numbers (b2 feeds both output neurons)."""
    v = _v()
    compare_parts([("dE_db2", dE_db2, v["delta_o1"] + v["delta_o2"])], rtol=1e-7,
                  mistakes=B2_MISTAKES)
    return "Correct! ∂net/∂b = 1, and b2 reaches E through both output neurons: δ_o1 + δ_o2."


# ----- predict, then run: the stale-weight bug in a whole training run (exercise 8.5) -----
_FOUR_WAYS = see(CHAPTER, "The same gradient four ways")

#: The options of exercise 8.5: 10,000 steps of the worked example with the stale-weight bug
#: at every step, against the correct run.
STALE_RUN_OPTIONS = {
    "a": (True, "Right: the stale w5⁺, w7⁺ differ from w5, w7 by one small step η ∂E/∂w, so the "
                "wrong gradient of w1 … w4 still points almost the same way downhill and the run "
                "ends within a fraction of a percent of the correct one. A falling error proves "
                "little about backpropagation code; comparing the gradients with finite "
                "differences finds the bug."),
    "b": (False, "the stale weights differ from the right ones by only one step η ∂E/∂w5, which "
                 "gets smaller as training goes on, so the gradient of w1 … w4 is only a little "
                 "off and still points downhill."),
    "c": (False, "a gradient that is slightly off still points downhill, and the step is small "
                 "(η = 0.5 on gradients below 0.1): nothing here makes the error grow."),
    "d": (False, "only the gradients of w1 … w4 are affected, and only a little; w5 … w8 get "
                 "their exact gradients, so the error keeps falling."),
}


@register()
def stale_run(checker, prediction):
    """The letter predicted in exercise 8.5 (10,000 steps with the stale-weight bug)."""
    return choose(prediction, STALE_RUN_OPTIONS, what="prediction",
                  hint="How far are w5⁺, w7⁺ from w5, w7 after one step? " + _HIDDEN)


# ----- one whole step with other numbers (exercise 8.7) ------------------------------------
#: The numbers of exercise 8.7: the same 2-2-2 network, other inputs, weights, targets.
VARIANT = {"i": (0.30, 0.80), "W1": ((0.10, -0.20), (0.40, 0.25)), "b1": 0.10,
           "W2": ((0.60, -0.35), (0.30, 0.70)), "b2": -0.20, "t": (0.90, 0.20), "lr": 0.5}


def _variant_net(W1, W2, b1=None, b2=None):
    from ..network import Dense, Network
    v = VARIANT
    return Network([Dense(np.array(W1, dtype=float),
                          np.full(2, v["b1"] if b1 is None else b1), "sigmoid"),
                    Dense(np.array(W2, dtype=float),
                          np.full(2, v["b2"] if b2 is None else b2), "sigmoid")])


@functools.lru_cache(maxsize=None)
def _variant():
    """Exercise 8.7 with the package's network: gradients, and E_total after the right step
    and after the usual wrong ones."""
    v, lr = VARIANT, VARIANT["lr"]
    W1, W2 = np.array(v["W1"]), np.array(v["W2"])
    net = _variant_net(W1, W2)
    x, t = np.array([v["i"]]), np.array([v["t"]])
    trace = net.forward(x)
    grads = net.backward(trace, t, "half_sse")
    h1, delta_o = np.ravel(trace.h[1]), np.ravel(grads.delta[2])
    W2_new = W2 - lr * grads.dW[2]
    dW1_stale = np.outer((W2_new.T @ delta_o) * h1 * (1 - h1), np.ravel(x))

    def e_after(W1_next, W2_next, **biases):
        return float(_variant_net(W1_next, W2_next, **biases).loss(x, t, "half_sse"))

    return {"dW1": grads.dW[1], "delta_o": delta_o, "h1": h1, "x": np.ravel(x),
            "dW1_stale": dW1_stale,
            "E_new": e_after(W1 - lr * grads.dW[1], W2_new),
            "E_stale": e_after(W1 - lr * dW1_stale, W2_new),
            "E_with_biases": e_after(
                W1 - lr * grads.dW[1], W2_new,
                b1=v["b1"] - lr * float(np.sum(grads.delta[1])),
                b2=v["b2"] - lr * float(np.sum(grads.delta[2]))),
            "E_output_only": e_after(W1, W2_new),
            "E_hidden_only": e_after(W1 - lr * grads.dW[1], W2),
            "E_uphill": e_after(W1 + lr * grads.dW[1], W2 + lr * grads.dW[2])}


def _variant_w1_gradient(W2, *, paths=(0, 1), sigma_prime=True, input_factor=True):
    g = _variant()
    back = sum(g["delta_o"][k] * W2[k][0] for k in paths)           # ∂E/∂out_h1
    if sigma_prime:
        back *= g["h1"][0] * (1 - g["h1"][0])
    return back * (g["x"][0] if input_factor else 1.0)


def _variant_stale():
    """∂E/∂w1 computed back through the updated w5⁺ … w8⁺ (the stale-weight mistake)."""
    return float(_variant()["dW1_stale"][0, 0])


_LR = VARIANT["lr"]
_W1 = VARIANT["W1"][0][0]
VARIANT_MISTAKES = [
    Mistake("dE_dw1, w1_new and E_new use the updated w5⁺ … w8⁺ for the hidden layer's "
            "gradients (stale weights): every gradient of a step is computed with the weights "
            "before the update.",
            lambda: (_variant_stale(), _W1 - _LR * _variant_stale(), _variant()["E_stale"]),
            "Compute all eight gradients first, then update. " + _HIDDEN,
            ("dE_dw1", "w1_new", "E_new")),
    Mistake("dE_dw1 and w1_new use the updated w5⁺ and w7⁺ (stale weights): every gradient of "
            "a step is computed with the weights before the update.",
            lambda: (_variant_stale(), _W1 - _LR * _variant_stale()),
            "Compute all eight gradients first, then update. " + _HIDDEN, ("dE_dw1", "w1_new")),
    Mistake("dE_dw1 uses the updated w5⁺ and w7⁺ (stale weights): every gradient of a step is "
            "computed with the weights before the update.", _variant_stale,
            "Compute all eight gradients first, then update. " + _HIDDEN, "dE_dw1"),
    Mistake("E_new comes from a step with stale weights: the hidden layer's gradients were "
            "computed with the updated w5⁺ … w8⁺.", lambda: _variant()["E_stale"],
            "Compute all eight gradients first, then update. " + _HIDDEN, "E_new"),
    Mistake("dE_dw1 follows only the path through o1; out_h1 also feeds o2 (via w7).",
            lambda: _variant_w1_gradient(VARIANT["W2"], paths=(0,)),
            "Sum the chain rule over both paths. " + _HIDDEN, "dE_dw1"),
    Mistake("dE_dw1 is missing the factor ∂out_h1/∂net_h1 (σ' of the hidden neuron).",
            lambda: _variant_w1_gradient(VARIANT["W2"], sigma_prime=False), _HIDDEN, "dE_dw1"),
    Mistake("dE_dw1 is missing the factor ∂net_h1/∂w1 = i1.",
            lambda: _variant_w1_gradient(VARIANT["W2"], input_factor=False), _HIDDEN, "dE_dw1"),
    Mistake("w1_new moved uphill: you added η times the gradient; gradient descent subtracts it.",
            lambda: _W1 + _LR * float(_variant()["dW1"][0, 0]), _OUT, "w1_new"),
    Mistake("E_new comes from a step that also moved the biases b1 and b2; this exercise, like "
            "the chapter, updates the eight weights only.", lambda: _variant()["E_with_biases"],
            _OUT, "E_new"),
    Mistake("E_new comes from a step that updated only w5 … w8: w1 … w4 take their step too.",
            lambda: _variant()["E_output_only"], _HIDDEN, "E_new"),
    Mistake("E_new comes from a step that updated only w1 … w4: w5 … w8 take their step too.",
            lambda: _variant()["E_hidden_only"], _OUT, "E_new"),
    Mistake("E_new went up: the weights moved uphill (w + η ∂E/∂w); gradient descent subtracts "
            "the gradient.", lambda: _variant()["E_uphill"], _OUT, "E_new"),
]


@register(VARIANT_MISTAKES)
def variant_step(checker, dE_dw1, w1_new, E_new):
    """Exercise 8.7, one whole step with new numbers: ∂E/∂w1, the updated w1, and E_total
    after all eight weights have taken their step (biases kept)."""
    g = float(_variant()["dW1"][0, 0])
    compare_parts([("dE_dw1", dE_dw1, g), ("w1_new", w1_new, _W1 - _LR * g),
                   ("E_new", E_new, _variant()["E_new"])], rtol=1e-7,
                  mistakes=VARIANT_MISTAKES)
    return ("Correct! All eight gradients from the weights before the step, then the step: "
            "E_total fell, as one step downhill should make it.")
