r"""Quick questions for the end of each chapter page, answered in the page itself.

Each chapter ``n`` (2–13) has a few questions, returned by :func:`questions` as plain
dicts that the book's Sphinx extension (``book/_ext/quick_questions.py``) turns into
HTML with a small local script: no kernel, no other host, works on a phone.  Every
correct value, and every computed wrong value with its own feedback, comes from the
package at build time (never typed by hand); ``tests/test_quick_questions.py``
recomputes them with :mod:`ffnn_course.references`.

Two kinds:

* :func:`numeric`: a number, right within an absolute tolerance ``tol``; a likely
  wrong answer (a computed mistake) gets its own feedback;
* :func:`choice`: multiple choice, one right option, feedback for every option.

>>> q = numeric("demo", "1 + 1?", 2.0, tol=0.01, mistakes=[(11.0, "Numbers, not text.")])
>>> q["kind"], q["answer"], q["mistakes"][0]["value"]
('numeric', 2.0, 11.0)
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["numeric", "choice", "questions", "CHAPTERS"]

CHAPTERS = range(2, 14)
_MODULES = {2: "part1", 3: "part1", 4: "part1", 5: "part1",
            6: "part2", 7: "part2", 8: "part2", 9: "part2",
            10: "part3", 11: "part3", 12: "part3", 13: "part3"}


def numeric(qid: str, text: str, answer, *, tol: float, mistakes=(), explain: str = "",
            hint: str = "") -> dict:
    """A question answered with a number: right if ``|x − answer| ≤ tol``.

    ``mistakes`` is a list of ``(wrong value, feedback)``: the value a likely mistake
    gives, computed, and what to say when the reader's answer matches it.  ``explain``
    is shown with a right answer, ``hint`` with any other wrong answer.
    """
    return {"kind": "numeric", "id": qid, "text": text, "answer": float(answer),
            "tol": float(tol), "explain": explain, "hint": hint,
            "mistakes": [{"value": float(v), "feedback": f} for v, f in mistakes]}


def choice(qid: str, text: str, options) -> dict:
    """A multiple-choice question: ``options`` is a list of ``(text, correct, feedback)``.

    The options are shown rotated by an amount fixed by ``qid`` (deterministic, so the
    page is the same at every build), so the right one is not always first.
    """
    options = [{"text": t, "correct": bool(c), "feedback": f} for t, c, f in options]
    shift = sum(map(ord, qid)) % len(options) if options else 0
    return {"kind": "choice", "id": qid, "text": text,
            "options": options[shift:] + options[:shift]}


def questions(chapter) -> list:
    """The quick questions of a chapter (an int 2–13, or a label such as ``"ch05"``)."""
    if isinstance(chapter, str) and chapter.lower().startswith("ch"):
        chapter = chapter[2:]
    try:
        n = int(chapter)
    except (TypeError, ValueError):
        raise ValueError(f"chapter must be a number 2–13 or a label like 'ch05', "
                         f"got {chapter!r}") from None
    if n not in _MODULES:
        raise ValueError(f"chapter must be between 2 and 13, got {n}")
    module = import_module(f"{__name__}.{_MODULES[n]}")
    return getattr(module, f"ch{n:02d}")()
