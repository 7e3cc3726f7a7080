"""Activations and losses: values, derivatives, stability, shapes."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ffnn_course as fc

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
ELEMENTWISE = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(ELEMENTWISE),
       a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                    elements=finite))
def test_elementwise_derivative_matches_finite_differences(name, a):
    g = fc.get_activation(name)
    if name in ("relu", "leaky_relu"):
        a = np.where(np.abs(a) < 1e-3, 1.0, a)         # no derivative at the kink
    h = 1e-6
    numeric = (g(a + h) - g(a - h)) / (2 * h)
    assert g(a).shape == a.shape
    np.testing.assert_allclose(g.derivative(a), numeric, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(g.derivative(a, g(a)), g.derivative(a))


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=2, max_side=6),
                    elements=finite))
def test_softmax_jacobian_and_backward_agree_with_finite_differences(a):
    s = fc.softmax(a)
    assert s.shape == a.shape
    np.testing.assert_allclose(np.sum(s, axis=-1), 1.0)
    J = fc.softmax.derivative(a)
    v = np.cos(np.arange(a.shape[-1]))                 # an upstream gradient
    np.testing.assert_allclose(fc.softmax.backward(a, s, np.broadcast_to(v, a.shape)),
                               np.einsum("...k,...kj->...j", np.broadcast_to(v, a.shape), J),
                               atol=1e-12)
    row = np.atleast_2d(a)[0]
    h = 1e-6
    numeric = np.stack([(fc.softmax(row + h * e) - fc.softmax(row - h * e)) / (2 * h)
                        for e in np.eye(len(row))], axis=1)
    np.testing.assert_allclose(fc.softmax.derivative(row), numeric, atol=1e-7)


def test_sigmoid_has_no_overflow_warning_for_large_inputs():
    a = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = fc.sigmoid(a)
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5


@pytest.mark.parametrize("shift", [0.0, 1000.0, -1000.0, 1e6])
def test_softmax_is_stable_and_shift_invariant(shift):
    a = np.array([[3.0, 4.0, 10.0, 3.0], [7.0, -2.0, 4.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(fc.softmax(a + shift), fc.softmax(a), rtol=1e-12)


def test_softmax_of_huge_logits_is_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = fc.softmax(np.array([1e308, 0.0, -1e308]))
    assert np.all(np.isfinite(s)) and s[0] == 1.0


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_cross_entropies_are_finite_at_probability_zero_or_one(p):
    for y in (0.0, 1.0):
        assert np.isfinite(fc.binary_cross_entropy.value([p], [y]))
        assert np.all(np.isfinite(fc.binary_cross_entropy.gradient([p], [y])))
    probs = np.array([p, 1 - p])
    assert np.isfinite(fc.cross_entropy.value(probs, [1.0, 0.0]))
    assert np.all(np.isfinite(fc.cross_entropy.gradient(probs, [1.0, 0.0])))


def test_logit_forms_match_probability_forms_and_stay_exact_far_out():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(6, 4))
    y = np.eye(4)[rng.integers(0, 4, 6)]
    np.testing.assert_allclose(fc.cross_entropy.value_from_logits(a, y),
                               fc.cross_entropy.value(fc.softmax(a), y))
    yb = rng.random((6, 4))
    np.testing.assert_allclose(fc.binary_cross_entropy.value_from_logits(a, yb),
                               fc.binary_cross_entropy.value(fc.sigmoid(a), yb))
    # Far out in saturation the logit form is exact where probabilities round to 1.
    assert fc.binary_cross_entropy.value_from_logits([800.0], [0.0]) == pytest.approx(800.0)
    assert fc.cross_entropy.value_from_logits([0.0, 1000.0], [1.0, 0.0]) == pytest.approx(1000.0)


@settings(max_examples=50, deadline=None)
@given(name=st.sampled_from(["half_sse", "mse", "binary_cross_entropy", "cross_entropy"]),
       n=st.integers(1, 8), k=st.integers(2, 5), seed=st.integers(0, 10**6))
def test_loss_gradients_match_finite_differences(name, n, k, seed):
    rng = np.random.default_rng(seed)
    loss = fc.get_loss(name)
    y_hat = fc.softmax(rng.normal(size=(n, k))) if name == "cross_entropy" \
        else rng.uniform(0.05, 0.95, size=(n, k))
    y = np.eye(k)[rng.integers(0, k, n)] if name == "cross_entropy" else rng.random((n, k))
    numeric = fc.numerical_gradient(lambda: loss.value(y_hat, y), y_hat)
    np.testing.assert_allclose(loss.gradient(y_hat, y), numeric, rtol=1e-6, atol=1e-8)


def test_loss_conventions():
    # half_sse sums; mse averages over the N examples of Σ_k (ŷ − y)².
    y_hat, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert fc.half_sse.value(y_hat, y) == 0.5 * (1 + 4 + 9 + 16)
    assert fc.mse.value(y_hat, y) == (1 + 4 + 9 + 16) / 2
    # the binary cross-entropy cases of the slide
    assert fc.binary_cross_entropy.value([0.8], [1]) == pytest.approx(-np.log(0.8))
    assert fc.binary_cross_entropy.value([0.8], [0]) == pytest.approx(-np.log(0.2))
    # integer labels equal one-hot targets
    p = fc.softmax(np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]]))
    assert fc.cross_entropy.value(p, [1, 2]) == fc.cross_entropy.value(p, np.eye(3)[[1, 2]])
    # (N,) targets for an (N, 1) output
    assert fc.mse.value([[0.5], [1.0]], [0.0, 1.0]) == 0.125
