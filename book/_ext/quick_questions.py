"""Sphinx extension: quick questions answered in the page itself (no kernel, no other host).

In a markdown cell of a chapter notebook (or any MyST page)::

    ```{quick-questions} ch05
    ```

renders the questions of :func:`ffnn_course.quiz.questions` for that chapter: their
correct values and computed wrong values come from the package at build time.  The
HTML is plain and accessible (a label for every input, radio buttons in a fieldset,
feedback in an ``aria-live`` region); ``book/assets/quick_questions/quick-questions.js``
(served locally, listed in ``_config.yml``) checks the answers in the browser.  Maths
in the questions is written in Unicode, so the feedback needs no MathJax.
"""

import html
import json

from docutils import nodes
from docutils.parsers.rst import Directive

from ffnn_course.quiz import questions


def _esc(text):
    return html.escape(str(text), quote=True)


def _numeric(q, n):
    qid = _esc(q["id"])
    mistakes = json.dumps([[m["value"], m["feedback"]] for m in q["mistakes"]],
                          ensure_ascii=False)
    return (
        f'<form class="qq-question qq-numeric" id="{qid}" data-answer="{q["answer"]!r}" '
        f'data-tol="{q["tol"]!r}" data-mistakes="{_esc(mistakes)}" '
        f'data-explain="{_esc(q["explain"])}" data-hint="{_esc(q["hint"])}" novalidate>'
        f'<p class="qq-text"><span class="qq-number">Q{n}.</span> {_esc(q["text"])}</p>'
        f'<div class="qq-row"><label for="{qid}-input">Your answer</label>'
        f'<input id="{qid}-input" class="qq-input" type="text" inputmode="decimal" '
        f'autocomplete="off" spellcheck="false">'
        f'<button type="submit" class="qq-check">Check</button></div>'
        f'<p class="qq-feedback" role="status" aria-live="polite"></p></form>')


def _choice(q, n):
    qid = _esc(q["id"])
    options = []
    for k, opt in enumerate(q["options"]):
        options.append(
            f'<label class="qq-option"><input type="radio" name="{qid}" value="{k}" '
            f'data-correct="{"1" if opt["correct"] else "0"}" '
            f'data-feedback="{_esc(opt["feedback"])}"> <span>{_esc(opt["text"])}</span></label>')
    return (
        f'<form class="qq-question qq-choice" id="{qid}" novalidate><fieldset>'
        f'<legend class="qq-text"><span class="qq-number">Q{n}.</span> {_esc(q["text"])}'
        f'</legend>{"".join(options)}'
        f'<button type="submit" class="qq-check">Check</button></fieldset>'
        f'<p class="qq-feedback" role="status" aria-live="polite"></p></form>')


def render(chapter):
    """The HTML of a chapter's quick questions."""
    parts = [_numeric(q, n) if q["kind"] == "numeric" else _choice(q, n)
             for n, q in enumerate(questions(chapter), start=1)]
    return (f'<div class="qq" data-chapter="{_esc(chapter)}">'
            f'<noscript><p>These questions need JavaScript to check your answers.</p></noscript>'
            f'{"".join(parts)}</div>')


class QuickQuestions(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        try:
            text = render(self.arguments[0])
        except ValueError as err:
            raise self.error(f"quick-questions: {err}") from None
        return [nodes.raw("", text, format="html")]


def setup(app):
    app.add_directive("quick-questions", QuickQuestions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
