"""Dates in plans: an ISO date (2014-03-31), a month (2014-03) or a financial year (2014/15)."""
from __future__ import annotations

import calendar
import re

ACCEPTED = "a date (2014-03-31), a month (2014-03) or a financial year (2014/15)"
FRANCIS_REPORT = "2013-02-06"  # the Francis Report was published: nothing in a plan happened before it
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable date, or None when it is."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        year, month, day = map(int, m.groups())
        if not 1 <= month <= 12:
            return f"there is no month {month}: check the month (the middle number)"
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"{_MONTHS[month - 1]} {year} has {last} days: check the day"
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return None
        fix = suggest(value)
        if fix:
            return (f"there is no month {month}: for the financial year April {fix[:4]} to March "
                    f"{int(fix[:4]) + 1}, write {fix}")
        return f"there is no month {month}: check the month (the last number)"
    if m := re.fullmatch(r"(\d{4})/(\d{2})", value):
        year, end = int(m.group(1)), int(m.group(2))
        if (year + 1) % 100 != end:
            return (f"a financial year runs from 1 April of one year to 31 March of the next, so it is "
                    f"written {year}/{(year + 1) % 100:02d}")
        return None
    return "it is not in an accepted form"


def start(value: str | None) -> str:
    """The first day (YYYY-MM-DD) of a date, month or financial year ("" when blank or not one)."""
    if not value or problem(value):
        return ""
    if "/" in value:
        return value[:4] + "-04-01"
    return value if len(value) == 10 else value + "-01"


def sort_key(value: str | None) -> str:
    """A string that sorts dates of all three forms by when they start."""
    if not value:
        return ""
    if "/" in value:
        return value[:4] + "-04-01"  # NHS financial years start on 1 April
    return value


def display(value: str | None, short: bool = False) -> str:
    """A date as people read it: 11 December 2013, March 2014, financial year 2014/15 ("not
    stated" when blank). ``short`` for a table cell: 11 Dec 2013, Mar 2014, 2014/15 ("")."""
    if not value:
        return "" if short else "not stated"
    names = [m[:3] for m in _MONTHS] if short else _MONTHS
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return f"{int(m.group(3))} {names[int(m.group(2)) - 1]} {m.group(1)}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{names[int(m.group(2)) - 1]} {m.group(1)}"
    return value if short else f"financial year {value}"


_MONTH_NAMES = {name.lower(): i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_NAMES.update({name[:3].lower(): i + 1 for i, name in enumerate(_MONTHS)})
_MONTH_NAMES["sept"] = 9


def _month(word: str) -> int | None:
    return _MONTH_NAMES.get(word.strip(".,").lower())


def suggest(value: str) -> str | None:
    """The accepted form of a date written another way ("March 2014" -> "2014-03",
    "31/03/2014" -> "2014-03-31", "2014-15" -> "2014/15"), or None if there is no sure one."""
    value = " ".join(str(value).split())
    found = None
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})", value):  # 31 March 2014
        month = _month(m.group(2))
        found = f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}" if month else None
    elif m := re.fullmatch(r"([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", value):  # March 31, 2014
        month = _month(m.group(1))
        found = f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}" if month else None
    elif m := re.fullmatch(r"(?:end of |end |by )?([A-Za-z]+\.?),? (\d{4})", value, re.IGNORECASE):  # March 2014
        month = _month(m.group(1))
        found = f"{m.group(2)}-{month:02d}" if month else None
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", value):  # 31/03/2014 (UK order)
        found = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", value):  # 03/2014
        found = f"{m.group(2)}-{int(m.group(1)):02d}"
    elif m := re.fullmatch(r"(\d{4})[-/](\d{2}|\d{4})", value):  # 2014-15, 2014/2015, 2014-2015
        year, end = int(m.group(1)), int(m.group(2)) % 100
        found = f"{year}/{end:02d}" if (year + 1) % 100 == end else None
    elif m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value):  # 20140331
        found = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if found and found != value and problem(found) is None:
        return found
    return None
