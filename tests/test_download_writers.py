"""The downloads' faster writers give what the plainer code gave: the CSV tables, the
not-responding files and plans.json. The earlier writers are kept here as the reference. (The
workbooks are XlsxWriter's now: tests/test_downloads_typed.py reads them back.)"""
from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.site import export
from macros.views import compare_views, downloads, views

from sitebuild import checked_synthetic_site

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


# The earlier writers ---------------------------------------------------------------------

def earlier_csv_table(header: list[str], rows) -> str:
    def cell(text):
        return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\r\n') else text
    def value(v):
        return ("true" if v else "false") if isinstance(v, bool) else export.neutralise(v)
    return "\n".join(",".join(cell(value(v)) for v in row) for row in [header, *rows]) + "\n"


def earlier_clean(value):
    if dataclasses.is_dataclass(value):
        return {f.name: earlier_clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("source", "line", "joint") and getattr(value, f.name) not in ("", None, (), {})}
    if isinstance(value, (list, tuple)):
        return [earlier_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: earlier_clean(v) for k, v in value.items()}
    return value


# A small national-scale build ------------------------------------------------------------

@pytest.fixture(scope="module")
def site30(tmp_path_factory):
    return checked_synthetic_site(tmp_path_factory.mktemp("synthetic") / "plans", 30, seed=5)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["=1+1", "#N/A", " lead", "trail\t", "\x1c", "a\rb", "<&>\"'", "]]>", "Café – Łódź", "😀", "\ufffe",
     "\ud800", "\u00a0", "\x7f\x85", "", "x" * 40000, "\x00" * 9000])
VALUE = TEXT | st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats() | st.sampled_from([0, -0.0])
ROWS = st.lists(st.lists(VALUE, max_size=6), max_size=6)


@SETTINGS
@given(header=st.lists(TEXT, min_size=1, max_size=4), rows=ROWS)
def test_any_cells_give_the_same_csv(header, rows):
    assert export.csv_table(header, rows) == earlier_csv_table(header, rows)


def test_the_not_responding_files_and_plans_json_are_unchanged(site30, monkeypatch):
    responses = views.responses_by_recommendation(site30)
    numbers = set(views.recommendation_numbers(site30, responses))
    files = compare_views.not_responding_files(site30, responses, numbers)
    assert len(files) == len(numbers) + 1 and len(numbers) > 100  # and data/not-numbering.csv
    for n in numbers:
        rows = ([n, o.id, o.name] for o in compare_views.not_responding(site30, responses, n))
        earlier = earlier_csv_table(downloads.NOT_RESPONDING.keys, rows)
        made = files[f"data/not-responding/did-not-address-recommendation-{n}.csv"]
        assert made == compare_views.not_responding_csv(site30, responses, n) == earlier
    made = export.plans_json(site30)
    monkeypatch.setattr(export, "_clean", earlier_clean)
    assert made == export.plans_json(site30)
    assert json.loads(made)["organisations"]
