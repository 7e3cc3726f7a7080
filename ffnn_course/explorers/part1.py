r"""The explorers of part 1: the 2-2-1 network, one neuron, softmax, gradient descent.

Each compute function is plain numpy, takes the sliders' values as keyword arguments
and returns a ``dict`` of arrays; ``static/explorers.js`` ports the same formulas to
the page, and ``tests/test_explorers_node.py`` runs that port in Node against these.
Taught in chapters 2 (*Multiple sigmoid neurons*), 4 (*The output layer and softmax*)
and 5 (*Learning by gradient descent*).
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..examples import sigmoid_neuron_data
from .spec import ExplorerSpec, Readout, Slider

__all__ = [
    "two_two_one_surface", "single_neuron_surface",
    "softmax_explorer", "softmax_from_sliders",
    "sigmoid_neuron_loss", "sigmoid_neuron_gradient", "sigmoid_neuron_loss_surface",
    "gradient_descent_path", "gradient_descent_explorer", "PART1",
]

#: The input grid of the surface explorers, ``grid`` points per axis over ``[−lim, lim]``.
SURFACE_GRID = {"grid": 61, "lim": 4.0}


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
    r"""``softmax(a / T)``: ``p_k = e^{a_k/T} / Σ_j e^{a_j/T}``, computed stably.

    ``a`` are the logits, the output layer's pre-activations ``a_L`` of the lecture.

    Subtracting ``max_j a_j / T`` first changes nothing (softmax ignores a
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


def softmax_from_sliders(a1=3.0, a2=4.0, a3=10.0, a4=3.0, temperature=1.0) -> dict:
    """:func:`softmax_explorer` with one slider per logit (four classes, as on the slide)."""
    return softmax_explorer([a1, a2, a3, a4], temperature)


# ----- chapter 5: gradient descent on one sigmoid neuron ---------------------
def _data(x, y):
    if x is None and y is None:
        return sigmoid_neuron_data()
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def sigmoid_neuron_loss(w, b, x=None, y=None):
    r"""``L(w, b) = (1/N) Σ_i (σ(w x_i + b) − y_i)²``; ``w`` and ``b`` may be arrays (broadcast).

    ``x, y`` default to the five points of
    :func:`ffnn_course.examples.sigmoid_neuron_data`.

    >>> print(f"{float(sigmoid_neuron_loss(1.5, -2.0)):.2e}")
    4.60e-06
    """
    x, y = _data(x, y)
    w = np.asarray(w, dtype=np.float64)[..., None]
    b = np.asarray(b, dtype=np.float64)[..., None]
    f = sigmoid(w * x + b)
    return np.mean((f - y) ** 2, axis=-1)


def sigmoid_neuron_gradient(w, b, x=None, y=None) -> tuple[float, float]:
    r"""``(∂L/∂w, ∂L/∂b)`` for :func:`sigmoid_neuron_loss`.

    Per point, ``∂/∂w ½(f(x) − y)² = (f(x) − y) f(x) (1 − f(x)) x`` (the
    lecture's derivation; for ``b`` the last factor ``x`` becomes 1).  The loss
    has no ½ and averages over the N points, hence the factor ``2/N``::

        ∂L/∂w = (2/N) Σ_i (f(x_i) − y_i) f(x_i) (1 − f(x_i)) x_i
        ∂L/∂b = (2/N) Σ_i (f(x_i) − y_i) f(x_i) (1 − f(x_i))

    >>> [round(g, 6) for g in sigmoid_neuron_gradient(-1.0, 2.0)]
    [-0.102789, 0.001719]
    """
    x, y = _data(x, y)
    f = sigmoid(w * x + b)
    r = (f - y) * f * (1.0 - f)
    n = len(x)
    return float(2.0 / n * np.sum(r * x)), float(2.0 / n * np.sum(r))


def sigmoid_neuron_loss_surface(w_lim=(-4.0, 4.0), b_lim=(-4.0, 4.0), grid: int = 81,
                                x=None, y=None) -> dict:
    """``L(w, b)`` on a grid: ``w``, ``b`` (shape ``(grid, grid)``, ``w`` along columns) and ``loss``."""
    w, b = np.meshgrid(np.linspace(*w_lim, int(grid)), np.linspace(*b_lim, int(grid)))
    return {"w": w, "b": b, "loss": sigmoid_neuron_loss(w, b, x, y)}


def gradient_descent_path(lr=3.0, steps=100, w0=-1.0, b0=2.0, x=None, y=None) -> dict:
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
    x, y = _data(x, y)
    w = np.empty(steps + 1)
    b = np.empty(steps + 1)
    w[0], b[0] = w0, b0
    for t in range(steps):
        dw, db = sigmoid_neuron_gradient(w[t], b[t], x, y)
        w[t + 1] = w[t] - lr * dw
        b[t + 1] = b[t] - lr * db
    return {"w": w, "b": b, "loss": sigmoid_neuron_loss(w, b, x, y), "lr": float(lr)}


def gradient_descent_explorer(lr=3.0, steps=100, w0=-1.0, b0=2.0, x=None, y=None,
                              surface_grid: int = 81, surface_lim: float = 4.0) -> dict:
    """The path of :func:`gradient_descent_path`, the loss surface it crosses and the data."""
    x, y = _data(x, y)
    result = gradient_descent_path(lr, steps, w0, b0, x, y)
    lim = (-surface_lim, surface_lim)
    result["surface"] = sigmoid_neuron_loss_surface(lim, lim, surface_grid, x, y)
    result["x"], result["y"] = x, y
    return result


# ----- the explorers as data ------------------------------------------------
def _weight(name, value):
    return Slider(name, -5.0, 5.0, 0.1, value, name, description=f"weight or bias {name}")


_SURFACE_READOUTS = (
    Readout("y_hat_min", "ŷ min on the grid", ".4f", "y_hat", "min"),
    Readout("y_hat_max", "ŷ max on the grid", ".4f", "y_hat", "max"),
    Readout("probe_x1", "probe x1", ".2f", "x1", "probe"),
    Readout("probe_x2", "probe x2", ".2f", "x2", "probe"),
)
_PROBE = (30, 45)          # the probe's starting grid point (row, column): x = (2, 0)


def _gradient_descent_options() -> dict:
    x, y = sigmoid_neuron_data()
    return {"x": x, "y": y, "surface_grid": 81, "surface_lim": 4.0}


#: The part-1 explorers.  Chapter 2 uses ``two_two_one`` (and may use
#: ``single_neuron``), chapter 4 ``softmax`` and chapter 5 ``gradient_descent``.
PART1 = (
    ExplorerSpec(
        name="two_two_one",
        title="The 2-2-1 network's output ŷ over (x1, x2)",
        controls=(_weight("w11", -2.0), _weight("w12", 1.0), _weight("w13", -1.5),
                  _weight("w14", 1.5), _weight("w21", 1.0), _weight("w22", -1.0),
                  _weight("b1", 0.0), _weight("b2", 0.0)),
        compute=two_two_one_surface,
        plot="plotting.surfaces:plot_output_surface",
        readouts=_SURFACE_READOUTS + (
            Readout("probe_h1", "h1 at the probe", ".4f", "h1", "probe"),
            Readout("probe_h2", "h2 at the probe", ".4f", "h2", "probe"),
            Readout("probe_y_hat", "ŷ at the probe", ".4f", "y_hat", "probe")),
        options=lambda: dict(SURFACE_GRID),
        probe=_PROBE,
        alt="A colour map of the network's output ŷ over the inputs x1 and x2, with the "
            "decision region ŷ ≥ 0.5 hatched and its boundary in black",
    ),
    ExplorerSpec(
        name="single_neuron",
        title="One sigmoid neuron's output over (x1, x2)",
        controls=(_weight("w1", -2.0), _weight("w2", 1.0), _weight("b", 0.0)),
        compute=single_neuron_surface,
        plot="plotting.surfaces:plot_output_surface",
        readouts=_SURFACE_READOUTS + (
            Readout("probe_y_hat", "ŷ at the probe", ".4f", "y_hat", "probe"),),
        options=lambda: dict(SURFACE_GRID),
        probe=_PROBE,
        alt="A colour map of one neuron's output ŷ over the inputs x1 and x2",
    ),
    ExplorerSpec(
        name="softmax",
        title="Softmax of four logits at temperature T",
        controls=tuple(Slider(f"a{k}", -10.0, 10.0, 0.5, a, f"a{k}",
                              description=f"logit a{k}")
                       for k, a in enumerate((3.0, 4.0, 10.0, 3.0), 1))
        + (Slider("temperature", 0.1, 10.0, 0.1, 1.0, "T", description="temperature"),),
        compute=softmax_from_sliders,
        plot="plotting.surfaces:plot_softmax",
        readouts=tuple(Readout(f"p{k + 1}", f"p{k + 1}", ".4f", "probabilities", k)
                       for k in range(4)),
        alt="Two bar charts: the four logits, and their softmax probabilities",
    ),
    ExplorerSpec(
        name="gradient_descent",
        title="Gradient descent on one sigmoid neuron",
        controls=(Slider("lr", 0.1, 20.0, 0.1, 3.0, "η", description="learning rate"),
                  Slider("steps", 0, 300, 1, 100, "steps", integer=True, fmt="d",
                         description="number of steps"),
                  Slider("w0", -4.0, 4.0, 0.1, -1.0, "w₀", description="starting weight"),
                  Slider("b0", -4.0, 4.0, 0.1, 2.0, "b₀", description="starting bias")),
        compute=gradient_descent_explorer,
        plot="plotting.surfaces:plot_gradient_descent",
        readouts=(Readout("w_end", "w at the end", ".4f", "w", -1),
                  Readout("b_end", "b at the end", ".4f", "b", -1),
                  Readout("loss_start", "loss at the start", ".6f", "loss", 0),
                  Readout("loss_end", "loss at the end", ".6f", "loss", -1),
                  Readout("loss_end_sci", "loss at the end (sci.)", ".3e", "loss", -1)),
        options=_gradient_descent_options,
        alt="Left: the loss surface over (w, b) with the path of gradient descent; "
            "right: the loss at each step on a log scale",
    ),
)
