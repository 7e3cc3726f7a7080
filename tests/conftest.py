"""Shared pytest settings.

Hypothesis runs derandomized: the same examples on every run, so CI is as
reproducible as the notebooks (set HYPOTHESIS_PROFILE=explore to draw new ones).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
