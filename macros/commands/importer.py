"""Import a filled-in progress round into a plan as dated progress updates.

Every row is checked against the plan (its action id, its locked cells) and against the plan
format (the status, the note a status needs, the evidence link, the revised due date and its
reason). The edited plan is then checked exactly as ``python -m macros check`` checks it, on
a copy of the plans folder. If anything is wrong, nothing is written and every problem is
reported by sheet row and column, with the fix.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shlex
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..plans import dates, load
from ..plans.problems import others_line, this_plan_first  # noqa: F401  (used by roundcli)
from ..plans.schema import is_day  # noqa: F401  (used by roundcli)
from . import planedit, sheetread
from . import progressround as pr
from .sheetread import SheetProblem

_COLUMN = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}
_FIELD_COLUMN = {"date": "new_status", "status": "new_status", "note": "note", "evidence": "evidence_title",
                 "evidence.url": "evidence_url", "due": "new_due", "reason": "reason", "by": "filled_by"}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass
class Result:
    problems: list = field(default_factory=list)  # SheetProblems and plan Problems, in order
    added: int = 0
    written: bool = False
    plan: str = ""
    already: list = field(default_factory=list)  # sheet rows whose update is already in the plan
    report: str = ""  # "added" or "already" when --report was given

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


def _short(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return repr(value if len(value) <= limit else value[:limit - 1] + "…")


def round_date(given: str | None, today: dt.date) -> tuple[str, str | None]:
    """The date of the updates: ``given`` (YYYY-MM-DD, not after today) or today."""
    if not given:
        return today.isoformat(), None
    if not _DAY.fullmatch(given) or dates.problem(given):
        return "", f"--date must be a real date written YYYY-MM-DD (e.g. 2015-06-30); found {given!r}"
    if given > today.isoformat():
        return "", (f"--date {given} is after today ({today.isoformat()}): an update reports progress "
                    "that has happened: give the date of the meeting or report it went to")
    if given < dates.FRANCIS_REPORT:
        return "", (f"--date {given} is before the Francis Report was published (6 February 2013): give "
                    "the date of the meeting or report the updates went to")
    return given, None


class _Rows:
    """Checks the rows of one sheet against one plan and turns them into updates."""

    def __init__(self, name: str, site, actions, statuses, date: str, plan_id: str):
        self.name, self.site, self.date, self.plan_id = name, site, date, plan_id
        self.index = {a.id: i for i, a in enumerate(actions)}
        self.actions = actions
        self.statuses = statuses
        self.problems: list = []
        self.additions: list[planedit.Addition] = []
        self.already: list[int] = []  # rows whose update the plan already has (imported before)

    def error(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(SheetProblem(self.name, row, _COLUMN[column] if column else None, "error",
                                          message))

    def known_status(self, given: str) -> str | None:
        wanted = " ".join(given.replace("-", " ").split()).lower()
        for s in self.statuses:
            names = (s.label, s.key, f"{s.symbol} {s.label}")
            if wanted in {" ".join(n.replace("-", " ").split()).lower() for n in names}:
                return s.key
        return None

    def status_key(self, row: int, given: str) -> str | None:
        if found := self.known_status(given):
            return found
        options = {s.label.lower(): s.label for s in self.statuses} | {s.key: s.label for s in self.statuses}
        guess = difflib.get_close_matches(given.strip().lower(), list(options), n=1, cutoff=0.5)
        hint = f"did you mean '{options[guess[0]]}'? " if guess else ""
        self.error(row, "new_status", f"{_short(given)} is not a status: {hint}choose one from the list: "
                                      + "; ".join(s.label for s in self.statuses))
        return None

    def add(self, row: int, cells: dict, seen: dict) -> None:
        fill = {c.key: cells[c.key].strip() for c in pr.FILL_IN}
        action_id = cells["id"].strip()
        if not any(cells[c.key].strip() for c in pr.COLUMNS):
            return  # an empty row
        if not action_id:
            if any(fill.values()):
                self.error(row, "id", "this row has an update but no action id: the locked columns were "
                                      "cleared: copy the update into the row of its action")
            return
        if action_id not in self.index:
            guess = difflib.get_close_matches(action_id, list(self.index), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "the rows must be the workbook's own rows"
            self.error(row, "id", f"action id {_short(action_id)} is not in the plan {self.plan_id}: {hint} "
                                  f"(make a new workbook with python -m macros workbook {self.plan_id})")
            return
        if action_id in seen:
            self.error(row, "id", f"action {action_id} is already in row {seen[action_id]}: give each "
                                  "action one row: copy this row's update into that row and delete this one")
            return
        seen[action_id] = row
        action = self.actions[self.index[action_id]]
        expected = pr.locked_values(self.site, action)
        adds = any(v for k, v in fill.items() if k != "filled_by")  # (a name alone is no update)
        if adds and self.in_plan(action, fill, cells):
            self.already.append(row)  # imported before (the same copy again): nothing to add
            return
        for column in pr.LOCKED[1:]:
            if column.key in pr.PROGRESS and not adds:
                continue  # the plan may have moved on since: a row that adds nothing is not stale
            found = cells[column.key].strip()
            if found != expected[column.key].strip():
                since = (" If the plan has had an update since the workbook was made, make a new workbook "
                         f"(python -m macros workbook {self.plan_id}) and copy the updates into it."
                         if column.key in pr.PROGRESS else "")
                self.error(row, column.key,
                           f"a locked cell was changed: the plan has {_short(expected[column.key]) if expected[column.key] else 'nothing'}, "
                           f"the sheet has {_short(found) if found else 'nothing'}: put back the plan's "
                           f"value; an action itself is changed in the plan, not in a progress round.{since}")
        if not adds:
            return
        update = self.update(row, action, fill)
        if update is not None:
            self.additions.append(planedit.Addition(self.index[action_id], (update,), ((row, action_id),)))

    def in_plan(self, action, fill: dict, cells: dict) -> bool:
        """Whether the plan already has this row's update: one with the same status, note,
        evidence and revised date, dated this round's date, or added after the update the
        sheet's locked cells show as the latest (that is, since the workbook was made)."""
        status = self.known_status(fill["new_status"])
        if status is None:
            return False
        url = fill["evidence_url"]
        wanted = (status, fill["note"], ((fill["evidence_title"] or url, url),) if url else (),
                  fill["new_due"], fill["reason"], fill["filled_by"])
        shown = (cells["last_update"].strip(), cells["status"].strip())
        known = -1  # the update the sheet shows as the latest, when the workbook was made
        for i, u in enumerate(action.updates):
            if (u.date, self.site.status(u.status).label) == shown:
                known = i
        for i, u in enumerate(action.updates):
            content = (u.status, u.note, tuple((e.title, e.url) for e in u.evidence), u.due, u.reason, u.by)
            if content == wanted and (u.date == self.date or i > known):
                return True
        return False

    def update(self, row: int, action, fill: dict) -> dict | None:
        before = len(self.problems)
        status = None
        if not fill["new_status"]:
            self.error(row, "new_status", "this row has an update but no status: choose the status from the "
                                          "list (or clear the row to add no update)")
        else:
            status = self.status_key(row, fill["new_status"])
        found = self.site.status(status) if status else None
        if found and found.needs_note and not fill["note"]:
            self.error(row, "note", f"the status '{found.label}' needs a note saying why: write it in the Note "
                                    "column, in the organisation's words")
        title, url = fill["evidence_title"], fill["evidence_url"]
        if title and not url:
            self.error(row, "evidence_url", "the evidence has a title but no web address: add the address "
                                            "where it is published (starting https://), or clear the title")
        if url and not (_URL.fullmatch(url) and urlsplit(url).hostname):
            self.error(row, "evidence_url", f"{_short(url)} is not a web address: write the whole address, "
                                            "starting http:// or https://, with no spaces")
        due, reason = fill["new_due"], fill["reason"]
        if due and (why := dates.problem(due)):
            detail = f"write it as {dates.ACCEPTED}" if why == "it is not in an accepted form" else why
            self.error(row, "new_due", f"the revised due date {_short(due)} is not a date: {detail}")
        if due and not reason:
            self.error(row, "reason", "a revised due date needs its reason: say why the date changed")
        if reason and not due:
            self.error(row, "new_due", "there is a reason but no revised due date: write the new date, or "
                                       "clear the reason")
        last = pr.latest(action)
        if last and self.date < last.date:
            self.error(row, "last_update", f"this round's updates are dated {self.date}, before the action's "
                                           f"last update ({last.date}): updates are added in date order: "
                                           "import with --date on or after it")
        if len(self.problems) > before:
            return None
        update = {"date": self.date, "status": status}
        if fill["note"]:
            update["note"] = fill["note"]
        if url:
            update["evidence"] = [{"title": title or url, "url": url}]
        if due:
            update["due"] = due
            update["reason"] = reason
        if fill["filled_by"]:
            update["by"] = fill["filled_by"]
        return update


def already_line(rows: list[int]) -> str:
    """One line for the rows of a sheet whose updates are in the plan already."""
    listed = [str(r) for r in rows]
    words = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return (f"row{'s' if len(rows) > 1 else ''} {words} {'are' if len(rows) > 1 else 'is'} already in the "
            "plan: nothing to add")


def _plan(site, plan_id: str):
    """(actions, list key, name) of the plan ``plan_id``: an organisation or a joint response."""
    for org in site.organisations:
        if org.id == plan_id:
            return org.actions, "actions", org.name
    joint = site.joint_responses.get(plan_id)
    if joint:
        return joint.joint_work, "joint_work", joint.name
    return None


def _plan_date(site, plan_id: str) -> str:
    for org in site.organisations:
        if org.id == plan_id:
            return org.provenance.date or ""
    joint = site.joint_responses.get(plan_id)
    return (joint.provenance.date or "") if joint and getattr(joint, "provenance", None) else ""


def load_plan(folder: Path, plan_id: str):
    """(site, actions, list key, name, problems): the plans must pass the check first."""
    site, problems = load.check(folder)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        return None, None, None, None, errors
    found = _plan(site, plan_id)
    if not found:
        ids = sorted([o.id for o in site.organisations] + list(site.joint_responses))
        guess = difflib.get_close_matches(plan_id, ids, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else "the plans are: " + ", ".join(ids)
        return None, None, None, None, [SheetProblem(plan_id, None, None, "error",
                                                     f"there is no plan with id '{plan_id}' in "
                                                     f"{load.display_path(folder)}: {hint}")]
    return site, *found, []


def _other_plan(identifier: str, plan_id: str, source: Path, site) -> str:
    """The workbook's properties name another plan. The identifier comes from the file: it is
    put in the command to run only when it is the id of a plan in the folder, and the file's
    name only quoted for the shell."""
    known = {o.id for o in site.organisations} | set(site.joint_responses)
    if identifier in known:
        return (f"this workbook was made for the plan {identifier}, not {plan_id}: import it with "
                f"python -m macros import-updates {identifier} {shlex.quote(str(source))}")
    return (f"this workbook was made for another plan (its properties name {_short(identifier, 40)}, which "
            f"is not a plan here), not {plan_id}: make a new workbook with python -m macros workbook "
            f"{plan_id} and copy the updates into it")


def import_updates(folder: Path, plan_id: str, source: Path, date: str | None = None,
                   today: dt.date | None = None, report: str = "", meeting: str = "") -> Result:
    """Check ``source`` against the plan ``plan_id`` in ``folder`` and, if every row is right,
    append its updates to the plan file. With ``report`` (a title, and the ``meeting`` it went
    to), the round is also recorded as a progress report dated the round's date, in the same
    write: all of it or nothing."""
    folder = Path(folder)
    result = Result(plan=load.display_path(folder / f"{plan_id}.yaml"))
    date, why = round_date(date, today or dt.date.today())
    if why:
        result.problems.append(SheetProblem(source.name, None, None, "error", why))
        return result
    site, actions, list_key, _, problems = load_plan(folder, plan_id)
    if problems:
        if not isinstance(problems[0], SheetProblem):
            result.problems.append(SheetProblem(source.name, None, None, "error",
                                                "the plans have errors already (python -m macros check): "
                                                "fix them first"))
        result.problems.extend(problems)
        return result
    plan_date = _plan_date(site, plan_id)
    if date < dates.start(plan_date):
        result.problems.append(SheetProblem(source.name, None, None, "error",
                                            f"--date {date} is before the plan itself ({dates.display(plan_date)}, "
                                            "its source document's date): give the date of the meeting or "
                                            "report the updates went to"))
        return result
    sheet = sheetread.read(source)
    result.problems.extend(sheet.problems)
    if sheet.identifier and sheet.identifier != plan_id:
        result.problems.append(SheetProblem(source.name, None, None, "error",
                                            _other_plan(sheet.identifier, plan_id, source, site)))
    rows = _Rows(source.name, site, actions, site.statuses, date, plan_id)
    seen: dict = {}
    reported = {p.row for p in sheet.problems}
    for number, cells in sheet.rows:
        if number not in reported:  # a row with a refused cell is reported once, for that cell
            rows.add(number, cells, seen)
    result.problems.extend(rows.problems)
    result.problems.sort(key=lambda p: (p.row or 0, p.column or 0))
    if rows.already:
        result.already = rows.already
        result.problems.append(SheetProblem(source.name, None, None, "note", already_line(rows.already)))
    entry = _report(result, source, report, meeting, date, list_key, site, plan_id)
    if not result.ok or not (rows.additions or entry):
        return result

    path = folder / f"{plan_id}.yaml"
    old = path.read_bytes().decode("utf-8")
    new, where = old, {}
    try:
        if rows.additions:
            new, where = planedit.append_updates(old, list_key, rows.additions)
            planedit.verify(old, new, list_key, rows.additions)
        if entry:
            with_report = planedit.append_report(new, entry)
            planedit.verify_report(new, with_report, entry)
            new = with_report
    except planedit.EditError as exc:
        result.problems.append(SheetProblem(result.plan, None, None, "error", str(exc)))
        return result
    result.problems.extend(_check_copy(folder, path, new, where, source.name))
    if not result.ok:
        return result
    _write(path, new)
    result.added = len(rows.additions)
    result.report = "added" if entry else result.report
    result.written = True
    return result


def _report(result: Result, source: Path, title: str, meeting: str, date: str, list_key: str, site,
            plan_id: str) -> dict | None:
    """The progress report to record (None if none was asked for, or it is recorded already)."""
    title, meeting = " ".join((title or "").split()), " ".join((meeting or "").split())
    if not title:
        if meeting:
            result.problems.append(SheetProblem(source.name, None, None, "error",
                                                "--meeting names the meeting a progress report went to: give "
                                                "the report's title with --report too"))
        return None
    if list_key != "actions":
        result.problems.append(SheetProblem(source.name, None, None, "error",
                                            "a joint response has no progress reports of its own: import without "
                                            "--report, and record the report in each member's plan"))
        return None
    org = next(o for o in site.organisations if o.id == plan_id)
    if any(r.date == date and r.title == title for r in org.reports):
        result.report = "already"
        return None
    return {"date": date, "title": title, "meeting": meeting}


def _check_copy(folder: Path, path: Path, new: str, where: dict, sheet_name: str) -> list:
    """The problems ``python -m macros check`` would report with the new text in place: those on
    the added lines by sheet row and column, any other error as the check words it."""
    out = []
    with tempfile.TemporaryDirectory(prefix="progress-round-") as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        (copy / path.name).write_bytes(new.encode("utf-8"))
        _, problems = load.check(copy)
        copied, real = load.display_path(copy / path.name), load.display_path(path)
        for p in problems:
            if p.path == copied and p.line in where:
                (row, _), key = where[p.line]
                out.append(SheetProblem(sheet_name, row, _COLUMN[_FIELD_COLUMN[key]], p.level, p.message))
            elif p.level == "error":
                prefix = load.display_path(copy)
                shown = real if p.path == copied else p.path.replace(prefix, load.display_path(folder), 1)
                out.append(type(p)(shown, p.line, p.col, p.level, p.message))
    return out


def _write(path: Path, text: str) -> None:
    """Replace the plan in one step (a reader never sees half a file), keeping its mode."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
