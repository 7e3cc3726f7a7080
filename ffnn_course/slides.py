r"""The slides' numbers, as printed, beside the package's exact values.

``SLIDE_VALUES`` records the numbers exactly as the slides print them (text,
so their precision is kept).  The package never uses them to compute; the
book and the tests set them beside the exact values computed from the
networks of :mod:`ffnn_course.examples`:

* :func:`slide_values_exact`: every ``SLIDE_VALUES`` entry, computed exactly.
* :func:`like_slide`: a value printed with as many decimals as the slide.
* :func:`compare_with_slide`: ``"ok"``, ``"truncated"`` or ``"differs"``.

Use it as ``from ffnn_course import slides`` (it is not part of the top-level
namespace: it is bookkeeping for the book and the tests, not a tool for
building networks).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import numpy as np

from ._validation import as_real
from .examples import (WORKED_LR, binary_ce_example, divide_by_sum, matrix_example,
                       multiclass_ce_example, worked_example)
from .losses import binary_cross_entropy, cross_entropy, half_sse
from .network import Network

# The numbers as the slides print them (strings keep the printed precision).
SLIDE_VALUES = {
    "naive_normalisation": {
        "[3 4 10 3]": ["0.15", "0.20", "0.50", "0.15"],
        "[7 -2 4 1]": ["0.70", "-0.20", "0.40", "0.10"],
    },
    "matrix_example": {"a1": ["0.85", "0.48"], "a2": ["0.191"]},
    "worked_example": {
        "net_h1": "0.3775",
        "out_h1": "0.593269992",
        "out_h2": "0.596884378",
        "net_o1": "1.105905967",
        "out_o1": "0.75136507",
        "out_o2": "0.772928465",
        "E_o1": "0.274811083",
        "E_o2": "0.023560026",
        "E_total": "0.298371109",
        "dE_dout_o1": "0.74136507",
        "dout_o1_dnet_o1": "0.186815602",
        "dnet_o1_dw5": "0.593269992",
        "dE_dw5": "0.082167041",
        "w5+": "0.35891648",
        "w6+": "0.408666186",
        "w7+": "0.511301270",
        "w8+": "0.561370121",
        "dE_dw1": "0.000438568",
        "w1+": "0.149780716",
        "w2+": "0.19956143",
        "w3+": "0.24975114",
        "w4+": "0.29950229",
    },
    "binary_ce_example": {
        "a1": ["0.01", "0.71", "0.42", "0.63"],
        "h1": ["0.50", "0.67", "0.60", "0.65"],
        "a2": "0.921",
        "y_hat": "0.7152",
        "loss": "1.2560",
    },
    "multiclass_ce_example": {
        "a1": ["0.62", "0.09", "0.2", "-0.15"],
        "h1": ["0.65", "0.52", "0.55", "0.46"],
        "a2": ["0.32", "0.29", "0.85"],
        "y_hat": ["0.2718", "0.2634", "0.4648"],
        "loss": "0.7661",
    },
}


def slide_values_exact() -> dict:
    """Every number of ``SLIDE_VALUES``, computed exactly by the package.

    Returns
    -------
    dict
        The structure of ``SLIDE_VALUES`` (same sections, keys and lengths):
        a float where the slide prints one number, an array where it prints a
        list.  The worked example's ``w1+ … w8+`` are one gradient-descent
        step on the weights with ``WORKED_LR``; all eight gradients come from
        one backward pass, so ``w1+ … w4+`` use the *original* ``w5 … w8``,
        as in Mazur's example.

    Examples
    --------
    >>> exact = slide_values_exact()
    >>> exact["worked_example"]["out_o1"], SLIDE_VALUES["worked_example"]["out_o1"]
    (0.7513650695523157, '0.75136507')
    >>> exact["matrix_example"]["a1"]
    array([0.85, 0.48])
    >>> exact["binary_ce_example"]["y_hat"], SLIDE_VALUES["binary_ce_example"]["y_hat"]
    (0.7152922136036064, '0.7152')
    """
    net, x = matrix_example()
    matrix = net.forward(x)
    exact = {
        "naive_normalisation": {
            "[3 4 10 3]": divide_by_sum([3, 4, 10, 3]),
            "[7 -2 4 1]": divide_by_sum([7, -2, 4, 1]),
        },
        "matrix_example": {"a1": matrix.a[1], "a2": matrix.a[2]},
        "worked_example": _worked_example_exact(),
        "binary_ce_example": _cross_entropy_exact(*binary_ce_example(), binary_cross_entropy),
        "multiclass_ce_example": _cross_entropy_exact(*multiclass_ce_example(), cross_entropy),
    }
    # One float where the slide prints one number, an array where it prints a list.
    return {section: {key: float(np.squeeze(value)) if isinstance(SLIDE_VALUES[section][key], str)
                      else np.asarray(value, dtype=float)
                      for key, value in values.items()}
            for section, values in exact.items()}


def _worked_example_exact() -> dict:
    """The step-by-step example's slide numbers, in Mazur's names."""
    net, x, t = worked_example()
    trace = net.forward(x)
    grads = net.backward(trace, t, "half_sse")          # all eight gradients, original weights
    out = trace.h[2]
    W1 = net.W[1] - WORKED_LR * grads.dW[1]             # [[w1+, w2+], [w3+, w4+]]
    W2 = net.W[2] - WORKED_LR * grads.dW[2]             # [[w5+, w6+], [w7+, w8+]]
    return {
        "net_h1": trace.a[1][0], "out_h1": trace.h[1][0], "out_h2": trace.h[1][1],
        "net_o1": trace.a[2][0], "out_o1": out[0], "out_o2": out[1],
        "E_o1": half_sse.value(out[:1], t[:1]), "E_o2": half_sse.value(out[1:], t[1:]),
        "E_total": half_sse.value(out, t),
        # ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5
        "dE_dout_o1": half_sse.gradient(out, t)[0],
        "dout_o1_dnet_o1": net.layers[1].activation.derivative(trace.a[2], out)[0],
        "dnet_o1_dw5": trace.h[1][0],
        "dE_dw5": grads.dW[2][0, 0],
        "w5+": W2[0, 0], "w6+": W2[0, 1], "w7+": W2[1, 0], "w8+": W2[1, 1],
        "dE_dw1": grads.dW[1][0, 0],
        "w1+": W1[0, 0], "w2+": W1[0, 1], "w3+": W1[1, 0], "w4+": W1[1, 1],
    }


def _cross_entropy_exact(net: Network, x, y, loss) -> dict:
    """A cross-entropy slide's numbers: the forward pass and the loss."""
    trace = net.forward(x)
    return {"a1": trace.a[1], "h1": trace.h[1], "a2": trace.a[2], "y_hat": trace.h[2],
            "loss": loss.value(trace.h[2], y)}


def _decimals(slide: str) -> int:
    """How many decimals a slide's number prints: ``"0.7152"`` -> 4."""
    if not isinstance(slide, str):
        raise TypeError(f"slide must be the number as the slide prints it, a str such as "
                        f"'0.7152', got {type(slide).__name__} {slide!r}")
    try:
        float(slide)
    except ValueError:
        raise ValueError(f"slide must be a printed number such as '0.7152', got {slide!r}") from None
    return len(slide.partition(".")[2])


def like_slide(value, slide: str, *, truncate: bool = False) -> str:
    """``value`` printed with as many decimals as the slide's string ``slide``.

    Parameters
    ----------
    value : float
        The exact number (a Python or NumPy scalar).
    slide : str
        The number as the slide prints it, e.g. ``"0.75136507"``.
    truncate : bool, optional
        Cut the further digits off (round towards zero) instead of rounding
        to the nearest.

    Examples
    --------
    >>> like_slide(0.7513650695523157, "0.75136507")
    '0.75136507'
    >>> y_hat = 0.7152922136036064
    >>> like_slide(y_hat, "0.7152"), like_slide(y_hat, "0.7152", truncate=True)
    ('0.7153', '0.7152')
    >>> like_slide(0.85, "0.850"), like_slide(-0.2, "-0.20"), like_slide(2.6, "3")
    ('0.850', '-0.20', '3')
    """
    decimals = _decimals(slide)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    value = as_real(value, "value")
    if not truncate:
        return f"{float(value):.{decimals}f}"
    step = Decimal(1).scaleb(-decimals)                 # 0.0001 for four decimals
    return f"{Decimal(float(value)).quantize(step, rounding=ROUND_DOWN):f}"


def compare_with_slide(value, slide: str) -> str:
    """How the slide's string relates to the exact ``value``.

    Returns
    -------
    str
        ``"ok"`` if ``value`` rounded to the slide's decimals is the slide's
        string; ``"truncated"`` if only cutting the digits off gives it;
        ``"differs"`` otherwise (a slip on the slide).

    Notes
    -----
    ``"truncated"`` describes the digits only, not how the slide got them.
    The binary cross-entropy slide's ŷ = 0.7152, for instance, matches the
    exact 0.71529… cut off, but the slide computed it as σ of its own rounded
    a2 = 0.921 (σ(0.921) = 0.71525): see the *Errata* page.

    Examples
    --------
    >>> compare_with_slide(0.7513650695523157, "0.75136507")
    'ok'
    >>> compare_with_slide(0.7152922136036064, "0.7152")   # rounds to 0.7153; see Notes
    'truncated'
    >>> compare_with_slide(0.7897346799, "0.85")
    'differs'
    """
    if like_slide(value, slide) == slide:
        return "ok"
    if like_slide(value, slide, truncate=True) == slide:
        return "truncated"
    return "differs"
