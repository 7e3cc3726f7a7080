r"""Gradient-based optimizers with PyTorch's vocabulary and the lecture's update rules.

Each optimizer is built from the list of arrays it updates (``net.parameters()``)
and a learning rate ``lr``, which is a number or a schedule ``t -> η_t`` (see
:mod:`ffnn_course.schedules`).  ``step(grads)`` applies one update **in place**
to those arrays, with ``grads`` in the same order (``Gradients.as_list()``).
Per-parameter state (velocities, running averages) is created on first use.

Notation: ``g_t = ∂L/∂w`` at step ``t``, ``η_t`` the learning rate.

====================  ========================================================
GradientDescent       ``w ← w − η g``
Momentum              ``u_t = γ u_{t−1} + η g``;  ``w ← w − u_t``
Nesterov              ``u_t = γ u_{t−1} + η ∇L(w − γ u_{t−1})``;  ``w ← w − u_t``
AdaGrad               ``v_t = v_{t−1} + g²``;  ``w ← w − η g / (√v_t + ε)``
RMSProp               ``v_t = α v_{t−1} + (1 − α) g²``;  ``w ← w − η g / (√v_t + ε)``
Adam                  ``m_t = β₁ m + (1 − β₁) g``, ``v_t = β₂ v + (1 − β₂) g²``,
                      ``m̂ = m_t/(1 − β₁ᵗ)``, ``v̂ = v_t/(1 − β₂ᵗ)``;
                      ``w ← w − η m̂ / (√v̂ + ε)``
====================  ========================================================

Taught in the chapter *Optimizers*.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import (as_sequence, check_fraction, check_parameter, check_positive,
                          check_real_array_list, lookup)


def _check_lr(lr):
    if callable(lr):
        return lr
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr must be a positive number or a schedule t -> lr, got "
                        f"{type(lr).__name__} {lr!r}")
    return check_positive(lr, "lr")


class Optimizer:
    """Base class: validates ``params``, ``lr`` and each step's ``grads``, then updates.

    **Checked and fast paths.**  :meth:`step` checks every gradient (one
    finite real array of the right shape per parameter) and that every
    parameter can still be updated, all before the first update, then runs
    :meth:`step_unchecked`, the update alone on float64 gradients.  The
    training loop, whose gradients come from backpropagation, calls
    :meth:`step_unchecked` directly.  :meth:`snapshot` and :meth:`restore` save
    and put back the parameters, the step count and the per-parameter state.
    """

    def __init__(self, params, lr):
        params = as_sequence(params, "params", "a list of float64 numpy arrays "
                             "(e.g. net.parameters(), not the network itself)")
        if not params:
            raise ValueError("params is empty: expected the list of arrays to optimise "
                             "(e.g. net.parameters())")
        for k, p in enumerate(params):
            check_parameter(p, f"params[{k}]")
        self.params = params
        self.lr = _check_lr(lr)
        self.t = 0                                   # number of steps taken so far
        self.state: list[dict] = [{} for _ in params]

    def current_lr(self) -> float:
        """``η_t`` for the next step (a schedule is evaluated at ``t``)."""
        if not callable(self.lr):
            return self.lr                     # a number, checked by the constructor
        lr = self.lr(self.t)
        try:
            return check_positive(lr, f"the learning rate the schedule gave at step {self.t}")
        except (TypeError, ValueError) as err:
            raise ValueError(f"{err} (expected a number > 0)") from None

    def step(self, grads) -> None:
        """Apply one update to every parameter, in place.

        ``grads[k]`` is ``∂L/∂params[k]``.  Everything is checked first (the
        gradients, the parameters, the learning rate), so a failed step
        leaves the parameters and the optimizer's state unchanged.
        """
        grads = check_real_array_list(grads, "grads", self.params)
        for k, p in enumerate(self.params):
            check_parameter(p, f"params[{k}]")
        self.current_lr()                      # a bad schedule value fails before any update
        self.step_unchecked(grads)

    def step_unchecked(self, grads: list) -> None:
        """The update itself, on checked float64 gradients (fast path: no checks)."""
        lr = self.current_lr()
        self.t += 1
        for p, g, state in zip(self.params, grads, self.state):
            self._update(p, g, state, lr)

    def snapshot(self):
        """A copy of everything :meth:`step` changes: parameters, step count, state."""
        return ([p.copy() for p in self.params], self.t,
                [{key: v.copy() for key, v in st.items()} for st in self.state])

    def restore(self, snapshot) -> None:
        """Put back what :meth:`snapshot` saved (the parameters are written in place)."""
        params, self.t, state = snapshot
        for p, saved in zip(self.params, params):
            p[...] = saved
        self.state = [{key: v.copy() for key, v in st.items()} for st in state]

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict, lr: float) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        lr = "schedule" if callable(self.lr) else self.lr
        return f"{type(self).__name__}(lr={lr})"


class GradientDescent(Optimizer):
    """Vanilla gradient descent: ``w ← w − η ∂L/∂w`` (PyTorch: ``SGD`` without momentum).

    >>> w = np.array([1.0, -2.0])
    >>> GradientDescent([w], lr=0.5).step([np.array([0.2, 0.4])])
    >>> w
    array([ 0.9, -2.2])
    """

    def _update(self, w, g, state, lr):
        w -= lr * g


class Momentum(Optimizer):
    r"""Momentum: ``u_t = γ u_{t−1} + η g_t``;  ``w ← w − u_t`` (``γ`` is ``momentum``).

    PyTorch's ``SGD(momentum=γ)`` keeps ``v_t = γ v_{t−1} + g_t`` and steps
    ``w ← w − η v_t``.  With a constant ``η`` the two are the same
    (``u = η v``); with a schedule, the lecture's form applies each step's
    ``η`` to that step's gradient only, PyTorch's to the whole velocity.
    """

    def __init__(self, params, lr, momentum: float = 0.9):
        super().__init__(params, lr)
        self.momentum = check_fraction(momentum, "momentum")

    def _update(self, w, g, state, lr):
        u = state.setdefault("u", np.zeros_like(w))
        u *= self.momentum
        u += lr * g
        w -= u


class Nesterov(Momentum):
    r"""Nesterov accelerated gradient: look ahead, then step.

    The lecture's rule (Khapra's NPTEL course) evaluates the gradient at the
    look-ahead point ``w_look = w_t − γ u_{t−1}``:

    ``u_t = γ u_{t−1} + η ∇L(w_t − γ u_{t−1})``;  ``w_{t+1} = w_t − u_t``.

    A training loop can only hand an optimizer the gradient at the array it
    stores, so, like PyTorch (``SGD(nesterov=True)``), this class stores the
    look-ahead point ``p_t = w_t − γ u_{t−1}`` as the parameter: the gradient
    the loop computes *is* ``∇L(w_look)``.  Substituting ``w_t = p_t + γ u_{t−1}``
    into the lecture's rule gives the update of the stored point,
    ``p_{t+1} = p_t − γ u_t − η g_t``.  The stored points are therefore a
    *different* sequence from the lecture's iterates (they are shifted by
    ``γ u_t``); the two meet only where ``u_t = 0``.  :meth:`lecture_params`
    returns the lecture's iterates ``w_{t+1} = p_{t+1} + γ u_t``, which is what
    the chapter *Optimizers* plots.

    >>> w = np.array([1.0])
    >>> opt = Nesterov([w], lr=0.1, momentum=0.9)
    >>> opt.step([np.array([1.0])])       # u_1 = 0.1; lecture: w_1 = 1 − 0.1
    >>> w, opt.lecture_params()[0]        # stored p_1 = w_1 − γ u_1
    (array([0.81]), array([0.9]))
    """

    def _update(self, w, g, state, lr):
        u = state.setdefault("u", np.zeros_like(w))
        u *= self.momentum
        u += lr * g
        w -= self.momentum * u + lr * g

    def lecture_params(self) -> list:
        """The lecture's iterates ``w_t = p_t + γ u_{t−1}``, one new array per parameter.

        ``p_t`` is the stored (look-ahead) parameter; before the first step
        ``u = 0`` and the two coincide.
        """
        return [p + self.momentum * state["u"] if "u" in state else p.copy()
                for p, state in zip(self.params, self.state)]


class AdaGrad(Optimizer):
    r"""AdaGrad: ``v_t = v_{t−1} + g_t²``;  ``w ← w − η g_t / (√v_t + ε)``.

    Parameters with large past gradients get smaller steps.  Same as
    PyTorch's ``Adagrad`` (``eps`` 1e-10); the lecture writes ``η / √(v_t + ε)``,
    which differs only in where the tiny ``ε`` sits.
    """

    def __init__(self, params, lr, eps: float = 1e-10):
        super().__init__(params, lr)
        self.eps = check_positive(eps, "eps")

    def _update(self, w, g, state, lr):
        v = state.setdefault("v", np.zeros_like(w))
        v += g * g
        w -= lr * g / (np.sqrt(v) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp: ``v_t = α v_{t−1} + (1 − α) g_t²``;  ``w ← w − η g_t / (√v_t + ε)``.

    ``alpha`` is PyTorch's name for the decay the lecture calls ``β``
    (PyTorch's default 0.99; the lecture often uses 0.9).
    """

    def __init__(self, params, lr, alpha: float = 0.99, eps: float = 1e-8):
        super().__init__(params, lr)
        self.alpha = check_fraction(alpha, "alpha")
        self.eps = check_positive(eps, "eps")

    def _update(self, w, g, state, lr):
        v = state.setdefault("v", np.zeros_like(w))
        v *= self.alpha
        v += (1.0 - self.alpha) * g * g
        w -= lr * g / (np.sqrt(v) + self.eps)


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and RMSProp on its square, bias-corrected.

    ``m_t = β₁ m_{t−1} + (1 − β₁) g_t``;  ``v_t = β₂ v_{t−1} + (1 − β₂) g_t²``;
    ``m̂_t = m_t / (1 − β₁ᵗ)``;  ``v̂_t = v_t / (1 − β₂ᵗ)``;
    ``w ← w − η m̂_t / (√v̂_t + ε)``.  Same as PyTorch's ``Adam``.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (check_fraction(betas[0], "betas[0]"), check_fraction(betas[1], "betas[1]"))
        self.eps = check_positive(eps, "eps")

    def _update(self, w, g, state, lr):
        beta1, beta2 = self.betas
        m = state.setdefault("m", np.zeros_like(w))
        v = state.setdefault("v", np.zeros_like(w))
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1 ** self.t)
        v_hat = v / (1.0 - beta2 ** self.t)
        w -= lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {
    "gd": GradientDescent,
    "sgd": GradientDescent,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSProp,
    "adam": Adam,
}


def get_optimizer(name: str, params, **kwargs) -> Optimizer:
    """Build an optimizer by name: ``get_optimizer("adam", net.parameters(), lr=1e-3)``."""
    if not isinstance(name, str):
        raise TypeError(f"optimizer name must be a string, got {type(name).__name__}")
    cls = lookup(OPTIMIZERS, name.lower(), "optimizer")
    if "lr" not in kwargs and cls is not Adam:
        raise TypeError(f"optimizer {name!r} needs a learning rate: pass lr=... (a number > 0 "
                        f"or a schedule)")
    return cls(params, **kwargs)
