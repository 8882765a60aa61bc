"""Issue 10: derived progress at its boundaries, what changed between two dates, the reporting
register, the progress report's periods, the feed and the progress downloads. No mkdocs."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from macros import progress
from macros.model import Action, JointResponse, Link, Organisation, Provenance, Report, Site, Update, WorkStream
from macros.plans import load
from macros.site import export, feed
from macros.views import downloads, progress_views

ATOM = "{http://www.w3.org/2005/Atom}"
STATUSES = load.load_statuses([])
WORKSTREAMS = [WorkStream("cultural", 1, "Cultural changes/values", "d1", "#fff176", "yellow"),
               WorkStream("engagement", 2, "Public engagement", "d2", "#ffe082", "yellow"),
               WorkStream("quality", 3, "Quality assurance", "d3", "#ffb74d", "orange"),
               WorkStream("information", 4, "Use of information", "d4", "#90caf9", "blue")]


def act(due="", *updates, id="1", added="", workstream="quality", joint=False) -> Action:
    return Action(workstream, id=id, action=f"Action {id}", due=due, updates=tuple(updates), added=added, joint=joint)


def up(date, status, note="", due="", reason="", evidence=()) -> Update:
    return Update(date, status, note=note, due=due, reason=reason, evidence=tuple(evidence))


def org(id, actions, date="2013-07-11", reports=(), joint=None) -> Organisation:
    return Organisation(id, id.title(), Provenance(f"Plan of {id}", date=date), actions=tuple(actions),
                        reports=tuple(reports), joint=joint)


def site(orgs, as_of) -> Site:
    return Site(organisations=list(orgs), workstreams=WORKSTREAMS, catalogue={}, statuses=STATUSES, as_of=as_of)


# Derived statuses at their boundaries -------------------------------------------------------

@pytest.mark.parametrize("due, last_on_time", [
    ("2015-06-30", "2015-06-30"),  # a day: due that day
    ("2015-06", "2015-06-30"),  # a month: due at its end
    ("2015-02", "2015-02-28"),
    ("2016-02", "2016-02-29"),  # a leap year's February
    ("2014/15", "2015-03-31"),  # a financial year: due on 31 March of its second year
])
def test_overdue_starts_the_day_after_the_due_date(due, last_on_time):
    a = act(due, up("2014-01-10", "on-track", "Going well"))
    assert not progress.of(a, last_on_time).overdue
    after = progress.day(last_on_time).toordinal() + 1
    assert progress.of(a, progress.dt.date.fromordinal(after).isoformat()).overdue


def test_due_today_is_not_overdue_and_no_due_date_never_is():
    assert not progress.of(act("2015-06-30", up("2015-01-01", "on-track")), "2015-06-30").overdue
    assert not progress.of(act("", up("2015-01-01", "on-track")), "2030-01-01").overdue
    assert not progress.of(act(""), "2030-01-01").due_passed_no_update


@pytest.mark.parametrize("due, last_on_time", [("2015-06-30", "2015-06-30"), ("2015-06", "2015-06-30"),
                                               ("2014/15", "2015-03-31")])
def test_an_action_with_no_update_is_never_overdue_its_due_date_has_passed(due, last_on_time):
    """Issue 24: the site does not know that an action with no update was not done."""
    a = act(due)
    on_time = progress.of(a, last_on_time)
    assert not on_time.overdue and not on_time.due_passed_no_update and on_time.due_state == ""
    after = progress.dt.date.fromordinal(progress.day(last_on_time).toordinal() + 1).isoformat()
    p = progress.of(a, after)
    assert not p.overdue and p.due_passed_no_update
    assert p.due_state == progress.DUE_PASSED_NO_UPDATE == "due-passed-no-update"
    # an update dated after the as-of date is not shown: still no update as of then
    later = act(due, up("2030-01-01", "on-track"))
    assert progress.of(later, after).due_passed_no_update and not progress.of(later, after).overdue
    # once an update says it is not done, it is overdue, and no longer "no update"
    reported = progress.of(act(due, up(last_on_time, "on-track")), after)
    assert reported.overdue and not reported.due_passed_no_update and reported.due_state == "overdue"
    # an update that closes it: neither
    closed = progress.of(act(due, up(last_on_time, "complete")), after)
    assert not closed.overdue and not closed.due_passed_no_update and closed.due_state == ""


def test_revised_due_date_counts_and_the_original_stays_the_baseline():
    a = act("2015-06", up("2015-05-01", "delayed", "Staff shortage", due="2015-12", reason="Recruitment"))
    p = progress.of(a, "2015-08-01")
    assert (p.original_due, p.revised_due, p.due, p.revision_reason) == ("2015-06", "2015-12", "2015-12", "Recruitment")
    assert not p.overdue
    assert progress.of(a, "2016-01-01").overdue
    # before the revision was published, the original date counted
    assert progress.of(a, "2015-04-30").due == "2015-06"


@pytest.mark.parametrize("status", ["complete", "superseded", "not-proceeding"])
def test_closed_actions_are_never_overdue(status):
    assert not progress.of(act("2014-03", up("2015-01-01", status, "Done or dropped")), "2016-01-01").overdue


def test_completed_late_is_judged_against_the_due_date_that_counted():
    late = act("2015-06", up("2015-03-01", "on-track"), up("2015-07-01", "complete"))
    p = progress.of(late, "2016-01-01")
    assert p.completed_on == "2015-07-01" and p.completed_late and not p.overdue
    on_time = act("2015-06", up("2015-06-30", "complete"))
    assert not progress.of(on_time, "2016-01-01").completed_late
    revised = act("2015-06", up("2015-05-01", "delayed", "why", due="2015-09", reason="r"), up("2015-08-01", "complete"))
    assert not progress.of(revised, "2016-01-01").completed_late


def test_stale_after_exactly_twelve_months_without_an_update():
    a = act("2020-01", up("2014-06-30", "on-track"))
    assert not progress.of(a, "2015-06-30").stale  # exactly 12 months: not yet
    assert progress.of(a, "2015-07-01").stale
    assert not progress.of(act("2020-01"), "2030-01-01").stale  # no update at all is "no update", not stale


def test_as_of_earlier_than_some_updates_hides_and_counts_them():
    a = act("2016-03", up("2015-01-01", "on-track"), up("2015-09-01", "delayed", "why"), up("2016-02-01", "complete"))
    p = progress.of(a, "2015-06-30")
    assert (p.status, p.last_update, p.hidden, len(p.updates)) == ("on-track", "2015-01-01", 2, 1)
    assert progress.of(a, "2016-02-01").hidden == 0


def test_no_update_is_never_counted_as_not_started():
    s = site([org("a", [act("2014-03", id="1"), act("2020-03", up("2014-01-01", "not-started"), id="2")])], "2015-01-01")
    counts = progress_views.count(s, [progress.of(a, s.as_of) for a in s.organisations[0].actions])
    assert counts.by_status["none"] == 1 and counts.by_status["not-started"] == 1
    # the action with no update is past its due date, but not overdue: counted apart
    assert counts.overdue == 0 and counts.due_passed_no_update == 1 and counts.total == 2
    assert [k for k, _ in progress_views.columns(s)][-1] == "none"


# What changed between two dates -------------------------------------------------------------

def changes(actions, start, end):
    found = progress.changes_between(actions, start, end)
    return {k: [c.action.id for c in v] for k, v in found.items()}


def test_changes_between_two_dates():
    done = act("2015-06", up("2014-06-01", "on-track"), up("2015-02-01", "complete", evidence=[Link("Minutes", "https://x.nhs.uk/m")]), id="done")
    slipped = act("2015-06", up("2014-06-01", "on-track"), up("2015-03-01", "delayed", "Recruitment", due="2015-12", reason="Staff"), id="slipped")
    lapsed = act("2014-12", up("2014-06-01", "on-track"), id="lapsed")
    new = act("2015-09", id="new", added="2015-01-15")
    old_done = act("2014-06", up("2014-05-01", "complete"), id="old-done")
    silent = act("2015-01", id="silent")  # no update: its due date passed, it is not "overdue"
    period = changes([done, slipped, lapsed, new, old_done, silent], "2014-12-31", "2015-03-31")
    assert period == {"completed": ["done"], "delayed": ["slipped"], "overdue": ["lapsed"],
                      "due-passed-no-update": ["silent"], "revised": ["slipped"], "added": ["new"]}
    found = progress.changes_between([done, slipped], "2014-12-31", "2015-03-31")
    assert found["completed"][0].update.date == "2015-02-01"
    assert found["delayed"][0].update.note == "Recruitment"
    # the next period: nothing new (still delayed and overdue is not "newly")
    assert changes([done, slipped, lapsed, new, old_done, silent], "2015-03-31", "2015-04-30") == {
        "completed": [], "delayed": [], "overdue": [], "due-passed-no-update": [], "revised": [], "added": []}
    # since the plan: everything done so far
    since_plan = changes([done, old_done, lapsed], "", "2015-03-31")
    assert since_plan["completed"] == ["done", "old-done"] and since_plan["overdue"] == ["lapsed"]


def test_changes_between_keeps_updates_after_the_end_out():
    a = act("2015-06", up("2015-05-01", "on-track"), up("2015-05-02", "complete"), id="x")
    assert changes([a], "", "2015-05-01")["completed"] == []
    assert changes([a], "", "2015-05-02")["completed"] == ["x"]


# The progress report's periods --------------------------------------------------------------

def test_progress_report_has_one_period_per_report_newest_first_and_the_latest():
    a = act("2015-06", up("2014-03-01", "on-track"), up("2014-09-01", "delayed", "why"), up("2015-02-01", "complete"))
    reports = (Report("2014-03-01", "Report 1"), Report("2014-09-01", "Report 2"), Report("2016-01-01", "Report 3"))
    o = org("a", [a], reports=reports)
    page = progress_views.progress_page(site([o], "2015-06-30"), o)
    ps = page["periods"]
    assert [(p.start, p.end, p.report.title if p.report else None) for p in ps] == [
        ("2014-09-01", "2015-06-30", None), ("2014-03-01", "2014-09-01", "Report 2"), ("", "2014-03-01", "Report 1")]
    assert [p.id for p in ps] == ["period-latest", "period-2014-09-01", "period-2014-03-01"]
    kinds = {kind: items for kind, _, items in ps[1].changes}
    assert [c.update.note for c in kinds["delayed"]] == ["why"]
    assert [c.view.action.id for c in dict((k, i) for k, _, i in ps[0].changes)["completed"]] == ["1"]
    assert page["hidden"] == 0


def test_progress_report_without_reports_or_updates_is_one_period_since_the_plan():
    o = org("a", [act("2014-03")])
    ps = progress_views.progress_page(site([o], "2015-06-30"), o)["periods"]
    assert [(p.start, p.end, p.report) for p in ps] == [("", "2015-06-30", None)]
    assert [k for k, _, items in ps[0].changes if items] == ["due-passed-no-update"]


def test_revised_change_says_which_due_date_it_replaced():
    a = act("2015-06", up("2015-01-01", "delayed", "w", due="2015-09", reason="r1"), up("2015-08-01", "delayed", "w", due="2016-03", reason="r2"))
    o = org("a", [a])
    p = progress_views.progress_page(site([o], "2016-01-01"), o)["periods"][0]
    revised = dict((k, i) for k, _, i in p.changes)["revised"]
    assert [(c.previous_due, c.update.due) for c in revised] == [("2015-06", "2015-09"), ("2015-09", "2016-03")]


# The reporting register ---------------------------------------------------------------------

def test_months_between():
    assert progress_views.months_between("2014-06-30", "2015-06-30") == 12
    assert progress_views.months_between("2014-07-01", "2015-06-30") == 11
    assert progress_views.months_between("2013-06", "2015-06-30") == 24  # a month from its first day
    assert progress_views.months_between("2013/14", "2014-04-01") == 12  # a financial year from 1 April


def test_reporting_register():
    seed = org("seed", [act("2014-03", id="1"), act("2014-03", id="2")], date="2013-06")
    recent = org("recent", [act("2015-06", up("2015-05-01", "complete"), id="1"),
                            act("2015-03", up("2014-10-01", "on-track"), id="2"),
                            act("2016-03", up("2015-05-01", "delayed", "why"), up("2015-09-01", "complete"), id="3")])
    lapsed = org("lapsed", [act("2016-03", up("2014-06-29", "on-track"))], date="2013-07-11")
    undated = org("undated", [act()], date="")
    page = progress_views.reporting_page(site([seed, recent, lapsed, undated], "2015-06-30"))
    rows = {r.org.id: r for r in page["rows"]}
    assert (rows["seed"].last_update, rows["seed"].months, rows["seed"].over_12_months) == ("", 24, True)
    assert rows["seed"].counts.by_status["none"] == 2 and rows["seed"].counts.overdue == 0
    assert rows["seed"].counts.due_passed_no_update == 2
    r = rows["recent"]
    assert (r.last_update, r.months, r.over_12_months) == ("2015-05-01", 1, False)
    assert (r.counts.by_status["complete"], r.counts.by_status["delayed"], r.counts.overdue) == (1, 1, 1)
    assert r.counts.complete_share == 33  # one of three, rounded down
    assert (rows["lapsed"].months, rows["lapsed"].over_12_months) == (12, True)
    assert (rows["undated"].months, rows["undated"].over_12_months) == (None, None)
    assert page["reported"] == 1 and page["total"] == 4


# Updates across organisations: home page, feed, downloads -----------------------------------

def three_orgs(as_of="2016-01-01"):
    joint_work = (act("2015-06", up("2015-03-01", "on-track", "Joint note"), id="j1", joint=True),)
    joint = JointResponse("llr", "LLR", Provenance("Joint"), joint_work=joint_work)
    a = org("alpha", [act("2015-06", up("2014-02-01", "on-track", "First & <b>bold</b>"),
                          up("2015-08-01", "complete", "Done", evidence=[Link("Board minutes", "https://a.nhs.uk/m.pdf")]), id="a1")], joint=joint)
    b = org("beta", [act("2015-06", up("2015-08-01", "delayed", "Why\nsecond line", due="2016-03", reason="Staff"),
                         up("2016-06-01", "complete", "Later"), id="b1")], joint=joint)
    s = site([a, b], as_of)
    s.joint_responses = {"llr": joint}
    return s


def test_newest_updates_once_each_newest_first_with_their_entry():
    entries = progress_views.newest(three_orgs(), 10)
    assert [(e.org.id, e.action.id, e.update.date) for e in entries] == [
        ("alpha", "a1", "2015-08-01"), ("beta", "b1", "2015-08-01"), ("alpha", "j1", "2015-03-01"),
        ("alpha", "a1", "2014-02-01")]  # the joint work area once; beta's 2016 update is after as-of
    assert entries[0].url == "organisations/alpha/#action-a1" and entries[2].url == "organisations/alpha/#joint-j1"
    summary = progress_views.national_summary(three_orgs(), recent=2)
    assert len(summary["recent"]) == 2 and summary["hidden"] == 1
    assert summary["counts"].total == 4  # each member counts the joint work area, as its page shows it


def test_feed_is_atom_newest_first_escaped_and_deterministic():
    s = three_orgs()
    text = feed.atom(s, "https://example.org/fr/")
    assert text == feed.atom(three_orgs(), "https://example.org/fr/")  # no build time in it
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text.startswith("2015-08-01")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4 and len({e.find(f"{ATOM}id").text for e in entries}) == 4
    assert [e.find(f"{ATOM}updated").text[:10] for e in entries] == ["2015-08-01", "2015-08-01", "2015-03-01", "2014-02-01"]
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/fr/organisations/alpha/#action-a1"
    content = entries[-1].find(f"{ATOM}content")
    assert content.get("type") == "text" and "First & <b>bold</b>" in content.text  # text, not markup
    assert "&lt;b&gt;" in text
    assert "Board minutes <https://a.nhs.uk/m.pdf>" in entries[0].find(f"{ATOM}content").text


def test_feed_drops_characters_xml_cannot_carry():
    s = site([org("a", [act("2015-06", up("2015-01-01", "on-track", "bell\x07 here"))])], "2016-01-01")
    assert "bell here" in feed.atom(s)


def test_updates_csv_one_row_per_update_as_of():
    rows = list(csv.DictReader(io.StringIO(export.updates_csv(three_orgs()))))
    assert downloads.UPDATES.keys == list(rows[0].keys())
    got = [(r["organisation_id"], r["action_id"], r["date"], r["status"]) for r in rows]
    assert got == [("alpha", "a1", "2014-02-01", "on-track"), ("alpha", "a1", "2015-08-01", "complete"),
                   ("alpha", "j1", "2015-03-01", "on-track"), ("beta", "b1", "2015-08-01", "delayed"),
                   ("beta", "j1", "2015-03-01", "on-track")]
    assert rows[1]["evidence_titles"] == "Board minutes" and rows[1]["evidence_urls"] == "https://a.nhs.uk/m.pdf"
    assert (rows[3]["note"], rows[3]["revised_due"], rows[3]["reason"]) == ("Why\nsecond line", "2016-03", "Staff")


def test_actions_csv_progress_columns_and_plans_json_as_of():
    rows = list(csv.DictReader(io.StringIO(export.actions_csv(three_orgs()))))
    b1 = next(r for r in rows if r["action_id"] == "b1")
    assert (b1["current_status"], b1["last_update"], b1["overdue"]) == ("delayed", "2015-08-01", "false")
    a1 = next(r for r in rows if r["action_id"] == "a1")
    assert (a1["current_status"], a1["overdue"]) == ("complete", "false")
    plans = json.loads(export.plans_json(three_orgs()))
    assert plans["schema_version"] == 2 and plans["as_of"] == "2016-01-01"
    beta = next(o for o in plans["organisations"] if o["id"] == "beta")
    assert [u["date"] for u in beta["actions"][0]["updates"]] == ["2015-08-01"]  # the 2016 update is left out
    assert plans["joint_responses"][0]["joint_work"][0]["updates"][0]["note"] == "Joint note"


def test_stale_only_on_open_actions():
    """A complete, superseded or not-proceeding action is not waiting for news: no "no update in
    the last 12 months" flag on it, however old its last update."""
    for closed in ("complete", "superseded", "not-proceeding"):
        a = act("2020-01", up("2014-06-30", closed, "why"))
        assert not progress.of(a, "2017-01-01").stale, closed
    for still_open in ("not-started", "on-track", "delayed"):
        assert progress.of(act("2020-01", up("2014-06-30", still_open, "why")), "2017-01-01").stale, still_open
