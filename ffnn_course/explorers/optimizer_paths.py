r"""The explorer of chapter 10: one optimizer's path over a two-parameter loss surface.

The reader picks a method (gradient descent, momentum, Nesterov, AdaGrad, RMSProp,
Adam), the learning rate ``η``, the momentum ``γ``, a surface and a number of steps;
the path is computed by the package's own optimizers (:mod:`ffnn_course.optimizers`)
on the surfaces of the chapter, exactly as :func:`~ffnn_course.landscapes.compare_paths`
runs them.  ``static/explorers.js`` ports the same update rules to the page and
``tests/test_explorers_node.py`` checks the port against this module.

A run that blows up (the loss goes above ``diverged_above`` or stops being finite)
stops there: the readout *steps taken* then says how far it got.  Taught in the
chapter *Optimizers*.

>>> r = optimizer_path("gd", lr=0.05, surface="elongated", steps=3)
>>> r["w1"].round(4), r["w2"].round(4)
(array([-2.2   , -2.09  , -1.9855, -1.8862]), array([ 1.    , -0.25  ,  0.0625, -0.0156]))
>>> r = optimizer_path("gd", lr=1.0, surface="elongated", steps=50)   # |1 − 25η| > 1
>>> r["steps_taken"], r["diverged"]
(1, 1)
"""

from __future__ import annotations

import inspect

import numpy as np

from ..optimizers import OPTIMIZERS
from .spec import Choice, ExplorerSpec, Readout, Slider

from ..landscapes import SURFACES

__all__ = ["optimizer_path", "OPTIMIZER_PATHS", "METHODS"]

#: The methods the explorer offers, as ``(key of OPTIMIZERS, label)``.
METHODS = (("gd", "gradient descent"), ("momentum", "momentum"), ("nesterov", "Nesterov"),
           ("adagrad", "AdaGrad"), ("rmsprop", "RMSProp"), ("adam", "Adam"))

#: RMSProp's decay as in the chapter's comparison (the lecture's 0.9; the class's
#: default is PyTorch's 0.99), and the loss above which a run counts as diverged.
OPTIONS = {"alpha": 0.9, "diverged_above": 1e6}


def _hyper(method: str, lr: float, momentum: float, alpha: float) -> dict:
    kwargs = {"lr": lr}
    if method in ("momentum", "nesterov"):
        kwargs["momentum"] = momentum
    elif method == "rmsprop":
        kwargs["alpha"] = alpha
    return kwargs


def optimizer_path(method: str = "momentum", lr: float = 0.01, momentum: float = 0.9,
                   surface: str = "elongated", steps: int = 100, alpha: float = 0.9,
                   diverged_above: float = 1e6) -> dict:
    r"""Run ``steps`` updates of one optimizer from the surface's starting point.

    ``method`` is a key of ``ffnn_course.optimizers.OPTIMIZERS``; ``momentum``
    (``γ``) is used by momentum and Nesterov only, ``alpha`` by RMSProp only.
    For Nesterov the path is the lecture's iterates ``w_t``
    (:meth:`~ffnn_course.optimizers.Nesterov.lecture_params`), not the stored
    look-ahead points.  Returns the path ``w1``, ``w2`` and its ``loss`` (length ``steps_taken + 1``,
    the start first), ``steps_taken`` and ``diverged`` (1 if the run stopped early
    because the loss exceeded ``diverged_above`` or was not finite, else 0).
    """
    if method not in dict(METHODS):
        raise ValueError(f"method must be one of {[m for m, _ in METHODS]}, got {method!r}")
    if surface not in SURFACES:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}, got {surface!r}")
    steps = int(steps)
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    surf = SURFACES[surface]
    w = np.array(surf.start, dtype=np.float64)
    opt = OPTIMIZERS[method]([w], **_hyper(method, lr, momentum, alpha))
    lecture = getattr(opt, "lecture_params", None)     # Nesterov: show w_t, not p_t
    path, loss, diverged = [w.copy()], [float(surf.f(w))], 0
    for _ in range(steps):
        opt.step([np.asarray(surf.grad(w), dtype=np.float64)])
        point = lecture()[0] if lecture is not None else w.copy()
        with np.errstate(over="ignore", invalid="ignore"):
            value = float(surf.f(point))
        if not (np.isfinite(value) and value <= diverged_above):
            diverged = 1
            break
        path.append(point)
        loss.append(value)
    path = np.array(path)
    return {"w1": path[:, 0], "w2": path[:, 1], "loss": np.array(loss),
            "steps_taken": len(loss) - 1, "diverged": diverged, "method": method,
            "surface": surface, "lr": float(lr), "momentum": float(momentum)}


def _page_data() -> dict:
    """The surfaces' windows, starts and minima, and the optimizers' fixed constants."""
    def default(method, name):
        return inspect.signature(OPTIMIZERS[method].__init__).parameters[name].default

    surfaces = {key: {"label": s.name, "xlim": s.xlim, "ylim": s.ylim, "start": s.start,
                      "minimum": s.minimum, "min_loss": float(s.f(np.array(s.minimum)))}
                for key, s in SURFACES.items()}
    return {"surfaces": surfaces,
            "eps": {m: default(m, "eps") for m in ("adagrad", "rmsprop", "adam")},
            "betas": default("adam", "betas")}


#: The explorer of chapter 10.
OPTIMIZER_PATHS = ExplorerSpec(
    name="optimizer_paths",
    title="An optimizer's path over a loss surface of two parameters",
    controls=(
        Choice("method", METHODS, "momentum", "method", description="optimization method"),
        Slider("lr", 0.001, 1.0, 0.1, 0.01, "η", log=True, fmt=".2g",
               description="learning rate, on a log scale"),
        Slider("momentum", 0.0, 0.99, 0.01, 0.9, "γ",
               description="momentum, used by momentum and Nesterov only"),
        Choice("surface", tuple((k, s.name) for k, s in SURFACES.items()), "elongated",
               "surface", description="loss surface"),
        Slider("steps", 0, 300, 1, 100, "steps", integer=True, fmt="d",
               description="number of steps"),
    ),
    compute=optimizer_path,
    plot="plotting.optimizer_explorer:plot_optimizer_path",
    readouts=(Readout("loss_end", "final loss", ".4e", "loss", -1),
              Readout("steps_taken", "steps taken", "d", "steps_taken"),
              Readout("w1_end", "final w1", ".4f", "w1", -1),
              Readout("w2_end", "final w2", ".4f", "w2", -1)),
    options=lambda: dict(OPTIONS),
    page_data=_page_data,
    alt="Left: contour lines of the loss over (w1, w2) with the optimizer's path from the "
        "start (square) towards the minimum (star); right: the loss minus its minimum at "
        "each step, on a log scale",
)
