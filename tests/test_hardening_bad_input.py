"""Hardening, family 3: input of the wrong kind is refused clearly, not silently accepted.

Complex, object, date, string or NaN data; a trace of another network; unknown
keys; activations called directly with what is not a finite real array."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ffnn_course as fc

shapes = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4)

# Arrays that are not real numbers: complex (with an imaginary part), object,
# datetime, timedelta, strings.
not_real = st.one_of(
    hnp.arrays(np.complex128, shapes,
               elements=st.complex_numbers(max_magnitude=10).filter(lambda z: z.imag != 0)),
    hnp.arrays(np.dtype("datetime64[s]"), shapes),
    hnp.arrays(np.dtype("timedelta64[ms]"), shapes),
    hnp.arrays(np.dtype("U3"), shapes),
    shapes.map(lambda s: np.full(s, None, dtype=object)),
    shapes.map(lambda s: np.ones(s, dtype=object)),
)


@st.composite
def with_nan(draw):
    """A finite float array with one NaN or infinity at a random place."""
    shape = draw(shapes)
    arr = draw(hnp.arrays(np.float64, shape, elements=st.floats(-5, 5)))
    arr.flat[draw(st.integers(0, arr.size - 1))] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return arr


def net_2_3_2():
    return fc.Network.from_sizes([2, 3, 2], ["tanh", "softmax"], rng=0)


@settings(max_examples=120, deadline=None)
@given(bad=not_real, where=st.sampled_from(["forward", "train-x", "train-y", "step",
                                             "optimizer", "sigmoid", "relu", "softmax",
                                             "tanh", "loss"]))
def test_data_that_is_not_real_is_refused(bad, where):
    net = net_2_3_2()
    before = [p.copy() for p in net.parameters()]
    x, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    calls = {
        "forward": lambda: net.forward(bad),
        "train-x": lambda: fc.train(net, bad, y, "cross_entropy", lr=0.1),
        "train-y": lambda: fc.train(net, x, bad, "mse", lr=0.1),
        "step": lambda: fc.GradientDescent(net.parameters(), lr=0.1).step(
            [bad] * len(net.parameters())),
        "optimizer": lambda: fc.GradientDescent([bad], lr=0.1),
        "sigmoid": lambda: fc.sigmoid(bad), "relu": lambda: fc.relu(bad),
        "softmax": lambda: fc.softmax(bad), "tanh": lambda: fc.tanh(bad),
        "loss": lambda: fc.mse.value(bad, bad),
    }
    with pytest.raises(TypeError, match=r"real numbers|float64 numpy array"):
        calls[where]()
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters()))


@settings(max_examples=80, deadline=None)
@given(bad=with_nan(), where=st.sampled_from(["optimizer", "step", "sigmoid", "softmax",
                                              "forward"]))
def test_nan_and_infinity_are_refused(bad, where):
    net = net_2_3_2()
    calls = {
        "optimizer": lambda: fc.Adam([bad]),
        "step": lambda: fc.Adam([np.zeros(bad.shape)]).step([bad]),
        "sigmoid": lambda: fc.sigmoid(bad), "softmax": lambda: fc.softmax(bad),
        "forward": lambda: net.forward(np.resize(bad, (bad.size, 2)) if bad.ndim else bad),
    }
    with pytest.raises(ValueError, match="NaN or infinite"):
        calls[where]()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.integers(0, 3))
def test_a_trace_of_another_network_is_refused(sizes, change):
    net = fc.Network.from_sizes(sizes, rng=0)
    other_sizes = list(sizes)
    other_sizes[change % len(sizes)] += 1
    other = fc.Network.from_sizes(other_sizes, rng=0)
    trace = other.forward(np.ones(other_sizes[0]))
    with pytest.raises(ValueError, match=r"trace has layer widths .* but this network has"):
        net.backward(trace, np.zeros(other_sizes[-1]), "mse")


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=4), st.floats(-3, 3), min_size=1,
                       max_size=3))
def test_two_two_one_refuses_unknown_keys(weights):
    known = set(fc.examples.TWO_TWO_ONE_WEIGHTS[1])
    if set(weights) <= known:
        fc.two_two_one(weights)
    else:
        with pytest.raises(ValueError, match="unknown key"):
            fc.two_two_one(weights)


@pytest.mark.parametrize("bias", ["0.1", None, 1j, [0.1]])
def test_from_sizes_refuses_a_bias_that_is_not_a_number(bias):
    with pytest.raises(TypeError, match="bias must be a real number"):
        fc.Network.from_sizes([2, 3, 1], bias=bias)


@pytest.mark.parametrize("call", [lambda: fc.relu(None), lambda: fc.tanh([1.0, None]),
                                  lambda: fc.sigmoid(1 + 2j), lambda: fc.softmax([np.inf, 0.0])])
def test_the_issue_examples_of_activations(call):
    with pytest.raises((TypeError, ValueError), match=r"^a "):
        call()


def test_sigmoid_of_large_negative_inputs_gives_no_warning_and_exact_tails():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = fc.sigmoid(np.array([-1e4, -745.0, -709.0, -40.0, 0.0, 40.0, 1e4]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[4] == 0.5
    assert s[3] == pytest.approx(4.248354255291589e-18, rel=1e-15)
    assert s[2] == pytest.approx(np.exp(-709.0), rel=1e-13)
