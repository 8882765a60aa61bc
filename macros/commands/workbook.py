"""Write a progress round for one plan: an .xlsx workbook (openpyxl) or a CSV file.

The workbook's first sheet has one row per action: the locked cells from the plan, then the
cells an owner fills in (the status from a drop-down list, a note, an evidence link, a revised
due date and its reason). The sheet is protected, so only the fill-in cells can be changed.
The second sheet explains the statuses (macros/data/statuses.yaml) and the columns.

Every value is written as text: a value that starts with = is never a formula.
"""
from __future__ import annotations

import csv
import io
import math

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import Site
from ..plans import dates
from ..site import export
from . import progressround as pr
from .progressround import FIRST_ROW, HEADER_ROW, IDENTIFIER, MAX_CELL  # noqa: F401  (the sheet's layout)

CSV_RISKY = export.FORMULA_STARTS  # cells a spreadsheet would run as a formula

_LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
_FILL_IN_FILL = PatternFill("solid", fgColor="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_EDGE = Side(style="thin", color="808080")
_BOX = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)


class CellError(ValueError):
    """A plan value a spreadsheet cell cannot hold (too long, or a control character)."""


def _text(cell, value: str) -> None:
    """Put ``value`` in ``cell`` as text, never as a formula."""
    if len(value) > MAX_CELL:
        raise CellError(f"cell {cell.coordinate} would hold {len(value)} characters; a spreadsheet cell "
                        f"holds at most {MAX_CELL}")
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise CellError(f"cell {cell.coordinate} would hold a control character, which a spreadsheet cell "
                        f"cannot hold: {value[:60]!r}")
    cell.value = value
    cell.data_type = "s"
    if value.startswith("="):
        cell.quotePrefix = True  # shown and edited as typed text


def status_notes(site: Site) -> str:
    return "\n".join(f"{s.label}: {s.definition}" for s in site.statuses)


def xlsx(site: Site, plan_id: str, name: str, actions, made: str, return_by: str = "") -> bytes:
    """The workbook for the plan ``plan_id`` (called ``name``), made on ``made`` (YYYY-MM-DD), to
    be returned by ``return_by`` (YYYY-MM-DD; "" when no date is set).

    It prints on A4, landscape, two pages wide (the plan's columns, then the update's), with the
    title and header rows and the action id repeated on every page."""
    book = Workbook()
    sheet = book.active
    sheet.title = pr.SHEET
    book.properties.identifier = IDENTIFIER + plan_id
    book.properties.title = f"Progress round: {name}"
    book.properties.creator = "python -m macros workbook"
    last = get_column_letter(len(pr.COLUMNS))
    n_locked = len(pr.LOCKED)

    # The title is in the first printed page's columns and again in the second's, so that no
    # page cuts it; column A (the action id, printed on both pages) says what the form is.
    back = f"; please return it by {dates.display(return_by)}" if return_by else ""
    fill_from = get_column_letter(n_locked + 1)
    _text(sheet["A1"], "Progress round")
    _text(sheet["B1"], f"{name} (plan {plan_id}): workbook made {dates.display(made)}{back}")
    sheet.merge_cells(f"B1:{get_column_letter(n_locked)}1")
    _text(sheet[f"{fill_from}1"], f"{name}: your update for this round{back}")
    sheet.merge_cells(f"{fill_from}1:{last}1")
    for ref in ("A1", "B1", f"{fill_from}1"):
        sheet[ref].font = Font(bold=True, size=12)
        sheet[ref].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 34
    _text(sheet["A2"], "From the plan (locked)")
    sheet.merge_cells(f"A2:{get_column_letter(n_locked)}2")
    _text(sheet[f"{fill_from}2"], "Your update for this round (fill in; leave a row blank for no update; "
                                  "write your name or role under Filled in by)")
    sheet.merge_cells(f"{fill_from}2:{last}2")
    sheet[f"{fill_from}2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 30
    for ref in ("A2", f"{fill_from}2"):
        sheet[ref].font = Font(bold=True)
    for i, column in enumerate(pr.COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, i)
        _text(cell, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.cell(HEADER_ROW, n_locked + 1).comment = Comment(status_notes(site), "Statuses", width=420,
                                                          height=300)

    rows = pr.rows(site, actions)
    for r, values in enumerate(rows, start=FIRST_ROW):
        for i, (column, value) in enumerate(zip(pr.COLUMNS, values), start=1):
            cell = sheet.cell(r, i)
            if value:
                _text(cell, value)
            cell.border = _BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.locked:
                cell.fill = _LOCKED_FILL
            else:
                cell.fill = _FILL_IN_FILL
                cell.number_format = "@"  # typed dates stay as typed
                cell.protection = Protection(locked=False)
        sheet.row_dimensions[r].height = _height(pr.COLUMNS, values)
    end = FIRST_ROW + len(rows) - 1
    sheet.row_dimensions[HEADER_ROW].height = _height(pr.COLUMNS, pr.HEADERS)

    key = book.create_sheet(pr.KEY_SHEET)
    _key_sheet(key, site)
    if rows:
        choose = DataValidation(
            type="list", formula1=f"'{pr.KEY_SHEET}'!$A$2:$A${1 + len(site.statuses)}",
            allow_blank=True, showDropDown=False, showInputMessage=True, showErrorMessage=True,
            promptTitle="New status", prompt="Choose a status from the list. What each one means: the "
            "note on the column heading, or the sheet Statuses and columns.",
            errorTitle="Not a status", error="Choose one of the statuses in the list (they are "
            "explained on the sheet Statuses and columns).", errorStyle="stop")
        status_col = get_column_letter(n_locked + 1)
        choose.add(f"{status_col}{FIRST_ROW}:{status_col}{end}")
        sheet.add_data_validation(choose)
    sheet.freeze_panes = f"B{FIRST_ROW}"
    sheet.print_title_rows = f"1:{HEADER_ROW}"  # the title and the headers on every printed page
    sheet.print_title_cols = "A:A"  # printed two pages wide: the plan's columns, then the update's
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 2
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for protected in (sheet, key):
        protected.protection.sheet = True
        protected.protection.formatColumns = False  # False: allowed (widen columns)
        protected.protection.formatRows = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _height(columns, values) -> float:
    """A row height (points) that shows every wrapped line: spreadsheet programs do not all
    fit rows to their text when they open a file."""
    lines = 1
    for column, value in zip(columns, values):
        per_line = max(1, int(column.width * 1.15))
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n")))
    return min(409, 13 * lines + 2)


def _key_sheet(key, site: Site) -> None:
    """The statuses (label, definition, key, symbol), then what goes in each column."""
    def heading(r: int, names) -> None:
        for i, name in enumerate(names, start=1):
            cell = key.cell(r, i)
            _text(cell, name)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL

    heading(1, ("Status", "What it means", "Key (in the plan)", "Symbol on the site", "Needs a note"))
    for r, s in enumerate(site.statuses, start=2):
        values = (s.label, s.definition, s.key, f"{s.symbol} ({s.shape})", "yes: say why" if s.needs_note else "no")
        for i, value in enumerate(values, start=1):
            _text(key.cell(r, i), value)
            key.cell(r, i).alignment = Alignment(wrap_text=True, vertical="top")
        key.row_dimensions[r].height = _height(_KEY_COLUMNS, values)
    r = len(site.statuses) + 3
    heading(r, ("Column", "What goes in it"))
    for r, column in enumerate(pr.COLUMNS, start=r + 1):
        _text(key.cell(r, 1), column.header)
        _text(key.cell(r, 2), column.description)
        for i in (1, 2):
            key.cell(r, i).alignment = Alignment(wrap_text=True, vertical="top")
        key.row_dimensions[r].height = _height(_KEY_COLUMNS, (column.header, column.description))
    for letter, column in zip("ABCDE", _KEY_COLUMNS):
        key.column_dimensions[letter].width = column.width
    key.page_setup.paperSize = key.PAPERSIZE_A4
    key.page_setup.orientation = "landscape"
    key.page_setup.fitToWidth = 1
    key.page_setup.fitToHeight = 0
    key.sheet_properties.pageSetUpPr.fitToPage = True


_KEY_COLUMNS = tuple(pr.Column("", "", "", width, True) for width in (26, 70, 16, 22, 13))


def csv_text(site: Site, actions) -> str:
    """The same rows as the workbook, as CSV (header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(pr.HEADERS)
    for values in pr.rows(site, actions):
        writer.writerow([export.neutralise(v) for v in values])
    return buffer.getvalue()
