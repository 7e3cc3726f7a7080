r"""The gradient that reaches a sigmoid output's logit, under two losses.

Why cross-entropy learns faster than squared error with a sigmoid output
``ŷ = σ(a)`` (chapter *Cross-entropy*): by the chain rule the gradient that
reaches the logit is ``∂L/∂a = ∂L/∂ŷ · σ'(a)``, and

* squared error ``L = ½ (ŷ − y)²`` keeps the factor ``σ'(a) = ŷ (1 − ŷ)``,
  which vanishes when the output saturates, even when it is confidently wrong:
  ``∂L/∂a = (ŷ − y) ŷ (1 − ŷ)``;
* binary cross-entropy's ``∂L/∂ŷ = (ŷ − y) / (ŷ (1 − ŷ))`` cancels that factor:
  ``∂L/∂a = ŷ − y``.

Nothing here is a new formula: each gradient is read from the loss and the
activation that define it (:mod:`ffnn_course.losses`,
:mod:`ffnn_course.activations`).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array
from .activations import sigmoid
from .losses import binary_cross_entropy, half_sse

__all__ = ["logit_gradients"]


def logit_gradients(a, y: float = 1.0) -> dict:
    r"""``∂L/∂a`` for one sigmoid output ``ŷ = σ(a)`` under squared error and cross-entropy.

    .. math::

        \frac{\partial}{\partial a}\, \tfrac12 (\hat y - y)^2
        = (\hat y - y)\, \hat y (1 - \hat y),

        \frac{\partial}{\partial a} \bigl[-y \log \hat y - (1 - y) \log(1 - \hat y)\bigr]

        = \hat y - y.

    Parameters
    ----------
    a : array_like
        Logits, any shape; each entry is one example with one output.
    y : float, default 1.0
        The target, in [0, 1].

    Returns
    -------
    dict
        ``{"a", "y_hat", "squared_error", "cross_entropy"}``, arrays the shape of ``a``.

    Examples
    --------
    >>> g = logit_gradients([-10.0, 0.0], y=1.0)
    >>> g["squared_error"].round(5), g["cross_entropy"].round(5)
    (array([-5.00e-05, -1.25e-01]), array([-0.99995, -0.5    ]))
    """
    a = as_float_array(a, "a (the logits)")
    y = np.full(a.shape, as_float_array(y, "y (the target)", ndim=(0,)))
    y_hat = sigmoid.value(a)
    # One example with a.size outputs: the losses sum over outputs, so entry k of
    # each gradient is that output's own ∂L/∂a_k (N = 1, no averaging).
    flat_a, flat_y, flat_y_hat = a.reshape(-1), y.reshape(-1), y_hat.reshape(-1)
    squared_error = half_sse.gradient(flat_y_hat, flat_y) * sigmoid.derivative(flat_a, flat_y_hat)
    cross_entropy = binary_cross_entropy.gradient_from_logits(flat_a, flat_y)
    return {"a": a, "y_hat": y_hat,
            "squared_error": squared_error.reshape(a.shape),
            "cross_entropy": cross_entropy.reshape(a.shape)}
