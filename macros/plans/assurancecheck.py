"""Checks on the assurance recorded on progress updates that the schema cannot express.

Assurance is a committee's acceptance of the evidence that an action was delivered, so it
comes after the action is reported complete: the check warns when it is dated before, or
recorded on an update that does not report the action complete. An assurance dated after
today is an error (it reports a meeting that has not happened). Like the other checks, it
reads the raw data defensively and skips values the schema already reports.
"""
from __future__ import annotations

import datetime as dt

from . import names, schema


def check(file, data: dict, kind: str, today: dt.date | None = None) -> None:
    today_text = (today or dt.date.today()).isoformat()
    key = "joint_work" if kind == "joint" else "actions"
    rows = data.get(key) if isinstance(data.get(key), list) else []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("updates"), list):
            continue
        label = names.item_label(row, i, "joint work area" if kind == "joint" else "action")
        updates = row["updates"]
        for j, update in enumerate(updates):
            if not isinstance(update, dict) or not isinstance(update.get("assurance"), dict):
                continue
            assured = update["assurance"].get("date")
            if not schema.is_day(assured):
                continue  # (the schema, or the date check, reports it)
            here = (key, i, "updates", j, "assurance")
            name = f"{label}, progress update {j + 1}"
            if assured > today_text:
                file.error(*file.at(here + ("date",)),
                           f"{name}: assurance dated {assured}, after today ({today_text}): assurance records a "
                           "meeting that has accepted the evidence: check the date")
                continue
            if not _complete(update):
                status = update.get("status")
                file.error(*file.at(here),
                           f"{name}: assurance is recorded on an update that reports the action "
                           f"{status if isinstance(status, str) else 'without a status'}, not complete: "
                           "assurance accepts the evidence that an action was delivered and cannot predate "
                           "its completion: record it on the update that reports the action complete (or a "
                           "later one)", level="warning")
                continue
            completed, k = _completed_on(updates, j)
            if schema.is_day(completed) and assured < completed:
                file.error(*file.at(here + ("date",)),
                           f"{name}: assurance dated {assured} predates completion: the action was reported "
                           f"complete on {completed} (line {file.at((key, i, 'updates', k))[0]}): "
                           "assurance accepts the evidence that it was delivered, so it comes after: check "
                           "the date", level="warning")


def _completed_on(updates: list, j: int) -> tuple[object, int]:
    """(date, index) of the first update of the run of "complete" updates that ends with
    ``updates[j]`` (itself complete)."""
    k = j
    while k > 0 and _complete(updates[k - 1]):
        k -= 1
    return updates[k].get("date"), k


def _complete(update) -> bool:
    return isinstance(update, dict) and update.get("status") == "complete"
