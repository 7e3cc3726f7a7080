"""Tests for ffnn_course.symbolic: SymPy's derivatives against the numeric backprop.

The symbolic gradient is an independent implementation (SymPy differentiates
the written-out loss), so agreement with ``Network.backward`` to 1e-9 checks both.
"""

import doctest
import importlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sp = pytest.importorskip("sympy")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ffnn_course import Dense, Network  # noqa: E402
from ffnn_course.symbolic import (  # noqa: E402
    ACTIVATIONS,
    SymbolicNetwork,
    chain_rule_steps,
    numeric_gradient,
    path_latex,
    path_product,
    softmax_cross_entropy_gradient,
)

REPO = Path(__file__).resolve().parents[1]
HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
RTOL, ATOL = 1e-9, 1e-12


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def worked_example():
    """The lecture's step-by-step example: 2-2-2, sigmoid, shared biases."""
    net = Network(
        [
            Dense([[0.15, 0.20], [0.25, 0.30]], [0.35], "sigmoid"),
            Dense([[0.40, 0.45], [0.50, 0.55]], [0.60], "sigmoid"),
        ]
    )
    return net, np.array([0.05, 0.10]), np.array([0.01, 0.99])


def random_targets(loss, rng, shape):
    """Proper targets for each loss: probabilities for BCE, one-hot for CE."""
    if loss == "binary_cross_entropy":
        return rng.uniform(0.05, 0.95, size=shape)
    if loss == "cross_entropy":
        return np.eye(shape[-1])[rng.integers(shape[-1], size=shape[:-1])]
    return rng.normal(size=shape)


def random_network(sizes, activations, shared, rng):
    layers = []
    for i, g in enumerate(activations, start=1):
        n_in, n_out = sizes[i - 1], sizes[i]
        b_size = 1 if shared[i - 1] else n_out
        layers.append(Dense(rng.normal(size=(n_out, n_in)), rng.normal(size=b_size), g))
    return Network(layers)


@st.composite
def architectures(draw, max_layers=3, max_width=3):
    """Sizes, activations, shared biases and a loss that fits the output layer."""
    n_layers = draw(st.integers(1, max_layers))
    sizes = draw(
        st.lists(st.integers(1, max_width), min_size=n_layers + 1, max_size=n_layers + 1)
    )
    loss = draw(st.sampled_from(["half_sse", "mse", "binary_cross_entropy", "cross_entropy"]))
    hidden = draw(st.lists(st.sampled_from(HIDDEN), min_size=n_layers - 1, max_size=n_layers - 1))
    if loss == "binary_cross_entropy":
        output = "sigmoid"  # ŷ in (0, 1) elementwise
    elif loss == "cross_entropy":
        output = "softmax"
        sizes[-1] = max(sizes[-1], 2)
    else:
        output = draw(st.sampled_from(HIDDEN + ["softmax"]))
    shared = draw(st.lists(st.booleans(), min_size=n_layers, max_size=n_layers))
    return sizes, hidden + [output], shared, loss


def assert_gradients_match(symbolic_grads, numeric_grads, n_layers):
    for i in range(1, n_layers + 1):
        assert symbolic_grads.dW[i].shape == numeric_grads.dW[i].shape
        assert symbolic_grads.db[i].shape == numeric_grads.db[i].shape
        np.testing.assert_allclose(symbolic_grads.dW[i], numeric_grads.dW[i], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(symbolic_grads.db[i], numeric_grads.db[i], rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------------------
# import hygiene
# ---------------------------------------------------------------------------


def test_import_ffnn_course_does_not_import_sympy():
    code = "import sys, ffnn_course; print('sympy' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# the symbols
# ---------------------------------------------------------------------------


def test_symbols_follow_the_lecture_indices():
    net = SymbolicNetwork([2, 2, 2], ["sigmoid", "sigmoid"], shared_bias=[True, False])
    assert str(net.W[1][1, 0]) == "w_{1,2,1}"  # layer 1, neuron 2, input 1
    assert net.W[2].shape == (2, 2)
    assert [str(b) for b in net.b[1]] == ["b_{1}", "b_{1}"]  # shared
    assert [str(b) for b in net.b[2]] == ["b_{2,1}", "b_{2,2}"]
    assert [str(s) for s in net.x] == ["x_1", "x_2"]
    assert [str(s) for s in net.y] == ["y_1", "y_2"]
    assert sp.latex(net.h_symbols[2][0]) == r"\hat{y}_{1}"
    assert net.a[1][0] == net.W[1][0, 0] * net.x[0] + net.W[1][0, 1] * net.x[1] + net.b[1][0]
    assert [str(p) for p in net.parameters][:5] == [
        "w_{1,1,1}", "w_{1,1,2}", "w_{1,2,1}", "w_{1,2,2}", "b_{1}"
    ]


def test_from_network_reads_architecture():
    rng = np.random.default_rng(0)
    net = random_network([3, 2, 1], ["relu", "sigmoid"], [True, False], rng)
    sym = SymbolicNetwork.from_network(net, loss="binary_cross_entropy")
    assert sym.sizes == [3, 2, 1]
    assert sym.activations == ["relu", "sigmoid"]
    assert sym.shared_bias == [True, False]
    assert sym.loss_name == "binary_cross_entropy"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sizes=[2], activations=[]), "at least one layer"),
        (dict(sizes=[2, 0], activations=["relu"]), ">= 1"),
        (dict(sizes=[2, 2], activations=["relu", "relu"]), "one activation per layer"),
        (dict(sizes=[2, 2], activations=["swish"]), "unknown activation 'swish'"),
        (dict(sizes=[2, 2], activations=["relu"], loss="hinge"), "unknown loss 'hinge'"),
        (dict(sizes=[2, 2], activations=["relu"], shared_bias=[True, False]), "one bool per layer"),
    ],
)
def test_invalid_arguments_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SymbolicNetwork(**kwargs)


def test_gradient_rejects_a_foreign_symbol():
    net = SymbolicNetwork([1, 1], ["linear"])
    with pytest.raises(ValueError, match="not a weight or bias"):
        net.gradient(sp.Symbol("w_{9,9,9}"))


def test_to_function_checks_shapes():
    net = SymbolicNetwork([2, 2], ["linear"], shared_bias=True)
    f = net.to_function(net.loss)
    W, b = np.ones((2, 2)), np.ones(1)
    with pytest.raises(ValueError, match="x has shape"):
        f(np.ones(3), np.ones(2), W, b)
    with pytest.raises(ValueError, match=r"W1 has shape \(2, 3\), expected \(2, 2\)"):
        f(np.ones(2), np.ones(2), np.ones((2, 3)), b)
    with pytest.raises(ValueError, match=r"b1 has shape \(2,\), expected \(1,\)"):
        f(np.ones(2), np.ones(2), W, np.ones(2))


# ---------------------------------------------------------------------------
# activations: the hand-written local derivatives are SymPy's derivatives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_local_derivative_matches_sympy_diff(name):
    g = ACTIVATIONS[name]
    a = sp.symbols("a_1:4", real=True)
    h = sp.symbols("h_1:4", real=True)
    values = g.value(list(a))
    for m in range(3):
        for j in range(3):
            local = g.derivative(list(a), list(h), m, j).xreplace(dict(zip(h, values)))
            direct = sp.diff(values[m], a[j])
            for point in [(-0.7, 0.3, 1.2), (0.4, -1.1, -0.2)]:
                at = dict(zip(a, point))
                assert float(local.xreplace(at)) == pytest.approx(float(direct.xreplace(at)), rel=1e-12, abs=1e-15)


def test_relu_derivative_is_zero_at_zero():
    a = sp.Symbol("a", real=True)
    assert ACTIVATIONS["relu"].derivative([a], [a], 0, 0).subs(a, 0) == 0
    assert ACTIVATIONS["leaky_relu"].derivative([a], [a], 0, 0).subs(a, -1) == sp.Rational(1, 100)


# ---------------------------------------------------------------------------
# the worked example (Backpropagation step by step)
# ---------------------------------------------------------------------------


def test_worked_example_slide_values():
    net, x, y = worked_example()
    sym = SymbolicNetwork.from_network(net, loss="half_sse")
    values = sym.values(net, x, y)
    w5, w1 = sym.W[2][0, 0], sym.W[1][0, 0]

    assert round(float(sym.gradient(w5).xreplace(values)), 9) == 0.082167041
    assert round(float(sym.gradient(w1).xreplace(values)), 9) == 0.000438568
    assert round(float(values[sym.loss_symbol]), 9) == 0.298371109
    assert round(float(values[sym.h_symbols[1][0]]), 9) == 0.593269992

    # ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5: one path, the slide's factors.
    (path,) = sym.chain_rule_paths(w5)
    factors = [round(float(f.expr.xreplace(values)), 9) for f in path]
    assert factors == [0.74136507, 0.186815602, 0.593269992]


def test_worked_example_matches_backprop():
    net, x, y = worked_example()
    numeric = net.backward(net.forward(x), y, "half_sse")
    assert_gradients_match(numeric_gradient(net, x, y, "half_sse"), numeric, 2)


def test_worked_example_sum_over_paths_is_the_derivative_symbolically():
    sym = SymbolicNetwork([2, 2, 2], ["sigmoid", "sigmoid"], shared_bias=True)
    w1 = sym.W[1][0, 0]
    assert len(sym.chain_rule_paths(w1)) == 2  # through o1 and through o2
    difference = sym.substitute(sym.chain_rule_sum(w1)) - sym.gradient(w1)
    assert sp.simplify(difference) == 0


# ---------------------------------------------------------------------------
# random networks against the numeric backprop
# ---------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(architecture=architectures(), seed=st.integers(0, 2**32 - 1), batch=st.booleans())
def test_symbolic_gradient_matches_backprop(architecture, seed, batch):
    sizes, activations, shared, loss = architecture
    rng = np.random.default_rng(seed)
    net = random_network(sizes, activations, shared, rng)
    shape = (3,) if batch else ()
    x = rng.normal(size=shape + (sizes[0],))
    y = random_targets(loss, rng, shape + (sizes[-1],))

    numeric = net.backward(net.forward(x), y, loss)
    assert_gradients_match(numeric_gradient(net, x, y, loss), numeric, len(sizes) - 1)


@pytest.mark.parametrize(
    "sizes, activations, shared, loss",
    [
        ([3, 3, 3, 3], ["tanh", "relu", "softmax"], [False, True, False], "cross_entropy"),
        ([2, 3, 2, 3], ["leaky_relu", "sigmoid", "sigmoid"], [True, True, True], "binary_cross_entropy"),
        ([3, 2, 3, 2], ["linear", "relu", "linear"], [False, False, True], "mse"),
        ([1, 3, 1, 2], ["sigmoid", "tanh", "softmax"], [True, False, False], "half_sse"),
    ],
)
def test_three_layer_networks_match_backprop_on_a_batch(sizes, activations, shared, loss):
    rng = np.random.default_rng(7)
    net = random_network(sizes, activations, shared, rng)
    x = rng.normal(size=(4, sizes[0]))
    y = random_targets(loss, rng, (4, sizes[-1]))
    numeric = net.backward(net.forward(x), y, loss)
    assert_gradients_match(numeric_gradient(net, x, y, loss), numeric, 3)


# SymPy's derivative of the written-out loss grows fast with depth and width,
# so the "direct" method is checked on networks of at most 2 layers.
@settings(max_examples=10, deadline=None)
@given(architecture=architectures(max_layers=2), seed=st.integers(0, 2**32 - 1))
def test_direct_derivative_equals_sum_over_paths_and_backprop(architecture, seed):
    sizes, activations, shared, loss = architecture
    rng = np.random.default_rng(seed)
    net = random_network(sizes, activations, shared, rng)
    x = rng.normal(size=sizes[0])
    y = random_targets(loss, rng, (sizes[-1],))

    sym = SymbolicNetwork.from_network(net, loss=loss)
    direct = sym.numeric_gradient(net, x, y, method="direct")
    assert_gradients_match(direct, sym.numeric_gradient(net, x, y, method="paths"), len(sizes) - 1)
    assert_gradients_match(direct, net.backward(net.forward(x), y, loss), len(sizes) - 1)

    # The same with the intermediate symbols substituted, one parameter at a time.
    params = [p for layer in net.layers for p in (layer.W, layer.b)]
    some = sym.parameters[:: max(1, len(sym.parameters) // 4)]
    via_paths = sym.to_function([sym.substitute(sym.chain_rule_sum(p)) for p in some])
    one_by_one = sym.to_function([sym.gradient(p) for p in some])
    np.testing.assert_allclose(via_paths(x, y, *params), one_by_one(x, y, *params), rtol=RTOL, atol=ATOL)


def test_to_function_runs_the_forward_pass_for_intermediate_symbols():
    net, x, y = worked_example()
    sym = SymbolicNetwork.from_network(net)
    f = sym.to_function([sym.loss_symbol, sym.h_symbols[1][0], sym.chain_rule_sum(sym.W[2][0, 0])])
    loss, out_h1, dE_dw5 = f(x, y, *(p for layer in net.layers for p in (layer.W, layer.b)))
    assert round(loss, 9) == 0.298371109
    assert round(out_h1, 9) == 0.593269992
    assert round(dE_dw5, 9) == 0.082167041


def test_gradient_function_rejects_unknown_method():
    with pytest.raises(ValueError, match="method must be"):
        SymbolicNetwork([1, 1], ["linear"]).gradient_function("numerical")


def test_gradients_are_shaped_like_the_parameters():
    sym = SymbolicNetwork([3, 2, 4], ["tanh", "linear"], shared_bias=[True, False])
    grads = sym.gradients()
    assert grads.dW[0] is None and grads.db[0] is None
    assert grads.dW[1].shape == (2, 3) and grads.db[1].shape == (1, 1)
    assert grads.dW[2].shape == (4, 2) and grads.db[2].shape == (4, 1)


# ---------------------------------------------------------------------------
# chain-rule paths (Backpropagation)
# ---------------------------------------------------------------------------


def test_path_to_w222_is_the_slide_chain():
    sym = SymbolicNetwork([2, 2, 2, 1], ["sigmoid"] * 3)
    (path,) = sym.chain_rule_paths(sym.W[2][1, 1])
    assert [label for label, _ in path] == [
        r"\frac{\partial \mathcal{L}}{\partial \hat{y}_{1}}",
        r"\frac{\partial \hat{y}_{1}}{\partial a_{3,1}}",
        r"\frac{\partial a_{3,1}}{\partial h_{2,2}}",
        r"\frac{\partial h_{2,2}}{\partial a_{2,2}}",
        r"\frac{\partial a_{2,2}}{\partial w_{2,2,2}}",
    ]
    h22, h12, yhat = sym.h_symbols[2][1], sym.h_symbols[1][1], sym.h_symbols[3][0]
    assert [f.expr for f in path] == [
        yhat - sym.y[0], yhat * (1 - yhat), sym.W[3][0, 1], h22 * (1 - h22), h12
    ]
    assert path_latex(path).startswith(r"\frac{\partial \mathcal{L}}{\partial \hat{y}_{1}} ")


def test_w131_reaches_the_loss_along_two_paths():
    sym = SymbolicNetwork([2, 3, 2, 1], ["sigmoid"] * 3)
    w131 = sym.W[1][2, 0]
    paths = sym.chain_rule_paths(w131)
    assert len(paths) == 2
    through = [str(path[2].label) for path in paths]  # ∂a_{3,1}/∂h_{2,1} and ∂a_{3,1}/∂h_{2,2}
    assert "h_{2,1}" in through[0] and "h_{2,2}" in through[1]
    assert sym.chain_rule_sum(w131) == path_product(paths[0]) + path_product(paths[1])
    latex = sym.chain_rule_latex(w131)
    assert latex.count(" + ") == 1 and latex.startswith(r"\frac{\partial \mathcal{L}}{\partial w_{1,3,1}} = ")


def test_shared_bias_and_softmax_multiply_the_paths():
    sym = SymbolicNetwork([2, 3], ["sigmoid"], shared_bias=True)
    assert len(sym.chain_rule_paths(sym.b[1][0])) == 3  # one per neuron it feeds
    sym = SymbolicNetwork([2, 3], ["softmax"], loss="cross_entropy")
    assert len(sym.chain_rule_paths(sym.W[1][0, 0])) == 3  # a_{1,1} reaches every ŷ_k


# ---------------------------------------------------------------------------
# the chain rule (The chain rule)
# ---------------------------------------------------------------------------

X = sp.Symbol("x", real=True)


def test_chain_rule_exp_x_squared():
    steps = chain_rule_steps([X**2, sp.exp])
    z1 = steps.variables[1]
    assert [f.expr for f in steps.factors] == [sp.exp(z1), 2 * X]
    assert steps.product == 2 * X * sp.exp(X**2)
    assert steps.latex().endswith(r"= 2 x e^{x^{2}}")


def test_chain_rule_exp_exp_x_squared():
    steps = chain_rule_steps([lambda z: z**2, sp.exp, sp.exp])
    x, z1, z2, y = steps.variables
    assert [f.label for f in steps.factors] == [
        r"\frac{d y}{d z_{2}}", r"\frac{d z_{2}}{d z_{1}}", r"\frac{d z_{1}}{d x}"
    ]
    assert [f.expr for f in steps.factors] == [sp.exp(z2), sp.exp(z1), 2 * x]
    assert steps.composition == sp.exp(sp.exp(x**2))
    assert steps.product == 2 * x * sp.exp(x**2) * sp.exp(sp.exp(x**2))
    assert steps.product == steps.direct


@pytest.mark.parametrize(
    "functions",
    [
        [X**3, sp.sin],
        [sp.sin, lambda z: 1 / z],
        [lambda z: 1 + z**2, sp.log, sp.sqrt, sp.tanh],
        [lambda z: -z, sp.exp, lambda z: 1 + z, lambda z: 1 / z],  # the sigmoid
    ],
)
def test_chain_rule_product_equals_direct_derivative(functions):
    steps = chain_rule_steps(functions)
    assert sp.simplify(steps.product - steps.direct) == 0


def test_chain_rule_rejects_bad_functions():
    with pytest.raises(ValueError, match="at least one"):
        chain_rule_steps([])
    with pytest.raises(ValueError, match="exactly one free symbol"):
        chain_rule_steps([X * sp.Symbol("t")])


# ---------------------------------------------------------------------------
# softmax + cross-entropy (Cross-entropy)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("K", [2, 3, 4])
def test_softmax_cross_entropy_simplifies_to_yhat_minus_y(K):
    g = softmax_cross_entropy_gradient(K)
    assert g.simplified == tuple(yh - y for yh, y in zip(g.y_hat, g.y))
    # The direct derivative in the logits agrees once Σ y = 1: check at random points.
    rng = np.random.default_rng(K)
    f_direct = sp.lambdify([g.a, g.y], list(g.direct))
    f_softmax = sp.lambdify([g.a], [g.softmax()[yh] for yh in g.y_hat])
    for _ in range(3):
        a, y = rng.normal(size=K), rng.dirichlet(np.ones(K))
        np.testing.assert_allclose(f_direct(a, y), np.array(f_softmax(a)) - y, rtol=1e-12, atol=1e-14)


def test_softmax_cross_entropy_direct_derivative_symbolically():
    g = softmax_cross_entropy_gradient(2)
    softmax = g.softmax()
    for k in range(2):
        constrained = g.direct[k].xreplace({g.y[1 - k]: 1 - g.y[k]})
        assert sp.simplify(constrained - (softmax[g.y_hat[k]] - g.y[k])) == 0


def test_softmax_cross_entropy_rejects_one_class():
    with pytest.raises(ValueError, match="K must be"):
        softmax_cross_entropy_gradient(1)


# ---------------------------------------------------------------------------
# docstring examples
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["", ".formulas", ".network", ".compiler", ".derivations"])
def test_doctests(module):
    module = importlib.import_module("ffnn_course.symbolic" + module)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0, result


def test_every_module_of_the_package_is_under_500_lines():
    for path in (REPO / "ffnn_course" / "symbolic").glob("*.py"):
        assert len(path.read_text().splitlines()) <= 500, path.name
