"""The checks of the exercises of chapter 11, *Batching and learning-rate schedules*.

The exercises are in ``exercises/11_batching_and_schedules.ipynb``.
"""

from __future__ import annotations

from .. import references as ref
from .answers import as_count
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
