"""Issue 25: progress rounds through LibreOffice (headless): workbooks made by `python -m macros
workbook`, filled in as owners do (text typed in the fill-in cells, dates pasted with their own
formats, line breaks), saved by LibreOffice, then imported; rows typed into LibreOffice and read
by its own en-GB input rules; the workbook printed by LibreOffice on A4. In the slower tier: each
LibreOffice run takes seconds."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from gitrepo import git
from macros.commands import importer, workbook
from macros.commands import progressround as pr
from macros.commands.workbook import FIRST_ROW

from .browserkit import ROOT

COL = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}
ROUND = "2015-06-30"
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def libreoffice(tmp: Path, *args: str) -> None:
    """Run LibreOffice headless with a profile of its own (so it never meets another instance)."""
    profile = (tmp / "lo-profile").as_uri()
    run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
                         cwd=tmp, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr


def saved_by_libreoffice(tmp: Path, path: Path) -> Path:
    """``path`` opened and saved again by LibreOffice Calc, as Excel 2007-365 (.xlsx)."""
    out = tmp / "saved"
    libreoffice(tmp, "--convert-to", "xlsx:Calc Office Open XML", "--outdir", str(out), str(path))
    return out / path.name


@pytest.fixture
def plans(tmp_path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "plans")
    git(tmp_path, "commit", "-q", "-m", "plans")
    return folder


def made(plans: Path, out: Path) -> Path:
    site, actions, _, name, problems = importer.load_plan(plans, "barnet")
    assert not problems
    out.write_bytes(workbook.xlsx(site, "barnet", name, actions, "2015-06-01", "2015-06-20"))
    return out


def test_a_workbook_filled_in_as_owners_do_and_saved_by_libreoffice(tmp_path, plans):
    path = made(plans, tmp_path / "barnet-round.xlsx")
    book = load_workbook(path)
    sheet = book[pr.SHEET]
    rows = {
        0: {"new_status": "On track", "note": "Workshop held.\nDraft out for consultation.",
            "new_due": (dt.datetime(2015, 9, 1), "MMMM YYYY"), "reason": "Consultation extended.",
            "filled_by": "Head of Quality"},
        1: {"new_status": "In progress, delayed", "note": "Waiting for the providers' data.",
            "new_due": (dt.datetime(2015, 12, 31), "DD/MM/YYYY"), "reason": "Providers asked for more time."},
        2: {"new_status": "Complete", "evidence_title": "Board minutes, item 7",
            "evidence_url": "https://www.barnetccg.nhs.uk/minutes.pdf"},
        3: {"new_status": "On track", "new_due": "2015/16", "reason": "Moved to next year's plan."},
    }
    for index, cells in rows.items():
        for key, value in cells.items():
            cell = sheet.cell(FIRST_ROW + index, COL[key])
            if isinstance(value, tuple):  # a date pasted from another sheet, with its own format
                cell.value, cell.number_format = value
            else:
                cell.value = value
    book.save(path)
    saved = saved_by_libreoffice(tmp_path, path)
    result = importer.import_updates(plans, "barnet", saved, ROUND, report="Progress report to the Governing Body",
                                     meeting="Governing Body")
    assert result.written and result.added == 4, [p.format() for p in result.problems]
    data = yaml.safe_load((plans / "barnet.yaml").read_text(encoding="utf-8"))
    updates = [a["updates"][-1] for a in data["actions"][:4]]
    assert updates[0] == {"date": ROUND, "status": "on-track", "note": "Workshop held.\nDraft out for consultation.",
                          "due": "2015-09", "reason": "Consultation extended.", "by": "Head of Quality"}
    assert updates[1]["due"] == "2015-12-31" and updates[3]["due"] == "2015/16"
    assert updates[2]["evidence"] == [{"title": "Board minutes, item 7",
                                       "url": "https://www.barnetccg.nhs.uk/minutes.pdf"}]
    assert data["reports"][-1] == {"date": ROUND, "title": "Progress report to the Governing Body",
                                   "meeting": "Governing Body"}
    # The same returned copy again: recognised, nothing added.
    before = (plans / "barnet.yaml").read_bytes()
    again = importer.import_updates(plans, "barnet", saved, ROUND, report="Progress report to the Governing Body")
    assert [p.format() for p in again.problems] == [
        "barnet-round.xlsx: note: rows 4, 5, 6 and 7 are already in the plan: nothing to add"]
    assert not again.written and (plans / "barnet.yaml").read_bytes() == before


def test_dates_typed_into_libreoffice_keep_their_meaning_or_get_the_value_to_write(tmp_path, plans):
    """Rows typed into LibreOffice Calc (read by its en-GB input rules: a date it recognises
    becomes a date cell), saved as .xlsx."""
    site, actions, _, _, _ = importer.load_plan(plans, "barnet")
    rows = list(csv.reader(io.StringIO(workbook.csv_text(site, actions))))
    typed = ["30/09/2015", "30.9.15", "Sept 2015", "2015/16", "2016-03"]
    for row, value in zip(rows[1:], typed):
        row[COL["new_status"] - 1], row[COL["new_due"] - 1], row[COL["reason"] - 1] = "On track", value, "Staff."
    source = tmp_path / f"{pr.SHEET}.csv"  # LibreOffice names the sheet after the file
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerows([["Progress round"], ["From the plan"]] + rows)
    libreoffice(tmp_path, "--infilter=CSV:44,34,76,1,,2057,false,true", "--convert-to", "xlsx:Calc Office Open XML",
                "--outdir", str(tmp_path / "typed"), str(source))
    typed_book = tmp_path / "typed" / f"{pr.SHEET}.xlsx"
    result = importer.import_updates(plans, "barnet", typed_book, ROUND)
    messages = {p.row: p.message for p in result.problems}
    assert set(messages) <= {FIRST_ROW + 1, FIRST_ROW + 2}, messages  # 30/09/2015, 2015/16, 2016-03 read
    for row, fix in ((FIRST_ROW + 1, "2015-09-30"), (FIRST_ROW + 2, "2015-09")):
        if row in messages:  # text LibreOffice did not take for a date: the message says what to write
            assert messages[row].endswith(f"is not a date: write {fix}"), messages[row]
    clean = tmp_path / "clean.csv"
    with clean.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([rows[0]] + [r for r, v in zip(rows[1:], typed) if v in ("30/09/2015", "2015/16", "2016-03")])


def test_the_workbook_prints_on_a4_with_the_title_and_headers_on_every_page(tmp_path, plans):
    path = made(plans, tmp_path / "barnet-round.xlsx")
    libreoffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path))
    pdf = tmp_path / "pdf" / "barnet-round.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and "841.89 x 595" in info, info  # A4, landscape
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 3  # the plan's columns, the update's columns, then the statuses sheet
    for n, title in ((1, "Barnet CCG (plan barnet): workbook made 1 June 2015; please return it by 20 June 2015"),
                     (2, "Barnet CCG: your update for this round; please return it by 20 June 2015")):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert " ".join(text.split()).startswith(f"Progress round {title}"), (n, text[:300])
        assert "Action id" in text and ("Last update" in text if n == 1 else "Filled in by" in text)
