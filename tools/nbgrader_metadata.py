#!/usr/bin/env python
"""(Re)apply the nbgrader cell metadata of the exercise notebooks from their markers.

    python tools/nbgrader_metadata.py          # write the metadata into exercises/NN_*.ipynb
    python tools/nbgrader_metadata.py --check  # exit 1 if a notebook's metadata is stale

Every exercise notebook is an nbgrader *source* notebook:

* a code cell with a ``### BEGIN SOLUTION`` / ``### END SOLUTION`` block is a
  **solution cell** (``grade: false, solution: true, locked: false``);
* a code cell ``check.<name>(...)`` is a locked, graded **test cell** worth
  ``POINTS`` point(s) (``grade: true, solution: false, locked: true``).  Under nbgrader's
  autograder the checker raises when the verdict is not "correct" (grading mode of
  ``ffnn_course.checks.engine``), so a wrong or missing answer fails the cell;
* every other cell carries no nbgrader metadata (Markdown prompts stay unlocked).

The ``grade_id`` is derived from the exercise number of the ``{exercise} N.M`` directive
above the cell: ``ex3_1_answer`` and ``ex3_1_check`` (``_2``, ``_3`` … for a second cell
of the same kind), so the ids do not change when the notebook is re-executed or
edited elsewhere.  Only cell metadata changes: outputs stay as they are.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/, also when loaded by a test
from _common import ROOT  # noqa: E402  (tools/_common.py: root, _config.yml, run.env)

EXERCISES = ROOT / "exercises"

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
POINTS = 1
SCHEMA_VERSION = 3
EXERCISE_NUMBER = re.compile(r"^```\{exercise\}[ \t]*(\d+)\.(\d+)\b")
CHECK_CELL = re.compile(r"^check\.\w+\(.*\)$", re.S)


def is_solution_cell(cell) -> bool:
    return cell.cell_type == "code" and any(line.strip() == BEGIN
                                            for line in cell.source.split("\n"))


def is_check_cell(cell) -> bool:
    return cell.cell_type == "code" and bool(CHECK_CELL.match(cell.source.strip()))


def nbgrader_metadata(nb, where: str = "") -> list:
    """The ``nbgrader`` metadata each cell of ``nb`` should carry (None: none), in order."""
    result = []
    exercise = None
    used: dict = {}
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            match = EXERCISE_NUMBER.match(cell.source.strip())
            if match:
                exercise = f"ex{int(match.group(1))}_{int(match.group(2))}"
        kind = "answer" if is_solution_cell(cell) else "check" if is_check_cell(cell) else None
        if kind is None:
            result.append(None)
            continue
        if exercise is None:
            raise ValueError(f"{where} cell {k}: a {kind} cell before any "
                             f"```{{exercise}} N.M``` directive")
        base = f"{exercise}_{kind}"
        used[base] = used.get(base, 0) + 1
        grade_id = base if used[base] == 1 else f"{base}_{used[base]}"
        if kind == "answer":
            meta = {"grade": False, "grade_id": grade_id, "locked": False,
                    "schema_version": SCHEMA_VERSION, "solution": True}
        else:
            meta = {"grade": True, "grade_id": grade_id, "locked": True,
                    "points": POINTS, "schema_version": SCHEMA_VERSION, "solution": False}
        result.append(meta)
    return result


def apply(nb, where: str = "") -> bool:
    """Write the nbgrader metadata into ``nb``'s cells; True if anything changed."""
    changed = False
    for cell, meta in zip(nb.cells, nbgrader_metadata(nb, where)):
        current = cell.metadata.get("nbgrader")
        if meta is None:
            if "nbgrader" in cell.metadata:
                del cell.metadata["nbgrader"]
                changed = True
        elif current != meta:
            cell.metadata["nbgrader"] = nbformat.NotebookNode(meta)
            changed = True
    return changed


def sources() -> list:
    return sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write anything; exit 1 if a notebook's metadata is stale")
    args = parser.parse_args(argv)
    stale = []
    for path in sources():
        nb = nbformat.read(path, as_version=4)
        if apply(nb, path.name):
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    if args.check:
        if stale:
            print("nbgrader_metadata --check: stale nbgrader metadata in:\n  " + "\n  ".join(stale)
                  + "\nRun: python tools/nbgrader_metadata.py", file=sys.stderr)
            return 1
        print(f"nbgrader_metadata --check: {len(sources())} notebooks up to date")
        return 0
    print(f"nbgrader_metadata: updated {len(stale)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
