r"""Seeded experiments of the chapter *Architecture, initialisation and activation functions*.

A deep network (``depth`` hidden layers of ``width`` units, softmax output)
is built for each pairing of an activation function with an initialisation
(e.g. ``{"tanh, Xavier": ("tanh", "xavier_normal")}``), over several seeds.
:func:`init_statistics` measures what one forward and one backward pass see
before any training; :func:`train_pairs` trains each pairing with the same
budget; :func:`zero_init_run` shows what an all-zero initialisation lets
learn.  The output layer is always Xavier-initialised (softmax is not one of
the activations compared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_int
from ..network import Network
from ..training import accuracy, train

__all__ = ["deep_network", "InitStatistics", "init_statistics", "PairRuns", "train_pairs",
           "ZeroInitResult", "zero_init_run"]


def deep_network(activation, init, *, depth: int = 8, width: int = 64, n_in: int = 64,
                 n_out: int = 10, seed: int = 0) -> Network:
    """``n_in → width × depth → n_out``: ``activation`` and ``init`` in the hidden layers,
    a Xavier-initialised softmax output.

    >>> deep_network("relu", "he_normal", depth=2, width=3, n_in=4, n_out=2).sizes
    [4, 3, 3, 2]
    """
    depth = check_int(depth, "depth")
    width = check_int(width, "width")
    sizes = [n_in] + [width] * depth + [n_out]
    return Network.from_sizes(sizes, [activation] * depth + ["softmax"],
                              init=[init] * depth + ["xavier_normal"], rng=seed)


@dataclass
class InitStatistics:
    """One pairing over ``S`` seeds, before training.

    ``h_std`` ``(S, depth)``: standard deviation of ``h_i`` in hidden layer ``i``;
    ``h_rms`` ``(S, depth)``: ``sqrt(E[h_i²])``;
    ``grad_norm`` ``(S, depth + 1)``: ``‖∂ℒ/∂W_i‖`` for every layer;
    ``ratio`` ``(S,)``: ``‖∂ℒ/∂W_1‖ / ‖∂ℒ/∂W_depth‖`` (first over last hidden layer).
    """

    h_std: np.ndarray
    h_rms: np.ndarray
    grad_norm: np.ndarray
    ratio: np.ndarray


def init_statistics(pairs: dict, x, y, *, seeds=(0, 1, 2), depth: int = 8,
                    width: int = 64) -> dict:
    """Forward and backward statistics of a fresh deep network, per pairing and seed.

    ``pairs`` maps a name to ``(activation, init)``; returns ``{name:
    InitStatistics}``.

    >>> rng = np.random.default_rng(0)
    >>> s = init_statistics({"tanh": ("tanh", "xavier_normal")}, rng.random((20, 4)),
    ...                     rng.integers(0, 2, 20), seeds=(0, 1), depth=3, width=5)
    >>> s["tanh"].grad_norm.shape, s["tanh"].ratio.shape
    ((2, 4), (2,))
    """
    x = np.asarray(x, dtype=float)
    n_out = int(np.max(y)) + 1
    out = {}
    for name, (activation, init) in pairs.items():
        h_std, h_rms, grads = [], [], []
        for seed in seeds:
            net = deep_network(activation, init, depth=depth, width=width, n_in=x.shape[1],
                               n_out=n_out, seed=seed)
            trace = net.forward(x)
            g = net.backward(trace, y, "cross_entropy")
            h_std.append([np.std(h) for h in trace.h[1:depth + 1]])
            h_rms.append([np.sqrt(np.mean(h ** 2)) for h in trace.h[1:depth + 1]])
            grads.append([np.linalg.norm(w) for w in g.dW[1:]])
        grads = np.array(grads)
        with np.errstate(divide="ignore", invalid="ignore"):     # all-zero gradients: nan
            ratio = grads[:, 0] / grads[:, depth - 1]
        out[name] = InitStatistics(np.array(h_std), np.array(h_rms), grads, ratio)
    return out


@dataclass
class PairRuns:
    """One pairing trained once per seed: final ``loss`` (training), ``val_accuracy``
    (arrays of shape ``(S,)``) and the :class:`~ffnn_course.training.History` of each run."""

    loss: np.ndarray
    val_accuracy: np.ndarray
    histories: list


def train_pairs(data, pairs: dict, *, seeds=(0, 1, 2), depth: int = 8, width: int = 64,
                **train_kwargs) -> dict:
    """Train the deep network of every pairing once per seed, with the same budget.

    Seed ``s`` draws the initial weights (``rng=s``) and the mini-batches
    (``rng=s + 1``).  ``train_kwargs`` go to :func:`~ffnn_course.training.train`
    (optimizer, ``lr``, ``epochs``, ``batch_size`` …).  Returns ``{name: PairRuns}``.
    """
    out = {}
    for name, (activation, init) in pairs.items():
        losses, accs, hists = [], [], []
        for seed in seeds:
            net = deep_network(activation, init, depth=depth, width=width,
                               n_in=data.x_train.shape[1], n_out=data.n_classes, seed=seed)
            h = train(net, data.x_train, data.y_train, "cross_entropy", rng=seed + 1,
                      validation=(data.x_val, data.y_val),
                      **{"progress": "auto", **train_kwargs})
            losses.append(h.loss[-1])
            accs.append(h.val_accuracy[-1])
            hists.append(h)
        out[name] = PairRuns(np.array(losses), np.array(accs), hists)
    return out


@dataclass
class ZeroInitResult:
    """What training changed in a network whose hidden weights started at zero.

    ``changed[name]``: ``‖θ_after − θ_before‖`` for every parameter (``W1``, ``b1``, …);
    ``distinct_outputs``: how many different output vectors the trained network
    gives on the training inputs (1: the same answer for every input);
    ``output``: that answer (the first row); ``class_frequencies``: the share of
    each class in the training labels; ``train_accuracy``, ``loss`` (final training loss)
    and ``prior_entropy`` (``−Σ_k p_k ln p_k`` of the class frequencies, the lowest loss an
    input-independent answer can reach).
    """

    changed: dict
    distinct_outputs: int
    output: np.ndarray
    class_frequencies: np.ndarray
    train_accuracy: float
    loss: float
    prior_entropy: float


def zero_init_run(data, activation="tanh", *, depth: int = 8, width: int = 64, seed: int = 0,
                  **train_kwargs) -> ZeroInitResult:
    """Train the deep network with every hidden weight and bias 0 (output layer Xavier).

    >>> from ffnn_course import load_digits_split
    >>> r = zero_init_run(load_digits_split(), depth=2, width=4, optimizer="gd", lr=0.5,
    ...                   epochs=2)
    >>> r.changed["W1"], r.distinct_outputs
    (0.0, 1)
    """
    from ..initializers import zeros

    net = deep_network(activation, zeros, depth=depth, width=width,
                       n_in=data.x_train.shape[1], n_out=data.n_classes, seed=seed)
    before = [p.copy() for p in net.parameters()]
    h = train(net, data.x_train, data.y_train, "cross_entropy", rng=seed + 1,
              **{"progress": "auto", **train_kwargs})
    names = [f"{kind}{i}" for i in range(1, depth + 2) for kind in ("W", "b")]
    changed = {n: float(np.linalg.norm(p - q))
               for n, p, q in zip(names, net.parameters(), before)}
    out = net.predict(data.x_train)
    freq = np.bincount(data.y_train, minlength=data.n_classes) / len(data.y_train)
    return ZeroInitResult(changed, len(np.unique(np.round(out, 12), axis=0)), out[0], freq,
                          accuracy(net, data.x_train, data.y_train), h.loss[-1],
                          float(-np.sum(freq * np.log(freq))))
