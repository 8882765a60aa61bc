"""Issue 22: assurance (a committee's acceptance of the evidence) kept apart from delivery, and an
update's next step and forecast date: read from plans, checked, judged as of a date."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import progress
from macros.model import Action, Assurance, Update
from macros.plans import load

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good" / "plans"

UPDATES = '''    updates:
      - date: "2014-05-01"
        status: on-track
        next_step: "Draft the policy for the June meeting."
        forecast: "2014-09"
      - date: "2014-10-01"
        status: complete
        note: "Policy adopted."
        evidence:
          - title: "Board minutes, October 2014"
            url: "https://www.example.nhs.uk/minutes.pdf"
        assurance:
          by: "Quality Committee"
          date: "{assured}"
          minute: "QC/14/22"
          evidence_location: "Quality Committee papers, item 4"
'''


def plans_with(tmp_path: Path, updates: str) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(GOOD, plans)
    path = plans / "riverside.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = '    owner: "Director of Nursing"\n    due: 2014-03-31\n'
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + updates, 1), encoding="utf-8")
    return plans


def messages(problems, level=None) -> list[str]:
    return [p.format() for p in problems if level is None or p.level == level]


def test_assurance_next_step_and_forecast_are_read_from_the_plan(tmp_path):
    site, problems = load.check(plans_with(tmp_path, UPDATES.format(assured="2014-11-12")), as_of="2015-01-01")
    assert site is not None and not messages(problems, "warning"), messages(problems)
    action = next(o for o in site.organisations if o.id == "riverside").actions[0]
    first, done = action.updates
    assert (first.next_step, first.forecast, first.assurance) == ("Draft the policy for the June meeting.", "2014-09", None)
    assert done.assurance == Assurance("Quality Committee", "2014-11-12", "QC/14/22", "Quality Committee papers, item 4")
    state = progress.of(action, "2015-01-01")
    assert state.assured and state.assurance is done.assurance
    # judged as of a date: before the committee met, the action is complete but not yet assured
    before = progress.of(action, "2014-11-11")
    assert before.status == "complete" and not before.assured


def test_assurance_before_completion_is_warned_about_at_its_line(tmp_path):
    plans = plans_with(tmp_path, UPDATES.format(assured="2014-09-30"))
    site, problems = load.check(plans, as_of="2015-01-01")
    assert site is not None  # a warning: the site is still built
    warnings = messages(problems, "warning")
    text = (plans / "riverside.yaml").read_text(encoding="utf-8").split("\n")
    line = next(i for i, t in enumerate(text, 1) if '"2014-09-30"' in t)
    completed = next(i for i, t in enumerate(text, 1) if 'date: "2014-10-01"' in t)
    assert any(f"riverside.yaml:{line}:" in w and "assurance dated 2014-09-30 predates completion" in w
               and f"reported complete on 2014-10-01 (line {completed})" in w for w in warnings), warnings
    # and it does not count as assurance of the completion
    action = next(o for o in site.organisations if o.id == "riverside").actions[0]
    assert not progress.of(action, "2015-01-01").assured


def test_assurance_on_an_update_that_is_not_complete_is_warned_about(tmp_path):
    updates = '''    updates:
      - date: "2014-05-01"
        status: on-track
        assurance:
          by: "Quality Committee"
          date: "2014-05-20"
'''
    site, problems = load.check(plans_with(tmp_path, updates), as_of="2015-01-01")
    assert site is not None
    assert any("reports the action on-track, not complete" in w and "cannot predate its completion" in w
               for w in messages(problems, "warning")), messages(problems)


def test_assurance_in_the_future_is_an_error(tmp_path):
    site, problems = load.check(plans_with(tmp_path, UPDATES.format(assured="2999-01-01")), as_of="2015-01-01")
    assert site is None
    assert any("assurance dated 2999-01-01, after today" in e for e in messages(problems, "error"))


@pytest.mark.parametrize("bad, says", [
    ('assurance:\n          date: "2014-11-12"', "has no assured by, which is required"),
    ('assurance:\n          by: "QC"\n          date: "12/11/2014"', "assurance date must be a date written year-month-day"),
    ('assurance:\n          by: "QC"\n          date: "2014-02-30"', "'2014-02-30' is not a real date"),
    ('forecast: "September 2014"', "forecast completion date must be"),
    ('forecast: "2014-13"', "'2014-13' is not a real date"),
    ('assurance:\n          by: "QC"\n          date: "2014-11-12"\n          signed: "yes"', "unknown field 'signed'"),
])
def test_bad_assurance_and_forecast_get_clear_errors(tmp_path, bad, says):
    updates = ('    updates:\n      - date: "2014-10-01"\n        status: complete\n        note: "Done."\n'
               '        evidence:\n          - title: "Minutes"\n            url: "https://www.example.nhs.uk/m.pdf"\n'
               f'        {bad}\n')
    site, problems = load.check(plans_with(tmp_path, updates), as_of="2015-01-01")
    assert site is None
    assert any(says in e and "riverside.yaml:" in e for e in messages(problems, "error")), messages(problems)


def test_reopened_action_is_not_assured_by_the_earlier_completion():
    assured = Assurance("QC", "2014-02-01")
    action = Action("quality", id="1", due="2015-03", updates=(
        Update("2014-01-10", "complete", assurance=assured),
        Update("2014-06-01", "on-track", "Reopened after an audit."),
        Update("2014-09-01", "complete")))
    assert progress.of(action, "2014-03-01").assured
    later = progress.of(action, "2015-01-01")
    assert later.status == "complete" and not later.assured


def test_pages_show_assured_apart_from_not_yet_assured_and_the_next_step():
    """The organisation page and its progress report: a complete action says whether it is
    assured; an update's next step, forecast and assurance are printed with it; a completed
    action in the progress report shows what its update said."""
    from macros import render
    from macros.model import Link, Organisation, Provenance, Report, Site
    from macros.views import compare_views, organisation_views, progress_views
    from htmltext import visible_text
    from test_board_views import WORKSTREAMS, statuses

    minutes = Link("Board minutes", "https://www.example.nhs.uk/m.pdf")
    org = Organisation("a-ccg", "A CCG", Provenance("Plan"), reports=(Report("2014-12-01", "Report 1"),), actions=(
        Action("quality", id="1", action="Review contracts", due="2015-03", updates=(
            Update("2014-10-01", "complete", "All contracts reviewed.", evidence=(minutes,),
                   assurance=Assurance("Quality Committee", "2014-11-12", "QC/14/22", "QC papers, item 4")),)),
        Action("quality", id="2", action="Visit providers", due="2015-03", updates=(
            Update("2014-10-01", "complete", "Every provider visited."),)),
        Action("quality", id="3", action="Train staff", due="2014-06", updates=(
            Update("2014-10-01", "delayed", "Trainer left.", next_step="Recruit a trainer.", forecast="2015-01"),)),
    ))
    site = Site(organisations=[org], workstreams=WORKSTREAMS, catalogue={}, statuses=statuses(), as_of="2015-01-01")
    page = visible_text(render.render("organisation.html", base="../../", page_url="u", last_changed="", board_pack="",
                                   **organisation_views.organisation_page(site, org), rec_pages=set(),
                                   org_coverage=compare_views.organisation_coverage(site, org),
                                   similar=[]))
    assert ("Of the 2 complete actions, 1 is assured (a committee has accepted the evidence that they were "
            "delivered) and 1 is not yet assured.") in page
    assert "Assured: Quality Committee, 12 November 2014" in page and "Not yet assured" in page
    assert ("Assured: the evidence was accepted by Quality Committee on 12 November 2014 (minute QC/14/22). "
            "Evidence held: QC papers, item 4.") in page
    assert "Next step: Recruit a trainer." in page and "Forecast completion: January 2015" in page
    report = visible_text(render.render("progress.html", base="../../../", **progress_views.progress_page(site, org)))
    assert ("Reported complete 1 October 2014: All contracts reviewed. Evidence: Board minutes (www.example.nhs.uk) "
            "Assured: Quality Committee, 12 November 2014") in report
    assert "Reported complete 1 October 2014: Every provider visited. No evidence linked. Not yet assured" in report


def test_downloads_carry_assurance_next_step_and_forecast_after_the_existing_columns():
    import csv
    import io

    from macros.model import Organisation, Provenance, Site
    from macros.site import export
    from macros.views import downloads
    from test_board_views import WORKSTREAMS, statuses

    org = Organisation("a-ccg", "A CCG", Provenance("Plan"), actions=(
        Action("quality", id="1", action="Review", updates=(
            Update("2014-10-01", "complete", assurance=Assurance("QC", "2014-11-12", "QC/1", "Papers")),)),
        Action("quality", id="2", action="Visit", updates=(Update("2014-10-01", "complete"),)),
        Action("quality", id="3", action="Train", updates=(
            Update("2014-10-01", "delayed", "Late.", next_step="Recruit.", forecast="2015-01"),)),
    ))
    site = Site(organisations=[org], workstreams=WORKSTREAMS, catalogue={}, statuses=statuses(), as_of="2015-01-01")
    actions = list(csv.DictReader(io.StringIO(export.actions_csv(site))))
    header = downloads.ACTIONS.keys
    assert header[:9] == ["organisation_id", "organisation", "workstream", "recommendation", "priority", "action",
                          "owner", "due", "status"]  # the public contract: appended only
    assert header[-7:] == ["assured", "assured_by", "assured_on", "assurance_minute", "assurance_evidence_location",
                           "next_step", "forecast"]
    assert [(r["assured"], r["assured_by"], r["assured_on"], r["assurance_minute"], r["assurance_evidence_location"])
            for r in actions] == [("true", "QC", "2014-11-12", "QC/1", "Papers"), ("false", "", "", "", ""),
                                  ("", "", "", "", "")]
    assert (actions[2]["next_step"], actions[2]["forecast"]) == ("Recruit.", "2015-01")
    updates = list(csv.DictReader(io.StringIO(export.updates_csv(site))))
    assert [(u["assured_by"], u["assured_on"], u["next_step"], u["forecast"]) for u in updates] == [
        ("QC", "2014-11-12", "", ""), ("", "", "", ""), ("", "", "Recruit.", "2015-01")]
    import json
    plan = json.loads(export.plans_json(site))["organisations"][0]
    assert plan["actions"][0]["updates"][0]["assurance"] == {"by": "QC", "date": "2014-11-12", "minute": "QC/1",
                                                            "evidence_location": "Papers"}
    assert plan["actions"][2]["updates"][0]["next_step"] == "Recruit."
