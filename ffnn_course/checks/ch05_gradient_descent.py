"""The checks of the exercises of chapter 5, *Learning by gradient descent*.

The exercises are in ``exercises/05_gradient_descent.ipynb``: 5.1 one update step
(``gd_step``), 5.2 why gradient descent stalls at a saturated start (``PLATEAU``;
``plateau``), 5.3 one step and the tangent's promise with new numbers (``one_step``), 5.4
the gradient of one sigmoid neuron (``sigmoid_neuron_grad``), 5.5 a gradient-descent loop
with one bug (``descend``), 5.6 a prediction of how many steps a smaller learning rate needs
(``steps_ratio``).
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import choose, compare_parts, compare_prediction, fmt
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 5
_WHY = see(CHAPTER, "Partial derivatives, the gradient, and why the update works")
_ONE_POINT = see(CHAPTER, "The gradient of one point's error")
_STEP = see(CHAPTER, "Gradient descent, step by step")
_RATE = see(CHAPTER, "The learning rate")


# ----- 5.1 one step downhill --------------------------------------------------------------------
GD_STEP_MISTAKES = [
    Mistake("you added the gradient: that walks uphill.",
            lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db),
            "Gradient descent goes against the gradient. " + _STEP),
    Mistake("the learning rate η is missing.", lambda w, b, dw, db, lr: (w - dw, b - db), _STEP),
]


@register(GD_STEP_MISTAKES)
def gd_step(checker, fn):
    """Exercise 5.1: ``fn(w, b, dw, db, lr)`` returns the updated (w, b) after one step."""
    rng = checker.rng()
    cases = [(*(float(v) for v in rng.normal(size=4)), float(rng.uniform(0.05, 1.0)))
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.gd_step, "gd_step(w, b, dw, db, lr)", names=["w", "b"],
                   mistakes=GD_STEP_MISTAKES)
    return "Correct! w ← w − η ∂ℒ/∂w, b ← b − η ∂ℒ/∂b."


# ----- 5.2 a plateau ---------------------------------------------------------------------------
#: Exercise 5.2: a saturated start on chapter 5's five points (the chapter shows w = b = 3,
#: where f ≈ 1; here f ≈ 0), the learning rate and the number of steps.
PLATEAU = {"w": -3.0, "b": -4.0, "lr": 1.0, "steps": 100}


@functools.lru_cache(maxsize=None)
def _plateau():
    """The start's numbers, computed: pre-activations, f, errors, σ' and the loss before and
    after the steps (the package's gradient descent)."""
    from ..examples import sigmoid_neuron_data
    from ..explorers import gradient_descent_path
    p = PLATEAU
    x, y = sigmoid_neuron_data()
    a = p["w"] * x + p["b"]
    f = ref.sigmoid(a)
    loss = gradient_descent_path(lr=p["lr"], steps=p["steps"], w0=p["w"], b0=p["b"])["loss"]
    return {"a_max": f"{a.max():g}".replace("-", "−"), "f_max": float(f.max()),
            "y_min": float(y.min()), "y_max": float(y.max()),
            "slope_max": float(np.max(f * (1 - f))), "loss0": float(loss[0]),
            "loss_end": float(loss[-1])}


def _plateau_options():
    v = _plateau()
    return {
        "a": (False, f"the loss is high there, about {v['loss0']:.2f}: f(x) < {v['f_max']:.3f} "
                     f"while the targets lie between {v['y_min']:.2f} and {v['y_max']:.2f}. "
                     "A small gradient does not make a point a minimum."),
        "b": (True, f"Right: every point has w x + b ≤ {v['a_max']}, so σ'(a) = f(1 − f) "
                    f"< {v['slope_max']:.3f} multiplies each point's error, and the gradient "
                    "is tiny although the errors are large. A saturated sigmoid is flat at "
                    "either end."),
        "c": (False, "an overshooting step makes the parameters jump and the loss zig-zag or "
                     f"rise; here it stays at about {v['loss_end']:.2f}: the steps are tiny, "
                     "because the gradient is."),
        "d": (False, f"the errors f(x_i) − y_i are large: f ≈ 0 while the targets are "
                     f"{v['y_min']:.2f} to {v['y_max']:.2f}. It is another factor of the "
                     "gradient that is close to 0."),
    }


@register()
def plateau(checker, answer):
    """Exercise 5.2: one letter, why 100 steps from w = −3, b = −4 barely lower the loss."""
    return choose(answer, _plateau_options(), what="answer",
                  hint="Compute f(x_i) and f(x_i)(1 − f(x_i)) at the start. " + _RATE)


# ----- 5.3 one step, and what the tangent promises ----------------------------------------------
#: Exercise 5.3: a point θ = (w, b), its loss, its gradient g and the learning rate.
ONE_STEP = {"w": 1.2, "b": -0.5, "loss": 0.30, "g": (0.3, -0.4), "lr": 0.4}


def _one_step(sign=-1.0, lr=None):
    s = ONE_STEP
    lr = s["lr"] if lr is None else lr
    return s["w"] + sign * lr * s["g"][0], s["b"] + sign * lr * s["g"][1]


def _promise(decrease):
    return ONE_STEP["loss"] - decrease


ONE_STEP_MISTAKES = [
    Mistake("w_new and b_new move along the gradient: that walks uphill.",
            lambda: _one_step(+1.0), "θ ← θ − η g. " + _STEP, ("w_new", "b_new")),
    Mistake("w_new and b_new leave out the learning rate η.", lambda: _one_step(lr=1.0),
            _STEP, ("w_new", "b_new")),
    Mistake("predicted_loss uses the length ‖g‖ instead of its square ‖g‖² = g · g.",
            lambda: _promise(ONE_STEP["lr"] * float(np.hypot(*ONE_STEP["g"]))), _WHY,
            "predicted_loss"),
    Mistake("predicted_loss adds η‖g‖²: a step against the gradient lowers the loss.",
            lambda: _promise(-ONE_STEP["lr"] * float(np.dot(ONE_STEP["g"], ONE_STEP["g"]))),
            _WHY, "predicted_loss"),
    Mistake("predicted_loss leaves out the learning rate η.",
            lambda: _promise(float(np.dot(ONE_STEP["g"], ONE_STEP["g"]))), _WHY,
            "predicted_loss"),
    Mistake("predicted_loss uses the sum of the gradient's entries, not g · g.",
            lambda: _promise(ONE_STEP["lr"] * float(np.sum(ONE_STEP["g"]))), _WHY,
            "predicted_loss"),
]


@register(ONE_STEP_MISTAKES)
def one_step(checker, w_new, b_new, predicted_loss):
    """Exercise 5.3: one step from (w, b) = (1.2, −0.5) with g = (0.3, −0.4), η = 0.4, and the
    loss the tangent predicts after it (ℒ = 0.30 before)."""
    s = ONE_STEP
    w_new_right, b_new_right = _one_step()
    compare_parts([("w_new", w_new, w_new_right), ("b_new", b_new, b_new_right),
                   ("predicted_loss", predicted_loss,
                    _promise(s["lr"] * float(np.dot(s["g"], s["g"]))))],
                  mistakes=ONE_STEP_MISTAKES, atol=1e-6)
    return ("Correct! The tangent promises a fall of η‖g‖²; the true loss falls by about that "
            "much only while the step is small.")


# ----- 5.4 the gradient of one sigmoid neuron ----------------------------------------------------
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
    """Exercise 5.4: ``fn(w, b, x, y)`` returns (∂ℒ/∂w, ∂ℒ/∂b) for
    ℒ = (1/N) Σ (σ(w x_i + b) − y_i)²."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n = int(rng.integers(3, 8))
        x, y = rng.normal(size=n), rng.uniform(size=n)
        cases.append((float(rng.normal()), float(rng.normal()), x, y))
    function_check(checker, fn, cases, ref.sigmoid_neuron_grad, "sigmoid_neuron_grad(w, b, x, y)",
                   names=["dL_dw", "dL_db"], mistakes=GRAD_MISTAKES)
    return "Correct! Both gradients carry the factor 2(f − y) · f(1 − f)."


# ----- 5.5 find the bug: a gradient-descent loop -------------------------------------------------
def _dL_da(w, b, x, y):
    f = ref.sigmoid(w * x + b)
    return 2 * (f - y) * f * (1 - f) / len(x)


def _descend(w, b, x, y, lr, steps):
    return ref.fit_sigmoid_neuron(x, y, w, b, lr, steps)[:2]


def _stale_b(w, b, x, y, lr, steps):
    """The exercise's bug: b's gradient is taken after w has already moved."""
    for _ in range(int(steps)):
        w = w - lr * np.sum(_dL_da(w, b, x, y) * x)
        b = b - lr * np.sum(_dL_da(w, b, x, y))
    return w, b


def _stale_w(w, b, x, y, lr, steps):
    for _ in range(int(steps)):
        b = b - lr * np.sum(_dL_da(w, b, x, y))
        w = w - lr * np.sum(_dL_da(w, b, x, y) * x)
    return w, b


DESCEND_MISTAKES = [
    Mistake("the bug is still there: b's gradient is computed after w has already moved, so "
            "the two gradients of a step are taken at different points.", _stale_b,
            "Both partial derivatives belong to the same point (w, b): compute them before "
            "updating either. " + _STEP),
    Mistake("the same bug the other way round: w's gradient is now computed after b has "
            "moved.", _stale_w,
            "Compute ∂ℒ/∂a once per step, then update w and b from it. " + _STEP),
    Mistake("the steps go uphill: the update adds the gradient.",
            lambda w, b, x, y, lr, steps: ref.fit_sigmoid_neuron(x, y, w, b, -lr, steps)[:2],
            "θ ← θ − η g. " + _STEP),
    Mistake("only one step is taken, whatever steps says (is the return inside the loop?).",
            lambda w, b, x, y, lr, steps: _descend(w, b, x, y, lr, 1), _STEP),
]


@register(DESCEND_MISTAKES)
def descend(checker, fn):
    """Exercise 5.5: ``fn(w, b, x, y, lr, steps)`` returns (w, b) after ``steps`` steps of
    gradient descent on ℒ = (1/N) Σ (σ(w x_i + b) − y_i)²."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n = int(rng.integers(3, 8))
        cases.append((float(rng.normal()), float(rng.normal()), rng.normal(size=n),
                      rng.uniform(size=n), float(rng.uniform(0.5, 3.0)),
                      int(rng.integers(2, 30))))
    function_check(checker, fn, cases, _descend, "descend(w, b, x, y, lr, steps)",
                   names=["w", "b"], mistakes=DESCEND_MISTAKES)
    return "Correct! Both gradients of a step come from the same (w, b), before either moves."


# ----- 5.6 predict, then run: a ten times smaller learning rate --------------------------------
#: Exercise 5.6: the chapter's start (w, b) = (−1, 2), 100 steps at the large rate; the small
#: rate is a tenth of it.
RATIO_RUN = {"lr": 3.0, "small_lr": 0.3, "steps": 100}


@functools.lru_cache(maxsize=None)
def _steps_needed(small_lr, lr=RATIO_RUN["lr"], steps=RATIO_RUN["steps"], budget=100):
    """How many steps at ``small_lr`` reach the loss of ``steps`` steps at ``lr`` (chapter 5's
    data and start), measured with the package; at most ``budget`` times ``steps``."""
    from ..explorers import gradient_descent_path
    target = gradient_descent_path(lr=lr, steps=steps)["loss"][-1]
    loss = gradient_descent_path(lr=small_lr, steps=budget * steps)["loss"]
    reached = np.nonzero(loss <= target)[0]
    return int(reached[0]) if reached.size else None


_SCALE = RATIO_RUN["lr"] / RATIO_RUN["small_lr"]
RATIO_MISTAKES = [
    Mistake("with the same number of steps, each step at the smaller η moves θ by η g, a "
            "tenth as far: the path gets only part of the way.", lambda: 1.0, _RATE, "ratio"),
    Mistake("that scales with η²: but the distance one step covers, η‖g‖, grows with η.",
            lambda: _SCALE ** 2, _RATE, "ratio"),
    Mistake("that ratio is upside down: smaller steps need more of them, not fewer.",
            lambda: 1 / _SCALE, _RATE, "ratio"),
    Mistake("that looks like a number of steps: ratio is how many TIMES as many steps, "
            "(steps needed) / 100.", lambda: _SCALE * RATIO_RUN["steps"], _RATE, "ratio"),
]


@register(RATIO_MISTAKES)
def steps_ratio(checker, ratio):
    """Exercise 5.6: the prediction of (steps η = 0.3 needs) / (100 steps at η = 3)."""
    measured = _steps_needed(RATIO_RUN["small_lr"]) / RATIO_RUN["steps"]
    compare_prediction(ratio, measured, "ratio", rtol=0.2, mistakes=RATIO_MISTAKES,
                       claim=f"a ratio of {fmt(ratio)}",
                       hint="How far does one step move (w, b)? If the steps are small, does "
                            "the path they follow depend on their size? " + _RATE)
    return ("Right: while steps are small, gradient descent follows nearly the same path "
            "whatever η is, and the distance covered grows with η × (number of steps).")
