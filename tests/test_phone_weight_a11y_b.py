"""The other half of the pages of ``tests/test_phone_weight_a11y.py``: the same checks
(phone fit, first-visit weight, axe-core, slider names, quick questions), in a file of its own so that
pytest-xdist visits the two halves at once."""

from test_phone_weight_a11y import (  # noqa: F401  (fixtures and tests, run on this half)
    PAGES, axe_results, browser, phone_report, site, test_every_page_fits_a_phone,
    test_explorer_sliders_have_accessible_names, test_first_visit_weighs_at_most_2_mb,
    test_chapters_and_their_explorers_fit_a_phone, test_no_serious_accessibility_violations,
    test_nothing_comes_from_another_host, test_nothing_runs_off_a_phone_screen,
    test_quick_questions_answer_on_a_phone, visits, weights)

PART, VISIT_PAGES = "b", PAGES[1::2]


def test_the_two_halves_cover_every_page():
    import test_phone_weight_a11y as a
    assert sorted(a.VISIT_PAGES + VISIT_PAGES) == sorted(PAGES)
    assert not set(a.VISIT_PAGES) & set(VISIT_PAGES)
