"""The exercise notebooks: solutions pass their checks, student versions are generated,
up to date, run top to bottom and say "not attempted yet", and the book lists them."""

import ast
import importlib.util
import io
import os
import re
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
import yaml

from ffnn_course.checks import Verdict, check

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
SOURCES = sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb"))
SETUP = '''# Set-up: on Colab or Binder without the course package, install it (does nothing otherwise).
try:
    import ffnn_course
except ImportError:
    %pip install -q "ffnn-course[book] @ git+https://github.com/ffnn-course/ffnn-course@v0.1.0"
    import ffnn_course'''


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_student_versions", ROOT / "tools" / "make_student_versions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _is_check_cell(cell):
    return cell.cell_type == "code" and cell.source.lstrip().startswith("check")


def _ids(paths):
    return [p.stem for p in paths]


# ----- the set of exercises -----------------------------------------------------------------
def test_enough_notebooks_and_exercises():
    stems = [p.stem[:2] for p in SOURCES]
    assert len(SOURCES) >= 8
    assert {f"{n:02d}" for n in range(2, 11)} <= set(stems)
    n_exercises = sum(1 for p in SOURCES for c in _read(p).cells
                      if c.cell_type == "markdown" and c.source.startswith("```{exercise}"))
    assert n_exercises >= 30


def test_every_check_is_used_and_every_exercise_checked():
    used = set()
    for path in SOURCES:
        nb = _read(path)
        exercises = [c for c in nb.cells if c.cell_type == "markdown"
                     and c.source.startswith("```{exercise}")]
        checks = [c for c in nb.cells if _is_check_cell(c)]
        assert len(exercises) == len(checks), path.name
        for cell in checks:
            used.add(re.match(r"\s*check\.(\w+)\(", cell.source).group(1))
    assert used == set(check.names())


#: The kinds of exercise (issue 16), named in each exercise's title:
#: "```{exercise} 5.2 One step downhill · implement ★".
KINDS = ("compute", "implement", "concept", "find the bug", "predict, then run")
TITLE = re.compile(r"```\{exercise\} (\d+)\.(\d+) (.+) · (" + "|".join(KINDS) + r") (★{1,3})\n")


def _titles(path):
    return [c.source for c in _read(path).cells
            if c.cell_type == "markdown" and c.source.startswith("```{exercise}")]


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_exercises_vary_and_climb(path):
    """At least 4 exercises of at least 3 kinds, numbered in order, from easy to hard."""
    titles = _titles(path)
    parsed = [TITLE.match(t) for t in titles]
    bad = [t.splitlines()[0] for t, m in zip(titles, parsed) if m is None]
    assert not bad, f"titles without '· kind ★…' at the end: {bad}"
    assert len(parsed) >= 4, f"{path.name} has {len(parsed)} exercises"
    chapter = int(path.stem[:2])
    assert [(int(m[1]), int(m[2])) for m in parsed] == [
        (chapter, i) for i in range(1, len(parsed) + 1)]
    kinds = {m[4] for m in parsed}
    assert len(kinds) >= 3, f"{path.name}: only {sorted(kinds)}"
    stars = [len(m[5]) for m in parsed]
    assert stars == sorted(stars), f"{path.name}: difficulty {stars} is not easy to hard"


def test_every_kind_of_exercise_is_practised():
    counts = {k: 0 for k in KINDS}
    for path in SOURCES:
        for title in _titles(path):
            m = TITLE.match(title)
            if m:
                counts[m[4]] += 1
    assert all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_source_structure(path):
    nb = _read(path)
    assert _code(nb)[0].source == SETUP, "the first code cell must be the shared set-up cell"
    assert nb.cells[0].source.startswith("# Exercises: ")
    labels = re.findall(r":label: (\S+)", "\n".join(c.source for c in nb.cells))
    assert len(labels) == len(set(labels))
    assert all(label.startswith(f"ex-{path.stem[:2]}-") for label in labels)
    # every exercise: the directive, a gated dropdown solution with markers, then the check
    sources = [c.source for c in nb.cells]
    for label in labels:
        start = sources.index(f"```{{solution-start}} {label}\n:class: dropdown\n```")
        end = sources.index("```{solution-end}\n```", start)
        block = nb.cells[start + 1:end]
        assert block and all(c.cell_type == "code" for c in block)
        assert any(gen.BEGIN in c.source for c in block)
        assert _is_check_cell(nb.cells[end + 1])


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_stored_outputs_are_passing_checks(path):
    """Outputs stored in the source notebooks (shown by the book) are ✓ and error-free."""
    for cell in _code(_read(path)):
        assert all(o.get("output_type") != "error" for o in cell.outputs)
        if _is_check_cell(cell) and cell.outputs:
            text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert text.startswith("✓"), text


# ----- the solutions pass (run in this process: fast, and we get the Verdict objects) --------
def _run_cells(nb, folder):
    """Run the code cells in one namespace; return the Verdicts of the check cells."""
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    namespace = {"__name__": "__main__"}
    verdicts = []
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for cell in _code(nb):
            tree = ast.parse(transform(cell.source))
            last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            if last is not None:
                tree.body = tree.body[:-1]
            with redirect_stdout(io.StringIO()):
                exec(compile(tree, "<cell>", "exec"), namespace)
                value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) \
                    if last is not None else None
            if _is_check_cell(cell):
                verdicts.append(value)
    finally:
        os.chdir(cwd)
    return verdicts


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_solutions_pass_their_checks(path):
    verdicts = _run_cells(_read(path), path.parent)
    assert verdicts
    for verdict in verdicts:
        assert isinstance(verdict, Verdict)
        assert verdict.passed, verdict


# ----- the student versions -------------------------------------------------------------------
def test_student_versions_are_up_to_date():
    """CI: a committed student notebook that differs from the generator's output fails."""
    assert gen.main(["--check"]) == 0, "run: python tools/make_student_versions.py"


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_student_version_has_no_solutions(path):
    student = _read(EXERCISES / "student" / path.name)
    text = "\n".join(c.source for c in student.cells)
    assert gen.BEGIN not in text and gen.END not in text
    assert "{solution" not in text and "{exercise}" not in text and "{download}" not in text
    assert all(not c.outputs and c.execution_count is None for c in _code(student))
    assert _code(student)[0].source == SETUP
    n_source = sum(1 for c in _read(path).cells if _is_check_cell(c))
    assert sum(1 for c in student.cells if _is_check_cell(c)) == n_source
    assert len(re.findall(r"^### Exercise \d+\.\d+: ", text, re.M)) == n_source


STUDENTS = sorted((EXERCISES / "student").glob("*.ipynb"))


@pytest.mark.parametrize("path", STUDENTS, ids=_ids(STUDENTS))
def test_student_notebook_runs_and_says_not_attempted(path):
    """Executed with nbclient, top to bottom: no error, every check '… not attempted yet'."""
    from nbclient import NotebookClient

    nb = _read(path)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in _code(nb):
        assert all(o.get("output_type") != "error" for o in cell.outputs), cell.source
        if _is_check_cell(cell):
            text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert "not attempted yet" in text and text.startswith("…"), text
            html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
            assert "ffnn-check-not-attempted" in html


# ----- the generator --------------------------------------------------------------------------
def test_function_solutions_become_not_implemented():
    src = "def f(a):\n    '''doc'''\n    ### BEGIN SOLUTION\n    return a + 1\n    ### END SOLUTION\n"
    out, n = gen.strip_solutions(src)
    assert n == 1
    assert out == "def f(a):\n    '''doc'''\n    raise NotImplementedError(\"Your answer here\")\n"


def test_top_level_solutions_become_none_assignments():
    src = ("x = 1\n### BEGIN SOLUTION\nh1, h2 = 2, 3\nfor _ in range(2):\n    tmp = 1\n"
           "y_hat = h1 + h2\nh1 += 1\n### END SOLUTION\ncheck.f(h1)")
    out, n = gen.strip_solutions(src)
    assert n == 1
    assert out == ("x = 1\nh1 = None  # your answer here\nh2 = None  # your answer here\n"
                   "y_hat = None  # your answer here\ncheck.f(h1)")


@pytest.mark.parametrize("src", ["### BEGIN SOLUTION\nx = 1\n", "x = 1\n### END SOLUTION\n",
                                 "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n"])
def test_unbalanced_markers_are_errors(src):
    with pytest.raises(gen.MarkupError):
        gen.strip_solutions(src)


def test_exercise_directive_becomes_a_heading():
    md = "```{exercise} 4.2 The slide's probabilities\n:label: ex-04-values\n:nonumber:\n\nText $a$.\n```"
    assert gen.plain_exercise(md) == "### Exercise 4.2: The slide's probabilities\n\nText $a$."
    assert gen.plain_exercise("Just text") is None


def test_links_come_from_config():
    config = {"repository": {"url": "https://github.com/someone/course", "branch": "dev"},
              "launch_buttons": {"colab_url": "https://colab.research.google.com",
                                 "binderhub_url": "https://mybinder.org"}}
    book = gen.links("04_softmax", config, for_book=True)
    assert ("https://colab.research.google.com/github/someone/course/blob/dev/"
            "exercises/student/04_softmax.ipynb") in book
    assert "https://mybinder.org/v2/gh/someone/course/dev?labpath=exercises/student/" \
           "04_softmax.ipynb" in book
    assert "{download}`download it <student/04_softmax.ipynb>`" in book
    student = gen.links("04_softmax", config, for_book=False)
    assert "{download}" not in student and "someone/course" in student
    with pytest.raises(ValueError):
        gen.links("x", {"repository": {"url": "not a url"}}, for_book=True)


def test_source_links_match_the_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = config["repository"]["url"].rstrip("/")
    for path in SOURCES:
        cell = next(c for c in _read(path).cells if "student-links" in c.metadata.get("tags", []))
        assert cell.source == gen.links(path.stem, config, for_book=True)
        assert url.split("github.com/")[1] in cell.source


def test_check_mode_detects_a_stale_student_version(tmp_path, monkeypatch):
    exercises = tmp_path / "exercises"
    (exercises / "student").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text((ROOT / "_config.yml").read_text())
    source = SOURCES[0]
    (exercises / source.name).write_text(source.read_text())
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    monkeypatch.setattr(gen, "EXERCISES", exercises)
    monkeypatch.setattr(gen, "STUDENT", exercises / "student")
    assert gen.main(["--check"]) == 1                     # missing
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    target = exercises / "student" / source.name
    target.write_text(target.read_text().replace("your answer here", "42"))
    assert gen.main(["--check"]) == 1                     # edited by hand: stale
    nb = _read(exercises / source.name)
    nb.cells[-1].source += "\n# changed"
    nbformat.write(nb, exercises / source.name)
    gen.main([])
    assert gen.main(["--check"]) == 0
    (exercises / "student" / "99_orphan.ipynb").write_text("{}")
    assert gen.main(["--check"]) == 1                     # a student file without source


# ----- the book ---------------------------------------------------------------------------------
def _toc_entries():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    entries = []

    def walk(items, parent):
        for item in items or []:
            entries.append((item.get("file"), parent))
            walk(item.get("sections"), item.get("file"))

    walk(toc.get("chapters"), None)
    return entries


def test_every_exercise_page_is_in_the_toc_after_its_chapter():
    entries = _toc_entries()
    files = [f for f, _ in entries]
    parents = dict(entries)
    for path in SOURCES:
        page = f"exercises/{path.stem}"
        assert page in files, f"{page} is missing from _toc.yml"
        chapters = [f for f in files if f and f.startswith(f"book/{path.stem[:2]}_")]
        if chapters:        # the chapter exists: the exercises are its section
            assert parents[page] == chapters[0], f"{page} should be a section of {chapters[0]}"


def test_student_versions_are_not_book_pages():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    excluded = config.get("exclude_patterns", [])
    assert "exercises/student" in excluded or "exercises/student/*" in excluded
    assert "exercises" not in excluded


# ----- no answers given away, difficulty marked ---------------------------------------------
@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_check_outputs_are_hidden_in_the_book(path):
    """A solved check's stored output stays (nbval compares it) but the page hides it."""
    for cell in _read(path).cells:
        if _is_check_cell(cell):
            assert "remove-output" in cell.metadata.get("tags", []), cell.source


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_titles_mark_the_difficulty_and_prompts_state_no_printed_answer(path):
    nb = _read(path)
    titles = [re.match(r"```\{exercise\} ([^\n]*)", c.source).group(1) for c in nb.cells
              if c.cell_type == "markdown" and c.source.startswith("```{exercise}")]
    assert titles and all(re.search(r" (★|★★|★★★)$", t) for t in titles), titles
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"slides? print", cell.source), cell.source


def test_student_stubs_only_for_the_names_asked():
    src = "### BEGIN SOLUTION\nhelper = 2\nx = helper * 3\ny = x + 1\n### END SOLUTION"
    out, _ = gen.strip_solutions(src, asked=gen.asked_names("check.thing(y, x)"))
    assert out == "y = None  # your answer here\nx = None  # your answer here"
    assert "helper" not in out
    student = gen.student_version(_read(EXERCISES / "08_backprop_step_by_step.ipynb"),
                                  "08_backprop_step_by_step", gen.load_config())
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "delta_o1" not in code and "dE_dout_h1" not in code
    assert "dE_dw1 = None  # your answer here" in code


# ----- nbgrader -----------------------------------------------------------------------------------
def _metadata_tool():
    spec = importlib.util.spec_from_file_location(
        "nbgrader_metadata", ROOT / "tools" / "nbgrader_metadata.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nbgrader_metadata_is_up_to_date():
    """CI: the committed notebooks carry the metadata tools/nbgrader_metadata.py derives."""
    assert _metadata_tool().main(["--check"]) == 0, "run: python tools/nbgrader_metadata.py"


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_nbgrader_cells_pair_up_with_stable_ids(path):
    """Each exercise: one solution cell ``exN_M_answer`` and one 1-point test cell ``exN_M_check``."""
    cells = [c for c in _read(path).cells if "nbgrader" in c.metadata]
    solutions = [c for c in cells if c.metadata["nbgrader"]["solution"]]
    tests = [c for c in cells if c.metadata["nbgrader"]["grade"]]
    assert len(solutions) + len(tests) == len(cells)
    assert all(gen.BEGIN in c.source and not c.metadata["nbgrader"]["locked"] for c in solutions)
    assert all(_is_check_cell(c) and c.metadata["nbgrader"]["locked"]
               and c.metadata["nbgrader"]["points"] == 1 for c in tests)
    assert len(tests) == sum(1 for c in _read(path).cells if _is_check_cell(c))
    ids = [c.metadata["nbgrader"]["grade_id"] for c in cells]
    assert len(set(ids)) == len(ids)
    chapter = int(path.name[:2])
    assert all(re.fullmatch(rf"ex{chapter}_\d+_(answer|check)(_\d+)?", i) for i in ids), ids


def test_metadata_tool_reports_and_repairs_stale_metadata(tmp_path, monkeypatch):
    tool = _metadata_tool()
    (tmp_path / "exercises").mkdir()
    target = tmp_path / "exercises" / SOURCES[0].name
    nb = _read(SOURCES[0])
    solution = next(c for c in nb.cells if "nbgrader" in c.metadata)
    del solution.metadata["nbgrader"]
    nbformat.write(nb, target)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "EXERCISES", tmp_path / "exercises")
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert tool.main(["--check"]) == 0
    assert _read(target).cells == _read(SOURCES[0]).cells


def test_generator_runs_nbgraders_preprocessors():
    from nbgrader.preprocessors import ClearSolutions

    assert issubclass(gen.StubSolutions, ClearSolutions)
    nb = _read(SOURCES[0])
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)        # a solution block outside a solution cell
    with pytest.raises(gen.MarkupError, match="non-solution cell"):
        gen.student_version(nb, SOURCES[0].stem, gen.load_config())


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_student_check_cells_are_locked(path):
    """nbgrader's LockCells: check cells cannot be edited or deleted, answers not deleted."""
    for cell in _code(_read(EXERCISES / "student" / path.name)):
        if _is_check_cell(cell):
            assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False
        assert "nbgrader" not in cell.metadata
