"""The exercises as nbgrader assignments: the checker's grading mode, and a grading round-trip.

The round-trip builds a throw-away nbgrader course (``nbgrader_config.py`` with
``c.CourseDirectory.root``, ``source/ps03/03_feedforward_networks.ipynb``), runs
``nbgrader generate_assignment`` (with our stubs: ``make_student_versions.use_our_stubs``),
makes two submissions from the release version (every answer right; two answers wrong and
one left as the release's stub), runs
``nbgrader autograde`` and reads the scores from nbgrader's gradebook.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ffnn_course.checks import check
from ffnn_course.checks.engine import CheckFailed

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "exercises" / "03_feedforward_networks.ipynb"
ASSIGNMENT = "ps03"


# ----- grading mode of the checker (no nbgrader needed) -------------------------------------------
@pytest.fixture
def interactive(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(type(check), "strict", None)


RIGHT_SHAPES = [(128, 784), (64, 128), (10, 64)]


def test_interactive_checks_never_raise(interactive):
    assert check.layer_shapes(None).status == "not attempted"
    assert check.layer_shapes([(784, 128)]).status == "wrong"
    assert check("no_such_check", 1).status == "wrong"


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_a_verdict_that_is_not_correct_raises(interactive, monkeypatch, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert check.layer_shapes(RIGHT_SHAPES).passed            # right: returned, not raised
    with pytest.raises(CheckFailed, match="not attempted yet") as info:
        check.layer_shapes(None)
    assert info.value.verdict.status == "not attempted"
    with pytest.raises(AssertionError, match="✗ layer_shapes"):
        check.layer_shapes([(784, 128)])
    with pytest.raises(CheckFailed, match="no check called"):
        check("no_such_check", 1)


def test_strict_overrides_the_environment(interactive, monkeypatch):
    monkeypatch.setattr(type(check), "strict", True)
    with pytest.raises(CheckFailed):
        check.layer_shapes(None)
    monkeypatch.setattr(type(check), "strict", False)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert check.layer_shapes(None).status == "not attempted"


# ----- the round-trip -----------------------------------------------------------------------------
def _nbgrader(course: Path, *args):
    env = dict(os.environ)
    env.pop("NBGRADER_EXECUTION", None)
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _answers(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def _submit(course: Path, release, student: str, answers: dict):
    nb = nbformat.reads(nbformat.writes(release), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / SOURCE.name)


def _check_outputs(nb) -> dict:
    """grade_id of each check cell -> the text of its outputs (errors included)."""
    result = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            result[meta["grade_id"]] = "\n".join(
                o.get("data", {}).get("text/plain", "") + o.get("evalue", "") + o.get("text", "")
                for o in cell.outputs)
    return result


def test_generate_submit_autograde_round_trip(tmp_path, monkeypatch):
    pytest.importorskip("nbgrader", reason="nbgrader is not installed (pip install -r "
                                           "requirements.txt installs nbgrader==0.9.6)")
    from nbgrader.api import Gradebook

    # nbgrader runs the ``alembic`` command (installed beside it) to version its gradebook
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

    course = tmp_path / "course"
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = {db_url!r}\n"
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        f"import make_student_versions\nmake_student_versions.use_our_stubs(c)\n",
        encoding="utf-8")
    source = nbformat.read(SOURCE, as_version=4)
    nbformat.write(source, course / "source" / ASSIGNMENT / SOURCE.name)

    _nbgrader(course, "generate_assignment", ASSIGNMENT)
    release = nbformat.read(course / "release" / ASSIGNMENT / SOURCE.name, as_version=4)
    text = "\n".join(c.source for c in release.cells)
    assert "### BEGIN SOLUTION" not in text and "x @ M1" not in text
    student = nbformat.read(ROOT / "exercises" / "student" / SOURCE.name, as_version=4)
    assert [c.source for c in release.cells if c.cell_type == "code"] == \
        [c.source for c in student.cells if c.cell_type == "code"]     # the same stubs

    right = _answers(source)
    assert sorted(right) == ["ex3_1_answer", "ex3_2_answer", "ex3_3_answer", "ex3_4_answer",
                             "ex3_5_answer"]
    _submit(course, release, "alice", right)
    wrong = dict(right)
    wrong["ex3_1_answer"] = "a1 = M1 @ x          # W1 = M1 used as is: transposed\na2 = a1 @ M2"
    del wrong["ex3_2_answer"]                          # left as the stub: shapes = None
    wrong["ex3_4_answer"] = ("def count_parameters(sizes):\n"
                             "    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))")
    wrong["ex3_5_answer"] = 'answer = "b"                       # hidden layers solve XOR'
    _submit(course, release, "bob", wrong)

    _nbgrader(course, "autograde", ASSIGNMENT)

    with Gradebook(db_url) as gradebook:
        scores = {student: (gradebook.find_submission(ASSIGNMENT, student).score,
                            gradebook.find_submission(ASSIGNMENT, student).max_score)
                  for student in ("alice", "bob")}
        per_check = {grade_id: gradebook.find_grade(grade_id, SOURCE.stem, ASSIGNMENT,
                                                    "bob").score
                     for grade_id in ("ex3_1_check", "ex3_2_check", "ex3_3_check",
                                      "ex3_4_check", "ex3_5_check")}
    assert scores == {"alice": (5.0, 5.0), "bob": (1.0, 5.0)}
    assert per_check == {"ex3_1_check": 0.0, "ex3_2_check": 0.0, "ex3_3_check": 1.0,
                         "ex3_4_check": 0.0, "ex3_5_check": 0.0}

    graded = nbformat.read(course / "autograded" / "bob" / ASSIGNMENT / SOURCE.name,
                           as_version=4)
    outputs = _check_outputs(graded)
    assert "✗ matrix_example" in outputs["ex3_1_check"]
    assert "… layer_shapes: not attempted yet" in outputs["ex3_2_check"]
    assert "✓ dense_forward" in outputs["ex3_3_check"]
    assert "✗ count_parameters" in outputs["ex3_4_check"]
    assert "✗ linear_stack" in outputs["ex3_5_check"] and "non-linear g" in outputs["ex3_5_check"]


def test_engine_doctests(interactive):
    import doctest

    from ffnn_course.checks import engine

    result = doctest.testmod(engine)
    assert result.attempted >= 4 and result.failed == 0
