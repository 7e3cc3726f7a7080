"""Hardening, family 2: every public entry point answers a wrong kind of argument with a
ValueError or TypeError that names the argument (never AttributeError, ZeroDivisionError,
OverflowError or "object is not iterable"), and changes nothing."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ffnn_course as fc

X = np.array([[0.1, 0.2], [0.3, -0.1], [0.0, 0.5], [-0.4, 0.2]])
Y = np.array([0, 1, 1, 0])


def fresh():
    return fc.Network.from_sizes([2, 3, 2], ["tanh", "softmax"], rng=0)


# A wrong kind of value for any argument: nothing here is a valid setting of any of them.
wrong = st.one_of(
    st.none(),
    st.text(min_size=1).filter(lambda s: s.strip() not in fc.ACTIVATIONS | fc.INITIALIZERS),
    st.complex_numbers(allow_nan=False, allow_infinity=False).filter(lambda z: z.imag != 0),
    st.integers(min_value=10**309, max_value=10**600),
    st.integers(min_value=-(10**600), max_value=-(10**309)),
    st.just(float("nan")), st.just(float("inf")),
    st.builds(fresh),
    st.builds(lambda: fc.Dense([[1.0, 2.0]], [0.0])),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
    st.lists(st.none(), min_size=1, max_size=3),
    st.builds(object),
)

# (argument name, call taking the wrong value v and a fresh network)
SITES = [
    ("layers", lambda v, net: fc.Network(v)),
    ("sizes", lambda v, net: fc.Network.from_sizes(v)),
    ("activations", lambda v, net: fc.Network.from_sizes([2, 3, 2], activations=v)),
    ("init", lambda v, net: fc.Network.from_sizes([2, 3, 2], init=v)),
    ("bias", lambda v, net: fc.Network.from_sizes([2, 3, 2], bias=v)),
    ("rng", lambda v, net: fc.Network.from_sizes([2, 3, 2], rng=v)),
    ("params", lambda v, net: fc.GradientDescent(v, lr=0.1)),
    ("params", lambda v, net: fc.Adam(v, lr=0.1)),
    ("lr", lambda v, net: fc.GradientDescent(net.parameters(), lr=v)),
    ("momentum", lambda v, net: fc.Momentum(net.parameters(), lr=0.1, momentum=v)),
    ("eps", lambda v, net: fc.Adam(net.parameters(), eps=v)),
    ("grads", lambda v, net: fc.GradientDescent(net.parameters(), lr=0.1).step(v)),
    ("lr", lambda v, net: fc.step_decay(v)),
    ("rate", lambda v, net: fc.exponential_decay(0.1, rate=v)),
    ("rate", lambda v, net: fc.inverse_time_decay(0.1, rate=v)),
    ("l2", lambda v, net: fc.train(net, X, Y, "cross_entropy", lr=0.1, l2=v)),
    ("dropout", lambda v, net: fc.train(net, X, Y, "cross_entropy", lr=0.1, dropout=v)),
    ("epochs", lambda v, net: fc.train(net, X, Y, "cross_entropy", lr=0.1, epochs=v)),
    ("batch_size", lambda v, net: fc.train(net, X, Y, "cross_entropy", lr=0.1, batch_size=v)),
    ("lr", lambda v, net: fc.train(net, X, Y, "cross_entropy", lr=v)),
    ("x", lambda v, net: fc.train(net, v, Y, "cross_entropy", lr=0.1)),
    ("x", lambda v, net: net.forward(v)),
    ("y", lambda v, net: fc.train(net, X, v, "cross_entropy", lr=0.1)),
    ("loss", lambda v, net: fc.train(net, X, Y, v, lr=0.1)),
    ("y_hat", lambda v, net: fc.cross_entropy.value(v, [0])),
    ("a", lambda v, net: fc.sigmoid(v)),
    ("a", lambda v, net: fc.softmax(v)),
    ("W", lambda v, net: fc.Dense(v, [0.0])),
    ("alpha", lambda v, net: fc.LeakyReLU(alpha=v)),
    ("n", lambda v, net: fc.BatchNorm(v)),
    ("std", lambda v, net: fc.normal(v)),
]


VALID_NONE = ("batch_size", "rng")      # None means "all rows" and "a fresh seed"


@settings(max_examples=200, deadline=None)
@given(site=st.sampled_from(SITES), value=wrong)
def test_a_wrong_argument_is_named_and_changes_nothing(site, value):
    name, call = site
    assume(not (value is None and name in VALID_NONE))
    assume(not (name == "rng" and isinstance(value, int)))     # any int is a seed
    net = fresh()
    before = [p.copy() for p in net.parameters()]
    with pytest.raises((ValueError, TypeError)) as info:
        call(value, net)
    message = str(info.value)
    assert name in message, message
    assert "not iterable" not in message and "has no attribute" not in message
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters()))


@pytest.mark.parametrize("call,message", [
    (lambda: fc.Network(fc.Dense([[1.0]], [0.0])), r"layers must be a list of layers.*got Dense"),
    (lambda: fc.Network.from_sizes(5), r"sizes must be a list of layer sizes.*got int"),
    (lambda: fc.Network.from_sizes([2, 3], activations=None), r"activations must be .*NoneType"),
    (lambda: fc.Network.from_sizes([2, 3], init=None), r"init must be .*NoneType"),
    (lambda: fc.Adam(fresh(), lr=0.1), r"params must be a list .* got Network"),
    (lambda: fc.Adam(fresh().parameters(), lr=0.1).step(None), r"grads must be a list .*NoneType"),
    (lambda: fc.GradientDescent(fresh().parameters(), lr=10**400),
     r"lr must be a finite real number, got an integer too large for a float"),
])
def test_the_issue_examples(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
