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
