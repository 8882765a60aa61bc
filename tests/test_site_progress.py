"""Issue 10, built: synthetic plans with years of updates, built once with AS_OF set. Every
update's note and evidence appear on its organisation page and in data/updates.csv; the
progress report, reporting register, home page, feed and downloads are there; the seed
organisations say that no progress update has been published since their plans."""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from htmltext import norm, visible_text
from sitebuild import built_synthetic_site

from macros import progress
from macros.plans import load
from macros.views import progress_views

AS_OF = "2016-06-30"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory):
    """(plans folder, built site, Site as loaded with AS_OF) for 12 synthetic organisations."""
    plans, out = built_synthetic_site(tmp_path_factory.mktemp("progress"), 12, seed=10, as_of=AS_OF)
    old = {k: os.environ.get(k) for k in ("AS_OF", "PLANS_DIR")}
    os.environ.update(AS_OF=AS_OF, PLANS_DIR=str(plans))
    try:
        site, problems = load.check()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert site is not None and site.as_of == AS_OF, [p.format() for p in problems]
    return plans, out, site


def page_text(path: Path) -> str:
    """The page's visible text, whitespace collapsed."""
    return norm(visible_text(path.read_text(encoding="utf-8")))


def test_every_update_note_and_evidence_is_on_its_organisation_page(synthetic_site):
    _, out, site = synthetic_site
    shown = hidden = 0
    for org in site.organisations:
        page = (out / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        text = norm(visible_text(page))
        for a in org.all_actions:
            for u in a.updates:
                if u.date > AS_OF:
                    hidden += 1
                    continue
                shown += 1
                assert norm(u.note) in text, (org.id, a.id, u.date)
                for link in u.evidence:
                    assert f'href="{html.escape(link.url)}"' in page and link.title in text
    assert shown > 100 and hidden > 0  # AS_OF left some out


def test_updates_csv_has_every_update_as_of(synthetic_site):
    _, out, site = synthetic_site
    rows = list(csv.DictReader(io.StringIO((out / "data" / "updates.csv").read_text(encoding="utf-8"))))
    expected = [(o.id, a.id, u.date, u.status, u.note, "\n".join(l.url for l in u.evidence))
                for o in site.organisations for a in o.all_actions for u in a.updates if u.date <= AS_OF]
    got = [(r["organisation_id"], r["action_id"], r["date"], r["status"], r["note"], r["evidence_urls"]) for r in rows]
    assert got == expected and any(r["evidence_urls"] for r in rows) and any(r["revised_due"] for r in rows)
    actions = list(csv.DictReader(io.StringIO((out / "data" / "actions.csv").read_text(encoding="utf-8"))))
    statuses = {s.key for s in site.statuses}
    assert {r["current_status"] for r in actions} <= statuses | {""}
    assert {r["overdue"] for r in actions} == {"true", "false"}
    assert {r["due_passed_no_update"] for r in actions} == {"true", "false"}
    # issue 24: an action with no update shown is never overdue; past its due date, it says so apart
    for r in actions:
        if r["overdue"] == "true":
            assert r["current_status"] and r["due_passed_no_update"] == "false"
        if r["due_passed_no_update"] == "true":
            assert not r["current_status"] and not r["last_update"]
    plans = json.loads((out / "data" / "plans.json").read_text(encoding="utf-8"))
    assert plans["schema_version"] == 2 and plans["as_of"] == AS_OF


def test_progress_report_pages(synthetic_site):
    _, out, site = synthetic_site
    busiest = max(site.organisations, key=lambda o: len(o.reports))
    text = page_text(out / "organisations" / busiest.id / "progress" / "index.html")
    assert "Statuses as of 30 June 2016" in text
    for r in busiest.reports:
        if r.date <= AS_OF:
            assert r.title in text
    for heading in ("Completed (", "Newly delayed (", "Due dates revised ("):
        assert heading in text
    for org in site.organisations:
        page = out / "organisations" / org.id / "progress" / "index.html"
        assert page.stat().st_size < 300_000
        assert 'href="progress/"' in (out / "organisations" / org.id / "index.html").read_text(encoding="utf-8")


def test_progress_reports_do_not_repeat_actions_in_search(synthetic_site):
    """The change lists repeat text from the organisation pages: search indexes it there only."""
    _, out, site = synthetic_site
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    progress_text = "".join(d["text"] for d in index if "/progress/" in d["location"])
    assert progress_text and not any(a.action[:60] in progress_text for o in site.organisations for a in o.all_actions)


def test_organisation_status_summary_matches_the_derived_statuses(synthetic_site):
    _, out, site = synthetic_site
    org = site.organisations[0]
    text = page_text(out / "organisations" / org.id / "index.html")
    assert "Progress by work stream" in text and "Actions by progress status in each work stream" in text
    overdue = sum(progress.of(a, AS_OF).overdue for a in org.all_actions)
    passed = sum(progress.of(a, AS_OF).due_passed_no_update for a in org.all_actions)
    states = [progress.of(a, AS_OF) for a in org.all_actions]
    complete = sum(p.status == "complete" for p in states)
    raw = (out / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
    table = raw.split('class="fr-counts fr-status-table"')[1]
    foot = table.split("<tfoot>")[1].split("</tfoot>")[0]  # the status table's totals row
    numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", foot)]
    assert numbers[3] == complete and numbers[-3] == overdue and numbers[-2] == passed
    assert numbers[-1] == len(states)


def test_reporting_register_home_and_feed(synthetic_site):
    _, out, site = synthetic_site
    text = page_text(out / "reporting" / "index.html")
    for org in site.organisations:
        assert org.name in text
    raw = (out / "reporting" / "index.html").read_text(encoding="utf-8")
    assert 'aria-sort="ascending"' in raw and "sort-table.js" in raw
    home = page_text(out / "index.html")
    assert "Most recent progress updates" in home and "Statuses as of 30 June 2016" in home
    raw = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="updates.xml"' in raw and 'type="application/atom+xml"' in raw
    root = ET.parse(out / "updates.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    dates = [e.find(f"{ATOM}updated").text[:10] for e in entries]
    assert entries and dates == sorted(dates, reverse=True) and dates[0] <= AS_OF
    assert root.find(f"{ATOM}updated").text[:10] == dates[0]
    first = entries[0].find(f"{ATOM}link").get("href")
    org_id, anchor = first.split("organisations/")[1].split("/#")
    assert f'id="{anchor}"' in (out / "organisations" / org_id / "index.html").read_text(encoding="utf-8")


def test_seed_organisations_say_no_update_since_the_plan(built_site, seed_site):
    site = seed_site
    for org in site.organisations:
        assert not any(a.updates for a in org.all_actions)
        text = page_text(built_site / "organisations" / org.id / "index.html")
        assert "No progress update has been published since the plan" in text
        raw = (built_site / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        cards = raw.split('<article class="fr-action')[1:]
        assert cards and not any("not started" in c.split("</article>")[0].lower() for c in cards)
    register = (built_site / "reporting" / "index.html").read_text(encoding="utf-8")
    rows = register.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == len(site.organisations)
    assert all("<td><i>none</i></td>" in r for r in rows)  # no progress update since the plan
    barnet = next(r for r in rows if "organisations/barnet/" in r)
    assert "<td>2013-04-25</td><td><i>none</i></td>" in barnet  # and how long ago the plan was:
    months = int(re.search(r"<td><i>none</i></td><td>(\d+)</td>", barnet).group(1))
    assert months == progress_views.months_between("2013-04-25", site.as_of) and months >= 12


def test_no_action_without_an_update_is_called_overdue(synthetic_site):
    """Issue 24: on every organisation page, an action's entry says "Overdue" only when its latest
    update says it is not done; one with no update shown and its due date passed says that instead."""
    from macros.views.views import anchor
    _, out, site = synthetic_site
    seen = {"overdue": 0, "passed": 0}
    for org in site.organisations:
        raw = (out / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        entries = {m.group(1): m.group(0) for m in
                   re.finditer(r'<article class="fr-action[^"]*" id="([^"]+)".*?</article>', raw, re.S)}
        for a in org.all_actions:
            p = progress.of(a, AS_OF)
            entry = entries[anchor(a)]
            assert ("fr-flag--overdue" in entry) == p.overdue, (org.id, a.id)
            assert ("Due date passed" in entry) == p.due_passed_no_update, (org.id, a.id)
            if not p.updates:
                assert "fr-flag--overdue" not in entry and not p.overdue
            seen["overdue"] += p.overdue
            seen["passed"] += p.due_passed_no_update
    assert seen["overdue"] and seen["passed"], seen  # the synthetic plans have both
