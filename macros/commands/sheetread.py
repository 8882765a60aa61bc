"""Read a filled-in progress round (.xlsx or .csv) from outside, defensively.

The file comes from outside the project: its size, its rows and its cells are limited; the
workbook is read with openpyxl in read-only mode and no formula is evaluated (a cell that holds
one is refused); control characters, bidirectional overrides and zero-width characters are
refused. Every cell comes back as text (a date typed into a date-formatted cell as YYYY-MM-DD).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..site.export import FORMULA_STARTS as CSV_RISKY  # cells a spreadsheet would run as a formula
from . import progressround as pr
from .progressround import FIRST_ROW, HEADER_ROW, IDENTIFIER, MAX_CELL  # (not from workbook: no openpyxl here)

MAX_BYTES = 5 * 1024 * 1024  # the file as sent
MAX_UNZIPPED = 20 * 1024 * 1024  # an .xlsx is a zip file: what it may expand to
MAX_MEMBERS = 500
MAX_ROWS = 5000
EXTRA_COLUMNS = 20  # columns after the last one that are read, to report text put there
# C0 and C1 control characters (a line break is allowed), bidirectional overrides and isolates,
# zero-width characters and the line/paragraph separators.
_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def letter(index: int) -> str:
    """The spreadsheet letter of the 1-based column ``index``."""
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass(frozen=True)
class SheetProblem:
    """A mistake in the filled-in file, at a sheet row and column where there is one."""

    file: str
    row: int | None
    column: int | None  # 1-based column of the sheet
    level: str
    message: str

    def format(self) -> str:
        where = ""
        if self.row is not None:
            where = f" row {self.row}"
            if self.column is not None:
                header = pr.COLUMNS[self.column - 1].header if self.column <= len(pr.COLUMNS) else ""
                where += f", column {letter(self.column)}" + (f" ({header})" if header else "")
            where += ":"
        return f"{self.file}:{where} {self.level}: {self.message}"


@dataclass
class Sheet:
    """The data rows of a filled-in progress round: (sheet row number, {column key: text})."""

    rows: list = field(default_factory=list)
    identifier: str = ""  # the plan id the workbook was made for ("" when not known)
    problems: list = field(default_factory=list)


def _refused(text: str) -> str | None:
    m = _REFUSED.search(text)
    if not m:
        return None
    char = m.group()
    name = "a tab" if char == "\t" else f"the invisible character U+{ord(char):04X}"
    return (f"the text contains {name} (often pasted from another program), which a plan cannot hold: "
            "delete it, or type the text again")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return value.isoformat(sep=" ")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(sheet: Sheet, name: str, row: int, col: int, value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > MAX_CELL:
        sheet.problems.append(SheetProblem(name, row, col, "error",
                                           f"the cell holds {len(value)} characters; at most {MAX_CELL}: "
                                           "shorten it"))
        return ""
    if why := _refused(value):
        sheet.problems.append(SheetProblem(name, row, col, "error", why))
        return ""
    return value


def _headers(sheet: Sheet, name: str, row: int, found: list) -> bool:
    found = [str(v).strip() if v is not None else "" for v in found]
    while found and not found[-1]:
        found.pop()
    if found == list(pr.HEADERS):
        return True
    wanted = ", ".join(pr.HEADERS)
    sheet.problems.append(SheetProblem(
        name, row, None, "error",
        f"the column headings are not those of a progress round (found: {', '.join(found) or 'nothing'}): "
        f"the columns must be, in order: {wanted}; make a new workbook with python -m macros workbook "
        "and copy the updates into it"))
    return False


def _add_row(sheet: Sheet, name: str, number: int, values: list) -> None:
    cells = {}
    for i, column in enumerate(pr.COLUMNS, start=1):
        value = values[i - 1] if i <= len(values) else ""
        cells[column.key] = _clean(sheet, name, number, i, value)
    for i in range(len(pr.COLUMNS) + 1, len(values) + 1):
        if values[i - 1].strip():
            sheet.problems.append(SheetProblem(
                name, number, i, "error", f"there is text in column {letter(i)}, after the last column "
                f"({pr.COLUMNS[-1].header}): it is not read: move it into the right column, or delete it"))
    sheet.rows.append((number, cells))


def read(path: Path) -> Sheet:
    """The rows of ``path``: a .csv file, else an .xlsx workbook."""
    name = path.name
    sheet = Sheet()
    try:
        size = path.stat().st_size
    except OSError:
        sheet.problems.append(SheetProblem(name, None, None, "error", "the file cannot be read: check its name"))
        return sheet
    if size > MAX_BYTES:
        sheet.problems.append(SheetProblem(name, None, None, "error",
                                           f"the file is {size:,} bytes; a progress round is at most "
                                           f"{MAX_BYTES:,}: delete anything added besides the updates"))
        return sheet
    if path.suffix.lower() == ".csv":
        _read_csv(path, sheet)
    else:
        _read_xlsx(path, sheet)
    return sheet


def _read_csv(path: Path, sheet: Sheet) -> None:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        sheet.problems.append(SheetProblem(name, None, None, "error",
                                           "the file is not text saved as UTF-8: save it as CSV UTF-8 "
                                           "(comma delimited)"))
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                sheet.problems.append(SheetProblem(name, number, None, "error",
                                                   f"more than {MAX_ROWS} rows: this is not a progress round"))
                return
            if number == 1:
                if not _headers(sheet, name, 1, values):
                    return
                continue
            # Undo the export's protection against formulas: ' before = + - @ tab CR.
            values = [v[1:] if v.startswith("'") and v[1:].startswith(CSV_RISKY) else v for v in values]
            _add_row(sheet, name, number, values)
    except csv.Error as exc:
        sheet.problems.append(SheetProblem(name, reader.line_num, None, "error",
                                           f"this is not a well-formed CSV file ({exc}): check that every "
                                           "quote (\") is closed"))
    if not sheet.rows and not sheet.problems:
        sheet.problems.append(SheetProblem(name, None, None, "error", "the file has no rows"))


def _read_xlsx(path: Path, sheet: Sheet) -> None:
    name = path.name
    not_a_workbook = SheetProblem(name, None, None, "error",
                                  "the file is not an .xlsx workbook: save it as Excel Workbook (.xlsx), "
                                  "or as CSV UTF-8 with a name ending .csv")
    if not zipfile.is_zipfile(path):
        sheet.problems.append(not_a_workbook)
        return
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
            sheet.problems.append(SheetProblem(name, None, None, "error",
                                               "the workbook unpacks to more than a progress round can "
                                               "hold: make a new workbook and copy the updates into it"))
            return
    from openpyxl import load_workbook  # only the commands that read workbooks need it

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors for files that are not workbooks
        sheet.problems.append(not_a_workbook)
        return
    try:
        identifier = book.properties.identifier or ""
        if identifier.startswith(IDENTIFIER):
            sheet.identifier = identifier[len(IDENTIFIER):]
        if pr.SHEET not in book.sheetnames:
            sheet.problems.append(SheetProblem(name, None, None, "error",
                                               f"the workbook has no sheet called '{pr.SHEET}' (it has: "
                                               f"{', '.join(book.sheetnames)}): rename the sheet back, or "
                                               "use the workbook made by python -m macros workbook"))
            return
        rows = book[pr.SHEET].iter_rows(max_col=len(pr.COLUMNS) + EXTRA_COLUMNS)
        for number, cells in enumerate(rows, start=1):
            if number > MAX_ROWS + FIRST_ROW:
                sheet.problems.append(SheetProblem(name, number, None, "error",
                                                   f"more than {MAX_ROWS} rows: this is not a progress round"))
                return
            if number < HEADER_ROW:
                continue
            values = []
            for i, cell in enumerate(cells, start=1):
                if getattr(cell, "data_type", None) == "f":
                    sheet.problems.append(SheetProblem(
                        name, number, i, "error", "the cell holds a formula, which is not read: type the "
                        "text itself (to start a text with =, type ' before it)"))
                    values.append("")
                    continue
                values.append(_cell_text(cell.value))
            if number == HEADER_ROW:
                if not _headers(sheet, name, number, values):
                    return
                continue
            _add_row(sheet, name, number, values)
    finally:
        book.close()
