"""The download tables as Excel workbooks (.xlsx), for spreadsheet users.

Every text is written as a text cell (data type 's'), never a formula, so a value starting
with '=' shows as typed and runs nothing; the text is exact (no ' added as in the CSV), and
accents survive because the workbook's XML is UTF-8. Two builds of the same data give the
same bytes: the workbook and every part of the zip file are dated 1980-01-01.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from ..plans.problems import escape

_FIXED = (1980, 1, 1, 0, 0, 0)


def workbook(sheet: str, header: list[str], rows) -> bytes:
    """One sheet named ``sheet``: a bold header row, then ``rows``."""
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = dt.datetime(*_FIXED)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([_cell(ws, name, bold) for name in header])
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_dates(raw.getvalue())


def _cell(ws, value, font=None) -> WriteOnlyCell:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = "" if value is None else str(value)
        # The checker refuses control characters; anything left is shown escaped, never dropped.
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub(lambda m: escape(m.group()), text))
        cell.data_type = "s"  # text, even when it starts with '='
    else:
        cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    return cell


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (zip stores local times of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
