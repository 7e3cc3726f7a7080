r"""Training loops: batch, mini-batch and stochastic gradient descent.

The lecture's learning algorithm::

    initialise w, b
    iterate over the data:
        compute ŷ = f(x)
        compute L(w, b)
        w ← w − η ∂L/∂w   (for every weight), b likewise
    till satisfied

:func:`train` does exactly this, one forward and one backward pass per
mini-batch, and returns a :class:`History`.  The library prints nothing; a
progress bar is opt-in (``progress=True``, or ``"auto"``: shown unless the
environment variable ``FFNN_COURSE_NO_PROGRESS`` is set, which the course sets
when it stores notebook outputs).

Regularisation: ``l2 = λ`` adds ``(λ/2) Σ_i ‖W_i‖²`` to the loss (so
``λ W_i`` to each weight gradient; biases are not penalised); ``dropout = p``
drops hidden units while training; ``early_stopping = patience`` stops when
the validation loss has not improved for ``patience`` epochs and restores the
best weights.  Each mini-batch runs the forward pass in training mode (batch
statistics in :class:`~ffnn_course.batchnorm.BatchNorm` layers); ``predict``
and the validation metrics use inference mode (running statistics).
Taught in the chapter *Training in practice*.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from ._validation import as_batch, as_rng, check_fraction, check_int, check_positive
from .losses import get_loss
from .network import Network
from .optimizers import Optimizer, get_optimizer


@dataclass
class History:
    """What happened during training, one entry per epoch.

    ``loss`` is the mean training loss over the epoch's mini-batches
    (computed before each update, without the L2 penalty); ``val_loss`` and
    ``val_accuracy`` are measured after each epoch when validation data are
    given.  ``steps`` and ``examples_seen`` count optimizer steps and
    per-example gradient evaluations so far.  ``step_loss`` holds every
    mini-batch loss when ``record_steps=True``.
    """

    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    examples_seen: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.loss)


def accuracy(net: Network, x, y) -> float:
    """Fraction of examples classified correctly.

    For several outputs the predicted class is ``argmax ŷ`` and ``y`` holds
    integer labels or one-hot rows; for one sigmoid output the prediction is
    ``ŷ ≥ 0.5`` and ``y`` holds 0/1 labels.
    """
    y_hat = net.predict(x)
    y = np.asarray(y)
    if y_hat.shape[-1] == 1:
        return float(np.mean((y_hat.reshape(-1) >= 0.5) == (y.reshape(-1) >= 0.5)))
    labels = y if y.ndim == y_hat.ndim - 1 else np.argmax(y, axis=-1)
    return float(np.mean(np.argmax(y_hat, axis=-1) == labels))


def _progress_bar(progress, epochs):
    """A tqdm bar over the epochs, or None (tqdm is imported only when wanted)."""
    if progress == "auto":
        progress = not os.environ.get("FFNN_COURSE_NO_PROGRESS")
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # an optional nicety: training works without it
        return None
    return tqdm(total=epochs, desc="training", unit="epoch", leave=False)


def _positions(params, net_params) -> list[int] | None:
    """Where each of the optimizer's parameters sits in ``net.parameters()`` (by identity).

    None when they are exactly ``net.parameters()``, in order (the usual case).
    """
    where = {id(p): k for k, p in enumerate(net_params)}
    positions = [where[id(p)] for p in params]
    return None if positions == list(range(len(net_params))) else positions


def train(net: Network, x, y, loss, optimizer="gd", *, epochs: int = 10,
          batch_size: int | None = None, shuffle: bool = True, rng=None,
          l2: float = 0.0, dropout: float = 0.0, validation=None,
          early_stopping: int | None = None, restore_best: bool = True,
          record_steps: bool = False, progress=False, **optimizer_kwargs) -> History:
    """Train ``net`` in place by gradient descent and return a :class:`History`.

    Parameters
    ----------
    net : Network
        Updated in place.
    x, y : arrays
        Training inputs ``(N, n_0)`` and targets (see :mod:`ffnn_course.losses`).
    loss : str or Loss
    optimizer : str or Optimizer
        A name (``"gd"``, ``"momentum"``, ``"nesterov"``, ``"adagrad"``,
        ``"rmsprop"``, ``"adam"``) built on all of ``net.parameters()`` with
        ``optimizer_kwargs`` (e.g. ``lr=0.5``), or an optimizer you built
        yourself, e.g. on ``net.parameters(biases=False)`` to update only the
        weights.
    batch_size : int or None
        ``None``: batch gradient descent (one step per epoch on all data);
        ``1``: stochastic gradient descent; otherwise mini-batches.
    shuffle, rng
        Mini-batches are drawn from a fresh permutation each epoch.
    l2, dropout, validation, early_stopping, restore_best
        Regularisation; ``validation = (x_val, y_val)``.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    loss = get_loss(loss)
    X, single = as_batch(x, "x", net.layers[0].n_in)
    if single:                                   # one example: a batch of one
        y = [y]
    n = X.shape[0]
    Y = loss.check(np.full((n, net.layers[-1].n_out), 0.5), y)[1]   # validated targets
    epochs = check_int(epochs, "epochs")
    batch_size = n if batch_size is None else check_int(batch_size, "batch_size")
    l2 = check_positive(l2, "l2", allow_zero=True)
    dropout = check_fraction(dropout, "dropout")
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (x_val, y_val)")
        X_val, _ = as_batch(validation[0], "x_val", net.layers[0].n_in)
        loss.check(np.full((X_val.shape[0], net.layers[-1].n_out), 0.5), validation[1])
        Y_val = validation[1]
    if early_stopping is not None:
        early_stopping = check_int(early_stopping, "early_stopping")
        if validation is None:
            raise ValueError("early_stopping needs validation=(x_val, y_val) to monitor")
    net_params = net.parameters()
    if isinstance(optimizer, Optimizer):
        if optimizer_kwargs:
            raise TypeError(f"optimizer keyword arguments {sorted(optimizer_kwargs)} are only "
                            f"used when optimizer is a name")
        known = {id(p) for p in net_params}
        if any(id(p) not in known for p in optimizer.params):
            raise ValueError("the optimizer was built on arrays that are not this network's "
                             "parameters; build it from net.parameters()")
        opt = optimizer
    else:
        opt = get_optimizer(optimizer, net_params, **optimizer_kwargs)
    rng = as_rng(rng)
    positions = _positions(opt.params, net_params)
    decay = [l2 > 0 and p.ndim == 2 for p in net_params]      # L2 acts on weight matrices

    history = History()
    best = (np.inf, None)
    since_best = 0
    bar = _progress_bar(progress, epochs)
    try:
        for epoch in range(epochs):
            order = rng.permutation(n) if shuffle and batch_size < n else np.arange(n)
            total, lr_used = 0.0, opt.current_lr()
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                xb, yb, m = X[idx], Y[idx], len(idx)
                # x and y were checked once above, so the loop calls the unchecked
                # forms of forward, loss, backward and step: the same formulas.
                trace = net._forward(xb, dropout, rng, True, True)
                y_hat = trace.h[-1]
                batch_loss = loss._value(y_hat, yb, m)
                if not math.isfinite(batch_loss):
                    raise FloatingPointError(
                        f"training diverged: the loss became {batch_loss} in epoch {epoch + 1} "
                        f"(step {opt.t + 1}); try a smaller learning rate")
                delta_L = net._output_delta(trace.a[-1], y_hat, yb, m, loss)
                grads = net._backward(trace, delta_L).as_list()
                if l2 > 0:
                    grads = [g + l2 * p if d else g for p, g, d in zip(net_params, grads, decay)]
                opt._step(grads if positions is None else [grads[k] for k in positions])
                total += batch_loss * m
                if record_steps:
                    history.step_loss.append(batch_loss)
            history.loss.append(total / n)
            history.steps.append(opt.t)
            history.examples_seen.append((epoch + 1) * n)
            history.lr.append(lr_used)
            if validation is not None:
                history.val_loss.append(net.loss(X_val, Y_val, loss))
                history.val_accuracy.append(accuracy(net, X_val, Y_val))
                if history.val_loss[-1] < best[0]:
                    best = (history.val_loss[-1],
                            [p.copy() for p in net_params + net.buffers()])
                    history.best_epoch, since_best = epoch, 0
                else:
                    since_best += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{history.loss[-1]:.4f}")
            if early_stopping is not None and since_best >= early_stopping:
                history.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.close()
    if early_stopping is not None and restore_best and best[1] is not None:
        for p, saved in zip(net_params + net.buffers(), best[1]):
            p[...] = saved
    return history
