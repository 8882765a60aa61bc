"""A progress round: the columns of the workbook (or CSV file) sent to action owners.

Pure (no mkdocs, no I/O). The workbook writer (workbook.py) and the importer (importer.py)
share these declarations, so the columns are named, described and compared in one place.
The locked columns describe the action as the plan has it; the fill-in columns are the new
update an owner reports.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Action, Site

SHEET = "Progress round"
KEY_SHEET = "Statuses and columns"
NO_UPDATE = "No update yet"
FIRST_ROW = 4  # rows 1-3: title, column groups, headers
HEADER_ROW = FIRST_ROW - 1
MAX_CELL = 32767  # the most characters a spreadsheet cell holds
IDENTIFIER = "francis-progress-round:"  # + the plan id, in the workbook's properties


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    description: str
    width: int
    locked: bool


LOCKED = (
    Column("id", "Action id", "The action's identifier in the plan. Locked.", 10, True),
    Column("workstream", "Work stream", "The work stream the action belongs to. Locked.", 18, True),
    Column("recommendations", "Recommendation(s)", "The Francis Report recommendation number(s) the "
           "action answers, where the plan gives them. Locked.", 21, True),
    Column("action", "Action", "What the organisation said it will do, as the plan has it. Locked.", 60, True),
    Column("owner", "Owner", "Who is responsible, as the plan names them. Locked.", 22, True),
    Column("due", "Due date (original)", "The completion date in the plan: the baseline. Locked.", 12, True),
    Column("revised_due", "Due date (revised)", "The latest revised completion date, where an update "
           "has revised it. Locked.", 12, True),
    Column("status", "Status now", "The status of the latest update in the plan (No update yet where "
           "none has been published). Locked.", 18, True),
    Column("last_update", "Last update", "The date of the latest update in the plan. Locked.", 12, True),
)
FILL_IN = (
    Column("new_status", "New status", "Required for an update: choose one of the statuses (their "
           "definitions are on the Statuses and columns sheet). Leave the whole row blank to add no "
           "update for this action.", 22, False),
    Column("note", "Note", "What has happened, in a sentence or two, in the organisation's words. "
           "Required for In progress, delayed; Superseded; Not proceeding (say why).", 50, False),
    Column("evidence_title", "Evidence title", "The name of a published document that shows the "
           "progress (board minutes, a report). Expected for Complete.", 26, False),
    Column("evidence_url", "Evidence web address", "Where that document is published: an address "
           "starting http:// or https://.", 30, False),
    Column("new_due", "Revised due date", "Only if the completion date changes: the new date, written "
           "2015-06-30, 2015-06 or 2015/16.", 14, False),
    Column("reason", "Reason for the revised date", "Why the completion date changed. Required with a "
           "revised due date.", 36, False),
    Column("filled_by", "Filled in by", "Your name or role: who gave this update. It is recorded with the "
           "update in the plan.", 20, False),
)
COLUMNS = LOCKED + FILL_IN
PROGRESS = ("revised_due", "status", "last_update")  # locked columns that change with each update
HEADERS = tuple(c.header for c in COLUMNS)


def latest(action: Action):
    """The action's latest update in the plan (all of them, whatever the site's date), or None."""
    return action.updates[-1] if action.updates else None


def revised_due(action: Action) -> str:
    return next((u.due for u in reversed(action.updates) if u.due), "")


def locked_values(site: Site, action: Action) -> dict[str, str]:
    """The locked cells of ``action``'s row, as text."""
    workstream = site.workstream(action.workstream)
    last = latest(action)
    status = site.status(last.status) if last else None
    return {
        "id": action.id,
        "workstream": f"{workstream.number}. {workstream.name}",
        "recommendations": ", ".join(str(n) for n in action.recommendations),
        "action": action.action or action.current_position,
        "owner": action.owner,
        "due": action.due,
        "revised_due": revised_due(action),
        "status": status.label if status else (last.status if last else NO_UPDATE),
        "last_update": last.date if last else "",
    }


def rows(site: Site, actions) -> list[list[str]]:
    """One row per action: the locked cells, then empty fill-in cells."""
    return [[locked_values(site, a)[c.key] for c in LOCKED] + [""] * len(FILL_IN) for a in actions]
