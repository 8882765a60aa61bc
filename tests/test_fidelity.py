"""Issue 24: the site says only what the sources say. Checks over the real plans (plans/) and the
site built from them."""
from __future__ import annotations

import csv
import io
import json
import re

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
        html = page.read_text(encoding="utf-8")
        assert "fr-flag--overdue" not in html, page
        assert not re.search(r"<strong>[1-9][0-9]*</strong> [^<]*<span[^>]*>Overdue<", html), page
    index = json.loads((built_site / "data" / "compare.json").read_text(encoding="utf-8"))
    assert all(o["overdue"] == 0 and not any(o["overdue_by"]) for o in index["organisations"])
    assert {o["id"]: o["due_passed_no_update"] for o in index["organisations"]} == {
        o.id: sum((o.id, a.id) in passed for a in o.all_actions) for o in seed_site.organisations}
    for o in seed_site.organisations:
        mine = json.loads((built_site / "data" / "compare" / f"{o.id}.json").read_text(encoding="utf-8"))
        assert not any(a["overdue"] for a in mine["actions"])
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
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
        ids = {r["organisation_id"] for r in csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig")))}
        assert not ids & NOT_NUMBERING, csv_file
    listed = list(csv.DictReader(io.StringIO((built_site / "data" / "not-numbering.csv").read_text(encoding="utf-8-sig"))))
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


EDITORS_WORKSTREAMS = {"barnet", "coventry-and-rugby", "tower-hamlets", "leicester-city",
                       "east-leicestershire-and-rutland", "west-leicestershire"}


def test_every_page_that_shows_an_editors_work_stream_says_so(built_site, seed_site):
    """Coventry, Barnet, Tower Hamlets and the Leicestershire plans' work streams are the editors':
    every entry, list item and table row showing one says so in words."""
    import re
    marked = {o.id for o in seed_site.organisations if o.editors_workstreams}
    assert marked == EDITORS_WORKSTREAMS
    links = "|".join(marked)
    checked = 0

    def each(pattern, html):
        return re.findall(pattern, html, re.S)

    for org_id in marked:
        html = (built_site / "organisations" / org_id / "index.html").read_text(encoding="utf-8")
        cards = each(r'<article class="fr-action.*?</article>', html)
        assert cards and all("fr-editors" in c for c in cards), org_id
        assert "Supplied by the site's editors, not the source:" in html
        progress = (built_site / "organisations" / org_id / "progress" / "index.html").read_text(encoding="utf-8")
        assert "Supplied by the site's editors, not the source:" in progress
        checked += len(cards)
    for page in list(built_site.glob("recommendations/*/index.html")) + list(built_site.glob("workstreams/*/*/index.html")) \
            + list(built_site.glob("workstreams/*/index.html")) + [built_site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        # the list of organisations that did not address a recommendation shows no action, so no work stream
        html = re.sub(r'<section id="not-addressed".*?</section>', "", html, flags=re.S)
        for item in each(r"<li\b[^>]*>.*?</li>|<tr\b[^>]*>.*?</tr>", html):
            if re.search(rf'organisations/({links})/', item) and "fr-key" not in item:
                assert "fr-editors" in item, (page, item[:200])
                checked += 1
    assert checked > 100
    index = json.loads((built_site / "data" / "compare.json").read_text(encoding="utf-8"))
    assert {o["id"] for o in index["organisations"] if o["ws_editors"]} == marked
    for org_id in marked:
        mine = json.loads((built_site / "data" / "compare" / f"{org_id}.json").read_text(encoding="utf-8"))
        assert all(a["ws_editors"] for a in mine["actions"])
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    assert {r["organisation_id"] for r in rows if "workstream" in r["editors_supplied"]} == marked
    assert {r["editors_supplied"] for r in rows if r["organisation_id"] == "lewisham"} == {""}


def test_editors_numbering_and_date_are_marked(built_site):
    coventry = (built_site / "organisations" / "coventry-and-rugby" / "index.html").read_text(encoding="utf-8")
    assert coventry.count("date supplied by the site's editors") >= 3  # lede, document date, as-at date
    for org_id in ("leicester-city", "east-leicestershire-and-rutland", "west-leicestershire"):
        html = (built_site / "organisations" / org_id / "index.html").read_text(encoding="utf-8")
        assert "numbering by the site's editors" in html
    barnet = (built_site / "organisations" / "barnet" / "index.html").read_text(encoding="utf-8")
    assert "group named by the site's editors" in barnet
    lewisham = (built_site / "organisations" / "lewisham" / "index.html").read_text(encoding="utf-8")
    assert "fr-editors" not in lewisham  # its work streams and numbers are the source's


def test_every_ccg_page_names_its_successor_with_a_source(built_site, seed_site):
    import re
    for org in seed_site.organisations:
        s = org.succession
        assert s is not None and s.current_step is not None, org.id
        assert all(step.sources for step in s.steps)
        html = (built_site / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        top = html[html.index('id="successor"'):html.index("</section>", html.index('id="successor"'))]
        assert html.index('id="successor"') < html.index('id="source"'), "said plainly at the top"
        assert f"<strong>{s.current}</strong>" in top and "answers for its promises now" in top
        assert re.search(r'<a href="https://[^"]+">', top), "with a source"
        for step in s.steps:
            assert step.body in top and all(f'href="{link.url}"' in top for link in step.sources)
            if step.unconfirmed:
                assert "Not confirmed:" in top
    barnet = next(o for o in seed_site.organisations if o.id == "barnet").succession
    assert barnet.current == "NHS North Central London Integrated Care Board"  # the 2026 merger is not confirmed
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "successors.csv").read_text(encoding="utf-8-sig"))))
    assert {r["organisation_id"] for r in rows} == {o.id for o in seed_site.organisations}
    assert all(r["source_urls"] for r in rows)
    compare = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert 'id="fr-f-successor"' in compare and "NHS Leicester, Leicestershire and Rutland Integrated Care Board (3)" in compare


def test_tower_hamlets_current_position_is_labelled_everywhere(built_site, seed_site):
    """Eleven Tower Hamlets rows state no action: their current position is shown in its place,
    always labelled as the current position."""
    import re
    th = next(o for o in seed_site.organisations if o.id == "tower-hamlets")
    silent = [a for a in th.actions if not a.action]
    assert len(silent) == 11
    anchors = {f"action-{a.id}" for a in silent}
    seen = 0
    for page in list(built_site.glob("recommendations/*/index.html")) + list(built_site.glob("workstreams/*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        for item in re.findall(r"<li\b[^>]*>.*?</li>", html, re.S):
            found = re.search(r'organisations/tower-hamlets/#(action-[a-z0-9-]+)"', item)
            if found and found.group(1) in anchors:
                assert "Current position (the source states no action):" in item, (page, item[:200])
                seen += 1
    assert seen >= 22  # every one on its recommendation page and its work stream's page
    detail = json.loads((built_site / "data" / "compare" / "tower-hamlets.json").read_text(encoding="utf-8"))
    assert sum(a["position"] for a in detail["actions"]) == 11
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    assert sum(r["text_is_position"] == "true" for r in rows) == 11


def test_llr_prints_the_sources_own_label_and_keeps_the_forum(built_site):
    html = (built_site / "organisations" / "leicester-city" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Proposed leads</dt>" in html and "<dt>Who by</dt>" in html  # own priorities keep "Who by"
    assert "<dt>Forum</dt>\n    <dd>CCIG</dd>" in html
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    joint = [r for r in rows if r["organisation_id"] == "leicester-city" and r["ref"] in ("1", "2", "3")
             and r["owner"]]
    assert {r["owner_label"] for r in joint} == {"Proposed leads"} and {r["forum"] for r in joint} == {
        "CCIG", "Better Care Together Programme Board"}


def test_context_passages_are_on_the_organisation_pages_and_in_the_downloads(built_site, seed_site):
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "passages.csv").read_text(encoding="utf-8-sig"))))
    for org in seed_site.organisations:
        passages = org.context + (org.joint.context if org.joint else ())
        if org.id in ("lewisham", "coventry-and-rugby", "barnet", "leicester-city"):
            assert passages, org.id
        html = (built_site / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        for p in passages:
            assert p.heading in html and (not p.section or f"Section {p.section} of" in html)
            assert {(r["section"], r["heading"], r["text"]) for r in rows if r["organisation_id"] == org.id} >= {
                (p.section, p.heading, p.text)}
    plans = json.loads((built_site / "data" / "plans.json").read_text(encoding="utf-8"))
    lewisham = next(o for o in plans["organisations"] if o["id"] == "lewisham")
    assert [p["section"] for p in lewisham["context"]] == ["1.1", "4.3", "5.1", "6"]
    assert lewisham["succession"]["current"] == "NHS South East London Integrated Care Board"
