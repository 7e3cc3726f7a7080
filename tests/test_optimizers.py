"""Optimizers: one step by hand equals the package's step; each one reduces a convex loss."""

import numpy as np
import pytest

import ffnn_course as fc

W0 = np.array([1.0, -2.0])
G1 = np.array([0.5, -1.0])     # first gradient
G2 = np.array([0.25, 0.5])     # second gradient


def two_steps(cls, **kw):
    w = W0.copy()
    opt = cls([w], **kw)
    opt.step([G1])
    after_one = w.copy()
    opt.step([G2])
    return after_one, w


def test_gradient_descent_by_hand():
    one, two = two_steps(fc.GradientDescent, lr=0.1)
    np.testing.assert_allclose(one, W0 - 0.1 * G1)
    np.testing.assert_allclose(two, W0 - 0.1 * G1 - 0.1 * G2)


def test_momentum_by_hand():
    one, two = two_steps(fc.Momentum, lr=0.1, momentum=0.9)
    u1 = 0.1 * G1
    u2 = 0.9 * u1 + 0.1 * G2
    np.testing.assert_allclose(one, W0 - u1)
    np.testing.assert_allclose(two, W0 - u1 - u2)


def test_nesterov_by_hand_and_equals_the_look_ahead_form():
    one, two = two_steps(fc.Nesterov, lr=0.1, momentum=0.9)
    # stored point = look-ahead point: w̃ ← w̃ − γ u_t − η g_t
    u1 = 0.1 * G1
    np.testing.assert_allclose(one, W0 - 0.9 * u1 - 0.1 * G1)
    u2 = 0.9 * u1 + 0.1 * G2
    np.testing.assert_allclose(two, one - 0.9 * u2 - 0.1 * G2)


def test_nesterov_matches_the_lecture_rule_on_a_quadratic():
    """Lecture: gradient at w − γu, u = γu + η∇, w = w − u.  The class tracks w − γu."""
    A = np.diag([1.0, 10.0])
    grad = lambda w: A @ w  # noqa: E731
    lr, mu = 0.05, 0.9
    w, u = np.array([1.0, 1.0]), np.zeros(2)
    look = w.copy()
    opt = fc.Nesterov([look], lr=lr, momentum=mu)
    for _ in range(25):
        u = mu * u + lr * grad(w - mu * u)
        w = w - u
        opt.step([grad(look)])
        np.testing.assert_allclose(look, w - mu * u, atol=1e-12)


def test_adagrad_by_hand():
    one, two = two_steps(fc.AdaGrad, lr=0.1, eps=1e-10)
    v1 = G1 ** 2
    w1 = W0 - 0.1 * G1 / (np.sqrt(v1) + 1e-10)
    v2 = v1 + G2 ** 2
    np.testing.assert_allclose(one, w1)
    np.testing.assert_allclose(two, w1 - 0.1 * G2 / (np.sqrt(v2) + 1e-10))


def test_rmsprop_by_hand():
    one, two = two_steps(fc.RMSProp, lr=0.01, alpha=0.9, eps=1e-8)
    v1 = 0.1 * G1 ** 2
    w1 = W0 - 0.01 * G1 / (np.sqrt(v1) + 1e-8)
    v2 = 0.9 * v1 + 0.1 * G2 ** 2
    np.testing.assert_allclose(one, w1)
    np.testing.assert_allclose(two, w1 - 0.01 * G2 / (np.sqrt(v2) + 1e-8))


def test_adam_by_hand():
    one, two = two_steps(fc.Adam, lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    m1, v1 = 0.1 * G1, 0.001 * G1 ** 2
    w1 = W0 - 0.01 * (m1 / 0.1) / (np.sqrt(v1 / 0.001) + 1e-8)
    m2, v2 = 0.9 * m1 + 0.1 * G2, 0.999 * v1 + 0.001 * G2 ** 2
    w2 = w1 - 0.01 * (m2 / (1 - 0.9 ** 2)) / (np.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8)
    np.testing.assert_allclose(one, w1)
    np.testing.assert_allclose(two, w2)


def test_schedule_is_evaluated_per_step():
    w = np.array([0.0])
    opt = fc.GradientDescent([w], lr=fc.step_decay(1.0, drop=0.5, every=1))
    for _ in range(3):
        opt.step([np.array([1.0])])
    np.testing.assert_allclose(w, [-(1.0 + 0.5 + 0.25)])
    assert [round(fc.inverse_time_decay(1.0, 1.0)(t), 3) for t in range(3)] == [1.0, 0.5, 0.333]
    assert fc.exponential_decay(2.0, 0.5)(2) == pytest.approx(2.0 * np.exp(-1.0))


CONVEX = [
    (fc.GradientDescent, dict(lr=0.1)),
    (fc.Momentum, dict(lr=0.05, momentum=0.9)),
    (fc.Nesterov, dict(lr=0.05, momentum=0.9)),
    (fc.AdaGrad, dict(lr=0.5)),
    (fc.RMSProp, dict(lr=0.05)),
    (fc.Adam, dict(lr=0.1)),
]


@pytest.mark.parametrize("cls,kw", CONVEX, ids=[c.__name__ for c, _ in CONVEX])
def test_each_optimizer_reduces_a_convex_loss(cls, kw):
    """Least squares with a linear network: a convex problem with a known minimum."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
    net = fc.Network([fc.Dense(np.zeros((1, 3)), [0.0], "linear")])
    start = net.loss(x, y, "mse")
    opt = cls(net.parameters(), **kw)
    for _ in range(200):
        opt.step(net.gradients(x, y, "mse").as_list())
    assert net.loss(x, y, "mse") < 0.01 * start


def test_step_is_all_or_nothing():
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    opt = fc.Adam([w, b], lr=0.1)
    with pytest.raises(ValueError, match=r"grads\[1\] contains NaN"):
        opt.step([np.array([0.1, 0.1]), np.array([np.nan])])
    np.testing.assert_array_equal(w, [1.0, 2.0])
    assert opt.t == 0 and opt.state == [{}, {}]


from hypothesis import given, settings  # noqa: E402  (Nesterov's lecture iterates)
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=30, deadline=None)
@given(st.floats(0.001, 0.2), st.floats(0.0, 0.95),
       st.lists(st.floats(-2.0, 2.0), min_size=2, max_size=2))
def test_nesterov_lecture_params_are_the_lecture_iterates(lr, mu, w0):
    """lecture_params() follows w_{t+1} = w_t − u_t with the gradient at w_t − γ u_{t−1}."""
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    grad = lambda w: A @ w  # noqa: E731
    stored = np.array(w0)
    opt = fc.Nesterov([stored], lr=lr, momentum=mu)
    np.testing.assert_allclose(opt.lecture_params()[0], w0)        # before any step
    w, u = np.array(w0), np.zeros(2)
    for _ in range(15):
        u = mu * u + lr * grad(w - mu * u)
        w = w - u
        opt.step([grad(stored)])
        np.testing.assert_allclose(opt.lecture_params()[0], w, atol=1e-10)
        np.testing.assert_allclose(stored, w - mu * u, atol=1e-10)
