"""The slides' numbers of part 2 (chapters 6-9) and the errata page, computed by the package.

Every number is formatted to the slide's precision (the number of decimals the slide
prints, taken from ``SLIDE_VALUES``) and compared with the slide's string. Where a slide's
own arithmetic is wrong, ``ERRATA`` records ``(slide value, exact value)``: the test
asserts the exact value and that the slide value really differs, so the list stays true.
"""

from __future__ import annotations

import numpy as np
import pytest

sp = pytest.importorskip("sympy")

import ffnn_course as fc  # noqa: E402
from ffnn_course.examples import WORKED_LR  # noqa: E402
from ffnn_course.slides import (SLIDE_VALUES, compare_with_slide, like_slide,  # noqa: E402
                                slide_values_exact)
from ffnn_course.symbolic import (SymbolicNetwork, chain_rule_steps, numeric_gradient,  # noqa: E402
                                  path_product, softmax_cross_entropy_gradient)


# ---------------------------------------------------------------------------
# Exact values for every SLIDE_VALUES entry: ``slide_values_exact()`` (checked against an
# independent hand computation in tests/test_slide_values.py and literals below)
# ---------------------------------------------------------------------------

def slide_entries():
    """``(section, key, index, slide string)`` for every number in SLIDE_VALUES."""
    for section, entries in SLIDE_VALUES.items():
        for key, slide in entries.items():
            if isinstance(slide, str):
                yield section, key, None, slide
            else:
                for index, s in enumerate(slide):
                    yield section, key, index, s


def exact_of(exact, section, key, index):
    value = exact[section][key]
    return np.atleast_1d(value)[0 if index is None else index]


# (section, key, index, slide value, exact value at the slide's precision, kind)
ERRATA = [
    # "truncated" is compare_with_slide's pattern only: the cause is σ of the rounded a2 = 0.921
    ("binary_ce_example", "y_hat", None, "0.7152", "0.7153", "truncated"),
    ("binary_ce_example", "loss", None, "1.2560", "1.2563", "from the rounded y_hat"),
    ("multiclass_ce_example", "a2", 2, "0.85", "0.79", "wrong"),
    ("multiclass_ce_example", "y_hat", 0, "0.2718", "0.2800", "follows a2"),
    ("multiclass_ce_example", "y_hat", 1, "0.2634", "0.2714", "follows a2"),
    ("multiclass_ce_example", "y_hat", 2, "0.4648", "0.4487", "follows a2"),
    ("multiclass_ce_example", "loss", None, "0.7661", "0.8015", "follows y_hat"),
]
ERRATUM_KEYS = {(s, k, i) for s, k, i, *_ in ERRATA}


@pytest.fixture(scope="module")
def exact():
    return slide_values_exact()


# ---------------------------------------------------------------------------
# Chapter 6: the chain rule
# ---------------------------------------------------------------------------

X = sp.Symbol("x", real=True)


def test_chain_rule_e_to_x_squared():
    steps = chain_rule_steps([X**2, sp.exp])
    assert [f.expr for f in steps.factors] == [sp.exp(sp.Symbol("z_1", real=True)), 2 * X]
    assert sp.simplify(steps.product - 2 * X * sp.exp(X**2)) == 0
    assert sp.simplify(steps.product - sp.diff(sp.exp(X**2), X)) == 0


def test_chain_rule_e_to_e_to_x_squared():
    steps = chain_rule_steps([X**2, sp.exp, sp.exp])
    assert len(steps.factors) == 3
    expected = 2 * X * sp.exp(X**2) * sp.exp(sp.exp(X**2))
    assert sp.simplify(steps.product - expected) == 0
    assert sp.simplify(steps.direct - expected) == 0


@pytest.mark.parametrize("functions", [[X**2, sp.exp], [X**2, sp.exp, sp.exp]])
@pytest.mark.parametrize("point", [-1.0, -0.5, 0.5, 1.0])
def test_chain_rule_agrees_with_finite_differences(functions, point):
    steps = chain_rule_steps(functions)
    f = sp.lambdify(X, steps.composition, "numpy")
    df = sp.lambdify(X, steps.product, "numpy")
    eps = 1e-6
    fd = (f(point + eps) - f(point - eps)) / (2 * eps)
    assert df(point) == pytest.approx(fd, rel=1e-7)


def test_chain_rule_sigmoid_neuron_gives_slide_formula():
    w, b, x, t = sp.symbols("w b x t", real=True)
    steps = chain_rule_steps([lambda w_: w_ * x + b, lambda a: 1 / (1 + sp.exp(-a)),
                              lambda f: (f - t) ** 2 / 2], x=w)
    f = 1 / (1 + sp.exp(-(w * x + b)))
    assert sp.simplify(steps.product - (f - t) * f * (1 - f) * x) == 0


# ---------------------------------------------------------------------------
# Chapter 7: backpropagation (paths, vectorised equations, the gradient vector)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter7():
    sym = SymbolicNetwork([2, 3, 2, 1], ["sigmoid"] * 3, loss="half_sse")
    net = fc.Network.from_sizes([2, 3, 2, 1], "sigmoid", rng=0, bias=0.1)
    x, y = np.array([0.5, -1.0]), np.array([1.0])
    return sym, net, x, y


def test_w222_has_one_path_with_the_slides_five_factors(chapter7):
    sym = chapter7[0]
    (path,) = sym.chain_rule_paths(sym.W[2][1, 1])
    labels = [label for label, _ in path]
    assert len(labels) == 5
    assert labels[0].startswith(r"\frac{\partial \mathcal{L}}{\partial \hat{y}_{1}}")
    assert "a_{3,1}" in labels[1] and "h_{2,2}" in labels[2] and "a_{2,2}" in labels[3]
    assert labels[4] == r"\frac{\partial a_{2,2}}{\partial w_{2,2,2}}"


@pytest.mark.parametrize("jk", [(0, 0), (2, 0)])        # w_111 and w_131
def test_multiple_paths_sum_to_the_derivative(chapter7, jk):
    sym, net, x, y = chapter7
    w = sym.W[1][jk]
    paths = sym.chain_rule_paths(w)
    assert len(paths) == 2
    values = sym.values(net, x, y)
    total = sum(float(path_product(p).xreplace(values)) for p in paths)
    direct = float(sym.gradient(w).xreplace(values))
    backprop = net.gradients(x, y, "half_sse").dW[1][jk]
    assert total == pytest.approx(direct, rel=1e-12)
    assert total == pytest.approx(backprop, rel=1e-10)
    assert all(abs(float(path_product(p).xreplace(values))) > 1e-6 for p in paths)


def test_vectorised_equations_match_network_backward(chapter7):
    _, net, x, y = chapter7
    tr = net.forward(x)
    dsig = lambda a: fc.sigmoid.value(a) * (1 - fc.sigmoid.value(a))  # noqa: E731
    L = len(net.layers)
    delta = {L: (tr.h[L] - y) * dsig(tr.a[L])}
    for i in range(L - 1, 0, -1):
        delta[i] = (net.W[i + 1].T @ delta[i + 1]) * dsig(tr.a[i])
    grads = net.backward(tr, y, "half_sse")
    for i in range(1, L + 1):
        np.testing.assert_allclose(np.outer(delta[i], tr.h[i - 1]), grads.dW[i], rtol=1e-12)
        np.testing.assert_allclose(delta[i], grads.db[i], rtol=1e-12)
        np.testing.assert_allclose(delta[i], grads.delta[i], rtol=1e-12)


def test_gradient_vector_has_one_entry_per_parameter(chapter7):
    _, net, x, y = chapter7
    grads = net.gradients(x, y, "half_sse")
    flat = np.concatenate([g.ravel() for g in grads.as_list()])
    assert flat.size == sum(p.size for p in net.parameters()) == 20
    exact = numeric_gradient(net, x, y, "half_sse")
    flat_sym = np.concatenate([np.ravel(g) for i in range(1, 4)
                               for g in (exact.dW[i], exact.db[i])])
    np.testing.assert_allclose(flat, flat_sym, rtol=1e-10, atol=1e-15)


# ---------------------------------------------------------------------------
# Chapter 8: the worked example, every slide number
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("key", list(SLIDE_VALUES["worked_example"]))
def test_worked_example_slide_value(exact, key):
    slide = SLIDE_VALUES["worked_example"][key]
    # Rounded, as printed; a truncated slide value would be an erratum.
    assert like_slide(exact["worked_example"][key], slide) == slide


def test_worked_example_exact_values(exact):
    # Literals computed independently of the package (double precision, by hand).
    v = exact["worked_example"]
    assert v["net_h1"] == pytest.approx(0.3775, abs=1e-15)
    assert v["out_o1"] == pytest.approx(0.7513650695523157, rel=1e-13)
    assert v["E_total"] == pytest.approx(0.2983711087600027, rel=1e-13)
    assert v["dE_dw5"] == pytest.approx(0.08216704056423078, rel=1e-12)
    assert v["dE_dw1"] == pytest.approx(0.00043856773447434685, rel=1e-10)


def test_worked_example_some_slide_values_would_differ_if_truncated(exact):
    # The check "rounded, not truncated" is meaningful: truncating changes some strings.
    v, slides = exact["worked_example"], SLIDE_VALUES["worked_example"]
    differ = [k for k, s in slides.items() if like_slide(v[k], s, truncate=True) != s]
    assert "out_o1" in differ and "E_o2" in differ and len(differ) == 9


def test_hidden_layer_uses_the_original_output_weights():
    net, x, t = fc.worked_example()
    g = net.gradients(x, t, "half_sse")
    updated = net.copy()
    updated.layers[1].W -= WORKED_LR * g.dW[2]
    g_updated_w = updated.gradients(x, t, "half_sse")
    assert like_slide(g.dW[1][0, 0], "0.000438568") == "0.000438568"
    assert like_slide(g_updated_w.dW[1][0, 0], "0.000438568") != "0.000438568"


def test_worked_example_mazur_hidden_layer_steps():
    """Mazur's intermediate values for w1, as chapter 8 prints them (9 decimals).

    His post prints ∂E_o2/∂out_h1 = -0.019049119; the exact value rounds to -0.019049118.
    """
    net, x, t = fc.worked_example()
    trace = net.forward(x)
    delta_o = net.backward(trace, t, "half_sse").delta[2]
    assert f"{delta_o[0]:.9f}" == "0.138498562"                          # δ_o1
    d1, d2 = delta_o[0] * net.W[2][0, 0], delta_o[1] * net.W[2][1, 0]    # δ_o1 w5, δ_o2 w7
    assert f"{d1:.9f}" == "0.055399425"
    assert f"{d2:.9f}" == "-0.019049118" and f"{d2:.10f}" == "-0.0190491183"
    assert f"{d1 + d2:.9f}" == "0.036350306"
    out_h1 = trace.h[1][0]
    assert f"{out_h1 * (1 - out_h1):.9f}" == "0.241300709"
    assert f"{(d1 + d2) * out_h1 * (1 - out_h1) * x[0]:.9f}" == "0.000438568"


def test_backprop_is_one_forward_and_one_backward_pass():
    """Chapter 7's count: backpropagation 1 + 1 passes, finite differences 2 per parameter."""
    rng = np.random.default_rng(0)
    net = fc.Network.from_sizes([64, 32, 10], "sigmoid", rng=rng)
    x, y = rng.uniform(0, 1, 64), np.eye(10)[3]
    calls = {"forward": 0, "backward": 0}

    def counted(name, method):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return method(*args, **kwargs)
        return wrapper

    net.forward, net.backward = counted("forward", net.forward), counted("backward", net.backward)
    grads = net.gradients(x, y, "half_sse")
    assert calls == {"forward": 1, "backward": 1}
    calls.update(forward=0, backward=0)
    fd = [fc.numerical_gradient(lambda: net.loss(x, y, "half_sse"), p) for p in net.parameters()]
    assert calls == {"forward": 2 * 2410, "backward": 0}
    for g, f in zip(grads.as_list(), fd):
        np.testing.assert_allclose(g, f, rtol=1e-5, atol=1e-9)


def test_worked_example_four_way_gradients_except_torch():
    net, x, t = fc.worked_example()
    grads = net.gradients(x, t, "half_sse")
    by_sympy = numeric_gradient(net, x, t, "half_sse")
    error = lambda: fc.half_sse.value(net.predict(x), t)  # noqa: E731
    for i in (1, 2):
        np.testing.assert_allclose(grads.dW[i], by_sympy.dW[i], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(grads.db[i], by_sympy.db[i], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(grads.dW[i], fc.numerical_gradient(error, net.W[i]),
                                   rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(grads.db[i], fc.numerical_gradient(error, net.b[i]),
                                   rtol=1e-6, atol=1e-10)
    assert fc.gradient_check(net, x, t, "half_sse").passed()


def test_sympy_derivative_of_the_full_error_expression():
    net, x, t = fc.worked_example()
    sym = SymbolicNetwork.from_network(net, loss="half_sse")
    values = sym.values(net, x, t)
    w5, w1 = sym.W[2][0, 0], sym.W[1][0, 0]
    assert like_slide(sym.gradient(w5).xreplace(values), "0.082167041") == "0.082167041"
    assert like_slide(sym.gradient(w1).xreplace(values), "0.000438568") == "0.000438568"
    assert len(sym.chain_rule_paths(w1)) == 2 and len(sym.chain_rule_paths(w5)) == 1


def test_worked_example_after_10000_steps():
    net, x, t = fc.worked_example()
    optimizer = fc.GradientDescent(net.parameters(biases=False), lr=WORKED_LR)
    history = fc.train(net, x[np.newaxis], t[np.newaxis], "half_sse", optimizer,
                       epochs=10_000, shuffle=False)
    assert f"{history.loss[0]:.9f}" == "0.298371109"
    assert f"{history.loss[1]:.9f}" == "0.291027774"
    # Mazur's "after 10,000 rounds: 0.0000351085" is the error after 9,999 updates.
    assert f"{history.loss[9_999]:.10f}" == "0.0000351085"
    assert f"{net.loss(x, t, 'half_sse'):.10f}" == "0.0000351019"
    np.testing.assert_array_equal(net.b[1], [0.35])        # biases untouched
    np.testing.assert_array_equal(net.b[2], [0.60])


# ---------------------------------------------------------------------------
# Chapter 9: cross-entropy
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("section,key,index,slide", [
    e for e in slide_entries() if e[0] in ("binary_ce_example", "multiclass_ce_example")
    and e[:3] not in ERRATUM_KEYS])
def test_cross_entropy_slide_value(exact, section, key, index, slide):
    assert like_slide(exact_of(exact, section, key, index), slide) == slide


def test_cross_entropy_exact_values(exact):
    b, m = exact["binary_ce_example"], exact["multiclass_ce_example"]
    np.testing.assert_allclose(b["a1"], [0.01, 0.71, 0.42, 0.63], atol=1e-12)
    assert b["a2"] == pytest.approx(0.92122781, abs=5e-9)
    assert b["y_hat"] == pytest.approx(0.71529221, abs=5e-9)
    assert b["loss"] == pytest.approx(1.2562919, abs=5e-8)
    np.testing.assert_allclose(m["a2"], [0.31805856, 0.28694719, 0.78973468], atol=5e-9)
    np.testing.assert_allclose(m["y_hat"], [0.27995162, 0.27137603, 0.44867236], atol=5e-9)
    assert m["loss"] == pytest.approx(0.80146237, abs=5e-9)


def test_slide_losses_follow_from_the_slides_own_outputs():
    # The slides' losses are right for the (wrong) outputs they print.
    assert f"{-np.log(1 - 0.7152):.4f}" == SLIDE_VALUES["binary_ce_example"]["loss"]
    y_hat = [float(v) for v in SLIDE_VALUES["multiclass_ce_example"]["y_hat"]]
    assert f"{fc.cross_entropy.value(y_hat, [0, 0, 1]):.4f}" == \
        SLIDE_VALUES["multiclass_ce_example"]["loss"]
    # ... but the slide's softmax is not the softmax of the slide's own a2.
    a2 = [float(v) for v in SLIDE_VALUES["multiclass_ce_example"]["a2"]]
    assert [f"{p:.4f}" for p in fc.softmax(a2)] != SLIDE_VALUES["multiclass_ce_example"]["y_hat"]


def test_softmax_cross_entropy_gradient_is_y_hat_minus_y():
    g = softmax_cross_entropy_gradient(3)
    for k in range(3):
        assert sp.expand(g.simplified[k] - (g.y_hat[k] - g.y[k])) == 0
    net, x, y = fc.multiclass_ce_example()
    tr = net.forward(x)
    delta = net.backward(tr, y, "cross_entropy").delta[2]
    np.testing.assert_allclose(delta, tr.h[2] - y, rtol=1e-12)
    logits = tr.a[2].copy()
    fd = fc.numerical_gradient(lambda: fc.cross_entropy.value(fc.softmax(logits), y), logits)
    np.testing.assert_allclose(fd, tr.h[2] - y, rtol=1e-6, atol=1e-9)
    # The direct symbolic derivative, evaluated at the example's logits, agrees too.
    subs = dict(zip(g.a, logits)) | dict(zip(g.y, y))
    np.testing.assert_allclose([float(d.xreplace(subs)) for d in g.direct], tr.h[2] - y,
                               rtol=1e-10)


def test_sigmoid_binary_cross_entropy_gradient_is_y_hat_minus_y():
    a, y = sp.symbols("a y", real=True)
    s = 1 / (1 + sp.exp(-a))
    bce = -(y * sp.log(s) + (1 - y) * sp.log(1 - s))
    assert sp.simplify(sp.diff(bce, a) - (s - y)) == 0


@pytest.mark.parametrize("example,loss", [(fc.binary_ce_example, "binary_cross_entropy"),
                                          (fc.multiclass_ce_example, "cross_entropy")])
def test_cross_entropy_examples_gradients_three_ways(example, loss):
    net, x, y = example()
    grads = net.gradients(x, y, loss)
    by_sympy = numeric_gradient(net, x, y, loss)
    for i in (1, 2):
        np.testing.assert_allclose(grads.dW[i], by_sympy.dW[i], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(grads.db[i], by_sympy.db[i], rtol=1e-10, atol=1e-14)
    # atol: the multiclass example's shared output bias has gradient Σ(ŷ − y) = 0 exactly,
    # which finite differences only resolve to ~1e-10.
    assert fc.gradient_check(net, x, y, loss).passed(atol=1e-8)


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    g = fc.plotting.logit_gradients([-8.0], y=1.0)
    assert abs(g["squared_error"][0]) < 1e-3
    assert abs(g["cross_entropy"][0]) > 0.99


# ---------------------------------------------------------------------------
# The errata page
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("section,key,index,slide,exact_value,kind", ERRATA)
def test_erratum_is_still_an_erratum(exact, section, key, index, slide, exact_value, kind):
    recorded = SLIDE_VALUES[section][key]
    assert (recorded if index is None else recorded[index]) == slide
    value = exact_of(exact, section, key, index)
    assert like_slide(value, slide) == exact_value
    assert exact_value != slide
    assert compare_with_slide(value, slide) == ("truncated" if kind == "truncated" else "differs")


def test_errata_list_is_complete(exact):
    found = {(s, k, i) for s, k, i, slide in slide_entries()
             if compare_with_slide(exact_of(exact, s, k, i), slide) != "ok"}
    assert found == ERRATUM_KEYS


def test_every_other_slide_value_is_rounded_not_truncated(exact):
    # Apart from the errata, no slide value was produced by truncation.
    for s, k, i, slide in slide_entries():
        if (s, k, i) not in ERRATUM_KEYS:
            assert compare_with_slide(exact_of(exact, s, k, i), slide) == "ok", (s, k, i)


def test_multiclass_slide_follows_from_w231_read_as_0_3():
    # The errata page's diagnosis: the printed W2[2, 0] = 0.2 was 0.3 in the slide's arithmetic.
    net, x, y = fc.multiclass_ce_example()
    slide = SLIDE_VALUES["multiclass_ce_example"]
    assert net.W[2][2, 0] == 0.2
    h1 = net.forward(x).h[1]

    def printed(values, strings):
        return [like_slide(v, s) for v, s in zip(np.atleast_1d(values), np.atleast_1d(strings))]

    reproducing = []
    for j in range(3):
        for k in range(4):
            W2 = net.W[2].copy()
            W2[j, k] += 0.1
            if printed(W2 @ h1, slide["a2"]) == slide["a2"]:
                reproducing.append((j, k))
    assert reproducing == [(2, 0)]
    W2 = net.W[2].copy()
    W2[2, 0] = 0.3
    a2 = W2 @ h1
    y_hat = fc.softmax(a2)
    assert printed(a2, slide["a2"]) == slide["a2"]
    assert printed(y_hat, slide["y_hat"]) == slide["y_hat"]
    assert like_slide(fc.cross_entropy.value(y_hat, y), slide["loss"]) == slide["loss"]


def test_binary_slide_rounds_a2_before_the_sigmoid():
    # The errata page's diagnosis: ŷ = σ(0.921), the slide's own rounded a2, rounded; not a cut.
    net, x, _ = fc.binary_ce_example()
    slide = SLIDE_VALUES["binary_ce_example"]
    a2 = net.forward(x).a[2][0]
    assert like_slide(a2, slide["a2"]) == slide["a2"] == "0.921"
    assert f"{fc.sigmoid(float(slide['a2'])):.4f}" == slide["y_hat"]        # rounded from 0.921
    assert f"{fc.sigmoid(a2):.4f}" != slide["y_hat"]                       # not from exact a2
    assert f"{-np.log(1 - float(slide['y_hat'])):.4f}" == slide["loss"]


def test_worked_example_all_22_rounded_13_also_equal_truncated():
    # The errata page's count (moved from chapter 8): 22 rounded, 13 of them also truncated.
    exact = slide_values_exact()["worked_example"]
    slides = SLIDE_VALUES["worked_example"]
    assert len(slides) == 22
    assert sum(like_slide(exact[k], s) == s for k, s in slides.items()) == 22
    assert sum(like_slide(exact[k], s, truncate=True) == s for k, s in slides.items()) == 13


def test_misplaced_square_changes_the_loss():
    # The slide writes d/dw [1/5 Σ (f(x_i) − y_i)]²; the loss is 1/5 Σ (f(x_i) − y_i)².
    xs, ys = fc.sigmoid_neuron_data()
    f = fc.sigmoid.value(xs)
    assert f"{np.mean((f - ys) ** 2):.6f}" == "0.075959"
    assert f"{np.mean(f - ys) ** 2:.6f}" == "0.061111"
    net = fc.Network([fc.Dense([[1.0]], [0.0], "sigmoid")])
    assert net.loss(xs[:, None], ys, "mse") == pytest.approx(np.mean((f - ys) ** 2))
