"""The checks of the exercises of chapter 11, *Batching and learning-rate schedules*.

The exercises are in ``exercises/11_batching_and_schedules.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import as_count, compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 11

UPDATES_MISTAKES = [
    Mistake("you dropped the last, smaller mini-batch: round up.", lambda n, b: n // b,
            see(CHAPTER, "The same work, different numbers of updates")),
]


@register(UPDATES_MISTAKES)
def updates_per_epoch(checker, fn):
    """``fn(n_examples, batch_size)`` returns the updates per epoch (last batch may be smaller)."""
    rng = checker.rng()
    cases = [(1000, 32), (1000, 1000), (1000, 1), (64, 32)]
    cases += [(int(rng.integers(10, 5000)), int(rng.integers(1, 200)))
              for _ in range(checker.trials)]

    def whole(inputs, result):
        as_count(result, f"updates_per_epoch{inputs}")
    function_check(checker, fn, cases, ref.updates_per_epoch,
                   "updates_per_epoch(n_examples, batch_size)", mistakes=UPDATES_MISTAKES,
                   scalar=True, extra=whole, rtol=0, atol=0.5)
    return "Correct! Batch GD: 1 update per epoch; SGD: N; mini-batches: ⌈N/B⌉."


# ----- the linear scaling rule (exercise 11.2) ---------------------------------------------
_SCALING = see(CHAPTER, "The same work, different numbers of updates")
#: Exercise 11.2: the batch size and learning rate that train well, and the new batch size.
SCALING = {"lr": 0.05, "batch": 16, "new_batch": 128}

_S = SCALING
_K = _S["new_batch"] // _S["batch"]           # how many times larger the new batch is
SCALING_MISTAKES = [
    Mistake("the rate went down: a larger batch gives a more accurate gradient and fewer "
            "updates per epoch, so it can afford (and needs) a larger step, not a smaller one.",
            lambda: ref.linear_scaling(_S["lr"], _S["new_batch"], _S["batch"]), _SCALING,
            "eta_128"),
    Mistake("that scales η by the square root of the batch ratio; the rule the chapter tests "
            "is linear: k times the batch, k times the rate.",
            lambda: _S["lr"] * (_S["new_batch"] / _S["batch"]) ** 0.5, _SCALING, "eta_128"),
    Mistake("that multiplies η by the new batch size itself; the rule multiplies it by the "
            "ratio of the batch sizes.", lambda: _S["lr"] * _S["new_batch"], _SCALING,
            "eta_128"),
    Mistake(f"that keeps η unchanged: with {_K} times fewer updates per epoch, each update "
            f"then moves the weights no further than before, so training slows down per epoch.",
            lambda: _S["lr"], _SCALING, "eta_128"),
]


@register(SCALING_MISTAKES)
def linear_scaling(checker, eta_128):
    """The learning rate the linear scaling rule suggests for the new batch (exercise 11.2)."""
    compare_parts([("eta_128", eta_128,
                    ref.linear_scaling(_S["lr"], _S["batch"], _S["new_batch"]))],
                  rtol=1e-6, mistakes=SCALING_MISTAKES)
    return (f"Correct! One update on {_K} times as many examples should move the weights about "
            f"as far as the {_K} small updates it replaces. Try it first, then tune: the "
            f"chapter's runs show the rule failing once the step itself gets too large.")


STEP_DECAY_MISTAKES = [
    Mistake("the exponent must be the whole number ⌊t/every⌋ (t // every): the rate drops in "
            "steps, not smoothly.", lambda t, lr0, d, e: lr0 * d ** (t / e),
            see(CHAPTER, "Learning-rate schedules")),
]


@register(STEP_DECAY_MISTAKES)
def step_decay(checker, fn):
    """``fn(t, lr0, drop, every)`` returns η_t = η_0 · drop^⌊t/every⌋."""
    rng = checker.rng()
    cases = [(int(rng.integers(0, 100)), float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 0.9)),
              int(rng.integers(2, 20))) for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.step_decay, "step_decay(t, lr0, drop, every)",
                   mistakes=STEP_DECAY_MISTAKES, scalar=True)
    return "Correct! η stays constant for `every` steps, then drops."


# ----- two schedules with new numbers (exercise 11.4) --------------------------------------
_SCHEDULES = see(CHAPTER, "Learning-rate schedules")
#: Exercise 11.4: η₀, the decay rate and the step t at which both schedules are read.
DECAYS = {"lr0": 0.4, "rate": 0.05, "t": 40}


def _decays():
    from ..schedules import exponential_decay, inverse_time_decay
    d = DECAYS
    return (exponential_decay(d["lr0"], d["rate"])(d["t"]),
            inverse_time_decay(d["lr0"], d["rate"])(d["t"]))


_D = DECAYS
DECAY_MISTAKES = [
    Mistake("eta_exp is η₀(1 − rate)ᵗ; the exponential schedule is η₀ · e^(−rate·t).",
            lambda: _D["lr0"] * (1 - _D["rate"]) ** _D["t"], _SCHEDULES, "eta_exp"),
    Mistake("eta_inv leaves out the 1 in η₀/(1 + rate·t).",
            lambda: _D["lr0"] / (_D["rate"] * _D["t"]), _SCHEDULES, "eta_inv"),
    Mistake("eta_inv is η₀/(rate·t + t): the denominator is 1 + rate·t.",
            lambda: _D["lr0"] / (1 + _D["rate"] * _D["t"] + _D["t"] - 1), _SCHEDULES, "eta_inv"),
]


@register(DECAY_MISTAKES)
def two_schedules(checker, eta_exp, eta_inv):
    """η at step t = 40 of the exponential and the 1/t schedules of exercise 11.4."""
    e, i = _decays()
    compare_parts([("eta_exp", eta_exp, e), ("eta_inv", eta_inv, i)], rtol=1e-6,
                  mistakes=DECAY_MISTAKES)
    return ("Correct! The exponential schedule falls much faster: after a while it barely "
            "moves the weights, while 1/t keeps taking sizeable steps.")


# ----- predict, then run: settling into the minimum (exercise 11.5) --------------------------
#: Exercise 11.5: stochastic gradient descent (one example per update) on the least-squares
#: fit of one weight, ŷ = w x, to ``n`` points y = 2x + 0.5·noise, for ``epochs`` epochs from
#: w = 0, at a constant rate and with η_t = lr/(1 + rate·t); one data set and order per seed.
NOISE = {"n": 100, "epochs": 5, "lr": 0.1, "rate": 0.02, "seeds": (0, 1, 2, 3, 4)}


def _distance_to_minimum(lr, seed):
    """|w − w*| after the run of exercise 11.5 with the learning rate (or schedule) ``lr``."""
    from ..optimizers import GradientDescent
    rng = np.random.default_rng(seed)
    x = rng.normal(size=NOISE["n"])
    y = 2.0 * x + 0.5 * rng.normal(size=NOISE["n"])
    w_star = np.sum(x * y) / np.sum(x * x)           # the minimum of ½ Σ (w x − y)²
    w = np.zeros(1)
    optimizer = GradientDescent([w], lr=lr)
    for _ in range(NOISE["epochs"]):
        for k in rng.permutation(NOISE["n"]):
            optimizer.step([(w * x[k] - y[k]) * x[k]])
    return abs(float(w[0]) - w_star)


@functools.lru_cache(maxsize=None)
def _noise_floor():
    """Mean |w − w*| over the seeds: (constant η, 1/t schedule), and the seeds reversed."""
    from ..schedules import inverse_time_decay
    decay = inverse_time_decay(NOISE["lr"], rate=NOISE["rate"])
    const = [_distance_to_minimum(NOISE["lr"], s) for s in NOISE["seeds"]]
    sched = [_distance_to_minimum(decay, s) for s in NOISE["seeds"]]
    return float(np.mean(const)), float(np.mean(sched)), sum(c < d for c, d in zip(const, sched))


def _noise_options():
    """The options of exercise 11.5; which is right comes from running it."""
    const, sched, reversed_seeds = _noise_floor()
    truth = "a" if const * 3 < sched else "b" if sched * 3 < const else "c"
    jitter = ("at the minimum w* only the average gradient is 0, not one example's: with a "
              "constant η every update still jumps by η times an example's gradient, so w keeps "
              "jittering around w* at a distance set by η, while the schedule's shrinking steps "
              "damp the jitter")
    seeds = (f"; in {reversed_seeds} of the {len(NOISE['seeds'])} seeds the constant rate "
             f"happens to end closer, which is why one seed proves nothing"
             if reversed_seeds else "")
    options = {
        "a": (truth == "a", f"{jitter}. The chapter's 15-epoch runs favoured the constant rate "
                            f"because they were still far from a minimum, where large steps "
                            f"help."),
        "b": (truth == "b", f"Correct! {jitter[0].upper() + jitter[1:]}. Over the seeds the "
                            f"schedule ends about {const / sched:.0f} times closer on average"
                            f"{seeds}."),
        "c": (truth == "c", f"{jitter}: the two do not end equally close."),
    }
    return options


@register()
def noise_prediction(checker, prediction):
    """The letter predicted in exercise 11.5: which run ends closer to the minimum."""
    from .answers import choose
    return choose(prediction, _noise_options(), what="prediction",
                  hint=see(CHAPTER, "The same work, different numbers of updates"))
