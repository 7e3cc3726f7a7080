"""Shared pytest settings.

Hypothesis runs derandomized: the same examples on every run, so CI is as
reproducible as the notebooks (set HYPOTHESIS_PROFILE=explore to draw new ones).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


#: Run first: the slowest test files (tools/run_tests.sh spreads files over the cores with
#: pytest-xdist, a file being one unit of work; starting the long ones first keeps one
#: worker from being left with a long file at the end).  The book's notebooks of part 3
#: run experiments; they follow.
SLOWEST_FIRST = (
    "tests/test_phone_weight_a11y.py", "tests/test_phone_weight_a11y_b.py",
    "tests/test_browser.py", "tests/test_pdf.py",
    "tests/test_jupyter_frontends.py", "tests/test_quick_questions.py",
    "tests/test_wheel_notebook.py", "tests/test_nbgrader.py",
    "book/13_regularisation.ipynb", "book/11_batching_and_schedules.ipynb",
    "book/12_architectures_initialisation_activations.ipynb", "book/10_optimizers.ipynb",
)


def pytest_collection_modifyitems(session, config, items):
    """Slowest files first (a stable sort: the order inside each file is kept)."""
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}

    def key(item):
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(rank))

    items.sort(key=key)
