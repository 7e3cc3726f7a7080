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

Everything that can be checked is checked before the first update (the data,
the targets, the settings, the optimizer, that every mini-batch is large
enough for the network's layers, that the network holds no NaN).  If training
fails all the same (the loss becomes infinite, a schedule gives a bad rate, …)
the network and the optimizer are put back as they were when :func:`train`
was called, or at the best epoch when early stopping kept the best weights,
and the error says which.  Taught in the chapter *Training in practice*.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from ._validation import as_batch, as_rng, check_fraction, check_int, check_positive
from .losses import Loss, get_loss
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


class _Checkpoint:
    """The network's parameters and buffers and the optimizer's state, saved to be put back."""

    def __init__(self, net: Network, opt: Optimizer, label: str):
        self.arrays = [p.copy() for p in net.parameters() + net.buffers()]
        self.optimizer = opt.snapshot()
        self.label = label

    def restore(self, net: Network, opt: Optimizer | None = None) -> None:
        if opt is not None:
            opt.restore(self.optimizer)
        for p, saved in zip(net.parameters() + net.buffers(), self.arrays):
            p[...] = saved


def _optimizer(optimizer, net_params, optimizer_kwargs) -> Optimizer:
    """The optimizer ``train`` uses: built by name on ``net_params``, or checked if given."""
    if not isinstance(optimizer, Optimizer):
        return get_optimizer(optimizer, net_params, **optimizer_kwargs)
    if optimizer_kwargs:
        raise TypeError(f"optimizer keyword arguments {sorted(optimizer_kwargs)} are only "
                        f"used when optimizer is a name")
    known = {id(p) for p in net_params}
    if any(id(p) not in known for p in optimizer.params):
        raise ValueError("the optimizer was built on arrays that are not this network's "
                         "parameters; build it from net.parameters()")
    optimizer.current_lr()                 # a schedule that fails at once fails before training
    return optimizer


def _checked_data(net: Network, loss: Loss, x, y, validation):
    """``(X, Y, X_val, y_val)``: the training batch and its targets checked against the network."""
    X, single = as_batch(x, "x", net.layers[0].n_in)
    Y = loss.check_targets([y] if single else y, (X.shape[0], net.layers[-1].n_out))
    if validation is None:
        return X, Y, None, None
    if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
        raise TypeError(f"validation must be a pair (x_val, y_val), got "
                        f"{type(validation).__name__}")
    X_val, _ = as_batch(validation[0], "x_val", net.layers[0].n_in)
    loss.check_targets(validation[1], (X_val.shape[0], net.layers[-1].n_out))
    return X, Y, X_val, validation[1]


def _check_batches(net: Network, n: int, batch_size: int) -> None:
    """Every mini-batch of an epoch (the last may be smaller) must suit the network's layers."""
    smallest = min(batch_size, n) if n % batch_size == 0 else n % batch_size
    need = max(layer.min_batch_size for layer in net.layers)
    if smallest < need:
        raise ValueError(
            f"batch_size={batch_size} with {n} examples leaves a mini-batch of {smallest} "
            f"row(s), but this network's layers need at least {need} per batch in training "
            f"(batch normalisation); choose a batch_size that leaves no batch that small")


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

    Each epoch: for every mini-batch, the forward pass, the loss, ``δ_L``,
    backpropagation and one optimizer step; then the epoch's records.
    Everything is checked before the first update; on a failure during
    training the network and optimizer are restored (see the module docstring).
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    loss = get_loss(loss)
    X, Y, X_val, Y_val = _checked_data(net, loss, x, y, validation)
    n = X.shape[0]
    epochs = check_int(epochs, "epochs")
    batch_size = n if batch_size is None else check_int(batch_size, "batch_size")
    l2 = check_positive(l2, "l2", allow_zero=True)
    dropout = check_fraction(dropout, "dropout")
    if early_stopping is not None:
        early_stopping = check_int(early_stopping, "early_stopping")
        if validation is None:
            raise ValueError("early_stopping needs validation=(x_val, y_val) to monitor")
    _check_batches(net, n, batch_size)
    net.check_finite()
    net_params = net.parameters()
    opt = _optimizer(optimizer, net_params, optimizer_kwargs)
    rng = as_rng(rng)

    history = History()
    epoch_loss = _EpochRunner(net, loss, opt, X, Y, batch_size, shuffle, rng, l2, dropout,
                              history, record_steps)
    start = best = _Checkpoint(net, opt, "when train was called")
    best_loss, since_best = np.inf, 0
    bar = _progress_bar(progress, epochs)
    try:
        for epoch in range(epochs):
            lr_used = opt.current_lr()
            history.loss.append(epoch_loss(epoch))
            history.steps.append(opt.t)
            history.examples_seen.append((epoch + 1) * n)
            history.lr.append(lr_used)
            if validation is not None:
                history.val_loss.append(net.loss(X_val, Y_val, loss))
                history.val_accuracy.append(accuracy(net, X_val, Y_val))
                if history.val_loss[-1] < best_loss:
                    best_loss, since_best = history.val_loss[-1], 0
                    history.best_epoch = epoch
                    best = _Checkpoint(net, opt, f"at the best epoch ({epoch + 1}, validation "
                                                 f"loss {best_loss:.6g}) kept by early stopping")
                else:
                    since_best += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{history.loss[-1]:.4f}")
            if early_stopping is not None and since_best >= early_stopping:
                history.stopped_early = True
                break
    except Exception as err:
        kept = best if early_stopping is not None and restore_best else start
        kept.restore(net, opt)
        _explain(err, f"train restored the network's parameters (and batch-norm statistics) "
                      f"and the optimizer's state to what they were {kept.label}")
        raise
    finally:
        if bar is not None:
            bar.close()
    if early_stopping is not None and restore_best and history.best_epoch is not None:
        best.restore(net)
    return history


def _explain(err: BaseException, note: str) -> None:
    """Add ``note`` to the error's message (its args, so ``str(err)`` shows it)."""
    if err.args and isinstance(err.args[0], str):
        err.args = (f"{err.args[0]}. {note}",) + err.args[1:]
    elif hasattr(err, "add_note"):
        err.add_note(note)


class _EpochRunner:
    """One epoch of mini-batch training: ``runner(epoch)`` returns the epoch's mean loss.

    The data were checked once by :func:`train`, so each mini-batch runs the
    unchecked forms of the forward pass, the loss, ``δ_L``, backpropagation
    and the step (the same formulas as the checked methods).
    """

    def __init__(self, net, loss, opt, X, Y, batch_size, shuffle, rng, l2, dropout, history,
                 record_steps):
        self.net, self.loss, self.opt, self.X, self.Y = net, loss, opt, X, Y
        self.batch_size, self.shuffle, self.rng = batch_size, shuffle, rng
        self.l2, self.dropout, self.history, self.record_steps = l2, dropout, history, record_steps
        self.params = net.parameters()
        self.positions = _positions(opt.params, self.params)
        self.decay = [l2 > 0 and p.ndim == 2 for p in self.params]   # L2 acts on weight matrices
        self.updates = 0

    def __call__(self, epoch: int) -> float:
        net, loss, opt, X, Y = self.net, self.loss, self.opt, self.X, self.Y
        n, size, output = X.shape[0], self.batch_size, net.output_activation
        order = self.rng.permutation(n) if self.shuffle and size < n else np.arange(n)
        total = 0.0
        for start in range(0, n, size):
            idx = order[start:start + size]
            xb, yb, m = X[idx], Y[idx], len(idx)
            trace = net.forward_unchecked(xb, self.dropout, self.rng, True, True)
            y_hat = trace.h[-1]
            batch_loss = loss.value_unchecked(y_hat, yb, m)
            if not math.isfinite(batch_loss):
                raise FloatingPointError(self._diverged(batch_loss, epoch))
            grads = net.backward_unchecked(
                trace, loss.output_delta_unchecked(trace.a[-1], y_hat, yb, m, output)).as_list()
            if self.l2 > 0:
                grads = [g + self.l2 * p if d else g
                         for p, g, d in zip(self.params, grads, self.decay)]
            opt.step_unchecked(grads if self.positions is None
                               else [grads[k] for k in self.positions])
            self.updates += 1
            total += batch_loss * m
            if self.record_steps:
                self.history.step_loss.append(batch_loss)
        return total / n

    def _diverged(self, batch_loss: float, epoch: int) -> str:
        if self.updates == 0:
            return (f"the loss is {batch_loss} on the first mini-batch, before any update: the "
                    f"network's outputs overflow on this data (check the scale of x and of "
                    f"the initial weights)")
        return (f"training diverged: the loss became {batch_loss} in epoch {epoch + 1} "
                f"(step {self.opt.t + 1}); try a smaller learning rate")
