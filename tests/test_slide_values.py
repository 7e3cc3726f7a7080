"""The slide-number helpers of ``ffnn_course.examples``, checked independently.

``slide_values_exact()`` is what the book and the slide tests compare the slides with, so
it is checked here against a second computation that shares nothing with the package: the
worked example's forward and backward pass written out with ``math.exp`` in Mazur's names,
and the small examples by hand.  ``like_slide`` and ``compare_with_slide`` are checked on
hand-made numbers.
"""

import math

import numpy as np
import pytest

from ffnn_course.slides import SLIDE_VALUES, compare_with_slide, like_slide, slide_values_exact


@pytest.fixture(scope="module")
def exact():
    return slide_values_exact()


# ----- slide_values_exact: the structure of SLIDE_VALUES -------------------------
def test_every_slide_key_is_present_with_the_same_shape(exact):
    assert exact.keys() == SLIDE_VALUES.keys()
    for section, slides in SLIDE_VALUES.items():
        assert exact[section].keys() == slides.keys(), section
        for key, slide in slides.items():
            value = exact[section][key]
            if isinstance(slide, str):
                assert isinstance(value, float), (section, key)
            else:
                assert isinstance(value, np.ndarray) and value.shape == (len(slide),), \
                    (section, key)


def test_slide_values_exact_returns_fresh_arrays(exact):
    again = slide_values_exact()
    again["matrix_example"]["a1"][0] = 99.0
    assert exact["matrix_example"]["a1"][0] == pytest.approx(0.85)


# ----- slide_values_exact: an independent computation ----------------------------
def mazur_by_hand() -> dict:
    """Matt Mazur's step-by-step example, every slide number, with math.exp only."""
    def sigma(z):
        return 1.0 / (1.0 + math.exp(-z))

    i1, i2, t1, t2, b1, b2, lr = 0.05, 0.10, 0.01, 0.99, 0.35, 0.60, 0.5
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    net_h1, net_h2 = w1 * i1 + w2 * i2 + b1, w3 * i1 + w4 * i2 + b1
    out_h1, out_h2 = sigma(net_h1), sigma(net_h2)
    net_o1, net_o2 = w5 * out_h1 + w6 * out_h2 + b2, w7 * out_h1 + w8 * out_h2 + b2
    out_o1, out_o2 = sigma(net_o1), sigma(net_o2)
    E_o1, E_o2 = 0.5 * (t1 - out_o1) ** 2, 0.5 * (t2 - out_o2) ** 2
    # δ = ∂E/∂net for each neuron; the hidden deltas use the original w5..w8.
    delta_o1 = (out_o1 - t1) * out_o1 * (1 - out_o1)
    delta_o2 = (out_o2 - t2) * out_o2 * (1 - out_o2)
    delta_h1 = (delta_o1 * w5 + delta_o2 * w7) * out_h1 * (1 - out_h1)
    delta_h2 = (delta_o1 * w6 + delta_o2 * w8) * out_h2 * (1 - out_h2)
    return {
        "net_h1": net_h1, "out_h1": out_h1, "out_h2": out_h2,
        "net_o1": net_o1, "out_o1": out_o1, "out_o2": out_o2,
        "E_o1": E_o1, "E_o2": E_o2, "E_total": E_o1 + E_o2,
        "dE_dout_o1": out_o1 - t1, "dout_o1_dnet_o1": out_o1 * (1 - out_o1),
        "dnet_o1_dw5": out_h1, "dE_dw5": delta_o1 * out_h1,
        "w5+": w5 - lr * delta_o1 * out_h1, "w6+": w6 - lr * delta_o1 * out_h2,
        "w7+": w7 - lr * delta_o2 * out_h1, "w8+": w8 - lr * delta_o2 * out_h2,
        "dE_dw1": delta_h1 * i1,
        "w1+": w1 - lr * delta_h1 * i1, "w2+": w2 - lr * delta_h1 * i2,
        "w3+": w3 - lr * delta_h2 * i1, "w4+": w4 - lr * delta_h2 * i2,
    }


def test_worked_example_equals_the_hand_computation(exact):
    by_hand = mazur_by_hand()
    assert by_hand.keys() == exact["worked_example"].keys()
    for key, value in by_hand.items():
        assert exact["worked_example"][key] == pytest.approx(value, rel=1e-12, abs=1e-16), key


def test_worked_example_high_precision_literals(exact):
    v = exact["worked_example"]
    assert v["out_o1"] == pytest.approx(0.7513650695523157, rel=1e-13)
    assert v["E_total"] == pytest.approx(0.2983711087600027, rel=1e-13)
    assert v["dE_dw5"] == pytest.approx(0.08216704056423078, rel=1e-12)


def test_small_examples_by_hand(exact):
    np.testing.assert_allclose(exact["naive_normalisation"]["[3 4 10 3]"],
                               [3 / 20, 4 / 20, 10 / 20, 3 / 20], rtol=1e-15)
    np.testing.assert_allclose(exact["naive_normalisation"]["[7 -2 4 1]"],
                               [7 / 10, -2 / 10, 4 / 10, 1 / 10], rtol=1e-15)
    np.testing.assert_allclose(exact["matrix_example"]["a1"],
                               [2 * 0.11 + 3 * 0.21, 2 * 0.12 + 3 * 0.08], rtol=1e-15)
    assert exact["matrix_example"]["a2"][0] == pytest.approx(0.85 * 0.14 + 0.48 * 0.15)
    # Binary cross-entropy: y = 0, so the loss is −log(1 − ŷ).
    b = exact["binary_ce_example"]
    assert b["y_hat"] == pytest.approx(1 / (1 + math.exp(-b["a2"])), rel=1e-14)
    assert b["loss"] == pytest.approx(-math.log(1 - b["y_hat"]), rel=1e-12)
    # Multiclass: softmax by hand, y = [0 0 1].
    m = exact["multiclass_ce_example"]
    e = [math.exp(a) for a in m["a2"]]
    np.testing.assert_allclose(m["y_hat"], [v / sum(e) for v in e], rtol=1e-14)
    assert m["loss"] == pytest.approx(-math.log(m["y_hat"][2]), rel=1e-12)


# ----- like_slide and compare_with_slide on hand-made numbers -----------------------
@pytest.mark.parametrize("value,slide,rounded,cut", [
    (0.7152922, "0.7152", "0.7153", "0.7152"),
    (0.12349, "0.1235", "0.1235", "0.1234"),
    (0.5, "0.50", "0.50", "0.50"),
    (-0.2, "-0.20", "-0.20", "-0.20"),
    (-1.2399, "-1.23", "-1.24", "-1.23"),
    (2.7, "3", "3", "2"),
    (0.000438567734, "0.000438568", "0.000438568", "0.000438567"),
    (np.float64(1.25e-7), "0.0000001", "0.0000001", "0.0000001"),
])
def test_like_slide_rounds_or_cuts_to_the_slides_decimals(value, slide, rounded, cut):
    assert like_slide(value, slide) == rounded
    assert like_slide(value, slide, truncate=True) == cut


@pytest.mark.parametrize("value,slide,verdict", [
    (0.123449, "0.1234", "ok"),            # rounds down: rounding and cutting agree
    (0.12351, "0.1235", "ok"),
    (0.12358, "0.1236", "ok"),
    (0.12358, "0.1235", "truncated"),      # rounds to 0.1236, cutting gives 0.1235
    (1.2562919, "1.2560", "differs"),
    (0.78973468, "0.85", "differs"),
    (0.12358, "0.1237", "differs"),        # neither rounded nor cut
    (0.85, "0.850", "ok"),                 # trailing zeros count as decimals
    (0.85, "0.85000001", "differs"),
    (-0.1999, "-0.19", "truncated"),       # cutting goes towards zero
    (2.7, "2", "truncated"),
])
def test_compare_with_slide_verdicts(value, slide, verdict):
    assert compare_with_slide(value, slide) == verdict


@pytest.mark.parametrize("value, slide, error, words", [
    (0.75, 0.75, TypeError, "slide must be"),
    ("0.7", "0.7", TypeError, "value must be a real number"),
    (float("nan"), "0.7", ValueError, "finite"),
    (0.75, "abc", ValueError, "printed number"),
    (10**400, "0.7", ValueError, "too large"),
    (None, "0.7", TypeError, "value"),
])
def test_bad_input_is_refused_by_name(value, slide, error, words):
    for f in (compare_with_slide, like_slide):
        with pytest.raises(error, match=words):
            f(value, slide)


def test_numpy_scalars_and_0d_arrays_are_values():
    assert like_slide(np.float32(0.5), "0.50") == "0.50"
    assert compare_with_slide(np.array(0.7513650695523157), "0.75136507") == "ok"
