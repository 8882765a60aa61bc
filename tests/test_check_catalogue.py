"""The recommendation catalogue (macros/data/recommendations.yaml) and how plans refer to it."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.plans import load

ROOT = Path(__file__).resolve().parent.parent
NOT_SUPPORTED = {19, 61, 64, 137, 145, 183, 209, 212, 213}  # Lewisham's report, section 3.6


@pytest.fixture(scope="module")
def site():
    site, problems = load.check(ROOT / "plans")
    assert site is not None, [p.format() for p in problems]
    return site


def test_the_catalogue_loads_without_problems():
    problems: list = []
    load.load_reference(problems)
    assert problems == []


def test_numbers_are_in_range_and_in_order(site):
    numbers = list(site.catalogue)
    assert numbers == sorted(numbers)
    assert all(1 <= n <= 290 for n in numbers)


def test_the_nine_recommendations_the_government_did_not_support(site):
    assert {n for n, rec in site.catalogue.items() if rec.not_supported} == NOT_SUPPORTED
    for number in NOT_SUPPORTED:
        response = site.catalogue[number].government_response
        assert response.summary == "Not supported"
        assert response.text.strip(), number  # the reason, quoted
        assert "Lewisham" in response.source and "3.6" in response.source, number
        assert site.catalogue[number].title, number


def test_tower_hamlets_quotes_the_department_of_healths_responses(site):
    tower_hamlets = next(o for o in site.organisations if o.id == "tower-hamlets")
    quoted = [a for a in tower_hamlets.actions if a.government_response]
    assert len(quoted) >= 15
    for action in quoted:
        rec = site.catalogue[action.recommendation]
        assert rec.government_response is not None, action.recommendation
        assert rec.government_response.text == action.government_response
        assert "Tower Hamlets" in rec.government_response.source
        assert rec.government_response.supported
        assert rec.title and rec.text


def test_a_number_outside_the_catalogue_texts_is_fine():
    site, problems = load.check(ROOT / "tests" / "fixtures" / "good" / "plans")
    assert problems == []
    assert 3 not in site.catalogue
    assert 3 in {a.recommendation for o in site.organisations for a in o.all_actions}


def test_lewishams_recommendation_40_listed_twice_is_a_warning_not_an_error():
    site, problems = load.check(ROOT / "plans")
    repeats = [p for p in problems if "repeats" in p.message]
    assert site is not None
    assert len(repeats) == 1
    assert repeats[0].level == "warning" and repeats[0].path.endswith("lewisham.yaml")
    lewisham = next(o for o in site.organisations if o.id == "lewisham")
    twice = [a for a in lewisham.actions if a.id in ("r40", "r40-2")]
    assert [a.recommendation for a in twice] == [40, 40]
