"""ffnn_course.gradcheck: central differences, and bad input refused before anything runs.

The finite-difference step ``eps`` and the array ``theta`` that ``f()`` reads
come from the user; every bad value is refused with a ValueError or TypeError
that names the argument, before ``f`` is called and without changing ``theta``
or the network.
"""

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import ffnn_course as fc  # noqa: E402
from ffnn_course.examples import worked_example  # noqa: E402
from ffnn_course.gradcheck import central_difference  # noqa: E402

FINITE = st.floats(-10.0, 10.0, allow_nan=False, allow_infinity=False)
BAD_EPS = st.one_of(
    st.just(0.0), st.just(-0.0), st.just(0),
    st.floats(max_value=0.0, allow_nan=False),                   # zero and negative
    st.integers(max_value=0),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), np.nan, np.float32("inf")]),
    st.integers(min_value=10**309, max_value=10**500),            # too large for a float
    st.sampled_from(["1e-6", None, True, False, [1e-6], np.array([1e-6]), 1e-6j]),
)


def never_called():
    raise AssertionError("f must not be called for a refused input")


# ---------------------------------------------------------------------------
# The estimates
# ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(theta=hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=FINITE),
       order=st.sampled_from([2, 4]), transpose=st.booleans())
def test_numerical_gradient_of_a_quadratic_and_theta_restored(theta, order, transpose):
    theta = theta.T if transpose else theta          # a strided view is perturbed correctly too
    c = np.arange(theta.size, dtype=float).reshape(theta.shape) + 1.0
    before = theta.copy()
    grad = fc.numerical_gradient(lambda: float(np.sum(c * theta ** 2)), theta, order=order)
    assert grad.shape == theta.shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * c * theta, rtol=1e-6, atol=1e-4)
    np.testing.assert_array_equal(theta, before)      # bit for bit


@settings(max_examples=30, deadline=None)
@given(x=hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5), elements=FINITE),
       order=st.sampled_from([2, 4]))
def test_central_difference_of_sine_is_cosine(x, order):
    np.testing.assert_allclose(central_difference(np.sin, x, order=order), np.cos(x),
                               rtol=0, atol=1e-8)


def test_central_difference_takes_a_list_and_leaves_it_alone():
    points = [0.0, 0.5]
    np.testing.assert_allclose(central_difference(np.exp, points), np.exp(points), rtol=1e-8)
    assert points == [0.0, 0.5]


def test_numerical_gradient_on_a_network_parameter_matches_backprop():
    net, x, t = worked_example()
    W1 = net.layers[0].W
    grads = net.backward(net.forward(x), t, "half_sse")
    numeric = fc.numerical_gradient(lambda: fc.half_sse.value(net.predict(x), t), W1)
    np.testing.assert_allclose(numeric, grads.dW[1], rtol=1e-6)


# ---------------------------------------------------------------------------
# theta: a writeable float array that f reads
# ---------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(values=st.lists(FINITE, min_size=1, max_size=5))
def test_a_list_is_refused_naming_theta(values):
    with pytest.raises(TypeError, match=r"theta must be the NumPy float array .* got list"):
        fc.numerical_gradient(never_called, values)


@settings(max_examples=30, deadline=None)
@given(theta=hnp.arrays(st.sampled_from([np.int8, np.int64, np.uint16, np.bool_]),
                        hnp.array_shapes(max_dims=2, max_side=4)))
def test_an_integer_array_is_refused_and_unchanged(theta):
    # Perturbing an integer array in place truncates θ ± ε: the estimate would be
    # (f(θ) − f(θ − 1)) / 2ε, e.g. 500000 for the derivative 1 of θ² at 1.
    before = theta.copy()
    with pytest.raises(TypeError, match=rf"theta must be a floating-point array .*{theta.dtype}"):
        fc.numerical_gradient(never_called, theta)
    np.testing.assert_array_equal(theta, before)


@pytest.mark.parametrize("theta", [np.array([1, 2]), np.array([1 + 0j]),
                                   np.array(["1.0"]), (1.0, 2.0), 1.0, None])
def test_other_thetas_are_refused(theta):
    with pytest.raises(TypeError, match="theta"):
        fc.numerical_gradient(never_called, theta)


def test_a_read_only_theta_is_refused():
    theta = np.ones(2)
    theta.flags.writeable = False
    with pytest.raises(ValueError, match="theta is read-only"):
        fc.numerical_gradient(never_called, theta)


# ---------------------------------------------------------------------------
# eps and order
# ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(eps=BAD_EPS)
def test_bad_eps_is_refused_before_f_runs(eps):
    theta = np.array([1.0, 2.0])
    with pytest.raises((ValueError, TypeError), match="eps"):
        fc.numerical_gradient(never_called, theta, eps=eps)
    with pytest.raises((ValueError, TypeError), match="eps"):
        central_difference(np.sin, theta, eps=eps)
    np.testing.assert_array_equal(theta, [1.0, 2.0])


@settings(max_examples=25, deadline=None)
@given(eps=BAD_EPS)
def test_gradient_check_refuses_bad_eps_and_leaves_the_network(eps):
    net, x, t = worked_example()
    before = [p.copy() for p in net.parameters()]
    with pytest.raises((ValueError, TypeError), match="eps"):
        fc.gradient_check(net, x, t, "half_sse", eps=eps)
    for p, q in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, q)


def test_eps_zero_is_a_value_error_not_a_zero_division():
    net, x, t = worked_example()
    with pytest.raises(ValueError, match=r"eps must be > 0 and finite, got 0.0"):
        fc.gradient_check(net, x, t, "half_sse", eps=0.0)


@pytest.mark.parametrize("order", [0, 1, 3, 6, True, 2.5, "2", None])
def test_bad_order_is_refused(order):
    with pytest.raises(ValueError, match="order must be one of"):
        fc.numerical_gradient(never_called, np.ones(2), order=order)
    net, x, t = worked_example()
    with pytest.raises(ValueError, match="order must be one of"):
        fc.gradient_check(net, x, t, "half_sse", order=order)
