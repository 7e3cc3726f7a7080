"""Figures for part 3, *training in practice* (optimizers, batching, initialisation, …).

Every function returns a matplotlib ``Figure`` with a solid background and
labelled axes; the chapters add the alt text.
"""

from __future__ import annotations

import numpy as np

from ._style import new_figure

__all__ = ["plot_optimizer_paths", "plot_histories", "plot_step_losses", "plot_schedules",
           "plot_accuracy_grid", "plot_layer_histograms", "plot_layer_statistics",
           "plot_digits", "plot_activation_functions", "plot_seed_bands"]

def _grid(ncols: int, nrows: int = 1, **kw):
    """``new_figure`` with the axes always as a 2-D array ``axes[row][col]``."""
    fig, axes = new_figure(ncols=ncols, nrows=nrows, **kw)
    return fig, np.array(axes, dtype=object).reshape(nrows, ncols)


# One colour per optimizer / setting, in a fixed order, so the figures agree.
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f"]


def plot_optimizer_paths(surfaces, paths_by_surface, resolution: int = 200):
    """Contour plots of 2-D losses with each optimizer's path drawn on top.

    ``surfaces`` is a list of :class:`~ffnn_course.landscapes.Surface` (loss landscapes);
    ``paths_by_surface[k]`` is ``{optimizer name: path (steps + 1, 2)}`` for
    ``surfaces[k]`` (see :func:`~ffnn_course.landscapes.compare_paths`).
    """
    fig, axes = _grid(len(surfaces), width=5.0, height=4.2)
    for ax, surf, paths in zip(axes[0], surfaces, paths_by_surface):
        w1 = np.linspace(*surf.xlim, resolution)
        w2 = np.linspace(*surf.ylim, resolution)
        W1, W2 = np.meshgrid(w1, w2)
        Z = surf.f(np.array([W1, W2]))
        levels = np.quantile(Z, np.linspace(0.0, 0.9, 25) ** 2)
        ax.contour(W1, W2, Z, levels=np.unique(levels), colors="0.75", linewidths=0.8)
        for color, (name, path) in zip(_COLORS, paths.items()):
            ax.plot(path[:, 0], path[:, 1], "-", color=color, lw=1.5, label=name,
                    marker="o", markersize=2)
        ax.plot(*surf.start, "ks", markersize=6)
        ax.plot(*surf.minimum, "k*", markersize=12)
        ax.set_xlim(surf.xlim)
        ax.set_ylim(surf.ylim)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_title(f"{surf.name}: {surf.formula}", fontsize=10)
    axes[0][-1].legend(loc="lower right", fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def _series(history, name):
    values = getattr(history, name)
    if not values:
        raise ValueError(f"the History has no {name!r} values (was validation given?)")
    return np.asarray(values, dtype=float)


def plot_histories(histories: dict, metrics=("loss",), x: str = "epoch", logy: bool = False,
                   titles=None):
    """One panel per metric (``"loss"``, ``"val_loss"``, ``"val_accuracy"``), one
    line per run.

    ``histories`` maps a run's name to its :class:`~ffnn_course.training.History`
    (or to ``(net, History)`` as returned by
    :func:`~ffnn_course.experiments.run_experiments`).  ``x`` is ``"epoch"``,
    ``"steps"`` (optimizer updates) or ``"examples_seen"`` (per-example gradient
    evaluations).
    """
    labels = {"loss": "training loss", "val_loss": "validation loss",
              "val_accuracy": "validation accuracy", "epoch": "epoch",
              "steps": "parameter updates", "examples_seen": "gradient evaluations (examples)"}
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    fig, axes = _grid(len(metrics), width=5.0, height=3.6)
    for k, (ax, metric) in enumerate(zip(axes[0], metrics)):
        for color, (name, h) in zip(_COLORS, histories.items()):
            h = h[1] if isinstance(h, tuple) else h
            y = _series(h, metric)
            xs = np.arange(1, len(y) + 1) if x == "epoch" else _series(h, x)[:len(y)]
            ax.plot(xs, y, color=color, label=name)
        ax.set_xlabel(labels.get(x, x))
        ax.set_ylabel(labels.get(metric, metric))
        if logy and metric != "val_accuracy":
            ax.set_yscale("log")
        if titles is not None:
            ax.set_title(titles[k])
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_step_losses(histories: dict, n_train: int, smooth: int = 1):
    """Loss per mini-batch against epochs and against parameter updates.

    ``histories`` maps a name to a History recorded with ``record_steps=True``
    (or ``(net, History)``); the batch size is read from ``steps`` and
    ``n_train``.  ``smooth`` averages that many consecutive mini-batch losses
    (a moving average) to make noisy stochastic curves readable.
    """
    fig, (ax_epoch, ax_step) = new_figure(ncols=2, width=5.0, height=3.6)
    for color, (name, h) in zip(_COLORS, histories.items()):
        h = h[1] if isinstance(h, tuple) else h
        losses = np.asarray(h.step_loss, dtype=float)
        if smooth > 1 and len(losses) >= smooth:
            losses = np.convolve(losses, np.ones(smooth) / smooth, mode="valid")
        steps = np.arange(1, len(losses) + 1) + (len(h.step_loss) - len(losses))
        per_epoch = h.steps[0]                       # updates in one epoch
        ax_epoch.plot(steps / per_epoch, losses, color=color, label=name, lw=1)
        ax_step.plot(steps, losses, color=color, label=name, lw=1)
    ax_epoch.set_xlabel(f"epoch (= {n_train} gradient evaluations each)")
    ax_step.set_xlabel("parameter updates")
    ax_step.set_xscale("log")
    for ax in (ax_epoch, ax_step):
        ax.set_ylabel("mini-batch training loss")
        ax.set_yscale("log")
        ax.grid(alpha=0.3)
    ax_step.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_schedules(schedules: dict, steps: int):
    """The learning rate ``η_t`` of each schedule ``t -> η_t`` for ``t = 0 … steps − 1``."""
    fig, ax = new_figure(width=6.0, height=3.4)
    t = np.arange(steps)
    for color, (name, sched) in zip(_COLORS, schedules.items()):
        ax.plot(t, [sched(int(k)) for k in t], color=color, label=name)
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"learning rate $\eta_t$")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_accuracy_grid(depths, widths, train_acc, val_acc):
    """Two heat maps: training and validation accuracy per (hidden layers, neurons)."""
    fig, axes = new_figure(ncols=2, width=4.4, height=3.6)
    lo = min(np.min(train_acc), np.min(val_acc))
    for ax, acc, title in zip(axes, (train_acc, val_acc), ("training", "validation")):
        im = ax.imshow(acc, cmap="viridis", vmin=lo, vmax=1.0, origin="lower", aspect="auto")
        for (r, c), v in np.ndenumerate(acc):
            ax.text(c, r, f"{v:.3f}", ha="center", va="center", fontsize=8,
                    color="white" if v < (lo + 1.0) / 2 else "black")
        ax.set_xticks(range(len(widths)), [str(w) for w in widths])
        ax.set_yticks(range(len(depths)), [str(d) for d in depths])
        ax.set_xlabel("neurons per hidden layer")
        ax.set_ylabel("hidden layers")
        ax.set_title(f"{title} accuracy")
    fig.colorbar(im, ax=list(axes), shrink=0.8, label="accuracy")
    return fig


def plot_layer_histograms(values_by_name: dict, xlabel: str = "activation $h_i$",
                          bins: int = 40, value_range=None, layers=None):
    """A grid of histograms: one row per setting, one column per layer, the RMS in each.

    ``values_by_name[name][c]`` holds the values of column ``c`` (any shape); ``layers``
    numbers the columns (default 1, 2, …).  With ``value_range=None`` every panel spans
    its own values, nothing cut off, so the shape shows at any scale and the printed RMS
    gives the scale (a fixed range would drop values outside it and flatten layers whose
    values have shrunk to 10⁻¹⁰).
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    sci = FuncFormatter(lambda v, _: "0" if v == 0 else f"{v:.0e}".replace("e-0", "e-"))
    names = list(values_by_name)
    n_cols = max(len(v) for v in values_by_name.values())
    layers = list(range(1, n_cols + 1)) if layers is None else list(layers)
    if len(layers) != n_cols:
        raise ValueError(f"layers must number the {n_cols} columns, got {len(layers)}")
    fig, axes = _grid(n_cols, nrows=len(names), width=2.0, height=1.45)
    for r, name in enumerate(names):
        for c in range(n_cols):
            ax = axes[r][c]
            if c < len(values_by_name[name]):
                v = np.ravel(values_by_name[name][c])
                rms = float(np.sqrt(np.mean(v ** 2)))
                span = value_range
                if span is None and np.ptp(v) == 0:          # all equal: a visible bar
                    span = (v[0] - 1.0, v[0] + 1.0) if v[0] == 0 else (0.5 * v[0], 1.5 * v[0])
                ax.hist(v, bins=bins, range=span, color=_COLORS[r % len(_COLORS)])
                ax.text(0.97, 0.95, f"RMS {rms:.1g}", transform=ax.transAxes, ha="right",
                        va="top", fontsize=8,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8,
                              "pad": 1})
                ax.xaxis.set_major_locator(MaxNLocator(3))
                if 0 < np.max(np.abs(v)) < 1e-2:                  # no offset text: 4e-05
                    ax.xaxis.set_major_formatter(sci)
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if r == 0:
                ax.set_title(f"layer {layers[c]}", fontsize=9)
            if c == 0:
                ax.set_ylabel(name, fontsize=8)
            if r == len(names) - 1:
                ax.set_xlabel(xlabel, fontsize=8)
    fig.tight_layout(pad=0.3)
    return fig


def plot_layer_statistics(stats_by_name: dict, ylabel: str, logy: bool = True, title=None):
    """One line per setting: a statistic (e.g. ``‖∂L/∂W_i‖``) against the layer ``i``."""
    fig, ax = new_figure(width=6.0, height=3.6)
    for color, (name, values) in zip(_COLORS, stats_by_name.items()):
        values = np.asarray(values, dtype=float)
        layers = np.arange(1, len(values) + 1)
        if logy:                               # zeros cannot be drawn on a log axis
            values = np.where(values > 0, values, np.nan)
        ax.plot(layers, values, "o-", color=color, label=name)
    ax.set_xlabel("layer $i$")
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_digits(images, titles=None, side: int = 8, ncols: int = 8):
    """Flattened ``side × side`` images in a grid, with optional titles."""
    images = np.asarray(images, dtype=float).reshape(-1, side, side)
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    fig, axes = _grid(ncols, nrows=nrows, width=1.1, height=1.2)
    for k, ax in enumerate(axes.flat):
        if k < n:
            ax.imshow(images[k], cmap="gray_r", vmin=0.0, vmax=1.0)
            if titles is not None:
                ax.set_title(titles[k], fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[-1][0].set_xlabel("pixel column", fontsize=7)
    axes[-1][0].set_ylabel("pixel row", fontsize=7)
    fig.tight_layout(pad=0.3)
    return fig


# ----- fair comparisons (chapters Optimizers and Batching): added by part 3a ----------
__all__ += ["plot_lr_sensitivity", "plot_sweep_curves", "plot_coordinate_trace"]


def plot_lr_sensitivity(sweep, names=None, title=None):
    """Final training loss against the learning rate: the mean over seeds, with a bar
    from the lowest to the highest seed, one line per setting.

    ``sweep`` is a :class:`~ffnn_course.experiments.optimizers.Sweep`; a
    diverged run (infinite loss) leaves its learning rate out; each setting's
    best rate (lowest mean) is circled.
    """
    names = list(sweep.loss) if names is None else list(names)
    fig, ax = new_figure(width=6.4, height=4.0)
    for color, name in zip(_COLORS, names):
        lrs = np.asarray(sweep.lrs[name], dtype=float)
        loss = np.asarray(sweep.loss[name], dtype=float)
        ok = np.isfinite(loss).all(axis=1)
        mean = loss[ok].mean(axis=1)
        spread = [mean - loss[ok].min(axis=1), loss[ok].max(axis=1) - mean]
        ax.errorbar(lrs[ok], mean, yerr=spread, color=color, marker="o", ms=4, capsize=3,
                    label=name)
        b = sweep.best(name)
        ax.plot(lrs[b], loss[b].mean(), "o", ms=11, mfc="none", mec=color, mew=1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"learning rate $\eta$")
    ax.set_ylabel("final training loss")
    if title:
        ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, framealpha=1.0, ncol=2)
    fig.tight_layout()
    return fig


def plot_sweep_curves(sweep, names=None, xs=("epoch",), metrics=("loss",), logy: bool = True,
                      lr_index=None):
    """A metric per epoch at each setting's best learning rate: mean over seeds,
    shaded between the lowest and highest seed.

    One panel per x axis in ``xs`` (``"epoch"``, or ``"steps"``: parameter
    updates on a log scale) and per metric in ``metrics`` (``"loss"``;
    ``"val_accuracy"`` needs ``lr_sweep(..., track_validation=True)``).
    ``lr_index`` (an int) plots that learning-rate index instead of the best.
    """
    names = list(sweep.loss) if names is None else list(names)
    labels = {"epoch": "epoch", "steps": "parameter updates", "loss": "training loss",
              "val_accuracy": "validation accuracy"}
    panels = [(x, m) for m in metrics for x in xs]
    fig, axes = _grid(len(panels), width=5.0, height=3.6)
    for ax, (x, metric) in zip(axes[0], panels):
        for color, name in zip(_COLORS, names):
            b = sweep.best(name) if lr_index is None else lr_index
            curves = sweep.curves(name, metric, b)
            steps = np.array(sweep.histories[name][b][0].steps, dtype=float)
            t = np.arange(1, curves.shape[1] + 1) if x == "epoch" else steps
            lr = sweep.lrs[name][b]
            label = f"{name} (η = {lr:g})" if isinstance(lr, (int, float)) else name
            ax.plot(t, curves.mean(axis=0), color=color, label=label, marker="o", ms=2)
            ax.fill_between(t, curves.min(axis=0), curves.max(axis=0), color=color,
                            alpha=0.2, lw=0)
        ax.set_xlabel(labels.get(x, x))
        ax.set_ylabel(labels.get(metric, metric) + (" (epoch mean)" if metric == "loss" else ""))
        if x == "steps":
            ax.set_xscale("log")
        if logy and metric != "val_accuracy":
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_coordinate_trace(paths: dict, k: int = 1, ylabel=None, title=None):
    """One coordinate ``w_{k+1}`` of each path against the step ``t`` (e.g. the steep
    direction of a valley, to show an oscillation)."""
    fig, ax = new_figure(width=6.4, height=3.4)
    for color, (name, path) in zip(_COLORS, paths.items()):
        path = np.asarray(path, dtype=float)
        ax.plot(np.arange(len(path)), path[:, k], color=color, marker="o", ms=2, lw=1.2,
                label=name)
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xlabel("step $t$")
    ax.set_ylabel(ylabel or f"$w_{k + 1}$")
    if title:
        ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_activation_functions(activations=("sigmoid", "tanh", "relu", "leaky_relu"),
                              a_max: float = 4.0):
    """Two panels: each activation ``g(a)`` and its derivative ``g′(a)`` for ``|a| ≤ a_max``.

    ``activations`` holds names or :class:`~ffnn_course.activations.Activation`
    objects (e.g. ``LeakyReLU(alpha=0.1)`` to make the leak visible); the
    legend uses their ``repr``.
    """
    from ..activations import get_activation

    a = np.linspace(-a_max, a_max, 801)
    fig, (ax_g, ax_d) = new_figure(nrows=2, width=5.6, height=3.0)   # stacked: phones
    for k, (color, act) in enumerate(zip(_COLORS, activations)):
        g = get_activation(act)
        label = repr(g).replace("()", "")
        # Curves that coincide in places (ReLU and leaky ReLU for a > 0) stay visible:
        # earlier ones are drawn wider, every second one dashed.
        style = dict(color=color, label=label, lw=3.2 - 0.6 * k, ls="-" if k % 2 == 0 else "--")
        ax_g.plot(a, g.value(a), **style)
        d = np.asarray(g.derivative(a), dtype=float).copy()
        d[np.isclose(a, 0.0)] = np.nan          # ReLU's kink: no line drawn through a = 0
        ax_d.plot(a, d, **style)
    for ax, ylabel in ((ax_g, "$g(a)$"), (ax_d, "$g'(a)$")):
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.set_xlabel("pre-activation $a$")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    ax_g.set_ylim(-1.5, 2.5)
    ax_d.set_ylim(-0.1, 1.2)
    ax_g.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig


def plot_seed_bands(curves: dict, ylabel: str, xlabel: str = "epoch", logy: bool = False,
                    ax=None):
    """Mean over seeds (line) ± one standard deviation (band), one colour per setting.

    ``curves[name]`` is a list of 1-D arrays, one per seed, possibly of
    different lengths (early stopping): each point averages the seeds still
    running.  With ``ax`` the curves are drawn there (and its figure returned).
    """
    if ax is None:
        fig, ax = new_figure(width=6.0, height=3.6)
    else:
        fig = ax.figure
    for color, (name, runs) in zip(_COLORS, curves.items()):
        runs = [np.asarray(r, dtype=float) for r in runs]
        length = max(len(r) for r in runs)
        table = np.full((len(runs), length), np.nan)
        for k, r in enumerate(runs):
            table[k, :len(r)] = r
        count = np.sum(~np.isnan(table), axis=0)
        mean = np.nanmean(table, axis=0)
        sd = np.array([np.nanstd(col, ddof=1) if c > 1 else 0.0
                       for col, c in zip(table.T, count)])
        xs = np.arange(1, length + 1)
        ax.plot(xs, mean, color=color, label=f"{name} ({len(runs)} seeds)")
        ax.fill_between(xs, mean - sd, mean + sd, color=color, alpha=0.2, lw=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, framealpha=1.0)
    fig.tight_layout()
    return fig
