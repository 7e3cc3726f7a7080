r"""Small, seeded experiments for the chapters on training in practice.

Each function runs the package's own :func:`~ffnn_course.training.train`,
:meth:`~ffnn_course.network.Network.forward` and
:meth:`~ffnn_course.network.Network.backward` and returns numbers; the
chapters plot them (:mod:`ffnn_course.plotting.practice`).  Everything random
takes a seed, so every run gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_rng, check_int
from ..network import Network
from ..training import History, accuracy, train

from .initialisation import (InitStatistics, PairRuns, ZeroInitResult, deep_network,
                             init_statistics, train_pairs, zero_init_run)
from .regularisation import (SettingRuns, compare_augmentation, compare_batchnorm,
                             compare_regularisers, dropout_ensemble, mean_sd)

__all__ = ["LayerStatistics", "layer_statistics", "run_experiments", "architecture_grid",
           "DIGITS_RECIPE", "train_digits_classifier", "sklearn_digits_classifier",
           # chapter 12 (initialisation.py)
           "deep_network", "InitStatistics", "init_statistics", "PairRuns", "train_pairs",
           "ZeroInitResult", "zero_init_run",
           # chapter 13 (regularisation.py)
           "SettingRuns", "compare_regularisers", "compare_augmentation", "compare_batchnorm",
           "dropout_ensemble", "mean_sd"]


@dataclass
class LayerStatistics:
    """Per hidden and output layer ``i = 1 … L`` (list index ``i − 1``).

    ``h``: the activations ``h_i`` (N × n_i arrays, for histograms);
    ``h_std``: their standard deviation; ``grad_norm``: ``‖∂L/∂W_i‖`` (Frobenius
    norm); ``delta``: the backpropagated ``δ_i = ∂L/∂a_i``; ``delta_std``:
    their standard deviation.
    """

    h: list
    h_std: np.ndarray
    grad_norm: np.ndarray
    delta: list
    delta_std: np.ndarray


def layer_statistics(net: Network, x, y, loss="cross_entropy") -> LayerStatistics:
    """One forward and one backward pass on ``(x, y)``; what each layer saw.

    >>> net = Network.from_sizes([4, 3, 2], ["tanh", "softmax"], rng=0)
    >>> stats = layer_statistics(net, np.ones((5, 4)), [0, 1, 0, 1, 1])
    >>> stats.h_std.shape, stats.grad_norm.shape
    ((2,), (2,))
    """
    trace = net.forward(x)
    grads = net.backward(trace, y, loss)
    L = len(net.layers)
    dW = [grads.dW[i] if grads.dW[i] is not None else grads.dgamma[i] for i in range(1, L + 1)]
    return LayerStatistics(
        h=list(trace.h[1:]),
        h_std=np.array([np.std(h) for h in trace.h[1:]]),
        grad_norm=np.array([np.linalg.norm(g) for g in dW]),
        delta=list(grads.delta[1:]),
        delta_std=np.array([np.std(d) for d in grads.delta[1:]]))


def run_experiments(make_net, settings: dict, data, *, loss="cross_entropy",
                    **common) -> dict:
    """Train one fresh network per setting; return ``{name: (net, History)}``.

    ``make_net()`` builds the network (with a fixed seed, so every setting
    starts from the same weights).  ``settings`` maps a name to the keyword
    arguments of :func:`~ffnn_course.training.train` for that run (e.g. ``{"adam": dict(optimizer=
    "adam", lr=1e-3)}``); ``common`` holds the arguments shared by all runs
    (``epochs``, ``batch_size``, ``rng``, …).  ``data`` is a
    :class:`~ffnn_course.data.Split`; validation uses ``data.x_val``.
    """
    results = {}
    for name, kwargs in settings.items():
        net = make_net()
        args = {**common, **kwargs}
        x, y = args.pop("x", data.x_train), args.pop("y", data.y_train)
        args.setdefault("validation", (data.x_val, data.y_val))
        args.setdefault("progress", "auto")
        history: History = train(net, x, y, loss, **args)
        results[name] = (net, history)
    return results


def architecture_grid(data, depths, widths, *, activation="relu", init="he_uniform",
                      seed: int = 0, **train_kwargs):
    """Train a network for every (number of hidden layers, neurons per layer).

    Returns ``(train_accuracy, val_accuracy)``, arrays of shape
    ``(len(depths), len(widths))``.  All networks use ``activation`` in the
    hidden layers, a softmax output and the same training settings.
    """
    depths, widths = list(depths), list(widths)
    for d in depths:
        check_int(d, "depth", minimum=0)
    for w in widths:
        check_int(w, "width")
    n_in, n_out = data.x_train.shape[1], data.n_classes
    train_acc = np.zeros((len(depths), len(widths)))
    val_acc = np.zeros_like(train_acc)
    for r, depth in enumerate(depths):
        for c, width in enumerate(widths):
            sizes = [n_in] + [width] * depth + [n_out]
            net = Network.from_sizes(sizes, [activation] * depth + ["softmax"],
                                     init=[init] * depth + ["xavier_uniform"], rng=seed)
            train(net, data.x_train, data.y_train, "cross_entropy",
                  rng=as_rng(seed + 1), **{"progress": "auto", **train_kwargs})
            train_acc[r, c] = accuracy(net, data.x_train, data.y_train)
            val_acc[r, c] = accuracy(net, data.x_val, data.y_val)
    return train_acc, val_acc


# The recipe of the chapter *Regularisation*, section "Putting it together": the same
# settings in the chapter and in tests/test_practice.py.
DIGITS_RECIPE = dict(hidden=(128,), activation="relu", init="he_uniform", optimizer="adam",
                     lr=0.005, batch_size=32, epochs=50, early_stopping=15, seed=0)


def train_digits_classifier(data, **overrides):
    """Train the chapter's final digits network; return ``(net, History)``.

    A ``64 → 128 → 10`` network (ReLU, He initialisation, softmax output)
    trained with Adam on mini-batches of 32, with early stopping on the
    validation loss.  Keyword arguments override ``DIGITS_RECIPE``.
    """
    recipe = {**DIGITS_RECIPE, **overrides}
    unknown = set(recipe) - set(DIGITS_RECIPE)
    if unknown:
        raise TypeError(f"unknown settings {sorted(unknown)}; expected {sorted(DIGITS_RECIPE)}")
    hidden = list(recipe["hidden"])
    sizes = [data.x_train.shape[1]] + hidden + [data.n_classes]
    net = Network.from_sizes(sizes, [recipe["activation"]] * len(hidden) + ["softmax"],
                             init=[recipe["init"]] * len(hidden) + ["xavier_uniform"],
                             rng=recipe["seed"])
    history = train(net, data.x_train, data.y_train, "cross_entropy", recipe["optimizer"],
                    lr=recipe["lr"], epochs=recipe["epochs"], batch_size=recipe["batch_size"],
                    rng=recipe["seed"] + 1, validation=(data.x_val, data.y_val),
                    early_stopping=recipe["early_stopping"], progress="auto")
    return net, history


def sklearn_digits_classifier(data, hidden=(128,), seed: int = 0, max_iter: int = 300):
    """scikit-learn's ``MLPClassifier`` with the same architecture (ReLU, Adam) and split.

    Returns the fitted classifier.  Its convergence warning is silenced: the
    chapter compares accuracies only.  The fit runs in one BLAS thread: on
    data this small more threads only add overhead (and on a busy machine
    they slow the fit down many times).
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    clf = MLPClassifier(hidden_layer_sizes=tuple(hidden), activation="relu", solver="adam",
                        max_iter=max_iter, random_state=seed)
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(data.x_train, data.y_train)
    return clf
from .optimizers import (Sweep, lr_sweep, momentum_roots, rmsprop_first_step,  # noqa: E402,F401
                         tune_paths)
from .batching import dead_fraction, time_per_epoch, updates_per_epoch  # noqa: E402,F401
