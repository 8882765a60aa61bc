"""Issue 10: the board report's view-model (macros/views/board_views.py) and its template, without
mkdocs or a browser. scripts/board-packs prints what these build (tests/browser/test_browser_print.py)."""
from __future__ import annotations

import re

import pytest

from macros import render
from macros.model import Action, Link, Organisation, Provenance, Report, Site, Update, WorkStream
from macros.plans import load
from macros.views import board_views

WORKSTREAMS = [WorkStream("cultural", 1, "Cultural changes/values", "d1", "#fff176", "yellow"),
               WorkStream("engagement", 2, "Public engagement", "d2", "#ffe082", "yellow"),
               WorkStream("quality", 3, "Quality assurance", "d3", "#ffb74d", "orange"),
               WorkStream("information", 4, "Use of information", "d4", "#90caf9", "blue")]
EVIDENCE = Link("Board minutes, May 2014", "https://www.example.nhs.uk/minutes-2014-05.pdf")


def statuses():
    problems: list = []
    found = load.load_statuses(problems)
    assert not problems
    return found


def progress_org(**changes) -> Organisation:
    """Six actions whose progress as of 2015-02-01 is known by hand (see each comment)."""
    actions = (
        # revised from March to December 2014 while delayed: delayed and overdue on 2015-02-01
        Action("quality", id="1", action="Review contracts", owner="Director of Quality", due="2014-03",
               updates=(Update("2014-01-10", "on-track", "Started."),
                        Update("2014-06-01", "delayed", "Two posts vacant.", due="2014-12",
                               reason="Recruitment took longer."))),
        # complete in May 2014 with evidence, after the first report
        Action("quality", id="2", action="Visit providers", owner="Chief Nurse", due="2014-06",
               updates=(Update("2014-05-01", "complete", "All visited.", evidence=(EVIDENCE,)),)),
        # no update, due in 2016/17: not overdue
        Action("information", id="3", action="Dashboards", due="2016/17"),
        # not started, due in financial year 2014/15 (ends 31 March 2015): not overdue yet
        Action("information", id="4", action="Data quality audit", due="2014/15",
               updates=(Update("2014-02-01", "not-started"),)),
        # added after the plan, on track, no due date
        Action("quality", id="5", action="Freedom to speak up guardian", added="2014-09-01",
               updates=(Update("2014-10-01", "on-track", "Appointed an interim guardian."),)),
        # due December 2013, no update: past its due date since before the first report, never "overdue"
        Action("quality", id="6", action="Complaints triangulation", owner="Head of Patient Experience",
               due="2013-12"),
    )
    fields = dict(id="a-ccg", name="A CCG", provenance=Provenance("Response to Francis", date="2013-07-11"),
                  actions=actions, as_at="2013-07-11",
                  reports=(Report("2014-03-31", "Progress report 1"), Report("2015-02-01", "Progress report 2")))
    fields.update(changes)
    return Organisation(**fields)


def make_site(org: Organisation, as_of: str = "2015-02-01") -> Site:
    return Site(organisations=[org], workstreams=WORKSTREAMS, catalogue={}, statuses=statuses(), as_of=as_of)


def ids(rows) -> list[str]:
    return [r.id for r in rows]


def test_totals_exceptions_and_what_the_board_is_asked_to_note():
    org = progress_org()
    report = board_views.board_report(make_site(org), org, "https://example.org/organisations/a-ccg/")
    assert {t.key: t.count for t in report["totals"]} == {
        "not-started": 1, "on-track": 1, "delayed": 1, "complete": 1, "superseded": 0, "not-proceeding": 0,
        "none": 2}
    assert report["total"] == 6 and report["overdue"] == 1 and report["has_progress"]
    assert report["due_passed_no_update"] == 1
    # overdue first (1 was revised to December 2014); 6 has no update: not an overdue exception
    assert ids(report["exceptions"]) == ["1"]
    assert report["note"][0] == ("The board is asked to note progress on the 6 actions of the plan as of "
                                 "1 February 2015: 1 not started; 1 in progress, on track; 1 in progress, delayed; "
                                 "1 complete; 2 with no update published.")
    assert report["note"][1].startswith("1 action is overdue as of 1 February 2015")
    assert report["note"][2] == ("1 action has passed its due date with no progress update published as of "
                                 "1 February 2015: whether it was done is not known, so it is not counted as overdue.")
    # the report dated as_of is this one: changes count from the one before
    assert report["since"].title == "Progress report 1" and report["this_report"].title == "Progress report 2"
    assert report["note"][3] == ("Since the last progress report, Progress report 1 (31 March 2014): completed: 1; "
                                 "newly delayed: 1; newly overdue: 1; due dates revised: 1; new actions: 1.")


def test_changes_since_the_last_report():
    org = progress_org()
    changes = {kind: entries for kind, _, entries in board_views.board_report(make_site(org), org)["changes"]}
    assert [kind for kind in changes] == ["completed", "delayed", "overdue", "due-passed-no-update", "revised", "added"]
    assert [(c.row.id, c.date) for c in changes["completed"]] == [("2", "2014-05-01")]
    assert changes["completed"][0].evidence == ((EVIDENCE, "www.example.nhs.uk"),)
    assert [(c.row.id, c.detail) for c in changes["delayed"]] == [("1", "Reported delayed: Two posts vacant.")]
    # 6 has no update (its due date passed before the last report): only 1 is newly overdue
    assert [(c.row.id, c.date) for c in changes["overdue"]] == [("1", "2015-01-01")]  # revised to December 2014
    assert changes["due-passed-no-update"] == []
    assert [c.detail for c in changes["revised"]] == [
        "Due date moved from March 2014 to December 2014: Recruitment took longer."]
    assert [(c.row.id, c.date) for c in changes["added"]] == [("5", "2014-09-01")]


def test_without_reports_changes_count_from_the_plan():
    org = progress_org(reports=())
    report = board_views.board_report(make_site(org), org)
    assert report["since"] is None and report["since_words"] == "the plan (11 July 2013)"
    overdue = next(entries for kind, _, entries in report["changes"] if kind == "overdue")
    assert ids(c.row for c in overdue) == ["1"]
    passed = next(entries for kind, _, entries in report["changes"] if kind == "due-passed-no-update")
    assert [(c.row.id, c.date) for c in passed] == [("6", "2014-01-01")]
    assert passed[0].detail == "Due December 2013; no progress update published, so whether it was done is not known."


def test_a_second_revision_says_what_it_moved_from():
    org = progress_org(actions=(Action("quality", id="7", action="Audit", due="2014-03", updates=(
        Update("2014-02-01", "delayed", "Late.", due="2014-06", reason="Staff"),
        Update("2014-05-01", "delayed", "Later.", due="2014-09", reason="More staff"))),), reports=())
    revised = next(e for k, _, e in board_views.board_report(make_site(org, "2014-08-01"), org)["changes"]
                   if k == "revised")
    assert [c.detail for c in revised] == ["Due date moved from March 2014 to June 2014: Staff",
                                           "Due date moved from June 2014 to September 2014: More staff"]


def test_streams_without_actions_are_left_out_and_rows_keep_plan_order():
    org = progress_org()
    report = board_views.board_report(make_site(org), org)
    assert [(ws.key, ids(rows)) for ws, _, rows in report["streams"]] == [
        ("quality", ["1", "2", "5", "6"]), ("information", ["3", "4"])]
    summary = dict((ws.key, s) for ws, s, _ in report["streams"])
    assert summary["quality"] == ("4 actions: 1 in progress, on track; 1 in progress, delayed; 1 complete; "
                                  "1 with no update; 1 overdue; 1 past the due date with no update published")


def test_columns_no_action_fills_are_left_out_and_named_once():
    org = progress_org()
    report = board_views.board_report(make_site(org), org)
    assert report["columns"] == {"recommendations": False, "lead": True, "due": True, "revised": True,
                                 "status": True, "note": True, "evidence": True}
    assert report["left_out"] == ["recommendation"]
    html = render.render("board_report.html", **report)
    assert "Columns left out because no action has one: recommendation." in html
    assert '<th scope="col" class="c-rec">' not in html
    assert "not stated" not in html  # blanks are a dash, explained once


def test_a_plan_without_progress_says_so_once():
    """Like the seed plans: no updates at all. No status column, no "no update" per action."""
    org = progress_org(actions=(Action("quality", id="r1", action="Review contracts", due="2030-03"),
                                Action("cultural", id="r2", action="Values work",
                                       current_position="Values agreed by the governing body.")),
                       reports=())
    report = board_views.board_report(make_site(org), org)
    assert not report["has_progress"] and not report["columns"]["status"] and report["columns"]["note"]
    assert report["note"][:2] == [
        "The board is asked to note the 2 actions of the plan (as at 11 July 2013). "
        "No progress update has been published since the plan.",
        "No action is overdue as of 1 February 2015."]
    html = render.render("board_report.html", **report)
    text = re.sub(r"<[^>]+>", " ", html)
    assert text.count("No progress update has been published") == 1
    table = text[text.index("Every action, by work stream"):]
    assert "No update" not in table and "no progress update" not in table.lower() and 'class="c-status"' not in html
    assert "Position stated in the plan" in text and "Values agreed by the governing body." in text
    assert "No action is overdue or delayed as of 1 February 2015." in text


def test_a_plan_without_progress_past_its_due_dates_is_never_called_overdue():
    """Issue 24: like the seed plans, due dates long passed and no update: the board is told the
    due dates passed with no update published, never that the actions are overdue."""
    org = progress_org(actions=(Action("quality", id="r1", action="Review contracts", due="2014-03"),
                                Action("cultural", id="r2", action="Values work", due="2013/14"),
                                Action("cultural", id="r3", action="Later work", due="2030-03")), reports=())
    report = board_views.board_report(make_site(org), org)
    assert report["overdue"] == 0 and report["due_passed_no_update"] == 2 and report["exceptions"] == []
    assert report["note"][1:3] == [
        "No action is overdue as of 1 February 2015.",
        "2 actions have passed their due date with no progress update published as of 1 February 2015: "
        "whether they were done is not known, so they are not counted as overdue."]
    html = render.render("board_report.html", **report)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert ">Overdue<" not in html.replace('<strong class="flag">Overdue</strong></th><td class="num">0<', "")
    table = text[text.index("Every action, by work stream"):]
    assert table.count("Due date passed, no update published") == 2
    assert "2 other actions have passed their due date with no progress update published" in text
    passed = next(entries for kind, _, entries in report["changes"] if kind == "due-passed-no-update")
    assert ids(c.row for c in passed) == ["r1", "r2"]


def test_a_plan_without_due_dates_cannot_be_overdue():
    org = progress_org(actions=(Action("quality", id="r1", action="Review contracts"),), reports=())
    assert board_views.board_report(make_site(org), org)["note"][1] == (
        "The plan gives no due dates, so no action can be overdue.")


def test_long_texts_are_shortened_in_the_table_and_printed_in_full_at_the_end():
    long_action = "Review every contract " + " ".join(f"word{i}" for i in range(120)) + " END."
    org = progress_org(actions=(Action("quality", id="9", action=long_action),))
    report = board_views.board_report(make_site(org), org)
    row = report["streams"][0][2][0]
    assert row.action_shortened and row.action.endswith(" …") and len(row.action) <= board_views.SHORT_TO + 2
    assert long_action.startswith(row.action[:-2])
    assert report["long"] == [row]
    html = render.render("board_report.html", **report)
    assert 'href="#full-action-9"' in html and 'id="full-action-9"' in html and long_action in html


def test_shorten_and_short_dates():
    assert board_views.shorten("a  b\n c") == ("a b c", False)
    text, cut = board_views.shorten("one two three four", over=10, to=9)
    assert (text, cut) == ("one two …", True)
    assert [board_views.short_date(d) for d in ("2014-03-31", "2014-03", "2014/15", "")] == [
        "31 Mar 2014", "Mar 2014", "2014/15", ""]


def test_everything_from_the_plan_is_escaped():
    evil = '<img src=x onerror="alert(1)">'
    org = progress_org(
        name=f"Evil {evil} CCG", provenance=Provenance(f"Doc {evil}", meeting=evil, url="https://example.org/?a=1&b=2"),
        actions=(Action("quality", id="1", action=f"Do {evil}", owner=evil, due="2014-03",
                        current_position=evil, status=evil,
                        updates=(Update("2014-06-01", "delayed", f"Note {evil}", due="2014-12", reason=evil,
                                        evidence=(Link(evil, "https://example.org/x?<b>"),)),)),),
        reports=(Report("2014-01-01", evil, meeting=evil),))
    html = render.render("board_report.html", **board_views.board_report(make_site(org), org, f"https://e.org/{evil}"))
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html


def test_previous_report_is_the_last_one_before_the_date():
    org = progress_org()
    assert board_views.previous_report(org, "2014-03-31") is None
    assert board_views.previous_report(org, "2014-04-01").title == "Progress report 1"
    assert board_views.previous_report(org, "2016-01-01").title == "Progress report 2"


@pytest.mark.parametrize("as_of, hidden", [("2014-01-09", 5), ("2014-05-01", 2), ("2015-02-01", 0)])
def test_later_updates_are_left_out_and_counted(as_of, hidden):
    org = progress_org()
    report = board_views.board_report(make_site(org, as_of), org)
    assert report["hidden"] == hidden
