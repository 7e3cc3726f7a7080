r"""Instant feedback for the exercises: ``check.<name>(answer...)`` returns a :class:`Verdict`.

Every exercise notebook ends each exercise with a call such as::

    from ffnn_course.checks import check
    check.forward_221(h1, h2, y_hat)        # numbers computed by hand
    check.softmax(softmax)                  # a function: tested on fresh random inputs
    check("softmax", softmax)               # the same, by name

The verdict displays itself: a green ``✓`` line when the answer is right, an
orange ``✗`` line saying what is wrong (a shape ``(2, 1)`` instead of
``(2,)``, a transposed weight matrix, a missing ``σ'(a)`` factor, …) with a
hint, or a grey ``…`` line when the exercise has not been attempted yet.
It has ``.passed`` (bool), ``.status`` (``"correct"``, ``"wrong"`` or
``"not attempted"``), ``.message`` and ``.hint``.

Rules the checks keep:

* **A check never raises** on a wrong answer, whatever its type: ``None``, a
  list, a string, NaN, an array of the wrong shape, a function that raises.
  Anything unexpected becomes a ``✗`` verdict that says what happened.
* **Not attempted yet**: an answer that is ``None`` or ``...`` (the student
  notebooks' ``answer = None  # your answer here``), or a function that raises
  ``NotImplementedError`` (the student notebooks' function stubs).  A function
  that *returns* None is a wrong answer ("did you forget ``return``?").
* **Functions are tested on fresh random inputs** drawn from
  ``numpy.random.default_rng(check.seed)``.  ``check.seed`` is None, so each
  call draws new inputs from the operating system's entropy and a hard-coded
  answer cannot pass; set ``check.seed = 0`` to make a run reproducible
  (the tests do).  Arrays are passed as copies, so a function that modifies its
  arguments cannot spoil the check.
* Nothing is printed: the verdict is shown through its ``_repr_html_`` (Jupyter)
  or ``__repr__`` (plain text).

``check.names()`` lists the available checks.  Only numpy is imported here;
the SymPy checks import SymPy when they run.
"""

from __future__ import annotations

import html
import inspect
import math
import numbers
import warnings

import numpy as np

__all__ = ["Verdict", "Checker", "check"]

_STATUS = {
    "correct": ("✓", "#1a7f37", "#e9f7ec"),
    "wrong": ("✗", "#b35900", "#fff4e5"),
    "not attempted": ("…", "#57606a", "#f3f4f6"),
}


class Verdict:
    """The result of a check: ``passed``, ``status``, ``message`` and ``hint``."""

    def __init__(self, name: str, status: str, message: str, hint: str = ""):
        if status not in _STATUS:
            raise ValueError(f"status must be one of {sorted(_STATUS)}, got {status!r}")
        self.name = name
        self.status = status
        self.message = message
        self.hint = hint

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        symbol = _STATUS[self.status][0]
        text = f"{symbol} {self.name}: {self.message}"
        if self.hint:
            text += f"\n  Hint: {self.hint}"
        return text

    def _repr_html_(self) -> str:
        symbol, colour, background = _STATUS[self.status]
        hint = (f'<br><span style="color:#24292f"><b>Hint:</b> {html.escape(self.hint)}</span>'
                if self.hint else "")
        return (f'<div class="ffnn-check ffnn-check-{self.status.replace(" ", "-")}" '
                f'style="border-left:4px solid {colour};background:{background};'
                f'padding:0.4em 0.8em;margin:0.3em 0;color:#24292f">'
                f'<b style="color:{colour}">{symbol} {html.escape(self.name)}</b>: '
                f'{html.escape(self.message)}{hint}</div>')


class _Wrong(Exception):
    def __init__(self, message, hint=""):
        super().__init__(message)
        self.message, self.hint = message, hint


class _NotAttempted(Exception):
    pass


_NOT_ATTEMPTED = "not attempted yet: replace the stub with your answer, then run this cell again."


# ---------------------------------------------------------------------------
# Helpers: turn answers into arrays, compare, call the student's functions
# ---------------------------------------------------------------------------

def _fmt(x) -> str:
    try:
        arr = np.asarray(x, dtype=np.float64)
        if arr.ndim == 0:
            return f"{float(arr):.6g}"
        return np.array2string(arr, precision=6, separator=", ", threshold=12)
    except Exception:  # noqa: BLE001 - anything printable
        text = repr(x)
        return text if len(text) < 80 else text[:77] + "..."


def _missing(x) -> bool:
    return x is None or x is Ellipsis


def _array(x, what: str) -> np.ndarray:
    """``x`` as a float64 array, or a _Wrong that says why it is not one."""
    if _missing(x):
        raise _NotAttempted
    if isinstance(x, (str, bytes)):
        raise _Wrong(f"{what} is a string ({x!r}); expected numbers.",
                     "Compute the value in Python rather than typing it as text.")
    if isinstance(x, dict):
        raise _Wrong(f"{what} is a dict; expected numbers (a number or an array).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(x, dtype=np.float64)
    except Exception:  # noqa: BLE001 - ragged lists, objects, symbols...
        raise _Wrong(f"{what} could not be read as an array of numbers (got {_fmt(x)}, "
                     f"of type {type(x).__name__}).") from None
    if not np.all(np.isfinite(arr)):
        raise _Wrong(f"{what} contains NaN or infinite values: {_fmt(arr)}.",
                     "NaN usually comes from overflow (e.g. exp of a large number) or 0/0.")
    return arr


def _scalar(x, what: str) -> float:
    arr = _array(x, what)
    if arr.size != 1:
        raise _Wrong(f"{what} has shape {arr.shape}; expected a single number.")
    return float(arr.reshape(-1)[0])


def _shape_problem(got: np.ndarray, expected: np.ndarray, what: str):
    if got.shape == expected.shape:
        return
    if got.ndim == 2 and got.T.shape == expected.shape and got.shape != got.T.shape:
        if np.allclose(got.T, expected, rtol=1e-6, atol=1e-9):
            raise _Wrong(f"{what} has shape {got.shape} instead of {expected.shape}: it is "
                         f"the transpose of the right answer.",
                         "The lecture's W_i is shaped (n_out, n_in): row j holds the weights "
                         "going INTO neuron j.")
        raise _Wrong(f"{what} has shape {got.shape} instead of {expected.shape} "
                     f"(transposed?).",
                     "Remember W_i is (n_out, n_in), and rows of a batch are examples.")
    if got.size == expected.size:
        raise _Wrong(f"{what} has shape {got.shape} instead of {expected.shape}.",
                     f"Same numbers of entries: reshape, flatten or index it, e.g. "
                     f"np.reshape(x, {expected.shape}).")
    raise _Wrong(f"{what} has shape {got.shape} instead of {expected.shape}.")


def _compare(got, expected, what: str, *, rtol=1e-6, atol=1e-9, known=(), reveal=False,
             shape_strict=True):
    """Return None if ``got`` ≈ ``expected``; otherwise raise a _Wrong with a diagnosis.

    ``known`` lists typical mistakes as ``(value, message, hint)``: an answer
    close to ``value`` gets that message.  ``reveal`` adds the expected value
    to the generic message (for answers checked on random inputs only).
    """
    expected = np.asarray(expected, dtype=np.float64)
    got = _array(got, what)
    if not shape_strict and got.size == expected.size:
        got = got.reshape(expected.shape)
    _shape_problem(got, expected, what)
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    for value, message, hint in known:
        value = np.asarray(value, dtype=np.float64)
        if value.shape == got.shape and np.allclose(got, value, rtol=rtol, atol=atol):
            raise _Wrong(message, hint)
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        raise _Wrong(f"{what} has the wrong sign.", "Check the sign of every term; "
                     "gradient descent subtracts η times the gradient.")
    nonzero = np.abs(expected) > 1e-12
    if np.any(nonzero) and np.all(np.abs(got[~nonzero]) < 1e-9):
        ratios = got[nonzero] / expected[nonzero]
        r = float(ratios[0])
        # One number is always "a constant factor" away: only name simple factors then.
        simple = got.size > 1 or any(abs(q - round(q)) < 1e-6 * q and round(q) >= 2
                                     for q in (abs(r), 1 / abs(r) if r else 0.0))
        if (simple and abs(r) > 1e-6 and np.allclose(ratios, r, rtol=1e-6)
                and not math.isclose(r, 1.0)):
            raise _Wrong(f"{what} is off by a constant factor: it is {r:.6g} times the right "
                         f"value.", "Look for a missing or extra constant: a 1/N average, a "
                         "factor 2 from a square, a learning rate.")
    detail = f"got {_fmt(got)}"
    if reveal:
        detail += f", expected {_fmt(expected)}"
    raise _Wrong(f"{what} is not right yet ({detail}).")


def _call(fn, *args, what="your function"):
    """Call the student's function on copies of ``args``; return ``(result, warnings)``."""
    if _missing(fn):
        raise _NotAttempted
    if not callable(fn):
        raise _Wrong(f"expected a function, got {type(fn).__name__} {_fmt(fn)}.",
                     "Pass the function itself, without calling it: check.name(my_function).")
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            result = fn(*copies)
        except NotImplementedError:
            raise _NotAttempted from None
        except Exception as err:  # noqa: BLE001 - any error in the student's code
            raise _Wrong(f"{what} raised {type(err).__name__}: {err}",
                         "Run your function on a small example in a cell of its own to see "
                         "where it fails.") from None
    if result is None:
        raise _Wrong(f"{what} returned None.", "Did you forget the `return` statement?")
    messages = [str(w.message) for w in caught
                if issubclass(w.category, (RuntimeWarning, FloatingPointError))]
    return result, messages


def _pair(result, what: str, n: int = 2, names=None):
    """Unpack a tuple of ``n`` results, or raise _Wrong."""
    if not isinstance(result, (tuple, list)) or len(result) != n:
        names = names or [f"value {k + 1}" for k in range(n)]
        raise _Wrong(f"{what} should return {n} values ({', '.join(names)}), got "
                     f"{_fmt(result)}.", f"End with `return {', '.join(names)}`.")
    return result


def _sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(a):
    z = np.asarray(a, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------------------
# The checker: one method per exercise, registered by name
# ---------------------------------------------------------------------------

_CHECKS: dict = {}


def _check(func):
    """Register ``func`` as a check; wrap it so that it returns a Verdict and never raises."""
    name = func.__name__

    signature = inspect.signature(func)

    def wrapper(self, *args, **kwargs):
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError as err:                      # called with the wrong arguments
            params = list(signature.parameters)[1:]
            return Verdict(name, "wrong", f"could not check this answer ({err}).",
                           f"Call it as check.{name}({', '.join(params)}).")
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")       # the checker's own arithmetic is silent
                success = func(self, *args, **kwargs)
        except _NotAttempted:
            return Verdict(name, "not attempted", _NOT_ATTEMPTED)
        except _Wrong as err:
            return Verdict(name, "wrong", err.message, err.hint)
        except Exception as err:  # noqa: BLE001 - a check must never raise
            return Verdict(name, "wrong", f"could not check this answer "
                           f"({type(err).__name__}: {err}).")
        return Verdict(name, "correct", success or "Correct!")

    wrapper.__name__ = name
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func
    _CHECKS[name] = wrapper
    return wrapper


def _rng(checker):
    return np.random.default_rng(checker.seed)


class Checker:
    """``check.<name>(answer)`` or ``check("<name>", answer)``: see the module docstring."""

    seed = None          # None: fresh OS entropy on every call; an int for reproducible runs
    trials = 5           # random test cases per function check

    def __call__(self, name, *args, **kwargs) -> Verdict:
        if not isinstance(name, str) or name not in _CHECKS:
            return Verdict(str(name), "wrong", f"there is no check called {name!r}.",
                           f"Available checks: {', '.join(sorted(_CHECKS))}.")
        return getattr(self, name)(*args, **kwargs)

    def names(self) -> list:
        """The names of all checks, sorted."""
        return sorted(_CHECKS)

    def __repr__(self) -> str:
        return f"<exercise checker: {len(_CHECKS)} checks; check.names() lists them>"

    # ===== 02 Sigmoid neurons ================================================
    @_check
    def sigmoid(self, fn):
        """``fn(a)`` returns σ(a) = 1/(1 + e^{−a}) element-wise, for any shape and any size of a."""
        rng = _rng(self)
        cases = [rng.normal(0, 3, size=7), rng.normal(0, 3, size=(3, 4)),
                 np.array([-1000.0, -750.0, -30.0, 0.0, 30.0, 750.0, 1000.0])]
        for a in cases:
            got, warns = _call(fn, a, what="sigmoid(a)")
            expected = _sigmoid(a)
            _compare(got, expected, f"sigmoid(a) for a of shape {a.shape}", reveal=True, known=[
                (_sigmoid(-a), "you computed σ(−a) = 1/(1 + e^{a}).",
                 "The exponent is −a: 1 / (1 + np.exp(-a)).")])
            if warns:
                raise _Wrong(f"the values are right, but NumPy warned “{warns[0]}” for "
                             f"a = {_fmt(a)}.", "e^{−a} overflows for a ≈ −1000. Use e^{−|a|}, "
                             "which never overflows: for a < 0, σ(a) = e^{a} / (1 + e^{a}).")
        return "Correct! Your sigmoid works for arrays of any shape and for huge |a|."

    @_check
    def forward_221(self, h1, h2, y_hat):
        """The 2-2-1 network (weight set 1, biases 0) at x = (1, 2): h1, h2 and ŷ."""
        W1 = np.array([[-2.0, 1.0], [-1.5, 1.5]])
        w2 = np.array([1.0, -1.0])
        x = np.array([1.0, 2.0])
        h = _sigmoid(W1 @ x)
        y = _sigmoid(w2 @ h)
        got = [_scalar(v, name) for v, name in ((h1, "h1"), (h2, "h2"), (y_hat, "y_hat"))]
        ht = _sigmoid(W1.T @ x)
        if np.allclose(got[:2], ht, atol=1e-4) and not np.allclose(got[:2], h, atol=1e-4):
            raise _Wrong("h1 and h2 use the transposed weights.",
                         "h1 = σ(w11 x1 + w12 x2): neuron 1 uses w11 and w12, the weights "
                         "INTO it.")
        if np.allclose(got[:2], W1 @ x, atol=1e-4):
            raise _Wrong("h1 and h2 are the pre-activations a1 = W1 x: apply σ to them.")
        if np.allclose(got[:2], h[::-1], atol=1e-4) and not np.allclose(h[0], h[1]):
            raise _Wrong("h1 and h2 are swapped.")
        _compare(got[:2], h, "(h1, h2)", atol=1e-4)
        _compare(got[2], y, "y_hat", atol=1e-4, known=[
            (w2 @ h, "y_hat is the pre-activation a2 = w21 h1 + w22 h2: apply σ to it.", "")])
        return "Correct! h1 = σ(0) = 0.5 exactly: a pre-activation of 0 sits in the middle."

    @_check
    def mse_sigmoid_neuron(self, loss):
        """The lecture's loss L = (1/5) Σ (σ(w x_i + b) − y_i)² at w = 1, b = −1."""
        from .examples import sigmoid_neuron_data
        x, y = sigmoid_neuron_data()
        f = _sigmoid(1.0 * x - 1.0)
        expected = np.mean((f - y) ** 2)
        _compare(_scalar(loss, "loss"), expected, "loss", rtol=1e-4, known=[
            (np.sum((f - y) ** 2), "that is the sum of the squared errors; the lecture's L "
             "averages them (1/5 Σ …).", "Divide by the number of points."),
            (np.mean(np.abs(f - y)), "that is the mean absolute error; square the errors.", ""),
            (np.mean((1.0 * x - 1.0 - y) ** 2), "you left out the sigmoid: f(x) = σ(w x + b).",
             "")])
        return "Correct!"

    # ===== 03 Feed-forward networks ==========================================
    @_check
    def matrix_example(self, a1, a2):
        """The matrix slide: x = [2, 3] times the two matrices, a1 (2 numbers) and a2 (1 number)."""
        M1 = np.array([[0.11, 0.12], [0.21, 0.08]])
        M2 = np.array([0.14, 0.15])
        x = np.array([2.0, 3.0])
        _compare(a1, x @ M1, "a1", shape_strict=False, known=[
            (M1 @ x, "a1 multiplies the matrix the other way round (the transpose).",
             "The slide multiplies the ROW vector [2 3] from the left: x @ M1. In the "
             "lecture's convention W1 = M1ᵀ is (n_out, n_in), and a1 = W1 @ x.")])
        _compare(_scalar(a2, "a2"), (x @ M1) @ M2, "a2")
        return "Correct! 2·0.11 + 3·0.21 = 0.85, 2·0.12 + 3·0.08 = 0.48, then 0.191."

    @_check
    def layer_shapes(self, shapes):
        """The shapes of W1, W2, W3 for layer sizes [784, 128, 64, 10], as a list of tuples."""
        sizes = [784, 128, 64, 10]
        expected = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        if _missing(shapes):
            raise _NotAttempted
        if isinstance(shapes, (str, bytes, dict)) or not hasattr(shapes, "__len__"):
            raise _Wrong(f"expected a list of 3 shapes like [(128, 784), …], got {_fmt(shapes)}.")
        if len(shapes) != 3:
            raise _Wrong(f"expected 3 shapes (one per layer with weights), got {len(shapes)}.",
                         "The input layer has no weights: 4 sizes give 3 weight matrices.")
        try:
            got = [tuple(int(n) for n in s) for s in shapes]
        except Exception:  # noqa: BLE001
            raise _Wrong(f"each shape should be a pair of integers, got {_fmt(shapes)}.") \
                from None
        if got == expected:
            return "Correct! W_i is (n_out, n_in): 784·128 + 128·64 + 64·10 = 109,184 weights."
        if got == [s[::-1] for s in expected]:
            raise _Wrong("these are the transposed shapes (n_in, n_out).",
                         "The lecture's W_i is (n_out, n_in), so that a_i = W_i h_{i−1}.")
        raise _Wrong(f"not right yet: got {got}.", "W_i maps h_{i−1} (n_{i−1} numbers) to "
                     "a_i (n_i numbers).")

    @_check
    def dense_forward(self, fn):
        """``fn(W, b, h_prev)`` returns σ(a) with a = W h + b for a batch ``h_prev`` (N, n_in)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n_in, n_out, n = rng.integers(2, 6), rng.integers(2, 6), rng.integers(2, 5)
            while n_out == n_in:
                n_out = rng.integers(2, 7)
            W, b = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
            h_prev = rng.normal(size=(n, n_in))
            got, _ = _call(fn, W, b, h_prev, what="dense_forward(W, b, h_prev)")
            a = h_prev @ W.T + b
            _compare(got, _sigmoid(a), f"the output for W {W.shape}, h_prev {h_prev.shape}",
                     reveal=True, known=[
                         (a, "that is the pre-activation a: apply the sigmoid.", ""),
                         (_sigmoid(h_prev @ W.T), "the bias b is missing.", "")])
        return "Correct! In batch form a = h_prev @ W.T + b: one row per example."

    @_check
    def count_parameters(self, fn):
        """``fn(sizes)`` returns the number of weights and biases of a network with those sizes."""
        rng = _rng(self)
        for _ in range(self.trials):
            sizes = [int(s) for s in rng.integers(1, 50, size=rng.integers(2, 6))]
            got, _ = _call(fn, list(sizes), what="count_parameters(sizes)")
            weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
            _compare(_scalar(got, f"count_parameters({sizes})"), weights + sum(sizes[1:]),
                     f"count_parameters({sizes})", reveal=True, known=[
                         (weights, "you counted the weights only: every neuron also has a "
                          "bias.", ""),
                         (weights + sum(sizes), "you gave the input layer biases too; only "
                          "neurons that compute something have one.", "")])
        return "Correct!"

    # ===== 04 Softmax ========================================================
    @_check
    def softmax(self, fn):
        """``fn(a)`` returns softmax over the last axis, for one vector (K,) or a batch (N, K)."""
        rng = _rng(self)
        cases = [rng.normal(size=4), rng.normal(0, 2, size=(3, 5)),
                 np.array([1000.0, 1001.0, 999.0]) + rng.normal(size=3)]
        for a in cases:
            got, warns = _call(fn, a, what="softmax(a)")
            expected = _softmax(a)
            arr = np.asarray(got, dtype=np.float64) if not isinstance(got, str) else None
            if arr is not None and arr.shape == a.shape and not np.all(np.isfinite(arr)):
                raise _Wrong(f"softmax gives NaN or inf for large logits a = {_fmt(a)}.",
                             "e^{1000} overflows. Subtract max(a) first: the result does "
                             "not change, and the largest exponent becomes e^0 = 1.")
            if a.ndim == 2 and arr is not None and arr.shape == a.shape:
                if not np.allclose(arr.sum(axis=-1), 1.0) and np.allclose(arr.sum(axis=0), 1.0):
                    raise _Wrong("the columns sum to 1, not the rows: you normalised over the "
                                 "wrong axis.", "Use axis=-1 with keepdims=True: each row "
                                 "(one example) must sum to 1.")
            _compare(got, expected, f"softmax(a) for a of shape {a.shape}", reveal=True,
                     known=[(a / a.sum(axis=-1, keepdims=True), "that is a / Σa (divide by "
                             "the sum); softmax exponentiates first.", "")])
            if warns:
                raise _Wrong(f"the values are right, but NumPy warned “{warns[0]}”.",
                             "Subtract max(a) before exponentiating.")
        return "Correct! Subtracting max(a) keeps e^a finite for any logits."

    @_check
    def softmax_values(self, y_hat):
        """ŷ = softmax(a2) for the slide's a2 = [0.32, 0.29, 0.85]."""
        a = np.array([0.32, 0.29, 0.85])
        _compare(y_hat, _softmax(a), "y_hat", atol=5e-5, shape_strict=False, known=[
            (a / a.sum(), "that is a / Σa; softmax divides e^{a_k} by Σ e^{a_j}.", ""),
            (np.exp(a), "these are e^{a_k}: divide them by their sum.", ""),
            ([0.2718, 0.2634, 0.4648], "those are the slide's printed values; they differ in "
             "the 3rd decimal because the slide's a2 was rounded before, and its ŷ computed "
             "from, slightly different numbers.",
             "Compute softmax of exactly [0.32, 0.29, 0.85].")])
        return "Correct! The probabilities are positive and sum to 1."

    @_check
    def log_softmax(self, fn):
        """``fn(a)`` returns log softmax(a) over the last axis, finite for any logits."""
        rng = _rng(self)
        cases = [rng.normal(size=5), rng.normal(0, 3, size=(4, 3)),
                 np.array([1000.0, 0.0, -1000.0]) + rng.normal(size=3)]
        for a in cases:
            got, warns = _call(fn, a, what="log_softmax(a)")
            z = a - a.max(axis=-1, keepdims=True)
            expected = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
            arr = np.asarray(got, dtype=np.float64) if not isinstance(got, str) else None
            if arr is not None and arr.shape == a.shape and not np.all(np.isfinite(arr)):
                raise _Wrong(f"log_softmax gives -inf or NaN for a = {_fmt(a)}.",
                             "log(softmax(a)) takes the log of a probability that rounds to "
                             "0. Use log softmax(a) = (a − m) − log Σ e^{a_j − m}, m = max(a).")
            _compare(got, expected, f"log_softmax(a) for a of shape {a.shape}", reveal=True)
            if warns:
                raise _Wrong(f"the values are right, but NumPy warned “{warns[0]}”.",
                             "Use (a − m) − log Σ e^{a_j − m} with m = max(a).")
        return "Correct! This log-sum-exp form is what cross-entropy-from-logits uses."

    @_check
    def softmax_jacobian(self, fn):
        """``fn(a)`` returns the Jacobian J[k, j] = ∂ŷ_k/∂a_j of softmax at a vector a (K,)."""
        rng = _rng(self)
        for _ in range(self.trials):
            a = rng.normal(size=rng.integers(2, 6))
            got, _ = _call(fn, a, what="softmax_jacobian(a)")
            s = _softmax(a)
            _compare(got, np.diag(s) - np.outer(s, s), f"the Jacobian for a = {_fmt(a)}",
                     reveal=True, known=[
                         (np.diag(s), "only the diagonal: every ŷ_k depends on every a_j, so "
                          "the off-diagonal entries −ŷ_k ŷ_j are missing.", ""),
                         (np.diag(s * (1 - s)), "that is the sigmoid-like diagonal ŷ_k(1 − ŷ_k) "
                          "only; add the off-diagonal entries −ŷ_k ŷ_j.", ""),
                         (np.outer(s, s) - np.diag(s), "the sign is flipped: J = diag(ŷ) − ŷ ŷᵀ.",
                          "")])
        return "Correct! J = diag(ŷ) − ŷ ŷᵀ; each column sums to 0."

    # ===== 05 Gradient descent ===============================================
    @_check
    def sigmoid_neuron_grad(self, fn):
        """``fn(w, b, x, y)`` returns (∂L/∂w, ∂L/∂b) for L = (1/N) Σ (σ(w x_i + b) − y_i)²."""
        rng = _rng(self)
        for _ in range(self.trials):
            n = int(rng.integers(3, 8))
            x, y = rng.normal(size=n), rng.uniform(size=n)
            w, b = float(rng.normal()), float(rng.normal())
            got, _ = _call(fn, w, b, x, y, what="sigmoid_neuron_grad(w, b, x, y)")
            dw, db = _pair(got, "sigmoid_neuron_grad", names=["dL_dw", "dL_db"])
            f = _sigmoid(w * x + b)
            r = 2 * (f - y) / n
            g = r * f * (1 - f)
            what = f"for w = {w:.3f}, b = {b:.3f}"
            for value, exp, nosig, name in ((dw, np.sum(g * x), np.sum(r * x), "dL/dw"),
                                            (db, np.sum(g), np.sum(r), "dL/db")):
                _compare(_scalar(value, name), exp, f"{name} {what}", reveal=True, known=[
                    (nosig, f"{name} is missing the factor σ'(a) = f(1 − f).",
                     "Chain rule: ∂L/∂w = Σ ∂L/∂f · ∂f/∂a · ∂a/∂w, and ∂f/∂a = f(1 − f).")])
            _compare(_scalar(dw, "dL/dw"), np.sum(g * x), "dL/dw", known=[
                (np.sum(g), "dL/dw is missing the factor x_i (∂a/∂w = x).", "")])
        return "Correct! Both gradients carry the factor 2(f − y) · f(1 − f)."

    @_check
    def gd_step(self, fn):
        """``fn(w, b, dw, db, lr)`` returns the updated (w, b) after one gradient-descent step."""
        rng = _rng(self)
        for _ in range(self.trials):
            w, b, dw, db = (float(v) for v in rng.normal(size=4))
            lr = float(rng.uniform(0.05, 1.0))
            got, _ = _call(fn, w, b, dw, db, lr, what="gd_step(w, b, dw, db, lr)")
            w_new, b_new = _pair(got, "gd_step", names=["w", "b"])
            known = [((w + lr * dw, b + lr * db), "you added the gradient: that walks uphill.",
                      "Gradient descent goes against the gradient: w ← w − η ∂L/∂w."),
                     ((w - dw, b - db), "the learning rate η is missing.", "")]
            _compare([_scalar(w_new, "w"), _scalar(b_new, "b")], [w - lr * dw, b - lr * db],
                     "(w, b)", reveal=True, known=known)
        return "Correct! w ← w − η ∂L/∂w, b ← b − η ∂L/∂b."

    @_check
    def gd_result(self, w, b, loss):
        """(w, b, loss) after 1000 steps of gradient descent, η = 1, from w = b = 0 on the 5 points."""
        from .examples import sigmoid_neuron_data
        x, y = sigmoid_neuron_data()
        ww = bb = 0.0
        for _ in range(1000):
            f = _sigmoid(ww * x + bb)
            g = 2 * (f - y) / len(x) * f * (1 - f)
            ww, bb = ww - np.sum(g * x), bb - np.sum(g)
        final = float(np.mean((_sigmoid(ww * x + bb) - y) ** 2))
        got = [_scalar(w, "w"), _scalar(b, "b"), _scalar(loss, "loss")]
        _compare(got[:2], [ww, bb], "(w, b)", rtol=1e-4, atol=1e-6)
        _compare(got[2], final, "loss", rtol=1e-4, atol=1e-8)
        return (f"Correct! After 1000 steps w ≈ {ww:.2f}, b ≈ {bb:.2f}: on its way to the "
                f"w = 1.5, b = −2 that generated the data.")

    # ===== 06 The chain rule =================================================
    @_check
    def exp_chain_sympy(self, expr, x):
        """The SymPy derivative of e^{e^{x²}} with respect to the symbol ``x``."""
        sp = _sympy()
        x = _symbol(x, "x")
        f = sp.exp(sp.exp(x ** 2))
        expected = sp.diff(f, x)
        _sympy_equal(expr, expected, x, "d/dx e^(e^(x²))", known=[
            (sp.exp(sp.exp(x ** 2)) * sp.exp(x ** 2), "the factor 2x (the derivative of x²) is "
             "missing.", "The chain rule multiplies the derivatives of ALL nested functions."),
            (sp.exp(sp.exp(x ** 2)) * 2 * x, "the factor e^{x²} (the derivative of the middle "
             "function) is missing.", "")])
        return "Correct! 2x e^{x²} e^{e^{x²}}: one factor per nested function."

    @_check
    def sigmoid_derivative_sympy(self, expr, a):
        """The SymPy derivative dσ/da of σ(a) = 1/(1 + e^{−a}) with respect to the symbol ``a``."""
        sp = _sympy()
        a = _symbol(a, "a")
        s = 1 / (1 + sp.exp(-a))
        _sympy_equal(expr, s * (1 - s), a, "dσ/da", known=[
            (-sp.exp(-a) / (1 + sp.exp(-a)) ** 2, "the sign is wrong: the derivative of e^{−a} "
             "is −e^{−a}, and d(1/u)/du = −1/u²; the two minus signs cancel.", ""),
            (s * s, "that is σ², not σ(1 − σ).", "")])
        return "Correct! It simplifies to σ(a)(1 − σ(a)): the derivative from the value alone."

    @_check
    def chain_rule_numeric(self, value):
        """dL/dw for L(w) = (σ(w x) − y)² at w = 0.5, x = 2, y = 1, as a number."""
        w, x, y = 0.5, 2.0, 1.0
        f = float(_sigmoid(np.array(w * x)))
        full = 2 * (f - y) * f * (1 - f) * x
        _compare(_scalar(value, "dL/dw"), full, "dL/dw", rtol=1e-4, known=[
            (2 * (f - y) * x, "the factor σ'(a) = σ(a)(1 − σ(a)) is missing.", ""),
            (2 * (f - y) * f * (1 - f), "the factor ∂a/∂w = x is missing.", ""),
            ((f - y) * f * (1 - f) * x, "off by a factor 2: d(u²)/du = 2u.", "")])
        return "Correct! dL/dw = 2(σ(a) − y) · σ(a)(1 − σ(a)) · x."

    @_check
    def tanh_derivative(self, fn):
        """``fn(a)`` returns tanh'(a) element-wise (numpy, not SymPy)."""
        rng = _rng(self)
        for _ in range(self.trials):
            a = rng.normal(0, 2, size=rng.integers(2, 8))
            got, _ = _call(fn, a, what="tanh_derivative(a)")
            t = np.tanh(a)
            _compare(got, 1 - t ** 2, f"tanh'(a) for a = {_fmt(a)}", reveal=True, known=[
                (1 - t, "that is 1 − tanh(a); the derivative is 1 − tanh(a)².", ""),
                (t * (1 - t), "that is the sigmoid's formula; tanh' = 1 − tanh².", "")])
        return "Correct! tanh'(a) = 1 − tanh(a)², again from the value alone."

    # ===== 07 Backpropagation ================================================
    @_check
    def output_delta(self, fn):
        """``fn(y_hat, y)`` returns δ_L = ∂L/∂a_L for softmax + mean cross-entropy, a batch (N, K)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n, k = int(rng.integers(2, 6)), int(rng.integers(2, 5))
            y_hat = _softmax(rng.normal(size=(n, k)))
            y = np.eye(k)[rng.integers(0, k, size=n)]
            got, _ = _call(fn, y_hat, y, what="output_delta(y_hat, y)")
            _compare(got, (y_hat - y) / n, f"δ_L for N = {n}", reveal=True, known=[
                (y_hat - y, "the 1/N of the mean is missing: the loss averages over the N "
                 "examples, so does its gradient.", ""),
                (-y / y_hat / n, "that is ∂L/∂ŷ; δ_L is the gradient with respect to the "
                 "pre-activation a_L, which goes through the softmax.",
                 "Through softmax, ∂L/∂a_L simplifies to (ŷ − y)/N.")])
        return "Correct! δ_L = (ŷ − y)/N: the softmax Jacobian and −y/ŷ cancel beautifully."

    @_check
    def hidden_delta(self, fn):
        """``fn(W_next, delta_next, a)`` returns δ_i = (W_{i+1}ᵀ δ_{i+1}) ⊙ σ'(a_i), one example."""
        rng = _rng(self)
        for _ in range(self.trials):
            n_i, n_next = int(rng.integers(2, 6)), int(rng.integers(2, 6))
            while n_next == n_i:
                n_next = int(rng.integers(2, 7))
            W = rng.normal(size=(n_next, n_i))
            d = rng.normal(size=n_next)
            a = rng.normal(size=n_i)
            got, _ = _call(fn, W, d, a, what="hidden_delta(W_next, delta_next, a)")
            s = _sigmoid(a)
            _compare(got, (W.T @ d) * s * (1 - s),
                     f"δ_i for W_next {W.shape}", reveal=True, known=[
                         (W.T @ d, "the factor σ'(a_i) = σ(a_i)(1 − σ(a_i)) is missing.",
                          "δ_i is the gradient with respect to a_i, so it goes through h_i = "
                          "σ(a_i) too."),
                         ((W.T @ d) * s, "you multiplied by σ(a_i); the factor is its "
                          "derivative σ(a_i)(1 − σ(a_i)).", "")])
        return "Correct! Backwards through W_{i+1} uses its transpose, then ⊙ σ'(a_i)."

    @_check
    def weight_gradient(self, fn):
        """``fn(delta, h_prev)`` returns ∂L/∂W_i = δ_i h_{i−1}ᵀ (one example), shape (n_out, n_in)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n_out, n_in = int(rng.integers(2, 6)), int(rng.integers(2, 6))
            while n_out == n_in:
                n_in = int(rng.integers(2, 7))
            d, h = rng.normal(size=n_out), rng.normal(size=n_in)
            got, _ = _call(fn, d, h, what="weight_gradient(delta, h_prev)")
            _compare(got, np.outer(d, h), f"∂L/∂W for δ {d.shape}, h_prev {h.shape}",
                     reveal=True)
        return "Correct! ∂L/∂w_jk = δ_j h_k: same shape (n_out, n_in) as W."

    @_check
    def backprop_221(self, dW1, dW2):
        """∂L/∂W1 (2, 2) and ∂L/∂W2 (1, 2) for the 2-2-1 network (set 1) at x = (1, 2), y = 1,
        with L = ½ (ŷ − y)²."""
        W1 = np.array([[-2.0, 1.0], [-1.5, 1.5]])
        W2 = np.array([[1.0, -1.0]])
        x, y = np.array([1.0, 2.0]), np.array([1.0])
        h1 = _sigmoid(W1 @ x)
        yh = _sigmoid(W2 @ h1)
        d2 = (yh - y) * yh * (1 - yh)
        d1 = (W2.T @ d2) * h1 * (1 - h1)
        _compare(dW2, np.outer(d2, h1), "dW2", shape_strict=False, known=[
            (np.outer(yh - y, h1), "dW2 is missing the output's σ'(a2) = ŷ(1 − ŷ).", "")])
        _compare(dW1, np.outer(d1, x), "dW1", known=[
            (np.outer(W2.T @ d2, x), "dW1 is missing the hidden layer's σ'(a1) factor.", ""),
            (np.outer(x, d1), "dW1 is transposed: row j belongs to hidden neuron j.", "")])
        return "Correct! One backward sweep: δ2, then δ1 = (W2ᵀ δ2) ⊙ σ'(a1)."

    # ===== 08 Backpropagation step by step ===================================
    @_check
    def worked_forward(self, out_o1, out_o2, E_total):
        """The worked example's forward pass: out_o1, out_o2 and E_total = Σ ½ (target − out)²."""
        o = _worked()["out_o"]
        t = np.array([0.01, 0.99])
        got = [_scalar(out_o1, "out_o1"), _scalar(out_o2, "out_o2"), _scalar(E_total, "E_total")]
        _compare(got[:2], o, "(out_o1, out_o2)", rtol=1e-7)
        _compare(got[2], 0.5 * np.sum((t - o) ** 2), "E_total", rtol=1e-7, known=[
            (np.sum((t - o) ** 2), "off by a factor 2: the worked example uses ½ (target − "
             "out)².", ""),
            (np.mean((t - o) ** 2), "that is the mean of the squared errors; E_total is Σ ½ "
             "(target − out)².", "")])
        return "Correct! out_o1 = 0.75136507, out_o2 = 0.772928465, E_total = 0.298371109."

    @_check
    def worked_w5(self, dE_dw5, w5_new):
        """∂E_total/∂w5 and the updated w5 (η = 0.5) of the worked example."""
        v = _worked()
        o1, h1 = v["out_o"][0], v["out_h"][0]
        g = (o1 - 0.01) * o1 * (1 - o1) * h1
        _compare(_scalar(dE_dw5, "dE_dw5"), g, "dE_dw5", rtol=1e-6, known=[
            ((o1 - 0.01) * h1, "the factor ∂out_o1/∂net_o1 = out_o1(1 − out_o1) is missing.",
             ""),
            ((o1 - 0.01) * o1 * (1 - o1), "the factor ∂net_o1/∂w5 = out_h1 is missing.", "")])
        _compare(_scalar(w5_new, "w5_new"), 0.40 - 0.5 * g, "w5_new", rtol=1e-7, known=[
            (0.40 + 0.5 * g, "you added η·gradient: subtract it.", ""),
            (0.40 - g, "the learning rate η = 0.5 is missing.", "")])
        return "Correct! w5⁺ = 0.4 − 0.5 · 0.082167041 = 0.35891648."

    @_check
    def worked_w1(self, dE_dw1, w1_new):
        """∂E_total/∂w1 and the updated w1 (η = 0.5) of the worked example (both output paths)."""
        v = _worked()
        o, h = v["out_o"], v["out_h"]
        t = np.array([0.01, 0.99])
        d_o = (o - t) * o * (1 - o)
        W2 = np.array([[0.40, 0.45], [0.50, 0.55]])
        dh1 = d_o @ W2[:, 0]
        g = dh1 * h[0] * (1 - h[0]) * 0.05
        only_o1 = d_o[0] * W2[0, 0] * h[0] * (1 - h[0]) * 0.05
        _compare(_scalar(dE_dw1, "dE_dw1"), g, "dE_dw1", rtol=1e-5, known=[
            (only_o1, "you followed only the path through o1; out_h1 also feeds o2 (via w7).",
             "Sum the chain rule over both paths: ∂E/∂out_h1 = ∂E_o1/∂out_h1 + ∂E_o2/∂out_h1."),
            (dh1 * 0.05, "the factor ∂out_h1/∂net_h1 = out_h1(1 − out_h1) is missing.", ""),
            (dh1 * h[0] * (1 - h[0]), "the factor ∂net_h1/∂w1 = i1 = 0.05 is missing.", "")])
        _compare(_scalar(w1_new, "w1_new"), 0.15 - 0.5 * g, "w1_new", rtol=1e-7, known=[
            (0.15 + 0.5 * g, "you added η·gradient: subtract it.", "")])
        return "Correct! w1⁺ = 0.149780716: both output paths summed."

    @_check
    def numerical_gradient(self, fn):
        """``fn(f, theta)`` returns the central-difference gradient of the scalar f(theta)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n = int(rng.integers(2, 6))
            A = rng.normal(size=(n, n))
            c = rng.normal(size=n)
            theta = rng.normal(size=n)

            def f(t, A=A, c=c):
                t = np.asarray(t, dtype=np.float64)
                return float(np.sum(np.exp(0.5 * t) * c) + t @ A @ t + np.sum(t ** 3))

            exact = 0.5 * np.exp(0.5 * theta) * c + (A + A.T) @ theta + 3 * theta ** 2
            got, _ = _call(fn, f, theta, what="numerical_gradient(f, theta)")
            got = _array(got, "the gradient")
            _shape_problem(got, exact, "the gradient")
            err = float(np.linalg.norm(got - exact) / (np.linalg.norm(got) + np.linalg.norm(exact)))
            if err > 1e-7:
                hint = ("A one-sided difference (f(θ + ε) − f(θ))/ε has an error ~ε; the "
                        "central difference (f(θ + ε) − f(θ − ε))/(2ε) has ~ε². Use ε ≈ 1e-6 "
                        "(much smaller and rounding errors take over).")
                if err > 0.1:
                    hint = ("Perturb one entry at a time, restore it, and divide by 2ε. " + hint)
                raise _Wrong(f"relative error {err:.1e} against the exact gradient; a central "
                             f"difference reaches about 1e-9.", hint)
        return "Correct! Central differences: error ~ε², about 1e-9 here."

    # ===== 09 Cross-entropy ==================================================
    @_check
    def binary_ce(self, y_hat, loss):
        """ŷ and the binary cross-entropy loss of the slide's 4-4-1 network (target y = 0)."""
        from .examples import binary_ce_example
        net, x, _ = binary_ce_example()
        p = float(net.predict(x)[0])
        _compare(_scalar(y_hat, "y_hat"), p, "y_hat", atol=5e-5, known=[
            (float(net.forward(x).a[2][0]), "that is the pre-activation a2: apply the sigmoid.",
             ""),
            (0.7152, "0.7152 is the slide's value, the sigmoid of the rounded a2 = 0.921; "
             "compute ŷ from the exact a2.", "")])
        _compare(_scalar(loss, "loss"), -np.log(1 - p), "loss", rtol=1e-4, known=[
            (-np.log(p), "that is −log ŷ, the loss for y = 1; here y = 0, so L = −log(1 − ŷ).",
             ""),
            (1.2560, "1.2560 is the slide's value, computed from the rounded ŷ = 0.7152; from "
             "the exact ŷ the loss is slightly larger.", "Compute −log(1 − ŷ) with the exact ŷ.")])
        return "Correct! With y = 0 only the term −log(1 − ŷ) remains."

    @_check
    def multiclass_ce(self, y_hat, loss):
        """ŷ (3 probabilities) and the cross-entropy loss of the slide's 4-4-3 network, y = [0, 0, 1]."""
        from .examples import multiclass_ce_example
        net, x, _ = multiclass_ce_example()
        p = net.predict(x)
        _compare(y_hat, p, "y_hat", atol=5e-5, shape_strict=False, known=[
            ([0.2718, 0.2634, 0.4648], "those are the slide's printed values; the slide rounds "
             "a1, h1 and a2 to two decimals along the way. Compute without rounding.", "")])
        _compare(_scalar(loss, "loss"), -np.log(p[2]), "loss", rtol=1e-4, known=[
            (-np.sum(np.log(p)), "you summed −log ŷ_k over all classes; only the true class "
             "(y_k = 1) counts.", ""),
            (0.7661, "0.7661 is the slide's value (−log 0.4648); use your exact ŷ_3.", "")])
        return "Correct! L = −log ŷ_3: only the true class's probability matters."

    @_check
    def cross_entropy(self, fn):
        """``fn(y_hat, y)`` returns the mean cross-entropy −(1/N) Σ_n Σ_k y_nk log ŷ_nk (batch rows)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n, k = int(rng.integers(2, 7)), int(rng.integers(2, 5))
            y_hat = _softmax(rng.normal(size=(n, k)))
            y = np.eye(k)[rng.integers(0, k, size=n)]
            got, _ = _call(fn, y_hat, y, what="cross_entropy(y_hat, y)")
            expected = -np.sum(y * np.log(y_hat)) / n
            _compare(_scalar(got, "the loss"), expected, f"the loss for N = {n}", reveal=True,
                     known=[(-np.sum(np.log(y_hat)) / n, "you summed log ŷ over every class; "
                             "multiply by y first so only the true class counts.", "")])
        return "Correct! −(1/N) Σ y log ŷ."

    @_check
    def bce_logit_gradient(self, fn):
        """``fn(a, y)`` returns ∂L/∂a for L = mean binary cross-entropy of σ(a), a and y shape (N,)."""
        rng = _rng(self)
        for _ in range(self.trials):
            n = int(rng.integers(2, 8))
            a = rng.normal(0, 2, size=n)
            y = rng.integers(0, 2, size=n).astype(float)
            got, _ = _call(fn, a, y, what="bce_logit_gradient(a, y)")
            p = _sigmoid(a)
            _compare(got, (p - y) / n, f"∂L/∂a for N = {n}", reveal=True, known=[
                ((p - y) * p * (1 - p) / n, "the extra factor σ'(a) = ŷ(1 − ŷ) should not be "
                 "there: ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)) cancels it.", "")])
        return "Correct! (σ(a) − y)/N: the same clean form as softmax with cross-entropy."

    # ===== 10 Optimizers =====================================================
    @_check
    def momentum_step(self, fn):
        """``fn(w, u, g, lr, gamma)`` returns (w_new, u_new): u ← γ u + η g, w ← w − u."""
        rng = _rng(self)
        for _ in range(self.trials):
            w, u, g = rng.normal(size=(3, 4))
            lr, gamma = float(rng.uniform(0.01, 0.5)), float(rng.uniform(0.5, 0.99))
            got, _ = _call(fn, w, u, g, lr, gamma, what="momentum_step(w, u, g, lr, gamma)")
            w_new, u_new = _pair(got, "momentum_step", names=["w_new", "u_new"])
            u_exp = gamma * u + lr * g
            _compare(u_new, u_exp, "u_new", reveal=True, known=[
                (gamma * u + g, "u_new = γ u + g is PyTorch's velocity; the lecture's "
                 "u_t = γ u_{t−1} + η ∇w_t includes η.", ""),
                (u + lr * g, "the decay γ of the old velocity is missing.", "")])
            _compare(w_new, w - u_exp, "w_new", reveal=True, known=[
                (w - lr * g, "w_new ignores the velocity: step by the whole u_t.", ""),
                (w + u_exp, "you added u_t: subtract it.", "")])
        return "Correct! u_t = γ u_{t−1} + η ∇w_t, then w_{t+1} = w_t − u_t."

    @_check
    def rmsprop_step(self, fn):
        """``fn(w, v, g, lr, beta, eps)`` returns (w_new, v_new): v ← β v + (1 − β) g², w ← w − η g/(√v + ε)."""
        rng = _rng(self)
        for _ in range(self.trials):
            w, g = rng.normal(size=(2, 4))
            v = rng.uniform(0, 1, size=4)
            lr, beta, eps = float(rng.uniform(0.001, 0.1)), float(rng.uniform(0.8, 0.99)), 1e-8
            got, _ = _call(fn, w, v, g, lr, beta, eps, what="rmsprop_step(w, v, g, lr, beta, eps)")
            w_new, v_new = _pair(got, "rmsprop_step", names=["w_new", "v_new"])
            v_exp = beta * v + (1 - beta) * g ** 2
            _compare(v_new, v_exp, "v_new", reveal=True, known=[
                (v + g ** 2, "that is AdaGrad's sum v + g²; RMSProp decays the old v.", ""),
                (beta * v + (1 - beta) * g, "v should average the SQUARED gradient g².", "")])
            _compare(w_new, w - lr * g / (np.sqrt(v_exp) + eps), "w_new", reveal=True, known=[
                (w - lr * g / (v_exp + eps), "divide by the square root √v, not v.", "")])
        return "Correct! Each weight gets its own step size η/√v."

    @_check
    def adam_step(self, fn):
        """``fn(w, m, v, g, t, lr, beta1, beta2, eps)`` returns (w_new, m_new, v_new) for Adam step t."""
        rng = _rng(self)
        for _ in range(self.trials):
            w, m, g = rng.normal(size=(3, 4))
            v = rng.uniform(0, 1, size=4)
            t = int(rng.integers(1, 6))
            lr, b1, b2, eps = float(rng.uniform(0.001, 0.1)), 0.9, 0.999, 1e-8
            got, _ = _call(fn, w, m, v, g, t, lr, b1, b2, eps,
                           what="adam_step(w, m, v, g, t, lr, beta1, beta2, eps)")
            w_new, m_new, v_new = _pair(got, "adam_step", 3, ["w_new", "m_new", "v_new"])
            m_exp = b1 * m + (1 - b1) * g
            v_exp = b2 * v + (1 - b2) * g ** 2
            m_hat, v_hat = m_exp / (1 - b1 ** t), v_exp / (1 - b2 ** t)
            _compare(m_new, m_exp, "m_new", reveal=True, known=[
                (m_hat, "m_new should be the raw running average; apply the bias correction "
                 "only when computing the step.", "")])
            _compare(v_new, v_exp, "v_new", reveal=True)
            _compare(w_new, w - lr * m_hat / (np.sqrt(v_hat) + eps), f"w_new (t = {t})",
                     reveal=True, known=[
                         (w - lr * m_exp / (np.sqrt(v_exp) + eps),
                          "the bias correction is missing.",
                          "Divide m by (1 − β1^t) and v by (1 − β2^t) before the step."),
                         (w - lr * g, "w_new moved by plain gradient descent; use "
                          "m̂/(√v̂ + ε).", "")])
        return "Correct! Momentum on g, RMSProp on g², both bias-corrected."

    # ===== 11 Batching and schedules =========================================
    @_check
    def updates_per_epoch(self, fn):
        """``fn(n_examples, batch_size)`` returns how many updates one epoch makes (last batch may be smaller)."""
        rng = _rng(self)
        cases = [(1000, 32), (1000, 1000), (1000, 1), (64, 32)]
        cases += [(int(rng.integers(10, 5000)), int(rng.integers(1, 200)))
                  for _ in range(self.trials)]
        for n, bs in cases:
            got, _ = _call(fn, n, bs, what="updates_per_epoch(n_examples, batch_size)")
            _compare(_scalar(got, "the count"), -(-n // bs), f"updates_per_epoch({n}, {bs})",
                     reveal=True, known=[
                         (n // bs, "you dropped the last, smaller mini-batch: round up.",
                          "math.ceil(n / batch_size), or -(-n // batch_size).")]
                     if n % bs else [])
        return "Correct! Batch GD: 1 update per epoch; SGD: N; mini-batches: ⌈N/B⌉."

    @_check
    def step_decay(self, fn):
        """``fn(t, lr0, drop, every)`` returns η_t = η_0 · drop^⌊t/every⌋."""
        rng = _rng(self)
        for _ in range(self.trials):
            t, every = int(rng.integers(0, 100)), int(rng.integers(2, 20))
            lr0, drop = float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 0.9))
            got, _ = _call(fn, t, lr0, drop, every, what="step_decay(t, lr0, drop, every)")
            _compare(_scalar(got, "η_t"), lr0 * drop ** (t // every),
                     f"step_decay({t}, {lr0:.3f}, {drop:.3f}, {every})", reveal=True, known=[
                         (lr0 * drop ** (t / every), "the exponent must be the whole number "
                          "⌊t/every⌋ (t // every): the rate drops in steps, not smoothly.", "")])
        return "Correct! η stays constant for `every` steps, then drops."

    # ===== 12 Architectures, initialisation and activations ==================
    @_check
    def xavier_uniform(self, fn):
        """``fn(n_in, n_out, rng)`` returns W (n_out, n_in) ~ U[−r, r], r = √(6/(n_in + n_out))."""
        rng = _rng(self)
        n_in, n_out = int(rng.integers(300, 400)), int(rng.integers(100, 200))
        seed = int(rng.integers(2**31))
        got, _ = _call(fn, n_in, n_out, np.random.default_rng(seed),
                       what="xavier_uniform(n_in, n_out, rng)")
        W = _array(got, "W")
        if W.shape == (n_in, n_out):
            raise _Wrong(f"W has shape {W.shape} = (n_in, n_out): transposed.",
                         "The lecture's W is (n_out, n_in).")
        if W.shape != (n_out, n_in):
            raise _Wrong(f"W has shape {W.shape} instead of (n_out, n_in) = {(n_out, n_in)}.")
        again, _ = _call(fn, n_in, n_out, np.random.default_rng(seed),
                         what="xavier_uniform(n_in, n_out, rng)")
        if not np.array_equal(np.asarray(again, dtype=float), W):
            raise _Wrong("two calls with the same rng seed gave different weights.",
                         "Draw from the rng you are given (rng.uniform), not np.random.")
        r = np.sqrt(6.0 / (n_in + n_out))
        std = float(W.std())
        if abs(std - np.sqrt(2.0 / n_in)) < 0.02 * std:
            raise _Wrong("that is He's scale √(2/n_in); Xavier uses 2/(n_in + n_out).", "")
        if np.abs(W).max() > r * (1 + 1e-9) or abs(std - r / np.sqrt(3)) > 0.03 * r / np.sqrt(3):
            raise _Wrong(f"the weights do not look like U[−r, r] with r = {r:.4f}: their "
                         f"standard deviation is {std:.4f}, expected about {r / np.sqrt(3):.4f}.",
                         "rng.uniform(-r, r, size=(n_out, n_in)) with r = √(6/(n_in + n_out)).")
        return "Correct! Variance r²/3 = 2/(n_in + n_out)."

    @_check
    def choose_init(self, answers):
        """A dict mapping "sigmoid", "tanh", "relu" to "xavier" or "he"."""
        if _missing(answers):
            raise _NotAttempted
        if not isinstance(answers, dict):
            raise _Wrong(f"expected a dict like {{'sigmoid': 'xavier', …}}, got {_fmt(answers)}.")
        expected = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}
        for key, good in expected.items():
            value = answers.get(key)
            if _missing(value):
                raise _NotAttempted
            value = str(value).strip().lower().replace("glorot", "xavier")
            if value not in ("xavier", "he"):
                raise _Wrong(f"answers[{key!r}] is {answers.get(key)!r}; use 'xavier' or 'he'.")
            if value != good:
                reason = ("ReLU zeroes half of its inputs, so He doubles the variance: 2/n_in."
                          if key == "relu" else
                          f"{key} is symmetric around 0 and roughly linear there: Xavier keeps "
                          f"the variance of the signal constant across layers.")
                raise _Wrong(f"not {value!r} for {key}.", reason)
        return "Correct! Xavier for sigmoid/tanh, He for ReLU."

    # ===== 13 Regularisation =================================================
    @_check
    def l2_gradient(self, fn):
        """``fn(dW, W, lam)`` returns the gradient of L + (λ/2)‖W‖² given dW = ∂L/∂W."""
        rng = _rng(self)
        for _ in range(self.trials):
            dW, W = rng.normal(size=(2, 3, 4))
            lam = float(rng.uniform(0.001, 0.5))
            got, _ = _call(fn, dW, W, lam, what="l2_gradient(dW, W, lam)")
            _compare(got, dW + lam * W, "the regularised gradient", reveal=True, known=[
                (dW + 2 * lam * W, "off by a factor 2 in the penalty's gradient: with (λ/2)‖W‖² "
                 "it is λW.", ""),
                (dW - lam * W, "the penalty's gradient is +λW (it pulls weights towards 0 once "
                 "subtracted in the update).", ""),
                (lam * W, "you dropped the loss gradient dW; add λW to it.", "")])
        return "Correct! Weight decay: the update shrinks W by a factor (1 − ηλ) each step."

    @_check
    def inverted_dropout(self, fn):
        """``fn(h, p, rng)`` zeroes each unit with probability p and scales the rest by 1/(1 − p)."""
        rng = _rng(self)
        p = float(rng.uniform(0.2, 0.6))
        h = rng.uniform(0.5, 1.5, size=(200, 100))
        got, _ = _call(fn, h, p, np.random.default_rng(int(rng.integers(2**31))),
                       what="inverted_dropout(h, p, rng)")
        out = _array(got, "the output")
        _shape_problem(out, h, "the output")
        dropped = float(np.mean(out == 0))
        if abs(dropped - (1 - p)) < 0.02 and abs(p - 0.5) > 0.05:
            raise _Wrong(f"{dropped:.0%} of the units were dropped with p = {p:.2f}: you kept "
                         f"units with probability p.", "p is the probability of DROPPING a unit.")
        if abs(dropped - p) > 0.02:
            raise _Wrong(f"{dropped:.0%} of the units were dropped, expected about {p:.0%}.")
        kept = out != 0
        if np.allclose(out[kept], h[kept]):
            raise _Wrong("the kept units are not scaled.", "Divide the survivors by 1 − p, so "
                         "the expected value of each unit stays the same.")
        if not np.allclose(out[kept], h[kept] / (1 - p)):
            raise _Wrong("the kept units are not h / (1 − p).", "")
        return "Correct! E[output] = h, so nothing changes at test time."


# ----- helpers for specific checks -------------------------------------------

def _worked():
    W1 = np.array([[0.15, 0.20], [0.25, 0.30]])
    W2 = np.array([[0.40, 0.45], [0.50, 0.55]])
    x = np.array([0.05, 0.10])
    h = _sigmoid(W1 @ x + 0.35)
    return {"out_h": h, "out_o": _sigmoid(W2 @ h + 0.60)}


def _sympy():
    import sympy
    return sympy


def _symbol(s, name):
    sp = _sympy()
    if isinstance(s, sp.Symbol):
        return s
    raise _Wrong(f"the second argument should be your SymPy symbol {name} "
                 f"(e.g. {name} = sp.Symbol('{name}')), got {_fmt(s)}.")


def _sympy_equal(expr, expected, var, what, known=()):
    """Compare two SymPy expressions in ``var`` at random points (robust) and symbolically."""
    sp = _sympy()
    if _missing(expr):
        raise _NotAttempted
    if isinstance(expr, str):
        raise _Wrong(f"{what} is a string; build a SymPy expression (e.g. with sp.diff).")
    try:
        expr = sp.sympify(expr)
    except Exception:  # noqa: BLE001
        raise _Wrong(f"{what} is not a SymPy expression (got {type(expr).__name__}).") from None
    extra = expr.free_symbols - {var}
    if extra:
        raise _Wrong(f"{what} contains other symbols {sorted(map(str, extra))}; it should depend "
                     f"on {var} only.", "Use the same symbol object you differentiated with.")
    points = [-1.3, -0.4, 0.2, 0.7, 1.1]

    def values(e):
        f = sp.lambdify(var, e, "math")
        return np.array([float(f(p)) for p in points])

    try:
        got = values(expr)
    except Exception as err:  # noqa: BLE001
        raise _Wrong(f"could not evaluate {what} at numbers ({type(err).__name__}).") from None
    if np.allclose(got, values(expected), rtol=1e-9, atol=1e-12):
        return
    for value, message, hint in known:
        if np.allclose(got, values(value), rtol=1e-9, atol=1e-12):
            raise _Wrong(message, hint)
    raise _Wrong(f"{what} is not right yet: your expression is {expr}.",
                 "Let SymPy do it: sp.diff(f, variable).")


check = Checker()
