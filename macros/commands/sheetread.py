"""Read a filled-in progress round (.xlsx or .csv) from outside, defensively.

The file comes from outside the project: its size, its rows and its cells are limited; the
workbook is read by xlsxread.py (openpyxl with defusedxml, its zip members bounded before any
XML is parsed) and no formula is evaluated (a cell that holds one is refused); control
characters, bidirectional overrides and zero-width characters are refused. Every cell comes back
as the text it shows (a date in a date-formatted cell as YYYY-MM-DD, or YYYY-MM where the
format shows only the month and year).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..site.export import FORMULA_STARTS as CSV_RISKY  # cells a spreadsheet would run as a formula
from ..plans.limits import shorten
from ..plans.problems import Problem, safe_path
from . import progressround as pr
from .progressround import HEADER_ROW, MAX_CELL  # (not from workbook: no openpyxl here)

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
        # Everything from the file (its name, cells, sheet names) reaches the terminal as text:
        # line breaks, escape sequences, bidirectional and invisible characters shown escaped.
        return f"{safe_path(self.file)}:{where} {self.level}: {Problem(self.file, 1, 1, self.level, self.message).text}"


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
    found = [shorten(v) for v in found[:len(pr.HEADERS) + 3]] + (["…"] if len(found) > len(pr.HEADERS) + 3 else [])
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
    """The workbook's rows (xlsxread.py reads it: bounded, entity declarations refused)."""
    from . import xlsxread  # openpyxl and defusedxml: only for the commands that read workbooks

    name = path.name
    found = xlsxread.read(path.read_bytes())
    sheet.identifier = found.identifier
    for row, column, message in found.problems:
        sheet.problems.append(SheetProblem(name, row, column, "error", message))
    if found.problems and found.rows is None:
        return
    rows = found.rows or {}
    if not _headers(sheet, name, HEADER_ROW, rows.get(HEADER_ROW, [])):
        return
    for number in sorted(r for r in rows if r > HEADER_ROW):
        _add_row(sheet, name, number, rows[number])
