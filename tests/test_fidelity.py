"""Issue 24: the site says only what the sources say. Checks over the real plans (plans/) and the
site built from them."""
from __future__ import annotations

import csv
import io
import json

from macros import progress


def test_no_action_without_updates_is_called_overdue_anywhere(built_site, seed_site):
    """The seed plans publish no progress update: nothing on the site or in the downloads calls
    any of their actions overdue; those past their due date are counted apart."""
    actions = [a for o in seed_site.organisations for a in o.all_actions]
    assert not any(a.updates for a in actions)
    passed = {(o.id, a.id) for o in seed_site.organisations for a in o.all_actions
              if progress.of(a, seed_site.as_of).due_passed_no_update}
    assert passed, "some seed actions are past their due date"
    for page in built_site.rglob("*.html"):
        assert "fr-flag--overdue" not in page.read_text(encoding="utf-8"), page
    index = json.loads((built_site / "data" / "compare.json").read_text(encoding="utf-8"))
    assert all(o["overdue"] == 0 and not any(o["overdue_by"]) for o in index["organisations"])
    assert {o["id"]: o["due_passed_no_update"] for o in index["organisations"]} == {
        o.id: sum((o.id, a.id) in passed for a in o.all_actions) for o in seed_site.organisations}
    for o in seed_site.organisations:
        mine = json.loads((built_site / "data" / "compare" / f"{o.id}.json").read_text(encoding="utf-8"))
        assert not any(a["overdue"] for a in mine["actions"])
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8"))))
    assert {r["overdue"] for r in rows} == {"false"}
    assert {(r["organisation_id"], r["action_id"]) for r in rows if r["due_passed_no_update"] == "true"} == passed


NOT_NUMBERING = {"barnet", "coventry-and-rugby", "leicester-city", "east-leicestershire-and-rutland",
                 "west-leicestershire"}


def test_organisations_that_do_not_number_recommendations_are_never_not_addressing(built_site, seed_site):
    """Barnet, Coventry and Rugby and the three Leicestershire CCGs answer recommendations in words:
    absent from every not-addressed list (pages and downloads), listed apart, and their pages
    never say they address 0 of the 290."""
    apart = {o.id: o.name for o in seed_site.organisations if not o.numbers_recommendations}
    assert set(apart) == NOT_NUMBERING
    pages = sorted((built_site / "recommendations").glob("*/index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        section = html[html.index('id="not-addressed"'):]
        without = section[:section.index('id="not-numbering"')] if 'id="not-numbering"' in section else section
        for name in apart.values():
            assert name not in without, (page, name)
            assert name in section[section.index('id="not-numbering"'):], (page, name)
    for csv_file in (built_site / "data" / "not-responding").glob("*.csv"):
        ids = {r["organisation_id"] for r in csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8")))}
        assert not ids & NOT_NUMBERING, csv_file
    listed = list(csv.DictReader(io.StringIO((built_site / "data" / "not-numbering.csv").read_text(encoding="utf-8"))))
    assert {r["organisation_id"]: r["organisation"] for r in listed} == apart
    for org_id, name in apart.items():
        html = (built_site / "organisations" / org_id / "index.html").read_text(encoding="utf-8")
        assert "addresses 0 of the 290" not in html and "fr-cov--org" not in html
        assert "does not number the recommendations it addresses" in html
    compare = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    coverage = compare[compare.index('id="coverage"'):]
    assert "whose documents do not number the recommendations they address" in coverage
    assert all(name in coverage for name in apart.values())
    numbering = len(seed_site.organisations) - len(apart)
    assert f"number of organisations (of {numbering})" in coverage


def test_a_plan_that_says_it_does_not_number_recommendations_cannot_give_one(tmp_path):
    from macros.plans import load
    from sitebuild import PLANS
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (PLANS / "barnet.yaml").read_text(encoding="utf-8")
    text = text.replace('  - id: "1"\n    ref: "1"\n', '  - id: "1"\n    ref: "1"\n    recommendation: 1\n', 1)
    (folder / "barnet.yaml").write_text(text, encoding="utf-8")
    site, problems = load.check(folder)
    assert site is None
    assert [p.message for p in problems if p.level == "error"] == [
        'action 1 "Patients must always come first. In the…" gives a recommendation number, but the plan says its '
        "source does not number the recommendations it addresses (numbers_recommendations: false): delete that "
        "line, or the numbers_recommendations line if the source does number them"]
