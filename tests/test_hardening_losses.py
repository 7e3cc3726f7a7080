"""Hardening, family 1: losses from logits are exact, and probability rows must be probabilities.

The reference is the exact value, computed with mpmath at 340 digits from the
same float inputs; PyTorch is compared where its own float64 result is exact.
"""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ffnn_course as fc

DIGITS = 340          # enough for log(1 + x) with x down to 1e-320 (TINY and below is 0)
RTOL = 1e-12
TINY = 1e-300          # below this the exact value underflows in float64

logit = st.floats(-1e4, 1e4, allow_nan=False)


@st.composite
def logit_rows(draw):
    """Rows of K logits up to ±1e4: spread out, or a large common value plus small gaps."""
    n, k = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    if draw(st.booleans()):
        rows = [[draw(logit) for _ in range(k)] for _ in range(n)]
    else:
        rows = []
        for _ in range(n):
            base = draw(logit)
            rows.append([base + draw(st.floats(-60, 60)) for _ in range(k)])
    return np.array(rows), draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))


def exact_cross_entropy(a, labels):
    with mp.workdps(DIGITS):
        return float(_exact_cross_entropy(a, labels))


def _exact_cross_entropy(a, labels):
    total = mp.mpf(0)
    for row, k in zip(a, labels):
        row = [mp.mpf(float(v)) for v in row]
        total += mp.log(sum(mp.exp(v) for v in row)) - row[k]
    return total / len(labels)


def exact_bce(a, y):
    with mp.workdps(DIGITS):
        return float(_exact_bce(a, y))


def _exact_bce(a, y):
    total = mp.mpf(0)
    for ai, yi in zip(np.ravel(a), np.ravel(y)):
        A, Y = mp.mpf(float(ai)), mp.mpf(float(yi))
        total += Y * mp.log(1 + mp.exp(-A)) + (1 - Y) * mp.log(1 + mp.exp(A))
    return total / np.shape(a)[0]


def assert_exact(got, exact):
    exact = float(exact)
    if exact < TINY:
        assert 0.0 <= got < TINY
    else:
        assert got == pytest.approx(exact, rel=RTOL, abs=0.0)


@settings(max_examples=80, deadline=None)
@given(logit_rows())
def test_cross_entropy_from_logits_is_exact(rows):
    a, labels = rows
    assert_exact(fc.cross_entropy.value_from_logits(a, np.array(labels)),
                 exact_cross_entropy(a, labels))


@settings(max_examples=80, deadline=None)
@given(st.lists(logit, min_size=1, max_size=6),
       st.one_of(st.just("hard"), st.just("soft")), st.integers(0, 2**32 - 1))
def test_binary_cross_entropy_from_logits_is_exact(a, kind, seed):
    rng = np.random.default_rng(seed)
    a = np.array(a)[:, np.newaxis]
    y = rng.integers(0, 2, a.shape).astype(float) if kind == "hard" else rng.random(a.shape)
    assert_exact(fc.binary_cross_entropy.value_from_logits(a, y), exact_bce(a, y))


@pytest.mark.parametrize("a,label,exact", [
    ([[1e4, 1e4 - 1]], 0, None), ([[22.0, 0.0]], 0, None),
    ([[1e4, 9970.0, 9960.0]], 0, 9.358047804265265e-14)])
def test_the_issue_examples_of_cross_entropy(a, label, exact):
    expected = exact_cross_entropy(a, [label]) if exact is None else exact
    assert_exact(fc.cross_entropy.value_from_logits(a, np.array([label])), expected)


def test_the_issue_example_of_binary_cross_entropy():
    assert fc.binary_cross_entropy.value_from_logits([[40.0]], [[1.0]]) == pytest.approx(
        4.248354255291589e-18, rel=RTOL)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(2, 5), st.integers(0, 2**32 - 1))
def test_logit_losses_match_torch(n, k, seed):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(seed)
    a = rng.normal(scale=5.0, size=(n, k))          # where torch's float64 result is exact
    labels = rng.integers(0, k, n)
    ours = fc.cross_entropy.value_from_logits(a, labels)
    theirs = F.cross_entropy(torch.tensor(a), torch.tensor(labels)).item()
    assert ours == pytest.approx(theirs, rel=RTOL)
    y = rng.random((n, k))
    ours = fc.binary_cross_entropy.value_from_logits(a, y)
    theirs = F.binary_cross_entropy_with_logits(torch.tensor(a), torch.tensor(y),
                                                reduction="sum").item() / n
    assert ours == pytest.approx(theirs, rel=RTOL)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(2, 4), st.integers(0, 2**32 - 1),
       st.sampled_from(["cross_entropy", "binary_cross_entropy"]))
def test_gradient_from_logits_is_the_gradient_of_value_from_logits(n, k, seed, name):
    """``gradient_from_logits`` is tested here: central differences of ``value_from_logits``."""
    rng = np.random.default_rng(seed)
    loss = fc.get_loss(name)
    a = rng.normal(scale=3.0, size=(n, k))
    y = np.eye(k)[rng.integers(0, k, n)] if name == "cross_entropy" else rng.random((n, k))
    numeric = fc.numerical_gradient(lambda: loss.value_from_logits(a, y), a)
    np.testing.assert_allclose(loss.gradient_from_logits(a, y), numeric, rtol=1e-6, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0, 3), min_size=2, max_size=5), st.integers(0, 1))
def test_cross_entropy_refuses_rows_that_are_not_probabilities(row, label):
    row = np.array(row)
    is_probability = np.all(row <= 1) and abs(row.sum() - 1) <= 1e-3
    if is_probability:
        assert fc.cross_entropy.value([row], [label]) >= 0
    else:
        with pytest.raises(ValueError, match="predictions y_hat"):
            fc.cross_entropy.value([row], [label])


def test_the_issue_example_of_a_row_not_summing_to_one():
    with pytest.raises(ValueError, match=r"predictions y_hat \(probabilities\) must lie in "
                                         r"\[0, 1\], got values from 0.5 to 2.0"):
        fc.cross_entropy.value([[2.0, 0.5]], [0])


@settings(max_examples=40, deadline=None)
@given(st.floats(-10, 10).filter(lambda p: not 0 <= p <= 1))
def test_binary_cross_entropy_refuses_predictions_outside_0_1(p):
    with pytest.raises(ValueError, match=r"predictions y_hat .* must lie in \[0, 1\]"):
        fc.binary_cross_entropy.value([p], [1.0])
