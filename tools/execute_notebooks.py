#!/usr/bin/env python3
"""Execute the book's notebooks in place, so that every stored output comes from a run.

Usage (from the repository root, with the project's environment)::

    .venv/bin/python tools/execute_notebooks.py                 # every book/**/*.ipynb
    .venv/bin/python tools/execute_notebooks.py book/ch1.ipynb  # just these

Each notebook is run top to bottom with nbclient in a fresh ``python3`` kernel, with the
notebook's own folder as working directory, a 600 s limit per cell, and the environment
variables of ``tools/run.env`` (no progress bars in stored outputs, a fixed hash seed).
Old outputs and widget state are dropped first; the widget state of the run is stored in
the notebook metadata (``store_widget_state``), which is what the built book renders. No
timing metadata is recorded, so an unchanged notebook re-executes to the same file.

Exit status is non-zero if any cell raises, except in cells tagged ``raises-exception``
(the notebook is then left unchanged on disk).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/, also when loaded by a test
from _common import ROOT, run_env  # noqa: E402  (tools/_common.py: root, _config.yml, run.env)
SKIP_PARTS = {"_build", ".ipynb_checkpoints", "_vendor", "node_modules"}
TIMEOUT = 600
KERNEL = "python3"


def default_notebooks() -> list[Path]:
    """Every notebook under book/, except build output and checkpoints."""
    return sorted(
        path
        for path in (ROOT / "book").rglob("*.ipynb")
        if not SKIP_PARTS.intersection(path.relative_to(ROOT).parts)
    )


def clear_outputs(nb: nbformat.NotebookNode) -> None:
    """Drop everything a previous run stored, so the new outputs come from this run."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)


def execute(path: Path) -> None:
    """Run one notebook and write it back in place; raise on a failing cell."""
    nb = nbformat.read(path, as_version=4)
    clear_outputs(nb)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name=KERNEL,
        allow_errors=False,  # cells tagged "raises-exception" may still raise
        store_widget_state=True,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks to run (default: book/**/*.ipynb)"
    )
    args = parser.parse_args(argv)

    notebooks = [p.resolve() for p in args.notebooks] or default_notebooks()
    missing = [p for p in notebooks if not p.is_file()]
    if missing:
        print("execute_notebooks: no such notebook: " + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    if not notebooks:
        print("execute_notebooks: no notebooks under book/")
        return 0

    # Inherited by the kernels that nbclient starts.
    os.environ.update(run_env())

    failed = []
    for path in notebooks:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        start = time.perf_counter()
        try:
            execute(path)
        except CellExecutionError as err:
            failed.append(shown)
            print(f"FAILED  {shown}\n{err}", file=sys.stderr)
            continue
        except Exception as err:  # kernel died, timeout, invalid notebook, ...
            failed.append(shown)
            print(f"FAILED  {shown}: {type(err).__name__}: {err}", file=sys.stderr)
            continue
        print(f"ok      {shown} ({time.perf_counter() - start:.1f} s)")

    if failed:
        print(f"execute_notebooks: {len(failed)} of {len(notebooks)} notebooks failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
