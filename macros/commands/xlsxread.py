"""Read a returned progress-round workbook (.xlsx) from outside, bounded and defensively.

An .xlsx file is a zip archive of XML files, and every byte of it is untrusted:

- the archive's directory is read first: its members, their sizes once unpacked (as declared,
  which also bounds what is read) and their total are limited, a password-protected or
  damaged archive is refused, and no XML is parsed yet;
- every member is then scanned, unpacked in pieces, for XML entity and document type
  declarations (``<!DOCTYPE``, ``<!ENTITY``): spreadsheet programs never write them, and a few
  kilobytes of nested entities expand to gigabytes. defusedxml (which openpyxl uses whenever it
  is installed) refuses them too, as a second line;
- openpyxl reads the workbook's structure (sheets, their visibility, styles, properties) and
  its shared strings; the one sheet read, "Progress round", must exist once and be visible;
- its rows are parsed here, cell by cell, with openpyxl's own cell parser, so that a damaged
  cell (a number that is not one, a missing shared string, a bad date) is an error naming its
  row and column, never a traceback; the cells parsed, the rows and the time are limited.

Each cell comes back as the text it shows: TRUE, not True; 0.3, not 0.30000000000000004; a date
as YYYY-MM-DD, or YYYY-MM where its format shows only the month and year; text with the
workbook's escapes (_x000D_) decoded. An error value (#N/A, #REF!) or a formula is refused.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import time
import warnings
import zipfile
from dataclasses import dataclass, field

from . import progressround as pr

MAX_MEMBERS = 500
MAX_MEMBER = 8 * 1024 * 1024  # one file of the archive, unpacked
MAX_UNZIPPED = 20 * 1024 * 1024  # all of them
MAX_ROWS = 5000  # data rows
MAX_CELLS = 250_000  # cells parsed in the sheet (a row of the form has 15)
MAX_STRINGS = 250_000  # texts in the workbook's shared string table
MAX_SECONDS = 60.0
MAX_COLUMN = 16384  # the last column a spreadsheet has (XFD)
_DECLARATIONS = tuple(word.encode(codec) for word in ("<!DOCTYPE", "<!ENTITY")
                      for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
DAMAGED = ("the file is damaged ({why}): open it in your spreadsheet program and save it again as an "
           "Excel Workbook (.xlsx), or make a new workbook with python -m macros workbook and copy the "
           "updates into it")
NOT_A_WORKBOOK = ("the file is not an .xlsx workbook: save it as Excel Workbook (.xlsx), or as CSV UTF-8 "
                  "with a name ending .csv")


@dataclass
class Found:
    """What the workbook holds: ``rows`` {sheet row: [cell text, column A first]} (None if the
    sheet could not be read at all), the plan id it was made for, and the problems as
    (row or None, column or None, message)."""

    rows: dict | None = None
    identifier: str = ""
    problems: list = field(default_factory=list)


class _Refused(Exception):
    """The workbook cannot be read; the message says why and what to do."""


def decode(text: str) -> str:
    """A workbook text with its escapes written out: ``_x000D_`` is a carriage return,
    ``_x005F_`` an underscore (so ``_x005F_x000D_`` is the text "_x000D_" itself)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def read(data: bytes) -> Found:
    found = Found()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except _Refused as exc:
        found.problems.append((None, None, str(exc)))
        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError) as exc:
        found.problems.append((None, None, NOT_A_WORKBOOK if isinstance(exc, zipfile.BadZipFile)
                               and "not a zip file" in str(exc).lower()
                               else DAMAGED.format(why="its zip directory or a file in it cannot be read")))
        return found
    try:
        _read_book(data, found)
    except _Refused as exc:
        found.problems.append((None, None, str(exc)))
    return found


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or any(m.file_size > MAX_MEMBER for m in members) \
            or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise _Refused("the workbook unpacks to more than a progress round can hold: make a new workbook "
                       "and copy the updates into it")
    if any(m.flag_bits & 0x1 for m in members):
        raise _Refused("the workbook is protected with a password (encrypted), so it cannot be read: save "
                       "it again without a password")
    for member in members:
        with archive.open(member) as src:  # (reads at most the declared size; checks the CRC)
            tail = b""
            while chunk := src.read(256 * 1024):
                window = tail + chunk
                if any(word in window for word in _DECLARATIONS):
                    raise _Refused(
                        f"the workbook's part {member.filename!r} declares XML entities or a document "
                        "type (<!DOCTYPE>), which spreadsheet programs never write and which can make a "
                        "small file expand to gigabytes: it is not read. Save the workbook again from "
                        "your spreadsheet program, or make a new one with python -m macros workbook")
                tail = window[-32:]


def _read_book(data: bytes, found: Found) -> None:
    import openpyxl
    from defusedxml import DefusedXmlException

    if not openpyxl.DEFUSEDXML:  # (openpyxl uses defusedxml whenever it can import it)
        raise _Refused("workbooks are read only with defusedxml installed (it refuses XML entity "
                       "declarations), and it is not: run scripts/setup requirements.txt, and unset "
                       "OPENPYXL_DEFUSEDXML")
    started = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it leaves out; nothing is printed
            book = _reader(data)
    except _Refused:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors for files that are not workbooks
        if not _caused_by(exc, DefusedXmlException):
            raise _Refused(NOT_A_WORKBOOK)
        raise _Refused("the workbook declares XML entities, which spreadsheet programs never write and "
                       "which can make a small file expand to gigabytes: it is not read. Save the workbook "
                       "again from your spreadsheet program, or make a new one with python -m macros workbook")
    try:
        identifier = book.properties.identifier or ""
        if isinstance(identifier, str) and identifier.startswith(pr.IDENTIFIER):
            found.identifier = identifier[len(pr.IDENTIFIER):]
        ws = _the_sheet(book)
        found.rows = _rows(book, ws, found, started)
    except DefusedXmlException:
        raise _Refused("the sheet declares XML entities, which spreadsheet programs never write: it is "
                       "not read. Save the workbook again from your spreadsheet program")
    finally:
        book.close()


def _caused_by(exc: BaseException, kind) -> bool:
    """Whether ``exc``, or an exception it was raised from, is a ``kind`` (openpyxl wraps them)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _reader(data: bytes):
    """The workbook (read-only), with the shared strings read here: openpyxl's reader drops
    'x005F_' from every text, so '_x000D_' typed as text and a carriage return would read alike."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class Reader(ExcelReader):
        def read_strings(self):
            ct = self.package.find(SHARED_STRINGS)
            if ct is not None:
                with self.archive.open(ct.PartName[1:]) as src:
                    self.shared_strings = _string_table(src)

    reader = Reader(io.BytesIO(data), read_only=True, keep_vba=False, data_only=False, keep_links=False)
    reader.read()
    return reader.wb


def _string_table(src) -> list:
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's

    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    for _, node in iterparse(src):
        if node.tag == tag:
            strings.append(decode(Text.from_tree(node).content or ""))
            node.clear()
            if len(strings) > MAX_STRINGS:
                raise _Refused(f"the workbook holds more than {MAX_STRINGS:,} pieces of text: this is not a "
                               "progress round")
    return strings


def _key(title: str) -> str:
    return " ".join(str(title).split()).casefold()


def _the_sheet(book):
    names = ", ".join(repr(n) for n in book.sheetnames)
    matches = [ws for ws in book.worksheets if _key(ws.title) == _key(pr.SHEET)]
    if not matches:
        raise _Refused(f"the workbook has no sheet called '{pr.SHEET}' (it has: {names}): rename the sheet "
                       "back, or use the workbook made by python -m macros workbook")
    if len(matches) > 1:
        raise _Refused(f"the workbook has {len(matches)} sheets called '{pr.SHEET}' ({names}), some of them "
                       "perhaps hidden: keep only the one with the updates, or make a new workbook with "
                       "python -m macros workbook and copy the updates into it")
    ws = matches[0]
    if ws.sheet_state != "visible":
        how = ("very hidden (a state no spreadsheet program's menus set)" if ws.sheet_state == "veryHidden"
               else "hidden")
        raise _Refused(f"the sheet '{pr.SHEET}' is {how}, so what it says cannot be seen: it is not read. "
                       "Make a new workbook with python -m macros workbook and copy the updates into it")
    return ws


def _rows(book, ws, found: Found, started: float) -> dict:
    """{row: [cell text]} of the sheet, up to the last row with anything in it."""
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
    parser = _parser(book, ws)
    rows: dict = {}
    cells = previous = 0
    with ws._get_source() as src:  # (the sheet's part of the archive)
        for event, element in iterparse(src, events=("start", "end")):
            if event == "start":
                if element.tag == cell_tag:
                    cells += 1
                    if cells > MAX_CELLS:
                        raise _Refused(f"the sheet has more than {MAX_CELLS:,} cells: this is not a progress "
                                       "round")
                continue
            if element.tag == data_tag:
                break  # what follows the rows (print settings, validations) is not read
            if element.tag != row_tag:
                continue
            if time.monotonic() - started > MAX_SECONDS:
                raise _Refused(f"the workbook took more than {MAX_SECONDS:.0f} seconds to read: this is not a "
                               "progress round")
            number, values, problems = _row(parser, element, previous)
            element.clear()
            found.problems.extend(problems)
            if number is None:
                return rows
            if number > MAX_ROWS + pr.FIRST_ROW - 1:
                found.problems.append((number, None, f"more than {MAX_ROWS} rows: this is not a progress round"))
                return rows
            previous = number
            if any(values):
                rows[number] = values
    return rows


def _row(parser, element, previous: int) -> tuple:
    """(row number or None, [text], [problems]) of one <row> element."""
    try:
        number, parsed = parser.parse_row(element)
    except Exception:
        row = previous + 1
        return None, [], [(row, None, DAMAGED.format(why=f"row {row} cannot be read"))]
    if number <= previous or number > 1_048_576:
        return None, [], [(previous + 1, None, DAMAGED.format(
            why=f"its rows are out of order: row {number} comes after row {previous}"))]
    hidden = parser.row_dimensions.get(str(number), {}).get("hidden") in ("1", "true")
    values: dict = {}
    problems = []
    for cell in parsed:
        column = cell["column"]
        if not 1 <= column <= MAX_COLUMN:
            continue
        text, why = _shown(parser, cell)
        if why:
            problems.append((number, column, why))
            text = ""
        if text or why:
            values[column] = text
    width = len(pr.COLUMNS)
    out = [values.get(c, "") for c in range(1, width + 1)]
    extra = sorted(c for c in values if c > width and values[c].strip())
    if extra:  # text past the last column: reported once, at the first column that has some
        out += [""] * (extra[0] - width - 1) + [values[extra[0]]]
    if hidden and any(out[len(pr.LOCKED):len(pr.COLUMNS)]):
        problems.append((number, None, "this row is hidden, so what it says cannot be seen: unhide it "
                                       "(select the rows around it, then Unhide rows) and check it, then "
                                       "import again"))
    return number, out, problems


class _Damaged:
    def __init__(self, why: str):
        self.why = why


def _parser(book, ws):
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser

    class Parser(WorkSheetParser):
        """openpyxl's cell parser; a cell it cannot read becomes a _Damaged value with the reason."""

        def parse_cell(self, element):
            row, column = self.row_counter, self.col_counter + 1
            coordinate = element.get("r")
            if coordinate:
                try:
                    row, column = coordinate_to_tuple(coordinate)
                except Exception:
                    pass
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cell = super().parse_cell(element)
            except Exception:
                self.col_counter = column
                kind = element.get("t", "n")
                value = (element.findtext(f"{{{self._ns}}}v") or "")[:40]
                why = {"s": f"it refers to text the workbook does not hold (shared text {value!r})",
                       "n": f"it is marked as a number but holds {value!r}",
                       "b": f"it is marked as true or false but holds {value!r}",
                       "d": f"it is marked as a date but holds {value!r}"}.get(kind, "it cannot be read")
                return {"row": row, "column": column, "value": _Damaged(why), "data_type": "damaged",
                        "style_id": 0}
            if cell["data_type"] == "s" and isinstance(cell["value"], str) and element.get("t") == "inlineStr":
                cell["value"] = decode(cell["value"])
            return cell

    from openpyxl.xml.constants import SHEET_MAIN_NS
    Parser._ns = SHEET_MAIN_NS
    parser = Parser(None, ws._shared_strings, data_only=False, epoch=book.epoch,
                    date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    parser._book = book
    return parser


def _shown(parser, cell: dict) -> tuple[str, str | None]:
    """(the text the cell shows, why it is refused or None)."""
    value, kind = cell["value"], cell["data_type"]
    if isinstance(value, _Damaged):
        return "", DAMAGED.format(why=f"this cell cannot be read: {value.why}")
    if value is None:
        return "", None
    if kind == "f":
        return "", ("the cell holds a formula, which is not read: type the text itself (to start a text "
                    "with =, type ' before it)")
    if kind == "e":
        return "", (f"the cell shows the error {str(value)[:20]}, not a value: type what it should say, or "
                    "clear it")
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    number_format = _number_format(parser, cell.get("style_id", 0))
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return _date_text(value, number_format), None
    if isinstance(value, (int, float)):
        return _number_text(value, number_format), None
    return str(value), None


def _number_format(parser, style_id) -> str:
    """The cell's number format ("General" when it has none or its style cannot be found)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    book = parser._book
    try:
        fmt_id = book._cell_styles[int(style_id)].numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(fmt_id, "General")
        return book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
    except Exception:
        return "General"


def _format_letters(number_format: str) -> str:
    """The format's code letters, without quoted text, [colour]/[$-409] parts and escapes."""
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", number_format.split(";")[0])
    return code.lower()


def month_only(number_format: str) -> bool:
    """Whether a date format shows the month and year but no day (mmmm yyyy, mmm-yy, mm/yyyy)."""
    letters = _format_letters(number_format)
    return "y" in letters and "m" in letters and "d" not in letters and "h" not in letters \
        and "s" not in letters


def _date_text(value, number_format: str) -> str:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return value.isoformat(sep=" ", timespec="minutes")
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m") if month_only(number_format) else value.isoformat()
    return str(value)


def _number_text(value, number_format: str) -> str:
    letters = _format_letters(number_format)
    if m := re.fullmatch(r"(#,##)?0(?:\.(0+))?(%?)", letters):
        places = len(m.group(2) or "")
        shown = value * 100 if m.group(3) else value
        text = f"{shown:,.{places}f}" if m.group(1) else f"{shown:.{places}f}"
        return text + m.group(3)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)
