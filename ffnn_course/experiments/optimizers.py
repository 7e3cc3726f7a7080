r"""Fair comparisons of optimizers and batch sizes: a learning-rate grid, several seeds.

The fair-experiment rule of part 3: every method gets its *own* best learning
rate from a small stated grid, runs with several seeds (a seed fixes the
initial weights and the order of the mini-batches), and every run gets the same
number of epochs, so the same number of updates for one batch size.
:func:`lr_sweep` trains one network per (setting, learning rate, seed) and
returns a :class:`Sweep`; :meth:`Sweep.best` picks each setting's learning rate
by the lowest mean final training loss (the quantity an optimizer minimises).

The module also holds the small analyses of the chapter *Optimizers*:
:func:`momentum_roots` (when momentum oscillates on a quadratic),
:func:`rmsprop_first_step` and :func:`tune_paths` (the 2-D landscapes with a
learning-rate grid).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..training import accuracy, train

__all__ = ["Sweep", "lr_sweep", "momentum_roots", "rmsprop_first_step", "tune_paths"]

@dataclass
class Sweep:
    """Results of :func:`lr_sweep`: arrays of shape ``(len(lrs[name]), len(seeds))``.

    ``loss``: final training loss (``inf`` for a run that diverged);
    ``val_accuracy``: final validation accuracy (0 for a diverged run);
    ``histories[name][i][s]``: the :class:`~ffnn_course.training.History` of
    learning rate ``lrs[name][i]`` and seed ``seeds[s]`` (None if it diverged);
    ``nets[name][i][s]``: the trained network.
    """

    lrs: dict
    seeds: tuple
    loss: dict = field(default_factory=dict)
    val_accuracy: dict = field(default_factory=dict)
    histories: dict = field(default_factory=dict)
    nets: dict = field(default_factory=dict)

    def best(self, name: str) -> int:
        """Index of the learning rate of ``name`` with the lowest mean final training loss."""
        mean = np.mean(self.loss[name], axis=1)
        return int(np.argmin(np.where(np.isfinite(mean), mean, np.inf)))

    def summary(self, name: str, i: int | None = None) -> dict:
        """Mean and standard deviation over seeds at learning-rate index ``i`` (default: best)."""
        i = self.best(name) if i is None else i
        loss, acc = self.loss[name][i], self.val_accuracy[name][i]
        return {"lr": self.lrs[name][i], "loss_mean": float(np.mean(loss)),
                "loss_sd": float(np.std(loss, ddof=1)) if len(loss) > 1 else 0.0,
                "acc_mean": float(np.mean(acc)),
                "acc_sd": float(np.std(acc, ddof=1)) if len(acc) > 1 else 0.0}

    def curves(self, name: str, metric: str = "loss", i: int | None = None) -> np.ndarray:
        """``metric`` per epoch for every seed at learning-rate index ``i``: (seeds, epochs)."""
        i = self.best(name) if i is None else i
        return np.array([getattr(h, metric) for h in self.histories[name][i]])


def lr_sweep(make_net, data, settings: dict, lrs, seeds=(0, 1, 2), *,
             track_validation: bool = False, **common) -> Sweep:
    """Train one fresh network per (setting, learning rate, seed).

    Parameters
    ----------
    make_net : callable
        ``make_net(seed)`` builds the network; the seed sets its initial weights.
    data : Split
        Training on ``data.x_train``; validation accuracy on ``data.x_val``.
    settings : dict
        ``{name: keyword arguments of train}``, e.g. ``{"momentum": dict(optimizer=
        "momentum", momentum=0.9)}``.
    lrs : sequence or dict
        The learning-rate grid, one for all settings or ``{name: grid}``.
    seeds : sequence of int
        Seed ``s`` builds ``make_net(s)`` and shuffles with ``rng = 1000 + s``.
    track_validation : bool
        Also record the validation loss and accuracy after every epoch in the
        histories (slower); the final validation accuracy is always measured.
    **common
        Shared arguments of :func:`~ffnn_course.training.train` (``epochs``,
        ``batch_size``, …).

    A run whose loss becomes infinite (:class:`FloatingPointError`) counts as
    diverged: loss ``inf``, accuracy 0.

    >>> from ffnn_course import Network, load_digits_split
    >>> data = load_digits_split()
    >>> make = lambda s: Network.from_sizes([64, 10], ["softmax"], rng=s)
    >>> sw = lr_sweep(make, data, {"gd": dict(optimizer="gd")}, [0.1, 1.0], seeds=(0, 1),
    ...               epochs=1, batch_size=64)
    >>> sw.loss["gd"].shape, sw.lrs["gd"][sw.best("gd")]
    ((2, 2), 1.0)
    """
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds is empty: expected at least one seed")
    grids = {name: tuple(lrs[name] if isinstance(lrs, dict) else lrs) for name in settings}
    sweep = Sweep(lrs=grids, seeds=seeds)
    for name, kwargs in settings.items():
        shape = (len(grids[name]), len(seeds))
        loss, acc = np.full(shape, np.inf), np.zeros(shape)
        hists = [[None] * len(seeds) for _ in grids[name]]
        nets = [[None] * len(seeds) for _ in grids[name]]
        for i, lr in enumerate(grids[name]):
            for s, seed in enumerate(seeds):
                net = make_net(seed)
                args = {"progress": "auto", **common, **kwargs, "lr": lr, "rng": 1000 + seed}
                if track_validation:
                    args["validation"] = (data.x_val, data.y_val)
                try:
                    h = train(net, data.x_train, data.y_train, "cross_entropy", **args)
                except FloatingPointError:
                    continue
                loss[i, s] = h.loss[-1]
                acc[i, s] = accuracy(net, data.x_val, data.y_val)
                hists[i][s], nets[i][s] = h, net
        sweep.loss[name], sweep.val_accuracy[name] = loss, acc
        sweep.histories[name], sweep.nets[name] = hists, nets
    return sweep


def momentum_roots(eta_lambda: float, gamma: float) -> dict:
    r"""How momentum moves along one direction of a quadratic of curvature ``λ``.

    On ``L(w) = ½ λ w²`` the lecture's momentum gives
    ``w_{t+1} = (1 + γ − ηλ) w_t − γ w_{t−1}``, a linear recurrence whose
    characteristic roots solve ``z² − (1 + γ − ηλ) z + γ = 0``.  Complex roots
    (``(1 + γ − ηλ)² < 4γ``) mean the iterates oscillate around 0 while shrinking
    by ``|z| = √γ`` per step (*underdamped*), with a period of ``2π / arg z``
    steps; real roots mean no oscillation.  ``rate`` is the largest ``|z|``
    (convergence needs ``rate < 1``).

    >>> r = momentum_roots(0.25, 0.9)
    >>> r["oscillates"], round(r["rate"], 4), round(r["period"], 1)
    (True, 0.9487, 12.2)
    """
    b = 1.0 + gamma - eta_lambda
    z = np.roots([1.0, -b, gamma])
    oscillates = bool(b * b < 4.0 * gamma)
    angle = float(abs(np.angle(z[0])))
    return {"roots": z, "rate": float(np.max(np.abs(z))), "oscillates": oscillates,
            "period": 2.0 * np.pi / angle if oscillates and angle > 0 else np.inf}


def rmsprop_first_step(lr: float, alpha: float, g: float = 1.0, eps: float = 1e-8) -> float:
    r"""Size of RMSProp's first step, ``η |g| / (√((1 − α) g²) + ε) ≈ η / √(1 − α)``.

    Starting from ``v_0 = 0``, ``v_1 = (1 − α) g²``, whatever the gradient's size.
    Computed by running :class:`~ffnn_course.optimizers.RMSProp` once.

    >>> round(rmsprop_first_step(0.05, 0.9) / 0.05, 3)
    3.162
    """
    from ..optimizers import RMSProp

    w = np.zeros(1)
    RMSProp([w], lr=lr, alpha=alpha, eps=eps).step([np.array([g])])
    return float(abs(w[0]))


def tune_paths(surface: str, lrs, steps: int = 100, settings=None) -> dict:
    """Each optimizer's final loss after ``steps`` updates for every ``lr`` of a grid.

    ``settings`` (default: the chapter's ``PATH_SETTINGS[surface]``) supplies the
    other hyper-parameters (momentum, decay); their ``lr`` is replaced.  Returns
    ``{name: array of final losses}`` (``inf`` where the run diverged).

    >>> out = tune_paths("elongated", [0.01, 0.05], steps=50)
    >>> sorted(out)[:2], out["gd"].shape
    (['adagrad', 'adam'], (2,))
    """
    from ..landscapes import PATH_SETTINGS, SURFACES, optimize_path
    from ..optimizers import OPTIMIZERS

    surf = SURFACES[surface]
    settings = PATH_SETTINGS[surface] if settings is None else settings
    out = {}
    for name, kw in settings.items():
        finals = []
        for lr in lrs:
            try:
                path = optimize_path(OPTIMIZERS[name], surf.f, surf.grad, surf.start, steps,
                                     **{**kw, "lr": lr})
                finals.append(float(surf.f(path[-1])))
            except ValueError:
                finals.append(np.inf)
        out[name] = np.array(finals)
    return out
