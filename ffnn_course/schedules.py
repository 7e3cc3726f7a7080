r"""Learning-rate schedules: plain functions ``t -> η_t`` (``t = 0, 1, 2, …`` counts steps).

An optimizer's ``lr`` may be a number or one of these (as in optax).

* ``constant(η)``: ``η_t = η``
* ``step_decay(η_0, drop, every)``: ``η_t = η_0 · drop^{⌊t / every⌋}``
* ``exponential_decay(η_0, rate)``: ``η_t = η_0 · e^{−rate · t}``
* ``inverse_time_decay(η_0, rate)`` (the "1/t" schedule): ``η_t = η_0 / (1 + rate · t)``

>>> sched = step_decay(0.1, drop=0.5, every=10)
>>> [round(sched(t), 3) for t in (0, 9, 10, 25)]
[0.1, 0.1, 0.05, 0.025]
"""

from __future__ import annotations

import math

from ._validation import check_fraction, check_int, check_positive


def constant(lr: float):
    """``η_t = η`` for every step."""
    lr = check_positive(lr, "lr")

    def schedule(t: int) -> float:
        return lr

    return schedule


def step_decay(lr: float, drop: float = 0.5, every: int = 10):
    """``η_t = η_0 · drop^{⌊t / every⌋}``: multiply by ``drop`` every ``every`` steps."""
    lr = check_positive(lr, "lr")
    drop = check_fraction(drop, "drop", low_open=True, high_open=False)
    every = check_int(every, "every")

    def schedule(t: int) -> float:
        return lr * drop ** (t // every)

    return schedule


def exponential_decay(lr: float, rate: float = 0.01):
    """``η_t = η_0 · e^{−rate · t}``."""
    lr = check_positive(lr, "lr")
    rate = check_positive(rate, "rate", allow_zero=True)

    def schedule(t: int) -> float:
        return lr * math.exp(-rate * t)

    return schedule


def inverse_time_decay(lr: float, rate: float = 0.01):
    """``η_t = η_0 / (1 + rate · t)``: the 1/t schedule."""
    lr = check_positive(lr, "lr")
    rate = check_positive(rate, "rate", allow_zero=True)

    def schedule(t: int) -> float:
        return lr / (1.0 + rate * t)

    return schedule
