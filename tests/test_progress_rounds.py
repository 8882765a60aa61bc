"""Issue 25: a progress round recorded as a progress report, who gave each update, the workbook's
return-by date and print settings, and the check of one plan (--only)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from openpyxl import load_workbook

from gitrepo import git
from sitebuild import PLANS, ROOT
from macros.commands import importer, planedit, workbook
from macros.commands import progressround as pr
from macros.commands.workbook import FIRST_ROW
from macros.plans import load
from macros.views import board_views

COL = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}


def make(folder: Path, plan_id: str, out: Path, made: str = "2025-06-01", return_by: str = "") -> Path:
    site, actions, _, name, problems = importer.load_plan(folder, plan_id)
    assert not problems, [p.format() for p in problems]
    out.write_bytes(workbook.xlsx(site, plan_id, name, actions, made, return_by))
    return out


def fill(path: Path, rows: dict) -> None:
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for row, cells in rows.items():
        for key, value in cells.items():
            sheet.cell(row, COL[key]).value = value
    book.save(path)


def run(cwd: Path, plans: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANS_DIR": str(plans), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def repo_with(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "plans")
    git(tmp_path, "commit", "-q", "-m", "plans")
    return plans


def added_lines(repo: Path) -> list[str]:
    diff = git(repo, "diff", "--unified=0", "--", "plans")
    assert not [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    return [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]


def test_the_round_is_recorded_as_a_progress_report_in_the_same_write(tmp_path):
    plans = repo_with(tmp_path)
    path = make(plans, "barnet", tmp_path / "b.xlsx")
    fill(path, {FIRST_ROW: {"new_status": "On track", "note": "Going well.", "filled_by": "Head of Quality"},
                FIRST_ROW + 1: {"filled_by": "Somebody"}})  # a name alone is no update
    result = importer.import_updates(plans, "barnet", path, "2015-06-30",
                                     report="Francis action plan:  progress report", meeting="Governing Body")
    assert result.written and result.added == 1 and result.report == "added", [p.format() for p in result.problems]
    data = yaml.safe_load((plans / "barnet.yaml").read_text(encoding="utf-8"))
    assert data["reports"] == [{"date": "2015-06-30", "title": "Francis action plan: progress report",
                                "meeting": "Governing Body"}]
    assert data["actions"][0]["updates"][-1] == {"date": "2015-06-30", "status": "on-track", "note": "Going well.",
                                                 "by": "Head of Quality"}
    assert added_lines(tmp_path)[-4:] == ["reports:", '  - date: "2015-06-30"',
                                          '    title: "Francis action plan: progress report"',
                                          '    meeting: "Governing Body"']
    # Again: nothing to add, and the report is recorded already.
    again = importer.import_updates(plans, "barnet", path, "2015-06-30", report="Francis action plan: progress report")
    assert not again.written and again.already == [FIRST_ROW] and again.report == "already"
    # All or nothing: a wrong row means no report either.
    second = make(plans, "barnet", tmp_path / "b2.xlsx")
    fill(second, {FIRST_ROW + 2: {"new_status": "Compleet"}})
    before = (plans / "barnet.yaml").read_bytes()
    bad = importer.import_updates(plans, "barnet", second, "2015-09-30", report="Second report")
    assert not bad.written and (plans / "barnet.yaml").read_bytes() == before


def test_two_recorded_rounds_give_the_board_paper_the_second_rounds_changes(tmp_path):
    plans = repo_with(tmp_path)
    first = make(plans, "barnet", tmp_path / "b1.xlsx")
    fill(first, {FIRST_ROW: {"new_status": "On track"}, FIRST_ROW + 1: {"new_status": "Not started"}})
    assert importer.import_updates(plans, "barnet", first, "2015-06-30", report="Progress report 1").written
    second = make(plans, "barnet", tmp_path / "b2.xlsx")
    fill(second, {FIRST_ROW + 1: {"new_status": "Complete", "evidence_title": "Minutes",
                                  "evidence_url": "https://www.barnetccg.nhs.uk/m.pdf"}})
    assert importer.import_updates(plans, "barnet", second, "2015-12-31", report="Progress report 2",
                                   meeting="Governing Body").written
    site, problems = load.check(plans, as_of="2016-01-05")
    assert site is not None, [p.format() for p in problems if p.level == "error"]
    org = next(o for o in site.organisations if o.id == "barnet")
    assert [(r.date, r.title) for r in org.reports] == [("2015-06-30", "Progress report 1"),
                                                        ("2015-12-31", "Progress report 2")]
    # the paper's "what changed" is the latest report's period, from the report before it (issue 22),
    # whether it is printed on the report's day or a few days later
    for as_of in ("2016-01-05", "2015-12-31"):
        site, _ = load.check(plans, as_of=as_of)
        report = board_views.board_report(site, next(o for o in site.organisations if o.id == "barnet"))
        assert report["this_report"].title == "Progress report 2"
        assert report["previous_report"].title == "Progress report 1"
        (period,) = report["periods"]
        assert period.start_words.startswith("the previous progress report, Progress report 1")
        changed = [c for _, _, rows in period.changes for c in rows]
        assert len(changed) == 1  # the second round's one update, not the first round's two


def test_command_line_report_meeting_and_return_by(tmp_path):
    plans = repo_with(tmp_path)
    made = run(tmp_path, plans, "workbook", "barnet", "--out", "b.xlsx", "--return-by", "2999-01-31")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "to come back by 2999-01-31" in made.stdout and "--report" in made.stdout
    book = load_workbook(tmp_path / "b.xlsx")
    sheet = book[pr.SHEET]
    assert "please return it by 31 January 2999" in sheet["B1"].value
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows in ("1:3", "$1:$3") and sheet.print_title_cols in ("A:A", "$A:$A")
    assert sheet.cell(3, COL["filled_by"]).value == "Filled in by"
    fill(tmp_path / "b.xlsx", {FIRST_ROW: {"new_status": "On track", "filled_by": "Head of Quality"}})
    done = run(tmp_path, plans, "import-updates", "barnet", "b.xlsx", "--date", "2015-06-30",
               "--report", "Progress report", "--meeting", "Governing Body")
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1].startswith(
        "1 update(s) added to plans/barnet.yaml, and the progress report 'Progress report' recorded")
    bad = run(tmp_path, plans, "workbook", "barnet", "--return-by", "30/06/2025")
    assert bad.returncode == 1 and "--return-by must be a date written YYYY-MM-DD" in bad.stdout


def test_check_only_lists_one_plans_problems_first_and_counts_the_others(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    for name in ("lewisham", "llr"):
        path = plans / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\nextra_field: 1\n", encoding="utf-8")
    done = run(tmp_path, plans, "check", "plans", "--only", "barnet")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("... and ") and "problem(s) in 2 other file(s) (2 error(s)" in lines[0], lines
    assert not any(line.startswith("plans/lewisham.yaml") for line in lines)
    done = run(tmp_path, plans, "check", "plans", "--only", "lewisham")
    lines = done.stdout.splitlines()
    others = [n for n, line in enumerate(lines) if line.startswith("... and ")]
    assert others and all(line.startswith("plans/lewisham.yaml:") for line in lines[:others[0]])
    assert lines[others[0]].startswith("... and 1 problem(s) in 1 other file(s) (1 error(s)")


def test_a_report_on_a_plan_without_reports_starts_the_list_and_keeps_the_file(tmp_path):
    text = "id: x\nactions:\n  - id: \"1\"\n    action: \"A\"\n# a last comment"
    new = planedit.append_report(text, {"date": "2015-06-30", "title": "T", "meeting": ""})
    assert new == text + '\nreports:\n  - date: "2015-06-30"\n    title: "T"\n'
    with_list = "id: x\nreports:\n- date: \"2014-01-01\"\n  title: \"Old\"\nactions: []\n"
    new = planedit.append_report(with_list, {"date": "2015-06-30", "title": "New", "meeting": "Board"})
    assert new == ('id: x\nreports:\n- date: "2014-01-01"\n  title: "Old"\n- date: "2015-06-30"\n'
                   '  title: "New"\n  meeting: "Board"\nactions: []\n')
    planedit.verify_report(with_list, new, {"date": "2015-06-30", "title": "New", "meeting": "Board"})


def _due(tmp_path: Path, value, number_format: str = "") -> list[str]:
    plans = tmp_path / "plans"
    if not plans.exists():
        shutil.copytree(PLANS, plans)
    path = make(plans, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for key, cell_value in (("new_status", "On track"), ("new_due", value), ("reason", "Staff changes.")):
        sheet.cell(FIRST_ROW, COL[key]).value = cell_value
    if number_format:
        sheet.cell(FIRST_ROW, COL["new_due"]).number_format = number_format
    book.save(path)
    return [p.format() for p in importer.import_updates(plans, "barnet", path, "2015-06-30").problems]


def test_uk_date_forms_in_the_workbook_get_the_value_to_write(tmp_path):
    for typed, fix in (("30/09/2015", "2015-09-30"), ("30.9.15", "2015-09-30"), ("Sept 2015", "2015-09"),
                       ("June 2016", "2016-06"), ("2015-16", "2015/16"), ("FY 2016/17", "2016/17")):
        [problem] = _due(tmp_path, typed)
        assert problem.endswith(f"is not a date: write {fix}"), problem


def test_a_revised_due_date_on_or_before_the_rounds_date_is_an_error(tmp_path):
    import datetime as dt

    for value, shown in (("2015-06", "2015-06 (June 2015)"), ("2014/15", "2014/15 (financial year 2014/15)"),
                         (dt.datetime(2015, 6, 1), "2015-06 (June 2015)")):
        [problem] = _due(tmp_path, value, "mmmm yyyy" if not isinstance(value, str) else "")
        assert problem == (f"b.xlsx: row 4, column N (Revised due date): error: the revised due date {shown} is "
                           "not after this round's date (30 June 2015): a revised due date says when the action "
                           "will now be done: write a later date, or clear it")
    assert _due(tmp_path, "2015-07") == []


def test_a_date_cell_showing_only_month_and_year_is_imported_as_a_month(tmp_path):
    import datetime as dt

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = make(plans, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for row, (value, fmt) in enumerate(((dt.datetime(2015, 9, 1), "mmm yyyy"), (dt.datetime(2015, 9, 30), "dd/mm/yyyy"),
                                        (dt.datetime(2016, 3, 1), '[$-809]mmmm\\ yyyy;@'), ("2015/16", "@")),
                                       start=FIRST_ROW):
        for key, cell_value in (("new_status", "On track"), ("new_due", value), ("reason", "Staff.")):
            sheet.cell(row, COL[key]).value = cell_value
        sheet.cell(row, COL["new_due"]).number_format = fmt
    book.save(path)
    result = importer.import_updates(plans, "barnet", path, "2015-06-30")
    assert result.written, [p.format() for p in result.problems]
    data = yaml.safe_load((plans / "barnet.yaml").read_text(encoding="utf-8"))
    assert [a["updates"][-1]["due"] for a in data["actions"][:4]] == ["2015-09", "2015-09-30", "2016-03", "2015/16"]


def test_yaml_dates_in_uk_forms_get_the_value_to_write(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (PLANS / "barnet.yaml").read_text(encoding="utf-8")
    text, _ = planedit.append_updates(text, "actions", [planedit.Addition(0, (
        {"date": "30/06/2015", "status": "on-track", "due": "Sept 2015", "reason": "Staff."},))])
    (plans / "barnet.yaml").write_text(text, encoding="utf-8")
    messages = [p.message for p in load.check(plans)[1] if p.level == "error"]
    assert any(m.endswith("update date must be a date written year-month-day, like 2015-06-30; found "
                          "'30/06/2015': write 2015-06-30") for m in messages), messages
    assert any(m.endswith("found 'Sept 2015': write 2015-09 for Sept 2015") for m in messages), messages


def test_the_preview_judges_statuses_as_of_the_newest_update_in_the_change(tmp_path, monkeypatch):
    import datetime as dt

    from macros.site import preview_site

    plans = repo_with(tmp_path)
    git(tmp_path, "branch", "-M", "main")
    git(tmp_path, "checkout", "-qb", "round")
    monkeypatch.setenv("PLANS_DIR", str(plans))
    monkeypatch.delenv("CHANGES_BASE", raising=False)
    today = dt.date(2026, 1, 5)
    assert preview_site.judged_as_of({}, today) == (
        "2026-01-05", "Preview: statuses are judged as of today, 5 January 2026 (this change adds no progress "
                      "update).")
    path = make(plans, "barnet", tmp_path / "b.xlsx")
    fill(path, {FIRST_ROW: {"new_status": "On track"}})
    assert importer.import_updates(plans, "barnet", path, "2015-06-30").written
    date, sentence = preview_site.judged_as_of({}, today)
    assert date == "2015-06-30"
    assert sentence == ("Preview: statuses are judged as of 30 June 2015, the date of the newest progress update "
                        "in this change, not today, so that an update just added does not show as overdue or as "
                        "no update in the last 12 months.")
    assert preview_site.judged_as_of({"AS_OF": "2015-07-01"}, today) == (
        None, "Preview: statuses are judged as of 1 July 2015 (AS_OF).")
    # the update just added is not 'no update in the last 12 months' as of that date
    from macros import progress
    site, _ = load.check(plans, as_of=date)
    action = next(o for o in site.organisations if o.id == "barnet").actions[0]
    assert not progress.of(action, date).stale and progress.of(action, today.isoformat()).stale
