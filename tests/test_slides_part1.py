"""The lecture's numbers for chapters 1-5, computed by the package at the slides' precision.

Each test computes with ``ffnn_course``, formats the result to the precision the slide
prints, and compares it with the slide's text (``SLIDE_VALUES``) or a literal copied
from the lecture.  No slide in these chapters has an arithmetic slip; the one slip
found (a misplaced square in the gradient of the loss, chapter 5) is a typesetting
error, recorded in ``test_chapter5_slide_bracket_slip``.
"""

import numpy as np
import pytest

import ffnn_course as fc
from ffnn_course import explorers
from ffnn_course.examples import TWO_TWO_ONE_WEIGHTS
from ffnn_course.slides import SLIDE_VALUES, like_slide


# ----- chapter 1: the worked 2-2-2 network's forward pass -------------------
@pytest.mark.parametrize("key,layer,kind,index", [
    ("net_h1", 1, "a", 0), ("out_h1", 1, "h", 0), ("out_h2", 1, "h", 1),
    ("net_o1", 2, "a", 0), ("out_o1", 2, "h", 0), ("out_o2", 2, "h", 1),
])
def test_chapter1_forward_pass(key, layer, kind, index):
    net, x, _ = fc.worked_example()
    trace = net.forward(x)
    value = getattr(trace, kind)[layer][index]
    slide = SLIDE_VALUES["worked_example"][key]
    assert like_slide(value, slide) == slide


def test_chapter1_index_order():
    net, _, _ = fc.worked_example()
    # w_{1,2,1}: layer 1, neuron 2, input 1 -> W[1][1, 0]; in Mazur's names that is w3.
    assert net.W[1][1, 0] == 0.25
    assert net.W[2][0, 1] == 0.45          # w_{2,1,2} = w6


# ----- chapter 2: the 2-2-1 network ------------------------------------------
def composed(x1, x2, w11, w12, w13, w14, w21, w22, b1=0.0, b2=0.0):
    """The slide's composed formula, typed out once more (independently of explorers)."""
    def s(a):
        return 1.0 / (1.0 + np.exp(-a))
    return s(w21 * s(w11 * x1 + w12 * x2 + b1) + w22 * s(w13 * x1 + w14 * x2 + b1) + b2)


def test_chapter2_slide_weights():
    assert TWO_TWO_ONE_WEIGHTS[1] == dict(w11=-2, w12=1.0, w13=-1.5, w14=1.5, w21=1, w22=-1)
    assert TWO_TWO_ONE_WEIGHTS[2] == dict(w11=2, w12=-1.0, w13=2.0, w14=-2.0, w21=1, w22=-1)
    for k in (1, 2):
        net = fc.two_two_one(k)
        assert net.b[1].tolist() == [0.0] and net.b[2].tolist() == [0.0]   # b1, b2 = 0


@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("b1,b2", [(0.0, 0.0), (0.4, -0.7)])
def test_chapter2_composed_formula_equals_network(k, b1, b2):
    rng = np.random.default_rng(k)
    X = rng.uniform(-4, 4, size=(50, 2))
    by_formula = composed(X[:, 0], X[:, 1], **TWO_TWO_ONE_WEIGHTS[k], b1=b1, b2=b2)
    by_network = fc.two_two_one(k, b1=b1, b2=b2).predict(X)[:, 0]
    np.testing.assert_allclose(by_formula, by_network, rtol=1e-13)
    surface = explorers.two_two_one_surface(**TWO_TWO_ONE_WEIGHTS[k], b1=b1, b2=b2, grid=9)
    np.testing.assert_allclose(
        surface["y_hat"], composed(surface["x1"], surface["x2"], **TWO_TWO_ONE_WEIGHTS[k],
                                   b1=b1, b2=b2), rtol=1e-13)


@pytest.mark.parametrize("k,boundary", [(1, lambda x1, x2: x1 + x2 < 0),
                                        (2, lambda x1, x2: x2 > 0)])
def test_chapter2_straight_half_boundary(k, boundary):
    """The chapter's claim: with b2 = 0 the 0.5 boundary is a straight line."""
    s = explorers.two_two_one_surface(**TWO_TWO_ONE_WEIGHTS[k], grid=41)
    away = np.abs(s["y_hat"] - 0.5) > 1e-12
    np.testing.assert_array_equal((s["y_hat"] > 0.5)[away], boundary(s["x1"], s["x2"])[away])


def test_chapter2_output_range():
    assert f"{fc.sigmoid(-1.0):.3f}" == "0.269" and f"{fc.sigmoid(1.0):.3f}" == "0.731"


def test_chapter2_no_single_neuron_separates_xor():
    """The chapter's grid search: the best single neuron gets 3 of the 4 XOR points."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    grid = np.linspace(-10, 10, 41)
    w1, w2, b = (g.ravel() for g in np.meshgrid(grid, grid, grid))
    y_hat = fc.sigmoid(np.outer(w1, X[:, 0]) + np.outer(w2, X[:, 1]) + b[:, None])
    assert w1.size == 68_921
    assert ((y_hat >= 0.5) == y).sum(axis=1).max() == 3


def test_chapter2_two_two_one_solves_xor():
    w = dict(w11=10.0, w12=-10.0, w13=-10.0, w14=10.0, w21=10.0, w22=10.0)
    net = fc.two_two_one(w, b1=-5.0, b2=-5.0)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y_hat = net.predict(X)[:, 0]
    assert [f"{v:.4f}" for v in y_hat] == ["0.0076", "0.9928", "0.9928", "0.0076"]


# ----- chapter 3: shapes and the matrix example -------------------------------
def test_chapter3_shapes():
    rng = np.random.default_rng(0)
    net = fc.Network.from_sizes([100, 10, 10, 4], ["sigmoid", "sigmoid", "softmax"], rng=rng)
    trace = net.forward(rng.normal(size=100))
    assert [net.W[i].shape for i in (1, 2, 3)] == [(10, 100), (10, 10), (4, 10)]
    assert [trace.a[i].shape for i in (1, 2, 3)] == [(10,), (10,), (4,)]
    assert [trace.h[i].shape for i in (1, 2, 3)] == [(10,), (10,), (4,)]
    np.testing.assert_allclose(trace.a[1], net.W[1] @ trace.h[0] + net.b[1])


def test_chapter3_matrix_example():
    slide = SLIDE_VALUES["matrix_example"]
    net, x = fc.matrix_example()
    trace = net.forward(x)
    assert [like_slide(v, s) for v, s in zip(trace.a[1], slide["a1"])] == ["0.85", "0.48"]
    assert slide["a1"] == ["0.85", "0.48"]
    assert like_slide(trace.a[2][0], slide["a2"][0]) == "0.191" == slide["a2"][0]
    # W = Mᵀ: the slide's row-vector product x M gives the same numbers
    M1 = np.array([[0.11, 0.12], [0.21, 0.08]])
    np.testing.assert_allclose(net.W[1], M1.T)
    np.testing.assert_allclose(x @ M1, trace.a[1])
    np.testing.assert_allclose(x @ M1 @ np.array([0.14, 0.15]), 0.191)


def test_chapter3_linear_layers_collapse_to_one_matrix():
    net, x = fc.matrix_example()
    W = net.W[2] @ net.W[1]
    np.testing.assert_allclose(W, [[0.0334, 0.0414]], atol=1e-15)
    assert f"{(W @ x)[0]:.3f}" == "0.191" and f"{(W @ (2 * x))[0]:.3f}" == "0.382"
    with_sigmoid = [(net.W[2] @ fc.sigmoid(net.W[1] @ (s * x)))[0] for s in (1, 2)]
    assert [f"{v:.4f}" for v in with_sigmoid] == ["0.1907", "0.2268"]   # not doubled


@pytest.mark.parametrize("sizes,count", [([100, 10, 10, 4], 1164), ([64, 32, 10], 2410)])
def test_chapter3_parameter_counts(sizes, count):
    net = fc.Network.from_sizes(sizes, "sigmoid", rng=0)
    assert sum(p.size for p in net.parameters()) == count
    assert sum(n * (m + 1) for m, n in zip(sizes, sizes[1:])) == count


def test_chapter3_bias_broadcast_equals_row_by_row():
    rng = np.random.default_rng(0)
    net = fc.Network.from_sizes([100, 10, 10, 4], "sigmoid", rng=rng)
    X = rng.normal(size=(5, 100))
    rows = np.array([net.W[1] @ x + net.b[1] for x in X])
    np.testing.assert_allclose(X @ net.W[1].T + net.b[1], rows, rtol=1e-13)
    np.testing.assert_allclose(net.forward(X).a[1], rows, rtol=1e-13)


# ----- chapter 4: dividing by the sum, softmax ----------------------------------
@pytest.mark.parametrize("logits", [[3, 4, 10, 3], [7, -2, 4, 1]])
def test_chapter4_naive_normalisation(logits):
    slide = SLIDE_VALUES["naive_normalisation"]["[" + " ".join(map(str, logits)) + "]"]
    assert [like_slide(v, s) for v, s in zip(fc.divide_by_sum(logits), slide)] == slide


def test_chapter4_negative_probability_on_slide():
    assert SLIDE_VALUES["naive_normalisation"]["[7 -2 4 1]"][1] == "-0.20"
    assert fc.divide_by_sum([7, -2, 4, 1]).min() < 0


def test_chapter4_softmax_properties_and_stability():
    a = np.array([7.0, -2.0, 4.0, 1.0])
    p = fc.softmax(a)
    assert np.all(p > 0) and p.sum() == pytest.approx(1.0)
    assert np.argsort(p).tolist() == np.argsort(a).tolist()
    np.testing.assert_allclose(fc.softmax(a + 100.0), p)
    big = np.array([1000.0, 999.0, 998.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big) / np.sum(np.exp(big))
    assert np.all(np.isnan(naive))
    np.testing.assert_allclose(fc.softmax(big), fc.softmax([2.0, 1.0, 0.0]))
    assert " ".join(f"{v:.4f}" for v in fc.softmax(big)) == "0.6652 0.2447 0.0900"


# ----- chapter 5: loss, derivative, gradient descent ---------------------------
def test_chapter5_data_and_loss():
    x, y = fc.sigmoid_neuron_data()
    assert x.tolist() == [0.5, 1.0, 1.5, 2.0, 2.5]
    w, b = -1.0, 2.0
    f = 1.0 / (1.0 + np.exp(-(w * x + b)))
    assert explorers.sigmoid_neuron_loss(w, b) == pytest.approx(
        1 / 5 * np.sum((f - y) ** 2), rel=1e-14)


@pytest.mark.parametrize("w,b", [(-1.0, 2.0), (1.5, -2.0), (0.3, 0.1), (3.0, 3.0)])
def test_chapter5_sigmoid_derivative_formula_vs_finite_differences(w, b):
    """∂/∂w ½(f(x) − y)² = (f(x) − y) f(x)(1 − f(x)) x, checked by central differences."""
    x, y = fc.sigmoid_neuron_data()
    eps = 1e-6

    def half_sq(w_, b_):
        return 0.5 * (1.0 / (1.0 + np.exp(-(w_ * x + b_))) - y) ** 2

    f = 1.0 / (1.0 + np.exp(-(w * x + b)))
    formula_w = (f - y) * f * (1 - f) * x
    formula_b = (f - y) * f * (1 - f)
    numeric_w = (half_sq(w + eps, b) - half_sq(w - eps, b)) / (2 * eps)
    numeric_b = (half_sq(w, b + eps) - half_sq(w, b - eps)) / (2 * eps)
    np.testing.assert_allclose(formula_w, numeric_w, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(formula_b, numeric_b, rtol=1e-6, atol=1e-10)
    # the sigmoid's own derivative σ'(a) = σ(a)(1 − σ(a))
    a = w * x + b
    numeric_sig = (fc.sigmoid(a + eps) - fc.sigmoid(a - eps)) / (2 * eps)
    np.testing.assert_allclose(f * (1 - f), numeric_sig, rtol=1e-6, atol=1e-9)


def test_chapter5_loss_gradient_is_twice_the_mean_of_the_per_point_derivatives():
    x, y = fc.sigmoid_neuron_data()
    w, b = -1.0, 2.0
    f = 1.0 / (1.0 + np.exp(-(w * x + b)))
    per_point = (f - y) * f * (1 - f) * x
    dw, _ = explorers.sigmoid_neuron_gradient(w, b)
    assert dw == pytest.approx(2 * per_point.mean(), rel=1e-14)
    theta = np.array([w, b])
    numeric = fc.numerical_gradient(
        lambda: explorers.sigmoid_neuron_loss(theta[0], theta[1]), theta)
    np.testing.assert_allclose(explorers.sigmoid_neuron_gradient(w, b), numeric, rtol=1e-7)


def test_chapter5_gradient_descent_matches_package_training():
    run = explorers.gradient_descent_path(lr=3.0, steps=100, w0=-1.0, b0=2.0)
    x, y = fc.sigmoid_neuron_data()
    net = fc.Network([fc.Dense([[-1.0]], [2.0], "sigmoid")])
    fc.train(net, x[:, None], y[:, None], "mse", "gd", lr=3.0, epochs=100, shuffle=False)
    assert net.W[1][0, 0] == pytest.approx(run["w"][-1], rel=1e-10)
    assert net.b[1][0] == pytest.approx(run["b"][-1], rel=1e-10)
    assert np.all(np.diff(run["loss"]) < 0)            # η = 3 lowers the loss every step
    assert f"{run['loss'][-1]:.6f}" == "0.000114"


def test_chapter5_slide_bracket_slip():
    """Erratum: the slide writes ∂/∂w [1/5 Σ (f(x_i) − y_i)]², the square outside.

    The correct derivative (the slide's next line) is 1/5 Σ ∂/∂w (f(x_i) − y_i)²; the
    misplaced form differentiates the squared *mean error* instead, a different number.
    """
    x, y = fc.sigmoid_neuron_data()
    theta = np.array([-1.0, 2.0])

    def misplaced():
        f = 1.0 / (1.0 + np.exp(-(theta[0] * x + theta[1])))
        return np.mean(f - y) ** 2

    correct = explorers.sigmoid_neuron_gradient(*theta)[0]
    wrong = fc.numerical_gradient(misplaced, theta)[0]
    assert abs(correct - wrong) > 1e-2
