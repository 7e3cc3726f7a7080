r"""The computations behind the book's interactive explorers (numpy only).

Each explorer of part 1 is three things kept apart:

* a **compute function** here: plain numpy, small and explicit, taking the
  sliders' values as keyword arguments and returning a ``dict`` of arrays;
* a **spec** (:data:`EXPLORERS`): the sliders as data (name, min, max, step,
  initial value), the compute function and the name of the plotting function
  in :mod:`ffnn_course.plotting` that draws the result;
* a **user interface**: :mod:`ffnn_course.widgets` builds ipywidgets sliders
  from the spec for a live kernel.

Because the formulas are written out here, without calls into the rest of the
package, they can be ported line by line to a small script for a page with no
kernel.  The tests check every one of them against the package
(:class:`~ffnn_course.network.Network`, :class:`~ffnn_course.activations.Softmax`,
:class:`~ffnn_course.losses.MeanSquaredError`).

Taught in chapters 2 (*Multiple sigmoid neurons*), 4 (*The output layer and
softmax*) and 5 (*Learning by gradient descent*).

>>> sorted(EXPLORERS)
['gradient_descent', 'single_neuron', 'softmax', 'two_two_one']
>>> spec = EXPLORERS["softmax"]
>>> [f"{p:.4f}" for p in spec.compute(**spec.initial())["probabilities"]]
['0.0009', '0.0025', '0.9957', '0.0009']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = [
    "Slider", "ExplorerSpec", "EXPLORERS", "sigmoid",
    "two_two_one_surface", "single_neuron_surface",
    "softmax_explorer", "softmax_from_sliders",
    "sigmoid_neuron_loss", "sigmoid_neuron_gradient", "sigmoid_neuron_loss_surface",
    "gradient_descent_path", "gradient_descent_explorer",
]


# ----- specs -----------------------------------------------------------------
@dataclass(frozen=True)
class Slider:
    """One slider: ``name`` is the compute function's keyword argument.

    ``integer`` sliders (e.g. a number of steps) give ints; the others floats.
    """

    name: str
    min: float
    max: float
    step: float
    value: float
    label: str = ""
    integer: bool = False

    def __post_init__(self):
        if not self.min <= self.value <= self.max:
            raise ValueError(f"slider {self.name!r}: value {self.value} is outside "
                             f"[{self.min}, {self.max}]")
        if self.step <= 0:
            raise ValueError(f"slider {self.name!r}: step must be > 0, got {self.step}")


@dataclass(frozen=True)
class ExplorerSpec:
    """An explorer as data: sliders, a compute function and a plotting function's name.

    ``compute(**values)`` takes one keyword per slider and returns a dict of
    arrays; ``plot`` names the function of :mod:`ffnn_course.plotting` that
    draws that dict (``plot(result) -> Figure``).
    """

    name: str
    title: str
    sliders: tuple
    compute: Callable[..., dict]
    plot: str

    def initial(self) -> dict:
        """The sliders' initial values, ``{name: value}``."""
        return {s.name: (int(s.value) if s.integer else float(s.value)) for s in self.sliders}

    def slider(self, name: str) -> Slider:
        for s in self.sliders:
            if s.name == name:
                return s
        raise KeyError(f"explorer {self.name!r} has no slider {name!r}; it has "
                       f"{[s.name for s in self.sliders]}")


def sigmoid(a):
    """``σ(a) = 1 / (1 + e^{−a})``, written so that it never overflows."""
    a = np.asarray(a, dtype=np.float64)
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _grid(lim: float, grid: int):
    if grid < 2:
        raise ValueError(f"grid must be at least 2 points per axis, got {grid}")
    t = np.linspace(-lim, lim, int(grid))
    return np.meshgrid(t, t)            # X1 varies along columns, X2 along rows


# ----- chapter 2: the 2-2-1 network ----------------------------------------
def two_two_one_surface(w11=-2.0, w12=1.0, w13=-1.5, w14=1.5, w21=1.0, w22=-1.0,
                        b1=0.0, b2=0.0, grid: int = 61, lim: float = 4.0) -> dict:
    r"""The 2-2-1 network's output over a square grid of inputs ``(x1, x2)``.

    The lecture's formulas, with the bias ``b1`` shared by both hidden neurons::

        h1 = σ(w11 x1 + w12 x2 + b1)
        h2 = σ(w13 x1 + w14 x2 + b1)
        ŷ  = σ(w21 h1 + w22 h2 + b2)

    Returns ``x1, x2`` (grids of shape ``(grid, grid)``) and ``h1, h2, y_hat``
    on that grid.  The defaults are the slides' first weight set.

    >>> s = two_two_one_surface(grid=3, lim=1.0)
    >>> s["y_hat"].shape, round(float(s["y_hat"][1, 1]), 4)      # x = (0, 0)
    ((3, 3), 0.5)
    """
    x1, x2 = _grid(lim, grid)
    h1 = sigmoid(w11 * x1 + w12 * x2 + b1)
    h2 = sigmoid(w13 * x1 + w14 * x2 + b1)
    y_hat = sigmoid(w21 * h1 + w22 * h2 + b2)
    return {"x1": x1, "x2": x2, "h1": h1, "h2": h2, "y_hat": y_hat}


def single_neuron_surface(w1=-2.0, w2=1.0, b=0.0, grid: int = 61, lim: float = 4.0) -> dict:
    """One sigmoid neuron ``ŷ = σ(w1 x1 + w2 x2 + b)`` over the same grid (for comparison).

    Its level sets are parallel straight lines, whatever the weights.

    >>> s = single_neuron_surface(grid=3, lim=1.0)
    >>> float(s["y_hat"][1, 1])
    0.5
    """
    x1, x2 = _grid(lim, grid)
    return {"x1": x1, "x2": x2, "y_hat": sigmoid(w1 * x1 + w2 * x2 + b)}


# ----- chapter 4: softmax with a temperature ---------------------------------
def softmax_explorer(logits, temperature: float = 1.0) -> dict:
    r"""``softmax(z / T)``: ``p_k = e^{z_k/T} / Σ_j e^{z_j/T}``, computed stably.

    Subtracting ``max_j z_j / T`` first changes nothing (softmax ignores a
    common shift) and keeps every exponent ``≤ 0``, so nothing overflows.
    A high temperature flattens the probabilities, a low one sharpens them
    towards the largest logit.  Returns ``logits``, ``temperature`` and
    ``probabilities``.

    >>> [f"{p:.4f}" for p in softmax_explorer([3, 4, 10, 3])["probabilities"]]
    ['0.0009', '0.0025', '0.9957', '0.0009']
    >>> softmax_explorer([1000, 999])["probabilities"].round(4)
    array([0.7311, 0.2689])
    """
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"logits must be a non-empty vector, got shape {z.shape}")
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    s = z / temperature
    e = np.exp(s - np.max(s))
    return {"logits": z, "temperature": float(temperature), "probabilities": e / np.sum(e)}


def softmax_from_sliders(z1=3.0, z2=4.0, z3=10.0, z4=3.0, temperature=1.0) -> dict:
    """:func:`softmax_explorer` with one slider per logit (four classes, as on the slide)."""
    return softmax_explorer([z1, z2, z3, z4], temperature)


# ----- chapter 5: gradient descent on one sigmoid neuron ---------------------
# The five points of ffnn_course.examples.sigmoid_neuron_data, written out so that this
# module (and its port to a web page) is self-contained; a test checks they agree.
DATA_X = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
DATA_Y = np.array([0.22, 0.38, 0.56, 0.73, 0.85])


def sigmoid_neuron_loss(w, b, x=DATA_X, y=DATA_Y):
    r"""``L(w, b) = (1/N) Σ_i (σ(w x_i + b) − y_i)²``; ``w`` and ``b`` may be arrays (broadcast).

    >>> print(f"{float(sigmoid_neuron_loss(1.5, -2.0)):.2e}")
    4.60e-06
    """
    w = np.asarray(w, dtype=np.float64)[..., None]
    b = np.asarray(b, dtype=np.float64)[..., None]
    f = sigmoid(w * x + b)
    return np.mean((f - y) ** 2, axis=-1)


def sigmoid_neuron_gradient(w, b, x=DATA_X, y=DATA_Y) -> tuple[float, float]:
    r"""``(∂L/∂w, ∂L/∂b)`` for :func:`sigmoid_neuron_loss`.

    Per point, ``∂/∂w ½(f(x) − y)² = (f(x) − y) f(x) (1 − f(x)) x`` (the
    lecture's derivation; for ``b`` the last factor ``x`` becomes 1).  The loss
    has no ½ and averages over the N points, hence the factor ``2/N``::

        ∂L/∂w = (2/N) Σ_i (f(x_i) − y_i) f(x_i) (1 − f(x_i)) x_i
        ∂L/∂b = (2/N) Σ_i (f(x_i) − y_i) f(x_i) (1 − f(x_i))
    """
    f = sigmoid(w * x + b)
    r = (f - y) * f * (1.0 - f)
    n = len(x)
    return float(2.0 / n * np.sum(r * x)), float(2.0 / n * np.sum(r))


def sigmoid_neuron_loss_surface(w_lim=(-4.0, 4.0), b_lim=(-4.0, 4.0), grid: int = 81) -> dict:
    """``L(w, b)`` on a grid: ``w``, ``b`` (shape ``(grid, grid)``, ``w`` along columns) and ``loss``."""
    w, b = np.meshgrid(np.linspace(*w_lim, int(grid)), np.linspace(*b_lim, int(grid)))
    return {"w": w, "b": b, "loss": sigmoid_neuron_loss(w, b)}


def gradient_descent_path(lr=3.0, steps=100, w0=-1.0, b0=2.0) -> dict:
    r"""Run ``steps`` updates ``w ← w − η ∂L/∂w``, ``b ← b − η ∂L/∂b`` from ``(w0, b0)``.

    Returns ``w``, ``b`` and ``loss``, each of length ``steps + 1`` (the
    starting point first).

    >>> p = gradient_descent_path(lr=3.0, steps=100)
    >>> p["w"].shape, round(float(p["loss"][0]), 4), round(float(p["loss"][-1]), 6)
    ((101,), 0.1521, 0.000114)
    """
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    steps = int(steps)
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    w = np.empty(steps + 1)
    b = np.empty(steps + 1)
    w[0], b[0] = w0, b0
    for t in range(steps):
        dw, db = sigmoid_neuron_gradient(w[t], b[t])
        w[t + 1] = w[t] - lr * dw
        b[t + 1] = b[t] - lr * db
    return {"w": w, "b": b, "loss": sigmoid_neuron_loss(w, b), "lr": float(lr)}


def gradient_descent_explorer(lr=3.0, steps=100, w0=-1.0, b0=2.0) -> dict:
    """The path of :func:`gradient_descent_path`, the loss surface it crosses and the data."""
    result = gradient_descent_path(lr, steps, w0, b0)
    result["surface"] = sigmoid_neuron_loss_surface()
    result["x"], result["y"] = DATA_X, DATA_Y
    return result


# ----- the explorers as data ------------------------------------------------
def _weight(name, value, label=None):
    return Slider(name, -5.0, 5.0, 0.1, value, label or name)


#: The part-1 explorers, keyed by name. Chapter 2 uses ``two_two_one`` and
#: ``single_neuron``, chapter 4 ``softmax`` and chapter 5 ``gradient_descent``.
#:
#: :meta hide-value:
EXPLORERS = {
    "two_two_one": ExplorerSpec(
        name="two_two_one",
        title="The 2-2-1 network's output ŷ over (x1, x2)",
        sliders=(_weight("w11", -2.0), _weight("w12", 1.0), _weight("w13", -1.5),
                 _weight("w14", 1.5), _weight("w21", 1.0), _weight("w22", -1.0),
                 _weight("b1", 0.0), _weight("b2", 0.0)),
        compute=two_two_one_surface,
        plot="plot_output_surface",
    ),
    "single_neuron": ExplorerSpec(
        name="single_neuron",
        title="One sigmoid neuron's output over (x1, x2)",
        sliders=(_weight("w1", -2.0), _weight("w2", 1.0), _weight("b", 0.0)),
        compute=single_neuron_surface,
        plot="plot_output_surface",
    ),
    "softmax": ExplorerSpec(
        name="softmax",
        title="Softmax of four logits at temperature T",
        sliders=(Slider("z1", -10.0, 10.0, 0.5, 3.0, "z1"),
                 Slider("z2", -10.0, 10.0, 0.5, 4.0, "z2"),
                 Slider("z3", -10.0, 10.0, 0.5, 10.0, "z3"),
                 Slider("z4", -10.0, 10.0, 0.5, 3.0, "z4"),
                 Slider("temperature", 0.1, 10.0, 0.1, 1.0, "T")),
        compute=softmax_from_sliders,
        plot="plot_softmax",
    ),
    "gradient_descent": ExplorerSpec(
        name="gradient_descent",
        title="Gradient descent on one sigmoid neuron",
        sliders=(Slider("lr", 0.1, 20.0, 0.1, 3.0, "η"),
                 Slider("steps", 0, 300, 1, 100, "steps", integer=True),
                 Slider("w0", -4.0, 4.0, 0.1, -1.0, "w₀"),
                 Slider("b0", -4.0, 4.0, 0.1, 2.0, "b₀")),
        compute=gradient_descent_explorer,
        plot="plot_gradient_descent",
    ),
}
