"""Issue 15: progress rounds from a spreadsheet: a workbook (or CSV) out, dated updates back in."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from gitrepo import git
from htmltext import norm, visible_text
from sitebuild import PLANS, ROOT, build_site
from macros.commands import importer, planedit, workbook
from macros.commands import progressround as pr
from macros.commands.workbook import FIRST_ROW, HEADER_ROW
from macros.plans import load
from macros.site import export

ROUND = "2025-06-30"
AS_OF = "2025-07-01"
STATUS_COL = len(pr.LOCKED) + 1  # the first fill-in column
COL = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}
SEED_PLANS = sorted(p.stem for p in PLANS.glob("*.yaml"))


def repo_with(tmp_path: Path, source: Path) -> Path:
    """A git repository in tmp_path holding a copy of ``source`` as plans/ (committed)."""
    plans = tmp_path / "plans"
    shutil.copytree(source, plans)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "plans")
    git(tmp_path, "commit", "-q", "-m", "plans")
    return plans


def site_and_plan(folder: Path, plan_id: str):
    site, actions, key, name, problems = importer.load_plan(folder, plan_id)
    assert not problems, [p.format() for p in problems]
    return site, actions, key, name


def make_workbook(folder: Path, plan_id: str, out: Path) -> Path:
    site, actions, _, name = site_and_plan(folder, plan_id)
    out.write_bytes(workbook.xlsx(site, plan_id, name, actions, "2025-06-01"))
    return out


NOTES = (
    "Workshop held: draft strategy out for consultation.",
    "Two paragraphs.\n\nThe second says \"why\" # not a comment, and costs £2.5m – naïve café.",
    "=HYPERLINK(\"https://evil.example\") is text, as is {{ cycler.__init__ }}",
    "- first bullet\n- second bullet: with a colon",
    "'Quoted' start, and a trailing colon:",
)


def fill_for(index: int, statuses) -> dict:
    """A filled-in row for the action at ``index``: every status, notes of every shape, evidence,
    revised due dates with reasons; every fifth action is left blank."""
    if index % 5 == 4:
        return {}
    status = statuses[index % len(statuses)]
    cells = {"new_status": status.label if index % 2 else status.key, "note": NOTES[index % len(NOTES)]}
    if status.key == "complete":
        cells |= {"evidence_title": "Board minutes, item 7", "evidence_url": "https://www.example.nhs.uk/m.pdf"}
    if index % 3 == 0:
        cells |= {"new_due": ("2026-03", "2026/27", "2026-01-31")[index % 9 // 3], "reason": "Staff changes.\nA second line."}
    return cells


def fill(path: Path, rows: dict) -> None:
    """Type ``rows`` ({sheet row: {column key: text}}) into the workbook, as an owner would."""
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for row, cells in rows.items():
        for key, value in cells.items():
            sheet.cell(row, COL[key]).value = value
            sheet.cell(row, COL[key]).data_type = "s"  # typed text, even when it starts with =
    book.save(path)


def fill_round(folder: Path, plan_id: str, path: Path) -> dict:
    """Fill in every action's row; returns {action id: cells}."""
    site, actions, _, _ = site_and_plan(folder, plan_id)
    filled = {a.id: fill_for(i, site.statuses) for i, a in enumerate(actions)}
    fill(path, {FIRST_ROW + i: filled[a.id] for i, a in enumerate(actions) if filled[a.id]})
    return filled


def only_added_lines(repo: Path) -> list[str]:
    diff = git(repo, "diff", "--unified=0", "--", "plans")
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == [], removed
    return [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]


def assert_on_page(site_dir: Path, folder: Path, plan_id: str, filled: dict) -> None:
    """Every filled-in update is on the page of the plan's organisation (or its members')."""
    data = yaml.safe_load((folder / f"{plan_id}.yaml").read_text(encoding="utf-8"))
    if data.get("kind") == "joint":
        members = [p.stem for p in folder.glob("*.yaml")
                   if yaml.safe_load(p.read_text(encoding="utf-8")).get("joint_response") == plan_id]
        pages, prefix = members, "joint"
    else:
        pages, prefix = [plan_id], "action"
    for page_id in pages:
        html = (site_dir / "organisations" / page_id / "index.html").read_text(encoding="utf-8")
        for action_id, cells in filled.items():
            if not cells:
                continue
            text = visible_text(html, f"{prefix}-{action_id}")
            assert "30 June 2025" in text, (page_id, action_id)
            assert norm(cells["note"]) in text, (page_id, action_id)
            if "reason" in cells:
                assert norm(cells["reason"]) in text
            if "evidence_title" in cells:
                assert cells["evidence_title"] in text


# --- the workbook ------------------------------------------------------------------------------

def test_workbook_has_one_locked_row_per_action_and_unlocked_fill_in_cells(tmp_path):
    path = make_workbook(PLANS, "lewisham", tmp_path / "lewisham.xlsx")
    site, actions, _, _ = site_and_plan(PLANS, "lewisham")
    book = load_workbook(path)
    assert book.sheetnames == [pr.SHEET, pr.KEY_SHEET]
    assert book.properties.identifier == "francis-progress-round:lewisham"
    sheet = book[pr.SHEET]
    assert sheet.protection.sheet and book[pr.KEY_SHEET].protection.sheet
    assert [c.value for c in sheet[HEADER_ROW]] == list(pr.HEADERS)
    rows = list(sheet.iter_rows(min_row=FIRST_ROW))
    assert len(rows) == len(actions) == 27
    for row, action in zip(rows, actions):
        expected = pr.locked_values(site, action)
        assert [c.value or "" for c in row[:len(pr.LOCKED)]] == [expected[c.key] for c in pr.LOCKED]
        assert all(c.protection.locked for c in row[:len(pr.LOCKED)])
        assert not any(c.protection.locked for c in row[len(pr.LOCKED):])
        assert all(c.value is None for c in row[len(pr.LOCKED):])
    first = rows[0]
    assert first[0].value == "r1" and first[1].value == "1. Cultural changes/values"
    assert first[2].value == "1" and first[7].value == "No update yet"
    # The status drop-down lists the labels on the second sheet; the heading's note defines them.
    [choose] = sheet.data_validations.dataValidation
    assert choose.type == "list" and str(choose.sqref) == f"J{FIRST_ROW}:J{FIRST_ROW + 26}"
    assert choose.formula1 == f"'{pr.KEY_SHEET}'!$A$2:$A$7"
    key = book[pr.KEY_SHEET]
    assert [key.cell(r, 1).value for r in range(2, 8)] == [s.label for s in site.statuses]
    assert [key.cell(r, 2).value for r in range(2, 8)] == [s.definition for s in site.statuses]
    note = sheet.cell(HEADER_ROW, STATUS_COL).comment.text
    assert all(f"{s.label}: {s.definition}" in note for s in site.statuses)
    assert len(choose.prompt) <= 255 and len(choose.promptTitle) <= 32  # the spreadsheet limits
    described = [key.cell(r, 1).value for r in range(10, 10 + len(pr.COLUMNS))]
    assert described == list(pr.HEADERS)


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "barnet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'owner: "Quality and Clinical Risk Committee"', 'owner: "=HYPERLINK(\\"https://evil.example\\")"'),
        encoding="utf-8")
    book = load_workbook(make_workbook(plans, "barnet", tmp_path / "b.xlsx"), read_only=True)
    [row] = [r for r in book[pr.SHEET].iter_rows(min_row=FIRST_ROW) if r[0].value == "10.5"]
    assert row[COL["owner"] - 1].value == '=HYPERLINK("https://evil.example")'
    assert row[COL["owner"] - 1].data_type == "s"
    site, actions, _, _ = site_and_plan(plans, "barnet")
    rows = list(csv.reader(io.StringIO(workbook.csv_text(site, actions))))
    assert rows[0] == list(pr.HEADERS)
    assert rows[6][COL["owner"] - 1] == "'=HYPERLINK(\"https://evil.example\")"


def test_a_value_no_spreadsheet_cell_can_hold_is_reported(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "barnet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'owner: "Quality and Clinical Risk Committee"', 'owner: "Bell\\a"'), encoding="utf-8")
    made = run(tmp_path, plans, "workbook", "barnet", "--out", "b.xlsx")
    assert made.returncode == 1 and not (tmp_path / "b.xlsx").exists() and "Traceback" not in made.stderr
    # (The plan check may refuse the character itself first; either way, a message and no file.)
    assert "nothing was written" in made.stdout.splitlines()[-1]


@pytest.mark.parametrize("value, written", [("=1+2", "'=1+2"), ("+44", "'+44"), ("-5", "'-5"),
                                             ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                             ("a=b", "a=b"), ("", "")])
def test_csv_cells_are_neutralised(value, written):
    assert export.neutralise(value) == written


# --- round trips -------------------------------------------------------------------------------

def test_round_trip_on_every_seed_plan(tmp_path):
    plans = repo_with(tmp_path, PLANS)
    filled = {}
    for plan_id in SEED_PLANS:
        path = make_workbook(plans, plan_id, tmp_path / f"{plan_id}.xlsx")
        filled[plan_id] = fill_round(plans, plan_id, path)
        result = importer.import_updates(plans, plan_id, path, ROUND)
        assert result.ok and result.written, [p.format() for p in result.problems]
        assert result.added == sum(bool(c) for c in filled[plan_id].values())
    added = only_added_lines(tmp_path)
    assert sum(line.strip().startswith("- date: ") for line in added) == sum(
        bool(c) for f in filled.values() for c in f.values())
    site, problems = load.check(plans, as_of=AS_OF)
    assert site is not None and not [p for p in problems if p.level == "error"]
    for plan_id in SEED_PLANS:  # a second round goes into the updates lists the first one made
        path = make_workbook(plans, plan_id, tmp_path / f"{plan_id}-2.xlsx")
        site_, actions, _, _ = site_and_plan(plans, plan_id)
        fill(path, {FIRST_ROW + i: {"new_status": "On track", "note": f"Round two {a.id}."}
                    for i, a in enumerate(actions)})
        result = importer.import_updates(plans, plan_id, path, ROUND)
        assert result.written, [p.format() for p in result.problems]
    only_added_lines(tmp_path)
    out = tmp_path / "site"
    build_site(out, plans, {"AS_OF": AS_OF})
    for plan_id in SEED_PLANS:
        assert_on_page(out, plans, plan_id, filled[plan_id])


def test_round_trip_on_synthetic_plans_with_years_of_updates(tmp_path):
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--orgs", "4", "--out",
                    str(generated)], check=True, capture_output=True)
    repo = tmp_path / "repo"
    repo.mkdir()
    plans = repo_with(repo, generated)
    ids = sorted(p.stem for p in plans.glob("*.yaml"))
    with_updates = [i for i in ids if "updates:" in (plans / f"{i}.yaml").read_text(encoding="utf-8")]
    assert with_updates, "the synthetic plans have updates to add to"
    filled = {}
    for plan_id in ids:
        text = (plans / f"{plan_id}.yaml").read_text(encoding="utf-8")
        assert max([line.split("'")[1] for line in text.splitlines() if line.strip().startswith("- date: '")]
                   or [""]) < ROUND
        path = make_workbook(plans, plan_id, tmp_path / f"{plan_id}.xlsx")
        filled[plan_id] = fill_round(plans, plan_id, path)
        result = importer.import_updates(plans, plan_id, path, ROUND)
        assert result.written, [p.format() for p in result.problems]
    only_added_lines(repo)
    out = tmp_path / "site"
    build_site(out, plans, {"AS_OF": AS_OF})
    for plan_id in ids:
        assert_on_page(out, plans, plan_id, filled[plan_id])


def test_csv_round_trip(tmp_path):
    plans = repo_with(tmp_path, PLANS)
    site, actions, _, _ = site_and_plan(plans, "tower-hamlets")
    rows = list(csv.reader(io.StringIO(workbook.csv_text(site, actions))))
    rows[1][COL["new_status"] - 1] = "complete"
    rows[1][COL["evidence_url"] - 1] = "https://www.example.nhs.uk/report.pdf"
    rows[2][COL["new_status"] - 1] = "Not proceeding"
    rows[2][COL["note"] - 1] = "'- Decided at the board.\nSecond line."
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    result = importer.import_updates(plans, "tower-hamlets", path, ROUND)
    assert result.written and result.added == 2, [p.format() for p in result.problems]
    assert result.problems == []
    text = "\n".join(only_added_lines(tmp_path))
    assert '- title: "https://www.example.nhs.uk/report.pdf"' in text
    assert "- Decided at the board.\n" in text + "\n"


def test_csv_control_characters_and_bad_quoting_are_refused(tmp_path):
    site, actions, _, _ = site_and_plan(PLANS, "barnet")
    rows = list(csv.reader(io.StringIO(workbook.csv_text(site, actions))))
    rows[1][COL["new_status"] - 1] = "On track"
    rows[1][COL["note"] - 1] = "Done\x07."
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    before = (PLANS / "barnet.yaml").read_bytes()
    assert [p.format() for p in importer.import_updates(PLANS, "barnet", path, ROUND).problems] == [
        "round.csv: row 2, column K (Note): error: the text contains the invisible character U+0007 (often "
        "pasted from another program), which a plan cannot hold: delete it, or type the text again"]
    path.write_text(",".join(pr.HEADERS) + '\n1,"3. Quality assurance\n', encoding="utf-8")
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert problem.message.startswith("this is not a well-formed CSV file")
    assert (PLANS / "barnet.yaml").read_bytes() == before


def test_copies_filled_in_by_two_owners_import_one_after_the_other_but_not_twice(tmp_path):
    plans = repo_with(tmp_path, PLANS)
    first = make_workbook(plans, "barnet", tmp_path / "first.xlsx")
    second = tmp_path / "second.xlsx"
    shutil.copy(first, second)
    fill(first, {4: {"new_status": "On track"}})
    fill(second, {5: {"new_status": "Not started"}})
    assert importer.import_updates(plans, "barnet", first, ROUND).written
    assert importer.import_updates(plans, "barnet", second, ROUND).written
    before = (plans / "barnet.yaml").read_bytes()
    again = importer.import_updates(plans, "barnet", first, ROUND)
    assert [p.format() for p in again.problems] == [
        "first.xlsx: note: row 4 is already in the plan: nothing to add"]
    assert not again.written and again.already == [4]
    assert (plans / "barnet.yaml").read_bytes() == before
    assert len(only_added_lines(tmp_path)) == 6


def test_the_same_copy_imported_twice_adds_nothing_when_status_and_date_are_unchanged(tmp_path):
    """Issue 20, item 10: the locked cells still matched the plan after the first import (the
    update kept the status and the date the sheet shows), so the same copy went in twice."""
    plans = repo_with(tmp_path, PLANS)
    first = make_workbook(plans, "barnet", tmp_path / "first.xlsx")
    fill(first, {4: {"new_status": "On track", "note": "First."}, 5: {"new_status": "Not started"}})
    assert importer.import_updates(plans, "barnet", first, ROUND).written
    second = make_workbook(plans, "barnet", tmp_path / "second.xlsx")  # shows On track, 2025-06-30
    fill(second, {4: {"new_status": "On track", "note": "Same status, same day."},
                  6: {"new_status": "On track"}})
    assert importer.import_updates(plans, "barnet", second, ROUND).added == 2
    before = (plans / "barnet.yaml").read_bytes()
    for copy in (second, first):
        again = importer.import_updates(plans, "barnet", copy, ROUND)
        assert not again.written and again.ok, [p.format() for p in again.problems]
        assert (plans / "barnet.yaml").read_bytes() == before
    assert [p.format() for p in again.problems] == [
        "first.xlsx: note: rows 4 and 5 are already in the plan: nothing to add"]
    run_ = run(tmp_path, plans, "import-updates", "barnet", str(second), "--date", ROUND)
    assert run_.returncode == 0 and run_.stdout.splitlines()[-1].startswith("nothing to add: every filled-in row")
    # With another date, the same copy is still recognised: its rows were added after the
    # updates its locked cells show.
    assert importer.import_updates(plans, "barnet", first, "2025-07-01").already == [4, 5]
    assert (plans / "barnet.yaml").read_bytes() == before


def test_blank_rows_add_nothing(tmp_path):
    plans = repo_with(tmp_path, PLANS)
    path = make_workbook(plans, "barnet", tmp_path / "b.xlsx")
    before = (plans / "barnet.yaml").read_bytes()
    result = importer.import_updates(plans, "barnet", path, ROUND)
    assert result.ok and not result.written and result.added == 0
    assert (plans / "barnet.yaml").read_bytes() == before


# --- broken workbooks: each gives its message and leaves the plan as it was ----------------------

def _row(actions, action_id):
    return FIRST_ROW + [a.id for a in actions].index(action_id)


BROKEN = [
    ("unknown status", {"3": {"new_status": "Compleet"}},
     "b.xlsx: row 6, column J (New status): error: 'Compleet' is not a status: did you mean 'Complete'? "
     "choose one from the list: Not started; In progress, on track; In progress, delayed; Complete; "
     "Superseded; Not proceeding"),
    ("missing note", {"3": {"new_status": "In progress, delayed"}},
     "b.xlsx: row 6, column K (Note): error: the status 'In progress, delayed' needs a note saying why: "
     "write it in the Note column, in the organisation's words"),
    ("missing reason", {"3": {"new_status": "On track", "new_due": "2026-03"}},
     "b.xlsx: row 6, column O (Reason for the revised date): error: a revised due date needs its reason: "
     "say why the date changed"),
    ("reason without a date", {"3": {"new_status": "On track", "reason": "Because."}},
     "b.xlsx: row 6, column N (Revised due date): error: there is a reason but no revised due date: write "
     "the new date, or clear the reason"),
    ("malformed link", {"3": {"new_status": "Complete", "evidence_url": "www.example.nhs.uk/x.pdf"}},
     "b.xlsx: row 6, column M (Evidence web address): error: 'www.example.nhs.uk/x.pdf' is not a web "
     "address: write the whole address, starting http:// or https://, with no spaces"),
    ("title without a link", {"3": {"new_status": "Complete", "evidence_title": "Minutes"}},
     "b.xlsx: row 6, column M (Evidence web address): error: the evidence has a title but no web address: "
     "add the address where it is published (starting https://), or clear the title"),
    ("malformed date", {"3": {"new_status": "On track", "new_due": "March 2026", "reason": "Staff."}},
     "b.xlsx: row 6, column N (Revised due date): error: the revised due date 'March 2026' is not a date: "
     "write it as a date (2014-03-31), a month (2014-03) or a financial year (2014/15)"),
    ("impossible date", {"3": {"new_status": "On track", "new_due": "2026-02-30", "reason": "Staff."}},
     "b.xlsx: row 6, column N (Revised due date): error: the revised due date '2026-02-30' is not a date: "
     "February 2026 has 28 days: check the day"),
    ("no status", {"3": {"note": "Done."}},
     "b.xlsx: row 6, column J (New status): error: this row has an update but no status: choose the status "
     "from the list (or clear the row to add no update)"),
    ("unknown action id", {"3": {"id": "3a", "new_status": "On track"}},
     "b.xlsx: row 6, column A (Action id): error: action id '3a' is not in the plan barnet: did you mean "
     "'3'? (make a new workbook with python -m macros workbook barnet)"),
    ("locked cell edited", {"3": {"owner": "Somebody else", "new_status": "On track"}},
     "b.xlsx: row 6, column E (Owner): error: a locked cell was changed: the plan has nothing, the sheet "
     "has 'Somebody else': put back the plan's value; an action itself is changed in the plan, not in a "
     "progress round."),
    ("action twice", {"3": {"new_status": "On track"}, "4": {"id": "3", "action": "", "new_status": "On track"}},
     "b.xlsx: row 7, column A (Action id): error: action 3 is already in row 6: give each action one row: "
     "copy this row's update into that row and delete this one"),
    ("formula", {"3": {"new_status": "=J5"}},
     "b.xlsx: row 6, column J (New status): error: the cell holds a formula, which is not read: type the "
     "text itself (to start a text with =, type ' before it)"),
    ("tab", {"3": {"new_status": "On track", "note": "Done\tnow."}},
     "b.xlsx: row 6, column K (Note): error: the text contains a tab (often pasted from another program), "
     "which a plan cannot hold: delete it, or type the text again"),
    ("bidirectional override", {"3": {"new_status": "On track", "note": "Done \u202e.enod"}},
     "b.xlsx: row 6, column K (Note): error: the text contains the invisible character U+202E (often pasted "
     "from another program), which a plan cannot hold: delete it, or type the text again"),
]


@pytest.mark.parametrize("cells, message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_workbook_gives_its_message_and_writes_nothing(tmp_path, cells, message):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = make_workbook(plans, "barnet", tmp_path / "b.xlsx")
    _, actions, _, _ = site_and_plan(plans, "barnet")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for action_id, values in cells.items():
        row = _row(actions, action_id)
        for key, value in values.items():
            sheet.cell(row, COL[key]).value = value
    book.save(path)
    before = (plans / "barnet.yaml").read_bytes()
    result = importer.import_updates(plans, "barnet", path, ROUND)
    assert [p.format() for p in result.problems] == [message]
    assert not result.written and (plans / "barnet.yaml").read_bytes() == before


def test_text_outside_the_columns_is_reported(tmp_path):
    path = make_workbook(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    book[pr.SHEET].cell(5, len(pr.COLUMNS) + 2).value = "Update for action 2"
    book.save(path)
    assert [p.format() for p in importer.import_updates(PLANS, "barnet", path, ROUND).problems] == [
        "b.xlsx: row 5, column R: error: there is text in column R, after the last column (Filled in by): it "
        "is not read: move it into the right column, or delete it"]


def test_every_problem_of_a_workbook_is_reported_at_once(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = make_workbook(plans, "barnet", tmp_path / "b.xlsx")
    fill(path, {5: {"new_status": "Compleet"}, 6: {"new_status": "Delayed"}, 9: {"new_status": "Superseded"}})
    before = (plans / "barnet.yaml").read_bytes()
    result = importer.import_updates(plans, "barnet", path, ROUND)
    assert [(p.row, p.column) for p in result.problems] == [(5, COL["new_status"]), (6, COL["note"]),
                                                            (9, COL["note"])]
    assert (plans / "barnet.yaml").read_bytes() == before


def test_update_dated_before_the_last_update_is_refused(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    first = make_workbook(plans, "barnet", tmp_path / "b1.xlsx")
    fill(first, {4: {"new_status": "On track"}})
    assert importer.import_updates(plans, "barnet", first, ROUND).written
    second = make_workbook(plans, "barnet", tmp_path / "b2.xlsx")
    fill(second, {4: {"new_status": "Complete", "evidence_url": "https://www.example.nhs.uk/x.pdf"}})
    before = (plans / "barnet.yaml").read_bytes()
    result = importer.import_updates(plans, "barnet", second, "2025-06-01")
    assert [p.format() for p in result.problems] == [
        "b2.xlsx: row 4, column I (Last update): error: this round's updates are dated 2025-06-01, before "
        "the action's last update (2025-06-30): updates are added in date order: import with --date on or "
        "after it"]
    # A workbook made before that update no longer matches the plan: it says so.
    fill(first, {4: {"new_status": "Complete", "evidence_url": "https://www.example.nhs.uk/x.pdf"}})
    result = importer.import_updates(plans, "barnet", first, ROUND)
    assert [(p.row, p.column) for p in result.problems] == [(4, COL["status"]), (4, COL["last_update"])]
    assert "make a new workbook (python -m macros workbook barnet)" in result.problems[0].message
    assert (plans / "barnet.yaml").read_bytes() == before


@pytest.mark.parametrize("date, message", [
    ("2999-01-01", "--date 2999-01-01 is after today"),
    ("30/06/2025", "--date must be a real date written YYYY-MM-DD (e.g. 2015-06-30); found '30/06/2025'"),
    ("2025-02-29", "--date must be a real date"),
])
def test_round_date_must_be_a_real_past_date(tmp_path, date, message):
    path = make_workbook(PLANS, "barnet", tmp_path / "b.xlsx")
    fill(path, {4: {"new_status": "On track"}})
    before = (PLANS / "barnet.yaml").read_bytes()
    result = importer.import_updates(PLANS, "barnet", path, date)
    [problem] = result.problems
    assert message in problem.format() and not result.written
    assert (PLANS / "barnet.yaml").read_bytes() == before


def test_workbook_for_another_plan_or_not_a_workbook(tmp_path):
    path = make_workbook(PLANS, "barnet", tmp_path / "b.xlsx")
    result = importer.import_updates(PLANS, "lewisham", path, ROUND)
    assert ("b.xlsx: error: this workbook was made for the plan barnet, not lewisham: import it with python "
            f"-m macros import-updates barnet {path}") in [p.format() for p in result.problems]
    fake = tmp_path / "round.xlsx"
    fake.write_text("id,status\n", encoding="utf-8")
    assert [p.format() for p in importer.import_updates(PLANS, "barnet", fake, ROUND).problems] == [
        "round.xlsx: error: the file is not an .xlsx workbook: save it as Excel Workbook (.xlsx), or as CSV "
        "UTF-8 with a name ending .csv"]
    latin = tmp_path / "round.csv"
    latin.write_bytes(",".join(pr.HEADERS).encode() + b"\r\n3,caf\xe9\r\n")
    assert [p.format() for p in importer.import_updates(PLANS, "barnet", latin, ROUND).problems] == [
        "round.csv: error: the file is not text saved as UTF-8: save it as CSV UTF-8 (comma delimited)"]
    headers = tmp_path / "moved.csv"
    headers.write_text("Action id,Status\n", encoding="utf-8")
    [problem] = importer.import_updates(PLANS, "barnet", headers, ROUND).problems
    assert problem.format().startswith("moved.csv: row 1: error: the column headings are not those of a "
                                       "progress round (found: Action id, Status)")


def test_oversized_files_are_refused_before_reading(tmp_path, monkeypatch):
    from macros.commands import sheetread, xlsxread
    path = make_workbook(PLANS, "barnet", tmp_path / "b.xlsx")
    monkeypatch.setattr(sheetread, "MAX_BYTES", path.stat().st_size - 1)
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert "a progress round is at most" in problem.message
    monkeypatch.setattr(sheetread, "MAX_BYTES", 10 ** 7)
    monkeypatch.setattr(xlsxread, "MAX_UNZIPPED", 1000)
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert "the workbook unpacks to more than a progress round can hold" in problem.message


# --- the plan edit itself ------------------------------------------------------------------------

PLAN = """\
# a comment that stays
actions:
  - id: "1"   # trailing comment
    action: |-
      Text.

      More text.

  # a comment about the next action
  - id: "2"
    action: "Two"
    updates:
    - date: "2014-01-01"
      status: on-track
    owner: Someone
  - {id: "3", action: "Flow"}
  - id: "4"
    updates:
    action: Four"""


def test_plan_edit_adds_lines_in_the_right_places(tmp_path):
    update = {"date": ROUND, "status": "delayed", "note": "Line one.\nLine two: \"quoted\".", "due": "2026-03",
              "reason": "Staff."}
    adds = [planedit.Addition(0, (update,)), planedit.Addition(1, (update,)), planedit.Addition(3, (update,))]
    for newline in ("\n", "\r\n"):
        text = PLAN.replace("\n", newline)
        new, where = planedit.append_updates(text, "actions", adds)
        planedit.verify(text, new, "actions", adds)
        old_lines, new_lines = text.split(newline), new.split(newline)
        # Nothing removed or changed: without the lines written, the text is the old one.
        assert [line for n, line in enumerate(new_lines, start=1) if n not in where] == old_lines
        assert new_lines[7:16] == [
            "    updates:", '      - date: "2025-06-30"', "        status: delayed", "        note: |-",
            "          Line one.", '          Line two: "quoted".', '        due: "2026-03"',
            '        reason: "Staff."', ""]
        assert len(where) == 8 + 7 + 7
    new, _ = planedit.append_updates(PLAN, "actions", adds)
    assert '    - date: "2014-01-01"\n      status: on-track\n    - date: "2025-06-30"\n' in new
    assert '    updates:\n      - date: "2025-06-30"\n' in new and new.endswith("\n    action: Four")
    with pytest.raises(planedit.EditError, match="is not written as a block of fields"):
        planedit.append_updates(PLAN, "actions", [planedit.Addition(2, (update,))])


def test_plan_edit_refuses_updates_in_brackets():
    text = 'actions:\n  - id: "1"\n    updates: [{date: "2014-01-01", status: on-track}]\n'
    with pytest.raises(planedit.EditError, match="are written in brackets"):
        planedit.append_updates(text, "actions", [planedit.Addition(0, ({"date": ROUND, "status": "complete"},))])


# --- the commands --------------------------------------------------------------------------------

def run(cwd: Path, plans: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANS_DIR": str(plans), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_commands(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    made = run(tmp_path, plans, "workbook", "llr")
    today = dt.date.today().isoformat()
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"wrote llr-progress-round-{today}.xlsx: 3 action(s) of ")
    path = tmp_path / f"llr-progress-round-{today}.xlsx"
    fill(path, {FIRST_ROW: {"new_status": "Superseded"}})
    before = (plans / "llr.yaml").read_bytes()
    bad = run(tmp_path, plans, "import-updates", "llr", path.name, "--date", ROUND)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[-1] == "1 error(s): nothing was written to plans/llr.yaml"
    assert (plans / "llr.yaml").read_bytes() == before
    fill(path, {FIRST_ROW: {"note": "Now part of the joint quality strategy."}})
    good = run(tmp_path, plans, "import-updates", "llr", path.name, "--date", ROUND)
    assert good.returncode == 0, good.stdout
    assert good.stdout.splitlines()[-1].startswith("1 update(s) added to plans/llr.yaml")
    made = run(tmp_path, plans, "workbook", "llr", "--out", "round.csv")
    assert made.returncode == 0 and (tmp_path / "round.csv").read_bytes().startswith(b"\xef\xbb\xbfAction id,")
    missing = run(tmp_path, plans, "workbook", "barnett")
    assert missing.returncode == 1
    assert missing.stdout.splitlines()[0] == "barnett: error: there is no plan with id 'barnett' in plans: did you mean 'barnet'?"


def test_guide_quotes_the_importers_real_messages():
    guide = (ROOT / "docs" / "updating.md").read_text(encoding="utf-8")
    quoted = [line.strip("> `") for line in guide.splitlines() if line.startswith("> `barnet-progress-round.xlsx:")]
    produced = {message.replace("b.xlsx:", "barnet-progress-round.xlsx:", 1) for _, _, message in BROKEN}
    assert len(quoted) == 4 and set(quoted) <= produced
    for image in ("progress-round-locked.png", "progress-round-fill-in.png", "progress-round-statuses.png"):
        assert f"](images/{image})" in guide and (ROOT / "docs" / "images" / image).is_file()
