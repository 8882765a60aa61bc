"""Checks on action ids and progress updates that the schema cannot express.

They read the raw data defensively (a plan the schema rejected is checked too, so one run
reports every mistake) and skip values the schema already reports.
"""
from __future__ import annotations

import datetime as dt

from . import dates, names, schema
from .names import next_free_id  # (it lives below schema, whose messages suggest one too)


def _label(row: dict, index: int, kind: str) -> str:
    return names.item_label(row, index, "joint work area" if kind == "joint" else "action")


def check(file, data: dict, kind: str, statuses: list, today: dt.date | None = None) -> None:
    """Ids unique within the plan; updates in date order, not in the future, with a note where
    their status needs one and evidence where it is complete; reports likewise."""
    today = (today or dt.date.today()).isoformat()
    key = "joint_work" if kind == "joint" else "actions"
    rows = data.get(key) if isinstance(data.get(key), list) else []
    ids = [row.get("id") for row in rows if isinstance(row, dict)]
    needs_note = {s.key for s in statuses if s.needs_note}
    earliest = _earliest(data)
    labels = {s.key: s.label for s in statuses}
    first: dict = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        action_id = row.get("id")
        if isinstance(action_id, str) and schema.is_action_id(action_id):
            if action_id in first:
                j = first[action_id]
                free = next_free_id(ids, i + 1)
                file.error(*file.at((key, i, "id")),
                           f"{_label(row, i, kind)} (line {file.at((key, i))[0]}): id '{action_id}' is "
                           f"already used by the action at line {file.at((key, j))[0]}: each action needs "
                           f"its own id: write id: \"{free}\" (the next free one) unless the source "
                           "numbers it otherwise")
            else:
                first[action_id] = i
        if isinstance(row.get("added"), str) and row["added"] > today and schema.is_day(row["added"]):
            file.error(*file.at((key, i, "added")),
                       f"{_label(row, i, kind)}: date added {row['added']} is in the future (today is "
                       f"{today}): check the date")
        _check_updates(file, row, (key, i), _label(row, i, kind), today, needs_note, labels, earliest)
    _check_reports(file, data, today, earliest)


def _earliest(data: dict) -> tuple[str, str]:
    """(first day, words): no update or report can be dated before the plan's own source
    document, nor before the Francis Report was published."""
    provenance = data.get("provenance") if isinstance(data.get("provenance"), dict) else {}
    plan = provenance.get("date") if isinstance(provenance.get("date"), str) else ""
    first = dates.start(plan)
    if first > dates.FRANCIS_REPORT:
        return first, f"the plan itself ({dates.display(plan)}, its source document's date)"
    return dates.FRANCIS_REPORT, "the Francis Report was published (6 February 2013)"


def _too_early(date: str, earliest: tuple) -> str:
    return f"is dated {date}, before {earliest[1]}: check the date: progress is reported after the plan"


def _check_updates(file, row: dict, at: tuple, label: str, today: str, needs_note: set, labels: dict,
                   earliest: tuple):
    updates = row.get("updates") if isinstance(row.get("updates"), list) else []
    previous = None
    for j, update in enumerate(updates):
        if not isinstance(update, dict):
            continue
        here = at + ("updates", j)
        name = f"{label}, progress update {j + 1}"
        date = update.get("date")
        if isinstance(date, str) and schema.is_day(date):
            if previous and date < previous[0]:
                file.error(*file.at(here + ("date",)),
                           f"{name} is dated {date}, before the update above it ({previous[0]}, line "
                           f"{previous[1]}): updates are listed oldest first: check the date, or move "
                           "the update above the older one")
            if date > today:
                file.error(*file.at(here + ("date",)),
                           f"{name} is dated {date}, after today ({today}): an update reports progress "
                           "that has happened: check the date")
            if date < earliest[0]:
                file.error(*file.at(here + ("date",)), f"{name} {_too_early(date, earliest)}")
            previous = (date, file.at(here)[0])
        status = update.get("status")
        note = update.get("note")
        blank = not (isinstance(note, str) and note.strip())
        if status in needs_note and blank:
            file.error(*file.at(here + ("status",)),
                       f"{name}: status {status} ({labels.get(status, status)}) needs a note saying "
                       f"why: add a line note: with the reason, in the organisation's words")
        if status == "complete" and not update.get("evidence"):
            file.error(*file.at(here + ("status",)),
                       f"{name}: complete, but no evidence link: add evidence: with the title and "
                       "url of a published document that shows it (board minutes, a report)",
                       level="warning")
        if "reason" in update and "due" not in update:
            file.error(*file.at(here + ("reason",)),
                       f"{name} gives a reason but no revised completion date: add due: with the new "
                       "date, or delete the reason line")


def _check_reports(file, data: dict, today: str, earliest: tuple) -> None:
    reports = data.get("reports") if isinstance(data.get("reports"), list) else []
    previous = None
    for i, report in enumerate(reports):
        if not isinstance(report, dict):
            continue
        date = report.get("date")
        if not (isinstance(date, str) and schema.is_day(date)):
            continue
        here = ("reports", i, "date")
        if previous and date < previous:
            file.error(*file.at(here), f"progress report {i + 1} is dated {date}, before the report above "
                                       f"it ({previous}): list reports oldest first")
        if date > today:
            file.error(*file.at(here), f"progress report {i + 1} is dated {date}, after today ({today}): "
                                       "check the date")
        if date < earliest[0]:
            file.error(*file.at(here), f"progress report {i + 1} {_too_early(date, earliest)}")
        previous = date
