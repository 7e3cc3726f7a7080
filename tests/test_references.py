"""ffnn_course.references, the checks' independent reference formulas, agree with the package.

The two are written separately on purpose (a bug in one cannot make a wrong student answer
pass); these tests make sure they say the same thing, so the duplication cannot drift."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ffnn_course as fc
from ffnn_course import references as ref
from ffnn_course import slides

_LOGITS = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 5)),
                     elements=st.floats(-30, 30))


@given(a=hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-700, 700)))
def test_sigmoid(a):
    np.testing.assert_allclose(ref.sigmoid(a), fc.sigmoid(a), rtol=1e-12, atol=1e-300)


@given(a=_LOGITS)
def test_softmax_and_log_softmax(a):
    np.testing.assert_allclose(ref.softmax(a), fc.softmax(a), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.exp(ref.log_softmax(a)), ref.softmax(a), rtol=1e-12)


@given(a=_LOGITS, seed=st.integers(0, 2**32 - 1))
def test_softmax_backward_matches_the_package(a, seed):
    """δ = Jᵀ g from the full Jacobian (the checker's reference) equals the package's
    simplified Softmax.backward, ŷ ⊙ (g − (g · ŷ))."""
    g = np.random.default_rng(seed).normal(size=a.shape)
    layer = fc.Softmax()
    np.testing.assert_allclose(ref.softmax_backward(a, g),
                               layer.backward(a, layer.value(a), g), rtol=1e-9, atol=1e-12)


@given(w=st.floats(0.1, 10) | st.floats(-10, -0.1), b=st.floats(-10, 10))
def test_sigmoid_step_is_where_the_neuron_crosses_one_half(w, b):
    x = ref.sigmoid_step(w, b)
    np.testing.assert_allclose(fc.sigmoid(w * x + b), 0.5, atol=1e-12)


@given(a=hnp.arrays(np.float64, st.integers(2, 5), elements=st.floats(-5, 5)))
def test_softmax_jacobian(a):
    J = fc.Softmax().jacobian(a) if hasattr(fc.Softmax(), "jacobian") else None
    eps = 1e-6
    numeric = np.array([(fc.softmax(a + eps * e) - fc.softmax(a - eps * e)) / (2 * eps)
                        for e in np.eye(len(a))]).T
    np.testing.assert_allclose(ref.softmax_jacobian(a), numeric, atol=1e-8)
    if J is not None:
        np.testing.assert_allclose(ref.softmax_jacobian(a), J, atol=1e-12)


def test_tanh_derivative():
    a = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(ref.tanh_derivative(a), fc.tanh.derivative(a), rtol=1e-12)


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1))
def test_layers_and_backpropagation(seed):
    rng = np.random.default_rng(seed)
    sizes = [int(s) for s in rng.integers(2, 6, size=3)]
    net = fc.Network.from_sizes(sizes, activations="sigmoid", rng=rng)
    x = rng.normal(size=(4, sizes[0]))
    trace = net.forward(x)
    np.testing.assert_allclose(ref.dense_forward(net.W[1], net.b[1], x), trace.h[1], rtol=1e-12)
    assert ref.count_parameters(sizes) == sum(W.size + b.size for W, b in zip(net.W[1:], net.b[1:]))
    # one example, ½-squared error: δ, hidden δ and ∂ℒ/∂W from the package's backward pass
    x1, y1 = x[0], rng.uniform(size=sizes[-1])
    tr = net.forward(x1)
    g = net.backward(tr, y1, "half_sse")
    h2 = tr.h[2]
    d2 = (h2 - y1) * h2 * (1 - h2)
    np.testing.assert_allclose(ref.weight_gradient(d2, tr.h[1]), g.dW[2], rtol=1e-10)
    d1 = ref.hidden_delta(net.W[2], d2, tr.a[1])
    np.testing.assert_allclose(ref.weight_gradient(d1, x1), g.dW[1], rtol=1e-10, atol=1e-15)


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1))
def test_two_layer_backward(seed):
    """Exercise 7.5's reference: a sigmoid hidden layer, a linear output, ½-squared error."""
    rng = np.random.default_rng(seed)
    n0, n1, n2 = (int(n) for n in rng.integers(1, 6, size=3))
    W1, W2 = rng.normal(size=(n1, n0)), rng.normal(size=(n2, n1))
    x, y = rng.normal(size=n0), rng.normal(size=n2)
    net = fc.Network([fc.Dense(W1, np.zeros(n1), "sigmoid"), fc.Dense(W2, np.zeros(n2), "linear")])
    g = net.gradients(x, y, "half_sse")
    dW1, dW2 = ref.two_layer_backward(W1, W2, x, y)
    np.testing.assert_allclose(dW1, g.dW[1], rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dW2, g.dW[2], rtol=1e-10, atol=1e-14)


def test_two_two_one_values():
    v = ref.two_two_one_values(1)
    net = fc.two_two_one(1)
    x, y = np.array([1.0, 2.0]), np.array([1.0])
    np.testing.assert_allclose(v["h"], net.forward(x).h[1], rtol=1e-12)
    g = net.gradients(x, y, "half_sse")
    np.testing.assert_allclose(v["dW1"], g.dW[1], rtol=1e-12)
    np.testing.assert_allclose(v["dW2"], g.dW[2], rtol=1e-12)


def test_worked_example_matches_the_package_and_the_slides():
    v = ref.worked_example_values()
    exact = slides.slide_values_exact()["worked_example"]
    for key in ("out_h1", "out_h2", "out_o1", "out_o2", "E_total", "dE_dw5", "dE_dw1"):
        assert np.isclose(v[key], exact[key], rtol=1e-12), key
    for key in ("out_o1", "E_total", "dE_dw5", "dE_dw1"):
        assert slides.like_slide(v[key], slides.SLIDE_VALUES["worked_example"][key]) == \
            slides.SLIDE_VALUES["worked_example"][key]


@given(y_hat=hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.just(3)),
                        elements=st.floats(0.05, 1.0)), k=st.integers(0, 2))
def test_cross_entropy_and_output_delta(y_hat, k):
    y_hat = y_hat / y_hat.sum(axis=1, keepdims=True)
    y = np.zeros_like(y_hat)
    y[:, k] = 1.0
    assert np.isclose(ref.cross_entropy(y_hat, y), fc.cross_entropy.value(y_hat, y), rtol=1e-12)
    a = np.log(y_hat)
    np.testing.assert_allclose(ref.output_delta(fc.softmax(a), y),
                               fc.cross_entropy.gradient_from_logits(a, y), atol=1e-12)


@given(a=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20)),
       y=st.integers(0, 1))
def test_bce_logit_gradient(a, y):
    t = np.full((len(a), 1), float(y))
    np.testing.assert_allclose(ref.bce_logit_gradient(a, t[:, 0]),
                               fc.binary_cross_entropy.gradient_from_logits(a[:, None], t)[:, 0],
                               atol=1e-12)


def _steps(opt_class, ref_step, state_names, **kw):
    rng = np.random.default_rng(3)
    w = rng.normal(size=4)
    ours, theirs = w.copy(), w.copy()
    state = [np.zeros(4) for _ in state_names]
    opt = opt_class([ours], **kw)
    for t in range(1, 6):
        g = rng.normal(size=4)
        opt.step([g])
        theirs, *state = ref_step(theirs, *state, g, t)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_optimizer_steps():
    _steps(fc.Momentum, lambda w, u, g, t: ref.momentum_step(w, u, g, 0.1, 0.9), ["u"],
           lr=0.1, momentum=0.9)
    _steps(fc.RMSProp, lambda w, v, g, t: ref.rmsprop_step(w, v, g, 0.01, 0.9, 1e-8), ["v"],
           lr=0.01, alpha=0.9)
    _steps(fc.Adam, lambda w, m, v, g, t: ref.adam_step(w, m, v, g, t, 0.01, 0.9, 0.999, 1e-8),
           ["m", "v"], lr=0.01)
    w, b = ref.gd_step(1.0, 2.0, 0.5, -0.5, 0.1)
    p = [np.array([1.0]), np.array([2.0])]
    fc.GradientDescent(p, lr=0.1).step([np.array([0.5]), np.array([-0.5])])
    assert np.isclose(w, p[0][0]) and np.isclose(b, p[1][0])


def test_schedules_and_regularisation():
    for t in range(0, 40, 3):
        assert np.isclose(ref.step_decay(t, 0.5, 0.3, 7), fc.step_decay(0.5, 0.3, 7)(t))
    r = ref.xavier_bound(300, 100)
    W = fc.xavier_uniform(300, 100, rng=0)
    assert np.abs(W).max() <= r and np.abs(W).max() > 0.99 * r
    assert ref.updates_per_epoch(1000, 32) == 32 and ref.updates_per_epoch(64, 32) == 2


def test_sigmoid_neuron_fit_matches_the_package():
    x, y = fc.sigmoid_neuron_data()
    w, b, loss = ref.fit_sigmoid_neuron(x, y, steps=50)
    net = fc.Network([fc.Dense([[0.0]], [0.0], "sigmoid")])
    for _ in range(50):
        g = net.gradients(x[:, None], y[:, None], "mse")
        net.W[1] -= g.dW[1]
        net.b[1] -= g.db[1]
    assert np.isclose(w, net.W[1][0, 0], rtol=1e-10) and np.isclose(b, net.b[1][0], rtol=1e-10)
    assert np.isclose(loss, ref.mse_sigmoid_neuron(w, b, x, y))
    assert np.isclose(ref.chain_rule_example(0.5, 2.0, 1.0),
                      2 * (fc.sigmoid(1.0) - 1) * fc.sigmoid(1.0) * (1 - fc.sigmoid(1.0)) * 2)
