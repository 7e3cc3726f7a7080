"""Tests for ffnn_course.explorers: each small explicit computation against the package."""

import doctest

import numpy as np
import pytest

from ffnn_course import (MeanSquaredError, Dense, Network, examples, explorers, softmax,
                         sigmoid_neuron_data, two_two_one)
from ffnn_course.explorers import (EXPLORERS, ExplorerSpec, Slider, gradient_descent_path,
                                   sigmoid_neuron_gradient, sigmoid_neuron_loss,
                                   single_neuron_surface, softmax_explorer, two_two_one_surface)


def test_doctests():
    result = doctest.testmod(explorers, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("weight_set", [1, 2])
def test_two_two_one_surface_equals_network(weight_set):
    w = examples.TWO_TWO_ONE_WEIGHTS[weight_set]
    s = two_two_one_surface(**w, b1=0.3, b2=-0.2, grid=11, lim=3.0)
    net = two_two_one(weight_set, b1=0.3, b2=-0.2)
    X = np.column_stack([s["x1"].ravel(), s["x2"].ravel()])
    trace = net.forward(X)
    np.testing.assert_allclose(s["y_hat"].ravel(), trace.h[2][:, 0], atol=1e-14)
    np.testing.assert_allclose(s["h1"].ravel(), trace.h[1][:, 0], atol=1e-14)
    np.testing.assert_allclose(s["h2"].ravel(), trace.h[1][:, 1], atol=1e-14)


def test_single_neuron_surface_equals_dense_layer():
    s = single_neuron_surface(1.2, -0.7, 0.4, grid=7)
    net = Network([Dense([[1.2, -0.7]], [0.4], "sigmoid")])
    X = np.column_stack([s["x1"].ravel(), s["x2"].ravel()])
    np.testing.assert_allclose(s["y_hat"].ravel(), net.predict(X)[:, 0], atol=1e-14)


def test_grid_orientation():
    s = two_two_one_surface(grid=5, lim=2.0)
    assert s["x1"][0].tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]    # x1 along columns
    assert s["x2"][:, 0].tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]  # x2 along rows


@pytest.mark.parametrize("T", [0.1, 0.5, 1.0, 3.0])
def test_softmax_explorer_equals_package_softmax(T):
    z = np.array([3.0, 4.0, 10.0, 3.0])
    p = softmax_explorer(z, T)["probabilities"]
    np.testing.assert_allclose(p, softmax(z / T), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0)


def test_softmax_explorer_is_stable_and_validates():
    p = softmax_explorer([1000.0, 999.0, -1000.0], 0.1)["probabilities"]
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="temperature"):
        softmax_explorer([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="logits"):
        softmax_explorer([], 1.0)


def test_embedded_data_equal_examples():
    x, y = sigmoid_neuron_data()
    np.testing.assert_array_equal(explorers.DATA_X, x)
    np.testing.assert_array_equal(explorers.DATA_Y, y)


@pytest.mark.parametrize("w,b", [(-1.0, 2.0), (1.5, -2.0), (3.0, 3.0), (0.2, -0.1)])
def test_loss_and_gradient_equal_network_mse(w, b):
    x, y = sigmoid_neuron_data()
    net = Network([Dense([[w]], [b], "sigmoid")])
    trace = net.forward(x[:, None])
    assert sigmoid_neuron_loss(w, b) == pytest.approx(
        MeanSquaredError().value(trace.output, y[:, None]), rel=1e-12)
    grads = net.backward(trace, y[:, None], "mse")
    dw, db = sigmoid_neuron_gradient(w, b)
    assert dw == pytest.approx(grads.dW[1][0, 0], rel=1e-10)
    assert db == pytest.approx(grads.db[1][0], rel=1e-10)


def test_gradient_descent_path_follows_the_update_rule():
    p = gradient_descent_path(lr=2.0, steps=5, w0=0.5, b0=0.5)
    assert p["w"].shape == p["b"].shape == p["loss"].shape == (6,)
    for t in range(5):
        dw, db = sigmoid_neuron_gradient(p["w"][t], p["b"][t])
        assert p["w"][t + 1] == pytest.approx(p["w"][t] - 2.0 * dw)
        assert p["b"][t + 1] == pytest.approx(p["b"][t] - 2.0 * db)
    assert p["loss"][-1] < p["loss"][0]
    assert gradient_descent_path(steps=0)["w"].shape == (1,)
    with pytest.raises(ValueError, match="lr"):
        gradient_descent_path(lr=0.0)


def test_specs_are_consistent():
    for name, spec in EXPLORERS.items():
        assert isinstance(spec, ExplorerSpec) and spec.name == name
        result = spec.compute(**spec.initial())
        assert isinstance(result, dict) and result
        assert len({s.name for s in spec.sliders}) == len(spec.sliders)
        for s in spec.sliders:
            assert s.min <= s.value <= s.max and s.step > 0
    assert EXPLORERS["two_two_one"].initial() == {**examples.TWO_TWO_ONE_WEIGHTS[1],
                                                   "b1": 0.0, "b2": 0.0}
    assert isinstance(EXPLORERS["gradient_descent"].initial()["steps"], int)
    with pytest.raises(KeyError, match="no slider"):
        EXPLORERS["softmax"].slider("nope")


def test_slider_validation():
    with pytest.raises(ValueError, match="outside"):
        Slider("a", 0.0, 1.0, 0.1, 2.0)
    with pytest.raises(ValueError, match="step"):
        Slider("a", 0.0, 1.0, 0.0, 0.5)


def test_import_stays_numpy_only():
    import subprocess
    import sys
    code = ("import sys, ffnn_course.explorers; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'sympy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
