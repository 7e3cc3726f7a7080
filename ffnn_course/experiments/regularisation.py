r"""Seeded experiments of the chapter *Regularisation*.

Every comparison trains each setting once per seed, from the same initial
weights for a given seed, with the same number of parameter updates, and
returns arrays of shape ``(S,)`` (one value per seed) that the chapter
summarises as mean ± standard deviation.  Seed ``s`` draws the initial
weights (``rng=s``) and the mini-batches and dropout masks (``rng=s + 1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..network import Network
from ..optimizers import get_optimizer
from ..training import accuracy, train

__all__ = ["SettingRuns", "compare_regularisers", "compare_augmentation",
           "compare_batchnorm", "dropout_ensemble", "mean_sd"]


def mean_sd(values, digits: int = 3, sci: bool = False, sep: str = " ± ") -> str:
    """``"mean ± sd"`` of ``values`` (sample standard deviation, ``ddof = 1``).

    ``digits`` decimals, in scientific notation if ``sci``; ``sep="±"`` for narrow tables.

    >>> mean_sd([0.2, 0.3, 0.4]), mean_sd([2e-5, 4e-5], digits=1, sci=True)
    ('0.300 ± 0.100', '3.0e-05 ± 1.4e-05')
    """
    values = np.asarray(values, dtype=float)
    sd = np.std(values, ddof=1) if values.size > 1 else 0.0
    kind = "e" if sci else "f"
    return f"{np.mean(values):.{digits}{kind}}{sep}{sd:.{digits}{kind}}"


@dataclass
class SettingRuns:
    """One setting trained once per seed.

    Arrays of shape ``(S,)``: ``val_loss``, ``val_accuracy`` (on the validation
    set), ``eval_loss``, ``eval_accuracy`` (on a separate evaluation set, if
    given), ``train_accuracy``, ``epochs`` and ``updates``; ``histories``: the
    :class:`~ffnn_course.training.History` of each run; ``weight_norm``: per
    run, ``sqrt(Σ_i ‖W_i‖²)`` after every epoch (empty for early stopping);
    ``nets``: the trained networks.
    """

    val_loss: np.ndarray
    val_accuracy: np.ndarray
    eval_loss: np.ndarray
    eval_accuracy: np.ndarray
    train_accuracy: np.ndarray
    epochs: np.ndarray
    updates: np.ndarray
    histories: list = field(repr=False)
    weight_norm: list = field(repr=False)
    nets: list = field(repr=False)


def _weight_norm(net: Network) -> float:
    return float(np.sqrt(sum(np.sum(w ** 2) for w in net.parameters(biases=False))))


def _train_recording_norms(net, x, y, *, epochs, optimizer, rng, **kwargs):
    """``train`` one epoch at a time (same optimizer state and random stream as a
    single call) to record the weight norm after every epoch."""
    opt_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in ("lr", "momentum", "beta1",
                                                                  "beta2", "eps", "gamma")}
    opt = get_optimizer(optimizer, net.parameters(), **opt_kwargs)
    rng = np.random.default_rng(rng)
    norms, total = [], None
    for _ in range(epochs):
        h = train(net, x, y, "cross_entropy", opt, epochs=1, rng=rng, **kwargs)
        if total is None:
            total = h
        else:
            for name in ("loss", "val_loss", "val_accuracy", "steps", "lr"):
                getattr(total, name).extend(getattr(h, name))
            total.examples_seen.append(total.examples_seen[-1] + h.examples_seen[-1])
        norms.append(_weight_norm(net))
    return total, np.array(norms)


def _summarise(runs, data, evaluation):
    keys = ("val_loss", "val_accuracy", "eval_loss", "eval_accuracy", "train_accuracy",
            "epochs", "updates")
    cols = {k: [] for k in keys}
    for net, h, x, y in runs:
        cols["val_loss"].append(net.loss(data.x_val, data.y_val, "cross_entropy"))
        cols["val_accuracy"].append(accuracy(net, data.x_val, data.y_val))
        if evaluation is not None:
            cols["eval_loss"].append(net.loss(evaluation[0], evaluation[1], "cross_entropy"))
            cols["eval_accuracy"].append(accuracy(net, *evaluation))
        cols["train_accuracy"].append(accuracy(net, x, y))
        cols["epochs"].append(h.epochs)
        cols["updates"].append(h.steps[-1])
    return {k: np.array(v) for k, v in cols.items()}


def compare_regularisers(make_net, settings: dict, data, *, seeds=(0, 1, 2), evaluation=None,
                         epochs: int = 100, optimizer="momentum", **common) -> dict:
    """Train every setting of ``settings`` once per seed; return ``{name: SettingRuns}``.

    ``make_net(seed)`` builds the network; ``settings`` maps a name to keyword
    arguments of :func:`~ffnn_course.training.train` (``l2``, ``dropout``,
    ``early_stopping``, or ``x`` and ``y`` to train on other data);
    ``common`` holds the shared ones (``lr``, ``momentum``, ``batch_size`` …).
    ``data`` is a :class:`~ffnn_course.data.Split` (validation on
    ``data.x_val``); ``evaluation = (x, y)`` is a further set that no run
    selects on, so early stopping, which picks its epoch on the validation
    set, can be scored fairly.

    >>> from ffnn_course import load_digits_split
    >>> data = load_digits_split()
    >>> make = lambda s: Network.from_sizes([64, 8, 10], ["relu", "softmax"], rng=s)
    >>> r = compare_regularisers(make, {"none": {}, "L2": dict(l2=0.01)}, data, seeds=(0, 1),
    ...                          epochs=2, lr=0.1, momentum=0.9, batch_size=64)
    >>> r["L2"].val_loss.shape, r["L2"].updates.tolist()
    ((2,), [34, 34])
    """
    out = {}
    for name, kwargs in settings.items():
        runs, hists, norms = [], [], []
        for seed in seeds:
            net = make_net(seed)
            args = {"validation": (data.x_val, data.y_val), **common, **kwargs}
            x, y = args.pop("x", data.x_train), args.pop("y", data.y_train)
            n_epochs = args.pop("epochs", epochs)
            if "early_stopping" in args:
                h = train(net, x, y, "cross_entropy", optimizer, epochs=n_epochs,
                          rng=seed + 1, **args)
                norm = np.array([])
            else:
                h, norm = _train_recording_norms(net, x, y, epochs=n_epochs,
                                                 optimizer=optimizer, rng=seed + 1, **args)
            runs.append((net, h, x, y))
            hists.append(h)
            norms.append(norm)
        out[name] = SettingRuns(**_summarise(runs, data, evaluation), histories=hists,
                                weight_norm=norms, nets=[r[0] for r in runs])
    return out


def compare_augmentation(make_net, data, x_aug, y_aug, *, seeds=(0, 1, 2), updates: int = 940,
                         batch_size: int = 32, evaluation=None, **common) -> dict:
    """The original training set against an augmented one, with the same number of updates.

    Each run gets ``updates`` optimizer steps: the number of epochs is
    ``updates / ⌈N / batch_size⌉`` for its own training-set size ``N``
    (a ``ValueError`` if that does not divide).  Returns ``{"original":
    SettingRuns, "augmented": SettingRuns}``; ``evaluation`` as in
    :func:`compare_regularisers` (e.g. shifted validation digits).
    """
    settings = {}
    for name, (x, y) in {"original": (data.x_train, data.y_train),
                         "augmented": (x_aug, y_aug)}.items():
        per_epoch = -(-len(y) // batch_size)
        if updates % per_epoch:
            raise ValueError(f"updates must be a multiple of the {per_epoch} mini-batches per "
                             f"epoch of the {name} set ({len(y)} examples), got {updates}")
        settings[name] = dict(x=x, y=y, epochs=updates // per_epoch)
    return compare_regularisers(make_net, settings, data, seeds=seeds, evaluation=evaluation,
                                batch_size=batch_size, **common)


def compare_batchnorm(data, *, sizes=(64, 64, 64, 64, 64, 10), lrs=(0.05, 0.5),
                      seeds=(0, 1, 2), epochs: int = 10, batch_size: int = 32) -> dict:
    """Plain mini-batch gradient descent on a deep ReLU network, with and without
    batch normalisation, at each learning rate in ``lrs``.

    Both networks of a seed start from weights drawn with that seed (the
    batch-norm network has extra layers, so not the same weights).  Returns
    ``{(lr, "plain" or "batch norm"): SettingRuns}``.
    """
    from ..batchnorm import batchnorm_network

    sizes = list(sizes)
    hidden = len(sizes) - 2
    makers = {
        "plain": lambda s: Network.from_sizes(sizes, ["relu"] * hidden + ["softmax"],
                                              init=["he_uniform"] * hidden + ["xavier_uniform"],
                                              rng=s),
        "batch norm": lambda s: batchnorm_network(sizes, rng=s)}
    out = {}
    for lr in lrs:
        for name, make in makers.items():
            out[(lr, name)] = compare_regularisers(make, {name: {}}, data, seeds=seeds,
                                                   epochs=epochs, optimizer="gd", lr=lr,
                                                   batch_size=batch_size)[name]
    return out


def dropout_ensemble(net: Network, x, y, p: float, *, masks: int = 100, rng=0) -> dict:
    """Dropout as an ensemble: average the predictions of ``masks`` random thinned networks.

    Each thinned network drops every hidden unit with probability ``p``
    (:meth:`~ffnn_course.network.Network.forward` with ``dropout=p``).
    Returns the accuracy of each thinned network (``"thinned"``, shape
    ``(masks,)``), of their averaged prediction (``"ensemble"``) and of the full
    network (``"full"``, the weight-scaling rule used at prediction time),
    with the mean absolute difference between the ensemble's and the full
    network's predicted probabilities (``"prob_gap"``).

    >>> from ffnn_course import load_digits_split
    >>> d = load_digits_split()
    >>> net = Network.from_sizes([64, 16, 10], ["relu", "softmax"], rng=0)
    >>> sorted(dropout_ensemble(net, d.x_val, d.y_val, 0.5, masks=3))
    ['ensemble', 'full', 'prob_gap', 'thinned']
    """
    rng = np.random.default_rng(rng)
    y = np.asarray(y)
    probs = [net.forward(x, dropout=p, rng=rng).output for _ in range(masks)]
    thinned = np.array([np.mean(np.argmax(q, axis=1) == y) for q in probs])
    mean = np.mean(probs, axis=0)
    full = net.predict(x)
    return {"thinned": thinned, "ensemble": float(np.mean(np.argmax(mean, axis=1) == y)),
            "full": float(np.mean(np.argmax(full, axis=1) == y)),
            "prob_gap": float(np.mean(np.abs(mean - full)))}
