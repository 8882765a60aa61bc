"""CSV cells a spreadsheet shows and never runs: the one way every download, the compare
page's data and the progress-round forms write CSV. Pure text functions, below ``views`` and
``site`` (``site/export.py`` builds the downloads on them)."""
from __future__ import annotations

import re

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A CSV cell as text a spreadsheet shows and never runs: a text starting like a formula
    gets a ' in front (OWASP's advice). Numbers are left alone."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


_QUOTED = re.compile('[,"\r\n]')


def _cell(value) -> str:
    """A cell neutralised, then quoted as RFC 4180 says. (The csv module's QUOTE_MINIMAL leaves
    a bare carriage return unquoted when the line ends in a newline, which breaks the row in a
    spreadsheet.)"""
    if value.__class__ is str:  # most cells: neutralise's checks, inlined
        text = "'" + value if value.startswith(FORMULA_STARTS) else value
    else:
        text = neutralise(value)
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def csv_table(header: list[str], rows) -> str:
    """A table as CSV: every cell neutralised against formulas and quoted as RFC 4180 says."""
    return csv_text([csv_line(header), *map(csv_line, rows)])


def csv_line(row) -> str:
    """One row of a CSV table, without its line end. Lines join: csv_line(a) + "," +
    csv_line(b) is csv_line(a + b), so cells repeated in many tables can be made once."""
    return ",".join(map(_cell, row))


def csv_text(lines: list[str]) -> str:
    """Lines made by csv_line as a CSV file: each ends in a newline."""
    return "\n".join(lines) + "\n"
