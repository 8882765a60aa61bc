"""Issues 10 and 22: the board report's facts (macros/views/board_views.py), its layout as a document
(board_paper.py), the HTML it is printed from and the DOCX (macros/board_docx.py), without mkdocs
or a browser. scripts/board-packs prints what these build (tests/browser/test_browser_print.py)."""
from __future__ import annotations

import io
import re

import pytest

from macros import board_docx, render
from macros.model import (Action, Assurance, Link, Meeting, Organisation, Provenance, Report, Site, Update,
                          WorkStream)
from macros.plans import load
from macros.views import board_paper, board_views, progress_views

WORKSTREAMS = [WorkStream("cultural", 1, "Cultural changes/values", "d1", "#fff176", "yellow"),
               WorkStream("engagement", 2, "Public engagement", "d2", "#ffe082", "yellow"),
               WorkStream("quality", 3, "Quality assurance", "d3", "#ffb74d", "orange"),
               WorkStream("information", 4, "Use of information", "d4", "#90caf9", "blue")]
EVIDENCE = Link("Board minutes, May 2014", "https://www.example.nhs.uk/minutes-2014-05.pdf")
MEETING = Meeting(meeting="Governing Body", date="2015-02-11", agenda_item="7.2", author="Jo Example, Head of Quality",
                  executive_lead="Director of Nursing", purpose="assurance", paper="public", status="draft",
                  risks=(Link("BAF 3.2", "https://www.example.nhs.uk/baf.pdf"), Link("Risk 118", "")),
                  implications=(("finance", "None beyond existing budgets."),))


def statuses():
    problems: list = []
    found = load.load_statuses(problems)
    assert not problems
    return found


def progress_org(**changes) -> Organisation:
    """Six actions whose progress as of 2015-02-01 is known by hand (see each comment)."""
    actions = (
        # revised from March to December 2014 while delayed: delayed and past due on 2015-02-01
        Action("quality", id="1", action="Review contracts", owner="Director of Quality", due="2014-03",
               updates=(Update("2014-01-10", "on-track", "Started."),
                        Update("2014-06-01", "delayed", "Two posts vacant.", due="2014-12",
                               reason="Recruitment took longer.", next_step="Interviews in February.",
                               forecast="2015-06"))),
        # complete in May 2014 with evidence, after the first report; assured in July
        Action("quality", id="2", action="Visit providers", owner="Chief Nurse", due="2014-06",
               updates=(Update("2014-05-01", "complete", "All visited.", evidence=(EVIDENCE,),
                               assurance=Assurance("Quality Committee", "2014-07-09", "QC/14/31")),)),
        # no update, due in 2016/17: not past due
        Action("information", id="3", action="Dashboards", due="2016/17"),
        # not started, due in financial year 2014/15 (ends 31 March 2015): not past due yet
        Action("information", id="4", action="Data quality audit", due="2014/15",
               updates=(Update("2014-02-01", "not-started"),)),
        # added after the plan, on track, no due date
        Action("quality", id="5", action="Freedom to speak up guardian", added="2014-09-01",
               updates=(Update("2014-10-01", "on-track", "Appointed an interim guardian."),)),
        # due December 2013, no update: its due date passed before the first report, never "overdue"
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


def ids(items) -> list[str]:
    return [(x.row if hasattr(x, "row") else x).id for x in items]


def text_of(runs) -> str:
    return "".join(r.text + (f" [{r.ref}]" if r.ref else "") for r in runs)


def paper_lines(paper) -> list[str]:
    """The paper as lines of text, in order: what both renderers print."""
    out = []
    for b in paper.blocks:
        if b.kind == "heading":
            out.append(b.text)
        elif b.kind == "para":
            out.append(text_of(b.runs))
        elif b.kind == "table":
            if b.caption:
                out.append(b.caption)
            if b.head and b.head[0]:
                out.extend(b.head)
            for row in b.rows:
                for c in row.cells:
                    out.extend(text_of(line) for line in c)
    return out


def section(paper, start: str, end: str | None = None) -> str:
    lines = paper_lines(paper)
    i = lines.index(start)
    j = lines.index(end) if end else len(lines)
    return "\n".join(lines[i:j])


def test_totals_exceptions_and_the_summary():
    org = progress_org()
    report = board_views.board_report(make_site(org), org, "https://example.org/organisations/a-ccg/")
    assert {t.key: t.count for t in report["totals"]} == {
        "not-started": 1, "on-track": 1, "delayed": 1, "complete": 1, "superseded": 0, "not-proceeding": 0,
        "none": 2}
    assert report["total"] == 6 and report["overdue"] == 1 and report["assured"] == 1 and report["has_progress"]
    assert report["due_passed_no_update"] == 1
    found = report["exceptions"]
    # past due, said in words (1 was revised to December 2014); 6 has no update: never called overdue
    assert [(e.row.id, e.why) for e in found["past_due"]] == [
        ("1", "Reported delayed on 1 June 2014; its revised due date (December 2014) has passed.")]
    assert [(e.row.id, e.why) for e in found["no_update"]] == [
        ("6", "Due December 2013; no progress update has been published since the plan, so whether it was done is "
              "not known.")]
    assert found["delayed"] == []
    assert ids(found["no_lead"]) == ["3", "4", "5"] and not found["no_lead_at_all"]
    assert report["summary"][:4] == [
        "Progress on the 6 actions of the plan as of 1 February 2015: 1 not started; 1 in progress, on track; "
        "1 in progress, delayed; 1 complete; 2 with no update published.",
        "Of the 1 complete action, 1 is assured (a committee has accepted the evidence) and none is not yet assured.",
        "1 action is past the due date and not complete as of 1 February 2015.",
        "1 action has passed its due date with no progress update published: whether it was done is not known."]
    # the report dated as of the meeting is this one: the period runs from the one before
    assert report["summary"][4] == (
        "From the previous progress report, Progress report 1 (31 March 2014) to this progress report, Progress "
        "report 2 (1 February 2015): completed: 1; newly delayed: 1; newly overdue: 1; due dates revised: 1; "
        "new actions: 1.")
    assert report["summary"][5] == "3 open actions have no named lead."


@pytest.mark.parametrize("updates, due, why", [
    ((Update("2014-01-10", "on-track"),), "2014-03",
     "Reported on track on 10 January 2014, before its due date (March 2014) passed; no update since says whether "
     "it was finished."),
    ((Update("2014-06-10", "on-track"),), "2014-03",
     "Reported on track on 10 June 2014, after its due date (March 2014) had passed, without a revised due date."),
    ((Update("2014-01-10", "not-started"),), "2014-03",
     "Reported not started on 10 January 2014; its due date (March 2014) has passed."),
])
def test_on_track_but_past_due_is_said_in_words(updates, due, why):
    org = progress_org(actions=(Action("quality", id="1", action="Audit", owner="Lead", due=due, updates=updates),),
                       reports=())
    report = board_views.board_report(make_site(org), org)
    assert [e.why for e in report["exceptions"]["past_due"]] == [why]
    paper = board_paper.paper(report)
    past = section(paper, "1.1 Past the due date and not complete (1)",
                   "1.2 Due date passed, no progress update published (0)")
    assert why in past and "Overdue" not in past  # words, not a second label contradicting the status


def test_delayed_not_yet_due_and_the_next_step_and_forecast_printed_with_it():
    org = progress_org()
    report = board_views.board_report(make_site(org, "2014-08-01"), org)
    assert [(e.row.id, e.why) for e in report["exceptions"]["delayed"]] == [
        ("1", "Reported delayed on 1 June 2014; due December 2014 (revised).")]
    text = section(board_paper.paper(report), "1.3 Delayed, due date not yet passed (1)",
                   "1.4 Open actions with no named lead (3)")
    assert "Next step: Interviews in February." in text and "Forecast completion: June 2015" in text
    assert "1 Jun 2014: Two posts vacant." in text


def test_no_named_lead_for_the_whole_plan_is_one_sentence():
    org = progress_org(actions=(Action("quality", id="1", action="A"), Action("quality", id="2", action="B")),
                       reports=())
    paper = board_paper.paper(board_views.board_report(make_site(org), org))
    text = section(paper, "1.4 Open actions with no named lead (2)", "2. What changed")
    assert text.endswith("The plan names no lead for any of its 2 open actions: the board may wish to ask who leads "
                         "each.")


def test_an_organisation_without_an_update_for_years_is_an_exception_of_its_own():
    """Recommendation 1's duty: 38 months without a progress update, even with nothing past due."""
    org = progress_org(actions=(Action("quality", id="1", action="A", owner="Lead", due="2030-03",
                                       updates=(Update("2013-10-17", "on-track"),)),), reports=())
    report = board_views.board_report(make_site(org, "2016-12-14"), org)
    assert report["stale"].startswith("No progress update in the last 12 months: the last one was published on "
                                      "17 October 2013, 37 months before 14 December 2016.")
    paper = board_paper.paper(report)
    assert any(b.kind == "para" and b.style == "box" and text_of(b.runs) == report["stale"] for b in paper.blocks)
    assert "No action is past its due date with its latest update saying it is not done, as of 14 December 2016." \
        in paper_lines(paper)
    fresh = board_views.board_report(make_site(org, "2014-06-01"), org)
    assert fresh["stale"] == ""
    undated = progress_org(actions=(Action("quality", id="1", action="A"),), reports=(), as_at="",
                           provenance=Provenance("Response"))
    assert board_views.board_report(make_site(undated), undated)["stale"].startswith(
        "Progress reporting in the last 12 months not known: no progress update has been published and the plan "
        "does not give its date.")


def test_what_changed_is_the_period_of_the_report_going_to_this_meeting():
    """The issue's board secretary: the meeting is on 14 December 2016, the latest report went out on
    17 November. The paper covers that report's period (from the report before it), as the web
    progress page does, not the empty weeks since."""
    actions = (Action("quality", id="1", action="A", owner="L", due="2016-09", updates=(
                   Update("2016-06-01", "on-track"), Update("2016-11-17", "complete", "Done.", evidence=(EVIDENCE,)))),
               Action("quality", id="2", action="B", owner="L", due="2016-10", updates=(
                   Update("2016-06-01", "on-track"), Update("2016-11-17", "delayed", "Staff left."))))
    org = progress_org(actions=actions, reports=(Report("2016-06-01", "Report June"),
                                                 Report("2016-11-17", "Report November")))
    site = make_site(org, "2016-12-14")
    report = board_views.board_report(site, org, meeting=MEETING)
    assert [(p.period.start, p.period.end) for p in report["periods"]] == [("2016-06-01", "2016-11-17")]
    web = progress_views.progress_page(site, org)["periods"]
    assert report["periods"][0].period.id == web[0].id == "period-2016-11-17"
    counts = {kind: [c.view.action.id for c, _ in items] for kind, _, items in report["periods"][0].changes}
    web_counts = {kind: [c.view.action.id for c in items] for kind, _, items in web[0].changes}
    assert counts == web_counts and counts["completed"] == ["1"] and counts["delayed"] == ["2"]
    assert "Nothing has changed" not in " ".join(report["summary"])
    movement = {m.key: (m.start, m.end, m.change) for m in report["periods"][0].movement}
    assert movement["on-track"] == (2, 0, "-2") and movement["complete"] == (0, 1, "+1")
    assert movement["delayed"] == (0, 1, "+1") and movement["overdue"] == (0, 1, "+1")


def test_updates_after_the_latest_report_are_a_period_of_their_own_as_on_the_web():
    org = progress_org()
    site = make_site(org, "2015-03-01")
    periods = board_views.board_report(site, org)["periods"]
    web = progress_views.progress_page(site, org)["periods"]
    assert [p.period.id for p in periods] == ["period-2015-02-01"]  # nothing after the report: no second period
    later = progress_org(actions=progress_org().actions + (
        Action("quality", id="7", action="New", updates=(Update("2015-02-20", "complete", "Done."),)),))
    periods = board_views.board_report(make_site(later, "2015-03-01"), later)["periods"]
    web = progress_views.progress_page(make_site(later, "2015-03-01"), later)["periods"]
    assert [p.period.id for p in periods] == ["period-2015-02-01", "period-latest"] == [w.id for w in reversed(web[:2])]
    paper = board_paper.paper(board_views.board_report(make_site(later, "2015-03-01"), later))
    assert "2.1 Progress report 2: to 1 February 2015" in paper_lines(paper)
    assert "2.2 Published since, up to 1 March 2015" in paper_lines(paper)


def test_without_reports_changes_count_from_the_plan():
    org = progress_org(reports=())
    report = board_views.board_report(make_site(org), org)
    (facts,) = report["periods"]
    assert facts.start_words == "the plan (11 July 2013)" and facts.period.start == ""
    overdue = next(items for kind, _, items in facts.changes if kind == "overdue")
    assert [c.view.action.id for c, _ in overdue] == ["1"]
    passed = next(items for kind, _, items in facts.changes if kind == "due-passed-no-update")
    assert [c.view.action.id for c, _ in passed] == ["6"]
    movement = {m.key: (m.start, m.end) for m in facts.movement}
    assert movement["none"] == (5, 2) and movement["later"] == (1, 0) and movement["all"] == (5, 6)


def test_completed_actions_show_their_note_evidence_and_assurance():
    org = progress_org()
    paper = board_paper.paper(board_views.board_report(make_site(org), org))
    completed = section(paper, "Completed (1)", "Newly delayed (1)")
    assert "Reported complete.\nAll visited.\nEvidence: Board minutes, May 2014 [1]" in completed
    assert "Assured: Quality Committee, 9 July 2014, minute QC/14/31." in completed
    assurance = section(paper, "3. Assurance of completed actions")
    assert "3.1 Complete, not yet assured (0)" in assurance and "3.2 Complete and assured (1)" in assurance
    # the reference and its address in full, in the last appendix
    references = section(paper, "Appendix B: references")
    assert "[1]\nBoard minutes, May 2014\nhttps://www.example.nhs.uk/minutes-2014-05.pdf" in references


def test_the_cover_sheet_prints_every_field_of_the_meeting_and_none_stated_once_each():
    org = progress_org()
    report = board_views.board_report(make_site(org), org, "https://e.org/a/", meeting=MEETING)
    paper = board_paper.paper(report)
    cover = next(b for b in paper.blocks if b.kind == "table")
    rows = {text_of(r.cells[0][0]): " / ".join(text_of(line) for line in r.cells[1]) for r in cover.rows}
    assert rows["Meeting"] == "Governing Body" and rows["Date of meeting"] == "11 February 2015"
    assert rows["Agenda item"] == "7.2" and rows["Author"] == "Jo Example, Head of Quality"
    assert rows["Executive lead"] == "Director of Nursing"
    assert rows["Purpose"].split() == ["☐", "Decision", "☒", "Assurance", "☐", "Information", "☐", "Discussion"]
    assert rows["The board is asked to"].startswith("The Governing Body is asked to note this report")
    assert rows["Assurance level"] == "None stated" and rows["Previously considered by"] == "None stated"
    assert rows["Risks (board assurance framework, risk register)"] == "BAF 3.2 [1] / Risk 118"
    assert rows["Implications: finance"] == "None beyond existing budgets."
    assert [rows[f"Implications: {k}"] for k in ("quality", "legal", "equality and diversity",
                                                 "patient and public involvement")] == ["None stated"] * 4
    assert rows["Public or private"] == "Public: for the meeting held in public" and rows["Paper status"] == "Draft"
    assert rows["This progress report"] == "Progress report 2, 1 February 2015"
    assert rows["Previous progress report"] == "Progress report 1, 31 March 2014"
    assert paper.header_right.startswith("DRAFT · Governing Body, 11 February 2015, item 7.2; statuses as of")
    assert paper.stem == "a-ccg-board-report-2015-02-11" and paper.draft
    assert any(b.kind == "page-break" for b in paper.blocks[:6])  # the cover sheet is a page of its own
    # without a meeting: named with the as-of date, and no page break after a short cover
    plain = board_paper.paper(board_views.board_report(make_site(org), org))
    assert plain.stem == "a-ccg-board-report-2015-02-01" and not any(b.kind == "page-break" for b in plain.blocks)


def test_a_meeting_before_the_as_of_date_is_refused():
    assert board_views.meeting_problem(MEETING, "2015-02-11") is None
    assert board_views.meeting_problem(MEETING, "2015-01-01") is None
    why = board_views.meeting_problem(MEETING, "2015-03-01")
    assert why.startswith("the meeting is on 11 February 2015, before the date statuses are judged as of") and \
        "AS_OF=2015-02-11" in why


def test_colour_key_says_not_rag_and_brag_is_an_option():
    org = progress_org()
    plain = board_paper.paper(board_views.board_report(make_site(org), org))
    assert any("are not a RAG (red, amber, green) rating" in line for line in paper_lines(plain))
    report = board_views.board_report(make_site(org), org, brag_colours=True)
    assert report["brag_counts"] == {"blue": 1, "green": 1, "amber": 1, "red": 1, "none": 2}
    brag = board_paper.paper(report)
    lines = paper_lines(brag)
    assert any(line.startswith("Colour key: BRAG.") for line in lines)
    # every status in the tables carries its rating in words beside the colour
    table = section(brag, "Appendix A: every action, by work stream")
    assert "▲ In progress, delayed Red" in table and "✔ Complete Blue" in table and "– No update No rating" in table


def test_columns_no_action_fills_are_left_out_and_named_once():
    org = progress_org()
    report = board_views.board_report(make_site(org), org)
    assert report["columns"] == {"lead": True, "due": True, "status": True, "note": True}
    bare = progress_org(actions=(Action("quality", id="r1", action="Review contracts"),), reports=())
    report = board_views.board_report(make_site(bare), bare)
    assert report["left_out"] == ["lead", "due date", "latest update"]
    paper = board_paper.paper(report)
    assert any("Columns left out because no action has one: lead, due date, latest update." in line
               for line in paper_lines(paper))


def test_a_plan_without_progress_says_so_once():
    """Like the seed plans: no updates at all. No status column, no "no update" per action."""
    org = progress_org(actions=(Action("quality", id="r1", action="Review contracts", due="2030-03"),
                                Action("cultural", id="r2", action="Values work",
                                       current_position="Values agreed by the governing body.")),
                       reports=())
    report = board_views.board_report(make_site(org), org)
    assert not report["has_progress"] and not report["columns"]["status"] and report["columns"]["note"]
    assert report["summary"][:2] == [
        "The plan has 2 actions (as at 11 July 2013). No progress update has been published since the plan.",
        "No action is past its due date as of 1 February 2015."]
    paper = board_paper.paper(report)
    text = "\n".join(paper_lines(paper))
    assert text.count("No progress update has been published") == 1
    table = section(paper, "Appendix A: every action, by work stream")
    assert "No update" not in table and "Position stated in the plan" in table
    assert "Position in the plan: Values agreed by the governing body." in table


def test_long_texts_are_shortened_in_the_tables_and_printed_in_full_in_an_appendix():
    long_action = "Review every contract " + " ".join(f"word{i}" for i in range(120)) + " END."
    org = progress_org(actions=(Action("quality", id="9", action=long_action),), reports=())
    report = board_views.board_report(make_site(org), org)
    row = report["streams"][0][2][0]
    assert row.action_shortened and row.action.endswith(" …") and len(row.action) <= board_views.SHORT_TO + 2
    assert long_action.startswith(row.action[:-2]) and report["long"] == [row]
    html = render.render("board_report.html", paper=board_paper.paper(report))
    assert 'href="#full-action-9"' in html and 'id="full-action-9"' in html and long_action in html


def test_shorten_and_short_dates():
    assert board_views.shorten("a  b\n c") == ("a b c", False)
    text, cut = board_views.shorten("one two three four", over=10, to=9)
    assert (text, cut) == ("one two …", True)
    assert [board_views.short_date(d) for d in ("2014-03-31", "2014-03", "2014/15", "")] == [
        "31 Mar 2014", "Mar 2014", "2014/15", ""]


def test_everything_from_the_plan_and_the_meeting_file_is_escaped():
    evil = '<img src=x onerror="alert(1)">'
    org = progress_org(
        name=f"Evil {evil} CCG", provenance=Provenance(f"Doc {evil}", meeting=evil, url="https://example.org/?a=1&b=2"),
        actions=(Action("quality", id="1", action=f"Do {evil}", owner=evil, due="2014-03",
                        current_position=evil, status=evil,
                        updates=(Update("2014-06-01", "delayed", f"Note {evil}", due="2014-12", reason=evil,
                                        next_step=evil, evidence=(Link(evil, "https://example.org/x?<b>"),)),)),),
        reports=(Report("2014-01-01", evil, meeting=evil),))
    meeting = Meeting(meeting=evil, date="2015-02-01", agenda_item=evil, author=evil, executive_lead=evil,
                      purpose="decision", paper="private", status="final", recommendation=evil)
    paper = board_paper.paper(board_views.board_report(make_site(org), org, f"https://e.org/{evil}", meeting))
    html = render.render("board_report.html", paper=paper)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def docx_lines(data: bytes) -> list[str]:
    """The DOCX read back with python-docx: every paragraph and table cell paragraph, in order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            if text:
                out.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for c in row.cells:
                    out.extend(p.text for p in c.paragraphs)
    return out


def test_the_docx_has_real_headings_tables_and_page_breaks_with_the_same_content():
    import docx

    org = progress_org()
    paper = board_paper.paper(board_views.board_report(make_site(org), org, "https://e.org/a/", meeting=MEETING))
    data = board_docx.write(paper)
    document = docx.Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {b.level}", b.text) for b in paper.blocks if b.kind == "heading"]
    assert len(document.tables) == sum(b.kind == "table" for b in paper.blocks)
    import zipfile
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert sum(b.kind == "page-break" for b in paper.blocks) == xml.count('w:type="page"') >= 1
    # the same content as the paper, in the same order (a caption is a paragraph before its table)
    expected = [x for x in paper_lines(paper) if x]
    assert [x for x in docx_lines(data) if x] == expected
    # header rows repeat on every page and rows never split across pages
    first = document.tables[1].rows[0]._tr
    assert first.find(".//{*}tblHeader") is not None and first.find(".//{*}cantSplit") is not None
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.core_properties.title == "A CCG: Response to the Francis Report: progress report"
    assert document.core_properties.author == "Jo Example, Head of Quality"
    left, right = (c.text for c in section.header.tables[0].rows[0].cells)
    assert left == "A CCG" and right.startswith("DRAFT · Governing Body, 11 February 2015, item 7.2")
    footer = section.footer.tables[0].rows[0].cells
    assert footer[0].text == "https://e.org/a/"
    assert [f.get(f"{{{footer[1]._tc.nsmap['w']}}}instr") for f in footer[1]._tc.iter("{*}fldSimple")] == [
        " PAGE ", " NUMPAGES "]
    assert "https://www.example.nhs.uk/minutes-2014-05.pdf" in {r.target_ref for r in document.part.rels.values()
                                                               if r.is_external}


def test_the_html_prints_the_same_content_in_the_same_order():
    """What Chromium prints: the HTML's text is the paper's, line for line."""
    from htmltext import visible_text

    org = progress_org()
    paper = board_paper.paper(board_views.board_report(make_site(org), org, "https://e.org/a/", meeting=MEETING))
    html = render.render("board_report.html", paper=paper)
    expected = re.sub(r"\s+", " ", " ".join(paper_lines(paper))).strip()
    body = html[html.index("<body>"):]
    assert visible_text(body) == expected
