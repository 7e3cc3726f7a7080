r"""What the chapter *Batching and learning-rate schedules* measures besides losses.

* :func:`updates_per_epoch`: ``⌈N / B⌉`` parameter updates buy one pass over
  ``N`` examples with batches of ``B``.
* :func:`time_per_epoch`: wall-clock milliseconds of one training epoch
  (machine-dependent, so the chapter prints it coarsely).
* :func:`dead_fraction`: the fraction of ReLU units that output 0 on *every*
  example, the signature of "dying ReLU" after too large a step.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .._validation import as_batch, check_int
from ..network import Network
from ..training import train

__all__ = ["updates_per_epoch", "time_per_epoch", "dead_fraction"]


def updates_per_epoch(n: int, batch_size: int | None) -> int:
    """``⌈N / B⌉``: the number of updates in one epoch (``None`` means ``B = N``).

    >>> [updates_per_epoch(1079, b) for b in (None, 128, 32, 1)]
    [1, 9, 34, 1079]
    """
    n = check_int(n, "n")
    batch_size = n if batch_size is None else check_int(batch_size, "batch_size")
    return math.ceil(n / batch_size)


def time_per_epoch(make_net, x, y, batch_sizes, *, epochs: int = 1, repeats: int = 3,
                   lr: float = 0.01) -> dict:
    """Milliseconds of one epoch of plain gradient descent per batch size.

    ``make_net()`` builds a fresh network; each measurement trains it for
    ``epochs`` epochs, and the fastest of ``repeats`` measurements (the one least
    disturbed by other programs) is kept, divided by ``epochs``.  Wall-clock
    times depend on the machine and its load: compare them with each other, not
    with another machine's.
    """
    epochs = check_int(epochs, "epochs")
    repeats = check_int(repeats, "repeats")
    out = {}
    for b in batch_sizes:
        best = math.inf
        for _ in range(repeats):
            net = make_net()
            start = time.perf_counter()
            train(net, x, y, "cross_entropy", "gd", lr=lr, epochs=epochs, batch_size=b, rng=0)
            best = min(best, time.perf_counter() - start)
        out[b] = 1000.0 * best / epochs
    return out


def dead_fraction(net: Network, x) -> np.ndarray:
    r"""For each hidden layer ``i``, the fraction of its units with ``h_i = 0`` on every row of ``x``.

    A ReLU unit whose pre-activation ``a_{i,j}`` is negative for every input
    outputs 0 and has ``g'(a) = 0``: no gradient reaches its incoming weights,
    so gradient descent can never revive it ("dying ReLU", chapter
    *Architectures, initialisation and activations*).  Returns an array of
    length ``L − 1``.

    >>> net = Network.from_sizes([2, 3, 1], ["relu", "sigmoid"], rng=0)
    >>> net.layers[0].b[:] = -100.0                 # every unit pushed far below 0
    >>> dead_fraction(net, np.ones((4, 2)))
    array([1.])
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    X, _ = as_batch(x, "x", net.layers[0].n_in)
    trace = net.forward(X)
    return np.array([float(np.mean(np.all(h == 0.0, axis=0))) for h in trace.h[1:-1]])
