"""The download tables as Excel workbooks (.xlsx), written by XlsxWriter, for spreadsheet users.

Each table is a sheet whose cells have the column's type (macros/views/downloads.py): dates are
date cells (shown 2014-03-31), whole numbers numbers, true/false booleans, everything else text
(a whole number in a numeric-text column, such as an action's id, is a number, so ids sort 1, 2,
10). A text is always written as a text cell, never a formula, so "=SUM(A1)" shows as typed and
runs nothing, with its exact characters. The first row holds the headings in words, the second
the keys (the CSV header); both stay in view (frozen) and the second has the filter buttons;
each column is as wide as its content (within limits). A "Columns" sheet defines every column
(heading, key, what it holds, meaning) in the whole-site workbooks, and an "About" sheet says
what the file is, the date the statuses are judged against, the licence and how to cite it.

Two builds of the same data give the same bytes: the workbook is dated with the as-of date and
XlsxWriter dates every part of the zip file 1980-01-01.
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

import xlsxwriter

from ..views.downloads import BOOLEAN, DATE, INTEGER, Table

OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in characters
DATE_WIDTH = 11
LINE_HEIGHT = 15  # points per line of text
MAX_CELL = 32767  # the most characters a cell holds: a longer text is cut (the CSV and JSON keep it whole)
HEADING_ROWS = 2  # the headings in words, then the keys
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk, for days after 1 March 1900)
_TEXT, _NUMERIC_TEXT, _DATE, _BOOLEAN, _NUMBER = range(5)


@lru_cache(maxsize=8192)
def serial(day: str) -> int:
    """A YYYY-MM-DD date as Excel's day number."""
    return (dt.date.fromisoformat(day) - _EPOCH).days


def whole_number(text: str) -> int | None:
    """``text`` as an int where it is a whole number written plainly ("12", not "012", "+1" or
    "1.0") and short enough to stay exact in a spreadsheet; else None."""
    if text.isdigit() and text.isascii() and len(text) <= 15 and (text == "0" or text[0] != "0"):
        return int(text)
    return None


def workbook(tables: list[tuple[Table, list]], about: list[tuple[str, str]], as_of: str, title: str,
             leave_out: tuple = (), columns_sheet: bool = True) -> bytes:
    """A workbook with a sheet per (table, rows) (rows: lists of values in the table's column
    order), then the "Columns" sheet (unless ``columns_sheet`` is false) and the "About" sheet.
    ``leave_out``: keys of columns the same on every row (one organisation's id and name), which
    the About sheet gives once."""
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, OPTIONS)
    book.set_properties({"title": title, "created": dt.datetime.fromisoformat(as_of),
                         "comments": f"Statuses as of {as_of}."})
    formats = {
        "heading": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EAF6"}),
        "key": book.add_format({"italic": True, "font_color": "#424242", "bottom": 1, "bg_color": "#E8EAF6"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "label": book.add_format({"bold": True, "valign": "top"}),
    }
    for table, rows in tables:
        _data_sheet(book, formats, table, rows, leave_out)
    if columns_sheet:
        _columns_sheet(book, formats, tuple(table for table, _ in tables), leave_out)
    _about_sheet(book, formats, about)
    book.close()
    return raw.getvalue()


def _kind(column) -> int:
    if column.type == DATE:
        return _DATE
    if column.type == BOOLEAN:
        return _BOOLEAN
    if column.type == INTEGER:
        return _NUMBER
    return _NUMERIC_TEXT if column.numeric_text else _TEXT


def _data_sheet(book, formats, table: Table, rows: list, leave_out: tuple) -> None:
    """Row 1: the headings in words; row 2: the keys (the CSV header); then the rows."""
    sheet = book.add_worksheet(table.title)
    order = table.sheet_order(leave_out)
    date_format = formats["date"]
    write_string, write_number, write_boolean = sheet.write_string, sheet.write_number, sheet.write_boolean
    plan = [(to, source, _kind(table.columns[source])) for to, source in enumerate(order)]
    for r, row in enumerate(rows, HEADING_ROWS):
        for c, i, kind in plan:
            value = row[i]
            if value == "" or value is None:
                continue
            if kind == _TEXT:
                if value[0] == "<" and _looks_rich(value):
                    _rich_looking(sheet, r, c, value)
                else:
                    write_string(r, c, value)
            elif kind == _NUMERIC_TEXT:
                number = whole_number(value)
                if number is not None:
                    write_number(r, c, number)
                else:
                    text(sheet, r, c, value)
            elif kind == _DATE:
                write_number(r, c, serial(value), date_format)
            elif kind == _BOOLEAN:
                write_boolean(r, c, value)
            else:
                write_number(r, c, value)
    lines = 1
    for c, i in enumerate(order):
        column = table.columns[i]
        width = _width(column, [row[i] for row in rows])
        sheet.set_column(c, c, width)
        lines = max(lines, _lines(column.title, width))
        sheet.write_string(0, c, column.title, formats["heading"])
        sheet.write_string(1, c, column.key, formats["key"])
    sheet.set_row(0, LINE_HEIGHT * lines)
    sheet.freeze_panes(HEADING_ROWS, 0)
    sheet.autofilter(HEADING_ROWS - 1, 0, max(len(rows) + HEADING_ROWS - 1, HEADING_ROWS), len(order) - 1)


def text(sheet, r: int, c: int, value: str, cell_format=None) -> None:
    """A text cell holding exactly ``value``: every text goes through here (or the same test
    inlined in _data_sheet)."""
    if value[:1] == "<" and _looks_rich(value):
        _rich_looking(sheet, r, c, value, cell_format)
    else:
        sheet.write_string(r, c, value, cell_format)


def _looks_rich(value: str) -> bool:
    return value.startswith("<r>") and value.endswith("</r>")


def _rich_looking(sheet, r: int, c: int, value: str, cell_format=None) -> None:
    """A text that starts "<r>" and ends "</r>", which XlsxWriter's write_string would copy into the
    XML unescaped as formatted text (and a malformed one would break the file), written as three
    plain pieces instead: the cell holds the exact text."""
    pieces = (value[:1], value[1:2], value[2:])
    if cell_format is None:
        sheet.write_rich_string(r, c, *pieces)
    else:
        sheet.write_rich_string(r, c, *pieces, cell_format)


def _width(column, values: list) -> int:
    """Wide enough for the longest value (up to MAX_WIDTH) and for the heading on two lines."""
    words = max(map(len, column.title.split()))
    heading = max(words, (len(column.title) + 1) // 2, len(column.key))
    if column.type == DATE:
        longest = DATE_WIDTH
    elif column.type == BOOLEAN:
        longest = 6
    else:
        longest = max((len(v) if v.__class__ is str else len(str(v)) for v in values), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest, heading) + 2))


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped at ``width`` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


_COLUMNS_WIDTHS = (18, 28, 24, 20, 70)


@lru_cache(maxsize=8)
def _columns_rows(tables: tuple, leave_out: tuple) -> list[tuple[tuple, int]]:
    """The Columns sheet's rows (its cells and its height) for these tables: made once."""
    rows = []
    for table in tables:
        for i in table.sheet_order(leave_out):
            column = table.columns[i]
            height = LINE_HEIGHT * max(_lines(column.description, _COLUMNS_WIDTHS[4]),
                                       _lines(column.title, _COLUMNS_WIDTHS[1]))
            rows.append(((table.title, column.title, column.key, column.holds, column.description), height))
    return rows


def _columns_sheet(book, formats, tables: tuple, leave_out: tuple) -> None:
    sheet = book.add_worksheet("Columns")
    headings = ("Sheet", "Column", "Key (CSV header)", "Holds", "Meaning")
    for c, (heading, width) in enumerate(zip(headings, _COLUMNS_WIDTHS)):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, heading, formats["heading"])
    wrap, set_row = formats["wrap"], sheet.set_row
    rows = _columns_rows(tables, leave_out)
    for r, (cells, height) in enumerate(rows, 1):
        for c, value in enumerate(cells):
            text(sheet, r, c, value, wrap)
        set_row(r, height)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headings) - 1)


def _about_sheet(book, formats, about: list[tuple[str, str]]) -> None:
    sheet = book.add_worksheet("About")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 90)
    for r, (label, value) in enumerate(about):
        sheet.write_string(r, 0, label, formats["label"])
        text(sheet, r, 1, value, formats["wrap"])
        sheet.set_row(r, LINE_HEIGHT * sum(_lines(line, 90) for line in value.split("\n")))
