#!/usr/bin/env python3
"""Execute the book's notebooks that the build cache lacks, on every core, before the build.

Usage (from the repository root, with the project's environment; tools/build_book.sh runs it)::

    python tools/prefill_cache.py [--jobs N]
    python tools/prefill_cache.py --check    # exit 1 if the cache lacks a notebook; run nothing

The book is built with ``execute_notebooks: cache`` (``_config.yml``): myst-nb looks each
notebook up in the jupyter-cache at ``_build/.jupyter_cache`` (keyed on the notebook's code
cells and kernelspec) and executes it, one after another, only when it is missing.  On a
cold build that serial execution is most of the build's time.  This script does the same
work first, in parallel: for every notebook page of ``_toc.yml`` that the cache does not
match, it runs jupyter-cache's own ``single_nb_execution`` (the function myst-nb calls, with
the same settings: the notebook's folder as working directory, the ``execute.timeout`` of
``_config.yml``, errors not allowed) in ``--jobs`` worker processes (default: the number of
cores), the longest notebooks first, and stores each result in the cache exactly as myst-nb
would.  The build then finds every notebook in the cache; what it renders is still the
output of executing the notebook, in this build.

A notebook that fails to execute is not cached: the script names it, prints the error and
exits 1 (the build would fail on it too).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, config  # noqa: E402
from toc_pages import toc_pages  # noqa: E402

CACHE = ROOT / "_build" / ".jupyter_cache"


_START_LOCK = None


def _init_worker(lock) -> None:
    global _START_LOCK
    _START_LOCK = lock


def _execute(path: str, timeout: int):
    """Run one notebook (in a worker process); return (path, notebook, seconds, error).

    The kernel is started here, one worker at a time (two kernels started at the same
    moment on a fresh machine once left a notebook waiting for ever), in the notebook's
    folder and with the in-memory history nbclient gives the kernels it starts; then
    nbclient runs the notebook on it, as myst-nb would.
    """
    from jupyter_client.manager import KernelManager

    nb = nbformat.read(path, as_version=4)
    cwd = str(Path(path).parent)
    km = KernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"))
    with _START_LOCK:
        km.start_kernel(cwd=cwd, extra_arguments=["--HistoryManager.hist_file=:memory:"])
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
        finally:
            kc.stop_channels()
    try:
        result = single_nb_execution(nb, cwd=cwd, allow_errors=False, timeout=timeout,
                                     meta_override=True, km=km)
    finally:
        km.shutdown_kernel(now=True)
    error = result.exc_string if result.err is not None else None
    return path, nb, result.time, error


def _weight(path: Path) -> int:
    """Longest first: the stored outputs' size is a fair proxy for a notebook's run time."""
    return -path.stat().st_size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--check", action="store_true",
                        help="execute nothing; exit 1 if a notebook is missing from the cache")
    args = parser.parse_args(argv)

    execute = config().get("execute", {})
    if execute.get("execute_notebooks", "auto") != "cache":
        print("prefill_cache: execute_notebooks is not 'cache': nothing to do")
        return 0
    timeout = int(execute.get("timeout", 30))

    cache = get_cache(str(CACHE))
    todo = []
    pages = [ROOT / f"{page}.ipynb" for page in toc_pages()]
    for path in sorted((p for p in pages if p.exists()), key=_weight):
        nb = nbformat.read(path, as_version=4)
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo.append(path)
    if not todo:
        print("prefill_cache: every notebook is in the cache")
        return 0
    if args.check:
        print("prefill_cache: not in the cache: " + ", ".join(
            os.path.relpath(p, ROOT) for p in todo))
        return 1

    start, failed = time.monotonic(), []
    jobs = max(1, min(args.jobs, len(todo)))
    print(f"prefill_cache: executing {len(todo)} notebook(s) in {jobs} process(es)", flush=True)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(multiprocessing.Lock(),)) as pool:
        futures = [pool.submit(_execute, str(p), timeout) for p in todo]
        for future in as_completed(futures):
            path, nb, seconds, error = future.result()
            rel = os.path.relpath(path, ROOT)
            if error is not None:
                failed.append(rel)
                print(f"prefill_cache: {rel} failed:\n{error}", file=sys.stderr, flush=True)
                continue
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True)
            print(f"prefill_cache: {rel} executed in {seconds:.1f} s", flush=True)
    print(f"prefill_cache: done in {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
