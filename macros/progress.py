"""Progress derived from the plans: what the dates say, never typed by an editor.

Pure functions (no mkdocs, no I/O). Three things are kept apart:
- what the organisation reported: the status of its latest dated update;
- what the dates say: overdue, completed late, due date revised;
- whether anything was reported at all: "no update" is not "not started".

"Overdue" is said only of an action whose latest update says it is not done (not complete,
superseded or not proceeding) and whose due date has passed. An action with no progress update
since the plan is never called overdue: the site does not know whether it was done. Its due date
has passed and no update has been published (``due_passed_no_update``, the key
``DUE_PASSED_NO_UPDATE``), a status of its own everywhere it is counted or shown.

Everything is judged against one date, ``as_of`` (YYYY-MM-DD): the build date, or $AS_OF. Updates
dated after it are left out, so a site built "as at" a board meeting shows the plans as they
stood that day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Action, Assurance, Update

CLOSED = ("complete", "superseded", "not-proceeding")  # an action in one of these is never overdue
OVERDUE = "overdue"
DUE_PASSED_NO_UPDATE = "due-passed-no-update"  # the derived status's key, as the downloads print it
DUE_PASSED_NO_UPDATE_LABEL = "Due date passed, no progress update published"
STALE_MONTHS = 12


def day(value: str) -> dt.date:
    """A YYYY-MM-DD string as a date."""
    return dt.date.fromisoformat(value)


@lru_cache(maxsize=4096)  # a pure function of a short string, asked again for every report period
def due_end(value: str | None) -> dt.date | None:
    """The last day an action with this due date is on time: a day is itself, a month ends on
    its last day, a financial year (2014/15) on 31 March of its second year."""
    if not value:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return dt.date(*map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m.group(1)), int(m.group(2))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{4})/(\d{2})", value):
        return dt.date(int(m.group(1)) + 1, 3, 31)
    return None


@lru_cache(maxsize=1024)
def months_before(value: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day where it is shorter)."""
    index = value.year * 12 + value.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def as_of_from(environ: dict, today: dt.date) -> tuple[str, str | None]:
    """The date to judge against: $AS_OF (YYYY-MM-DD) when set, else ``today``. Returns
    (date, problem): problem is a message when $AS_OF is set but is not a real date."""
    given = (environ.get("AS_OF") or "").strip()
    if not given:
        return today.isoformat(), None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
            raise ValueError
        day(given)
    except ValueError:
        return today.isoformat(), (f"AS_OF must be a date written YYYY-MM-DD (e.g. 2015-06-30); "
                                   f"found {given!r}: fix or unset AS_OF")
    return given, None


@dataclass(frozen=True)
class ActionProgress:
    """One action's progress as of a date."""

    updates: tuple  # the updates dated on or before as_of, oldest first
    hidden: int  # updates dated after as_of, left out
    status: str | None  # the latest update's status key; None: no update published
    last_update: str  # its date, or "" when there is none
    original_due: str  # the action's own due date: the baseline
    revised_due: str  # the latest revised due date, or ""
    revision_reason: str
    overdue: bool  # past the due date and the latest update says it is not done
    due_passed_no_update: bool  # past the due date and no update published: never called overdue
    completed_on: str  # the date it was reported complete (while it still is), or ""
    completed_late: bool
    stale: bool  # it is open and has updates, but none in the 12 months before as_of
    assurance: Assurance | None = None  # complete, and a committee has accepted the evidence (by as_of)

    @property
    def due(self) -> str:
        """The due date that counts: the revised one where there is one."""
        return self.revised_due or self.original_due

    @property
    def assured(self) -> bool:
        """Complete and assured: delivered, and the evidence accepted by a committee."""
        return self.assurance is not None

    @property
    def due_state(self) -> str:
        """What the dates say, as one key: OVERDUE, DUE_PASSED_NO_UPDATE or ""."""
        if self.overdue:
            return OVERDUE
        return DUE_PASSED_NO_UPDATE if self.due_passed_no_update else ""

    @property
    def latest(self) -> Update | None:
        return self.updates[-1] if self.updates else None

    @property
    def no_update(self) -> bool:
        return not self.updates

    @property
    def history(self) -> tuple:
        """Updates newest first, as pages list them."""
        return tuple(reversed(self.updates))


def visible(action: Action, as_of: str) -> tuple:
    return tuple(u for u in action.updates if u.date <= as_of)


def of(action: Action, as_of: str) -> ActionProgress:
    """``action``'s progress as it stood on ``as_of``."""
    shown = visible(action, as_of)
    revised = next((u for u in reversed(shown) if u.due), None)
    latest = shown[-1] if shown else None
    status = latest.status if latest else None
    due = (revised.due if revised else "") or action.due
    end = due_end(due)
    judged = day(as_of)
    completed_on = ""
    if status == "complete":
        completed_on = latest.date
        for u in reversed(shown):  # the first update of the last run of "complete"
            if u.status != "complete":
                break
            completed_on = u.date
    # only an open action can be waiting for news: a closed one (complete, superseded, not
    # proceeding) is not flagged however old its last update is
    stale = bool(latest) and status not in CLOSED and day(latest.date) < months_before(judged, STALE_MONTHS)
    assurance = _assurance(shown, completed_on, as_of) if completed_on else None
    return ActionProgress(
        updates=shown, hidden=len(action.updates) - len(shown), status=status,
        last_update=latest.date if latest else "", original_due=action.due,
        revised_due=revised.due if revised else "", revision_reason=revised.reason if revised else "",
        overdue=bool(end) and end < judged and latest is not None and status not in CLOSED,
        due_passed_no_update=bool(end) and end < judged and latest is None,
        completed_on=completed_on,
        completed_late=bool(completed_on and end and day(completed_on) > end),
        stale=stale, assurance=assurance)


def _assurance(shown: tuple, completed_on: str, as_of: str) -> Assurance | None:
    """The latest assurance of the last completion: recorded on one of the updates that report
    it complete, dated from the day it was reported complete up to ``as_of`` (assurance dated
    before completion assures something else: the check warns about it)."""
    for u in reversed(shown):
        if u.status != "complete":
            break
        if u.assurance and completed_on <= u.assurance.date <= as_of:
            return u.assurance
    return None


@dataclass(frozen=True)
class Change:
    """One thing that happened to an action between two dates (for progress reports)."""

    kind: str  # completed, delayed, overdue, due-passed-no-update, revised, added
    action: Action
    update: Update | None = None


KINDS = (
    ("completed", "Completed"),
    ("delayed", "Newly delayed"),
    ("overdue", "Newly overdue"),
    (DUE_PASSED_NO_UPDATE, "Due date passed, no progress update published"),
    ("revised", "Due dates revised"),
    ("added", "New actions"),
)


def changes_between(actions, start: str, end: str, at=of) -> dict[str, list[Change]]:
    """What changed after ``start`` up to and including ``end`` (YYYY-MM-DD; ``start`` may be ""
    for "since the plan"): actions reported complete, newly delayed (with the update saying
    why), newly overdue (the latest update says not done), due dates passed with no update
    published (never called overdue), due dates revised, and actions added to the plan in the period.
    ``at(action, date)`` is ``of`` (a caller asking about many periods may pass one that
    remembers)."""
    out: dict[str, list[Change]] = {k: [] for k, _ in KINDS}
    for action in actions:
        period = [u for u in action.updates if start < u.date <= end]
        before = at(action, start).status if start else None
        now = at(action, end)
        if now.status == "complete" and before != "complete":
            done = next(u for u in period if u.date == now.completed_on) if now.completed_on > start \
                else now.latest
            out["completed"].append(Change("completed", action, done))
        if now.status == "delayed" and before != "delayed":
            out["delayed"].append(Change("delayed", action, now.latest))
        if now.overdue and not (start and at(action, start).overdue):
            out["overdue"].append(Change("overdue", action))
        if now.due_passed_no_update and not (start and at(action, start).due_passed_no_update):
            out[DUE_PASSED_NO_UPDATE].append(Change(DUE_PASSED_NO_UPDATE, action))
        for u in period:
            if u.due:
                out["revised"].append(Change("revised", action, u))
        if action.added and start < action.added <= end:
            out["added"].append(Change("added", action))
    return out
