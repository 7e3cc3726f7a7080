#!/usr/bin/env python
"""Generate the student versions of the exercise notebooks.

One source of truth: ``exercises/NN_name.ipynb`` holds the exercises *with* their
solutions; this script writes ``exercises/student/NN_name.ipynb`` from it.

    python tools/make_student_versions.py          # (re)write every student notebook
    python tools/make_student_versions.py --check  # exit 1 if any is missing or stale

The student version is made with nbgrader's own preprocessors (the exercise notebooks
are nbgrader source notebooks, see ``tools/nbgrader_metadata.py``), plus a few touches of
our own:

* ``ClearSolutions`` (nbgrader) replaces every block between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` of a solution cell, with **our stubs** instead of nbgrader's
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (subclass ``StubSolutions``):

  - inside a function (the markers are indented): ``raise NotImplementedError("Your
    answer here")``, which is nbgrader's stub with a message; the checks treat it as
    "not attempted";
  - at the top level: ``name = None  # your answer here`` for every name the
    exercise asks for: the names passed to the exercise's ``check`` call (the
    next check cell), in that order; the solution's helper variables are removed
    with it, so the stub does not give away how to split the work.  nbgrader's
    top-level ``raise NotImplementedError()`` would stop "Run all" at the first
    exercise and make every later ``check`` cell fail with a ``NameError``; with
    ``None`` the notebook runs top to bottom and each check says "not attempted yet",
    which teaches better.

  Code outside the markers (given data, function signatures, docstrings, the
  ``check`` calls) is kept.  A solution block outside a cell marked as an nbgrader
  solution cell is an error (nbgrader's ``enforce_metadata``).
* ``ClearOutput`` (nbgrader) clears outputs and execution counts, so the student
  version does not depend on how or whether the source was executed; ``LockCells``
  (nbgrader) makes the ``check`` cells non-editable and non-deletable and the
  solution cells non-deletable (``editable``/``deletable`` cell metadata).
* Ours: the book's sphinx-exercise markup becomes plain Markdown: an ``{exercise}``
  directive becomes a heading and its text; the ``{solution-start}`` /
  ``{solution-end}`` cells are dropped (their code cells, now stubs, stay).
* Ours: the cell tagged ``student-links`` says how to get the notebook; in the source
  (book) version it links to the student notebook: a download, Colab and Binder.
  The links are made from ``repository.url``/``branch`` and ``launch_buttons``
  in ``_config.yml``; the generator also keeps that cell of the source notebook
  up to date (``--check`` reports it when stale).
* Ours: cell metadata is reduced to the tags and the lock flags (the nbgrader grading
  metadata stays in the source notebooks, which are what nbgrader's
  ``generate_assignment`` reads), and the notebook metadata to the kernel.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml
from traitlets import Unicode

try:
    from nbgrader.preprocessors import ClearOutput, ClearSolutions, LockCells
except ImportError as err:  # pragma: no cover - nbgrader is pinned in requirements.txt
    raise ImportError("make_student_versions needs nbgrader==0.9.6 "
                      f"(pip install -r requirements.txt): {err}") from err

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
STUDENT = EXERCISES / "student"

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
FUNCTION_STUB = 'raise NotImplementedError("Your answer here")'
EXERCISE_RE = re.compile(r"^```\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<options>(?::[^\n]*\n)*)"
                         r"(?P<body>.*?)\n?```[ \t]*$", re.S)
GATE_RE = re.compile(r"^```\{solution-(start|end)\}[^\n]*\n(?::[^\n]*\n)*```\s*$", re.S)


class MarkupError(ValueError):
    """A source notebook whose solution markers do not pair up."""


# ----- links -----------------------------------------------------------------------------
def links(stem: str, config: dict, for_book: bool) -> str:
    """The Markdown of the ``student-links`` cell."""
    repo = config.get("repository", {})
    url = str(repo.get("url", "")).rstrip("/")
    branch = repo.get("branch", "main")
    match = re.match(r"https?://github\.com/([^/]+)/([^/]+?)(?:\.git)?$", url)
    if not match:
        raise ValueError(f"_config.yml repository.url must be a GitHub URL, got {url!r}")
    owner, name = match.groups()
    launch = config.get("launch_buttons", {})
    colab = str(launch.get("colab_url", "https://colab.research.google.com")).rstrip("/")
    binder = str(launch.get("binderhub_url", "https://mybinder.org")).rstrip("/")
    path = f"exercises/student/{stem}.ipynb"
    colab_link = f"{colab}/github/{owner}/{name}/blob/{branch}/{path}"
    binder_link = f"{binder}/v2/gh/{owner}/{name}/{branch}?labpath={path}"
    github_link = f"{url}/blob/{branch}/{path}"
    if for_book:
        return (f"**Try these exercises yourself** in the student notebook (the same exercises "
                f"without the solutions): {{download}}`download it <student/{stem}.ipynb>`, "
                f"[open it in Colab]({colab_link}) or [open it on Binder]({binder_link}). "
                f"Run the cells from the top; the first one installs the course package where "
                f"it is missing.")
    return (f"*This is the student version of the exercises: the solutions are removed. "
            f"Open it in [Colab]({colab_link}) or on [Binder]({binder_link}), or see it "
            f"[on GitHub]({github_link}). The course book shows the worked solutions.*")


# ----- code cells --------------------------------------------------------------------------
def assigned_names(code: str) -> list[str]:
    """Names assigned at the top level of ``code``, in order of first assignment."""
    names: list[str] = []

    def add(target):
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                add(element)
        elif isinstance(target, ast.Starred):
            add(target.value)

    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(target)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            add(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            add(ast.Name(id=node.name))
    return names


def asked_names(check_source: str) -> list[str]:
    """The plain names passed to the ``check.<name>(...)`` call(s) of a check cell, in order."""
    names: list[str] = []
    try:
        tree = ast.parse(check_source)
    except SyntaxError:
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "check":
            for arg in node.args:
                if isinstance(arg, ast.Name) and arg.id not in names:
                    names.append(arg.id)
    return names


def stub(block: list[str], indent: str, asked=None) -> list[str]:
    """The student's stub for the solution lines ``block`` (marker indentation ``indent``).

    ``asked`` (a list of names, or None for all) limits the top-level stubs to the names
    the exercise asks for.
    """
    if indent:
        return [f"{indent}{FUNCTION_STUB}"]
    names = assigned_names(textwrap.dedent("\n".join(block)))
    if asked is not None:
        names = [name for name in asked if name in names]
    if not names:
        return ["# Your answer here"]
    return [f"{name} = None  # your answer here" for name in names]


def strip_solutions(source: str, where: str = "", asked=None) -> tuple[str, int]:
    """Replace every solution block of a code cell; return the new source and the count."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    count = 0
    for line in source.split("\n"):
        marker = line.strip()
        if marker == BEGIN:
            if block is not None:
                raise MarkupError(f"{where}: nested {BEGIN}")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END:
            if block is None:
                raise MarkupError(f"{where}: {END} without {BEGIN}")
            out.extend(stub(block, indent, asked))
            block = None
            count += 1
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise MarkupError(f"{where}: {BEGIN} without {END}")
    return "\n".join(out), count


# ----- markdown cells ----------------------------------------------------------------------
def plain_exercise(source: str) -> str | None:
    """An ``{exercise}`` directive as a Markdown heading and text (None if not one)."""
    match = EXERCISE_RE.match(source.strip())
    if not match:
        return None
    title = match.group("title").strip()
    numbered = re.match(r"^(\d+(?:\.\d+)*)\s+(.*)$", title)
    heading = f"Exercise {numbered.group(1)}: {numbered.group(2)}" if numbered else \
        f"Exercise: {title}" if title else "Exercise"
    return f"### {heading}\n\n{match.group('body').strip()}"


# ----- notebooks ---------------------------------------------------------------------------
def load_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}


def update_source_links(nb, stem: str, config: dict) -> bool:
    """Write the book's links into the source's ``student-links`` cell; True if changed."""
    changed = False
    for cell in nb.cells:
        if "student-links" in cell.get("metadata", {}).get("tags", []):
            text = links(stem, config, for_book=True)
            if cell.source != text:
                cell.source = text
                changed = True
    return changed


class StubSolutions(ClearSolutions):
    """nbgrader's ``ClearSolutions`` with our stubs (see the module docstring).

    ``preprocess`` finds, for every cell, the names its exercise asks for (the plain
    names passed to the next ``check`` cell); ``_replace_solution_region`` stubs them.
    """

    stem = Unicode("", help="the notebook's name, for error messages")

    def preprocess(self, nb, resources):
        self._asked = {}
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                check_cell = next((c.source for c in nb.cells[k + 1:] if c.cell_type == "code"
                                   and c.source.lstrip().startswith("check")), "")
                self._asked[id(cell)] = (k, asked_names(check_cell) or None)
        self.count = 0
        return super().preprocess(nb, resources)

    def _replace_solution_region(self, cell, language) -> bool:
        if cell.cell_type != "code":
            return super()._replace_solution_region(cell, language)
        k, asked = self._asked.get(id(cell), ("?", None))
        cell.source, count = strip_solutions(cell.source, f"{self.stem} cell {k}", asked)
        self.count += count
        return count > 0


def use_our_stubs(c) -> None:
    """In an ``nbgrader_config.py``: make ``generate_assignment`` use ``StubSolutions``.

    ``c`` is the config object (``c = get_config()``); nbgrader's ``ClearSolutions`` in
    ``GenerateAssignment.preprocessors`` is replaced by ours, everything else stays, so
    the released notebooks have the stubs of ``exercises/student``::

        import sys
        sys.path.insert(0, "/path/to/ffnn-course/tools")
        import make_student_versions
        make_student_versions.use_our_stubs(c)
    """
    from nbgrader.converters import GenerateAssignment

    default = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = [StubSolutions if p is ClearSolutions else p
                                          for p in default]


KEPT_CELL_METADATA = ("tags", "editable", "deletable")


def student_version(nb, stem: str, config: dict):
    """The student notebook made from the source notebook ``nb`` (not modified)."""
    student = copy.deepcopy(nb)
    cells = []
    for cell in student.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown":
            if GATE_RE.match(cell.source.strip()):
                continue                               # {solution-start} / {solution-end}
            if "student-links" in tags:
                cell.source = links(stem, config, for_book=False)
            else:
                plain = plain_exercise(cell.source)
                if plain is not None:
                    cell.source = plain
        cells.append(cell)
    student.cells = cells
    resources: dict = {}
    clear = StubSolutions(stem=stem)
    try:
        student, resources = clear.preprocess(student, resources)
    except RuntimeError as err:                     # nbgrader's error for bad markup
        raise MarkupError(f"{stem}: {err}") from err
    if clear.count == 0:
        raise MarkupError(f"{stem}: no {BEGIN} ... {END} block found")
    for preprocessor in (ClearOutput(), LockCells()):
        student, resources = preprocessor.preprocess(student, resources)
    for cell in student.cells:
        cell.metadata = nbformat.NotebookNode(
            {key: cell.metadata[key] for key in KEPT_CELL_METADATA if key in cell.metadata})
    # Only what Jupyter and Colab need: nothing that depends on how the source was executed.
    student.metadata = nbformat.NotebookNode({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    return student


def sources() -> list[Path]:
    return sorted(p for p in EXERCISES.glob("[0-9][0-9]_*.ipynb"))


def dumps(nb) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write anything; exit 1 if a student version (or a "
                             "source's links cell) is missing or stale")
    args = parser.parse_args(argv)
    config = load_config()
    stale: list[str] = []
    paths = sources()
    if not paths:
        print("make_student_versions: no exercises/NN_*.ipynb found", file=sys.stderr)
        return 1
    expected_names = set()
    for path in paths:
        stem = path.stem
        nb = nbformat.read(path, as_version=4)
        if update_source_links(nb, stem, config):
            stale.append(str(path.relative_to(ROOT)) + " (links cell)")
            if not args.check:
                path.write_text(dumps(nb), encoding="utf-8")
        text = dumps(student_version(nb, stem, config))
        target = STUDENT / path.name
        expected_names.add(target.name)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(str(target.relative_to(ROOT)))
            if not args.check:
                STUDENT.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    orphans = sorted(p.name for p in STUDENT.glob("*.ipynb") if p.name not in expected_names) \
        if STUDENT.exists() else []
    if args.check:
        problems = stale + [f"exercises/student/{name} (no source notebook)" for name in orphans]
        if problems:
            print("make_student_versions --check: stale or missing:\n  " + "\n  ".join(problems)
                  + "\nRun: python tools/make_student_versions.py", file=sys.stderr)
            return 1
        print(f"make_student_versions --check: {len(paths)} student notebooks up to date")
        return 0
    for name in orphans:
        print(f"warning: exercises/student/{name} has no source notebook", file=sys.stderr)
    print(f"make_student_versions: {len(paths)} notebooks, updated {len(stale)} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
