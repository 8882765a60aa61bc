"""The board report's view-model: one organisation's progress as an NHS board reads it.

Pure (no mkdocs, no I/O). scripts/board-packs renders it with templates/board_report.html and
prints it to organisations/<id>/board-pack.pdf. The report has four parts:
- a front sheet: the organisation, the "statuses as of" date, the source, what the board is
  asked to note (sentences made from the numbers) and the totals by status;
- the exceptions: overdue actions, then delayed ones, with lead, due dates and latest note (an
  action with no update is never called overdue: the front sheet counts those whose due date has
  passed with no update published, and the table marks them);
- what changed since the previous progress report (or since the plan);
- one row per action, per work stream that has actions.
Blank fields are a dash explained once; a column no action fills is left out and named once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import progress
from ..model import Link, Organisation, Report, Site, Update
from ..plans import dates
from . import views

SHORT_OVER = 420  # texts longer than this are shortened in the table (the full text is in the appendix)
SHORT_TO = 300
NO_PROGRESS = "No progress update has been published since the plan."


def short_date(value: str | None) -> str:
    """A plan date for a table cell: 31 Mar 2014, Mar 2014, 2014/15 ("" when blank)."""
    return dates.display(value, short=True)


def shorten(text: str, over: int = SHORT_OVER, to: int = SHORT_TO) -> tuple[str, bool]:
    """``text`` on one line, cut at a word before ``to`` characters when it is over ``over``."""
    flat = " ".join(text.split())
    if len(flat) <= over:
        return flat, False
    cut = flat[:to].rsplit(" ", 1)[0].rstrip(",;:.–- ")
    return cut + " …", True


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Row:
    """One action as the report prints it."""

    view: views.ActionView
    action: str  # the action's text, shortened where long
    action_shortened: bool
    note: str  # the latest update's note (or the position the plan states), shortened where long
    note_shortened: bool
    note_from_plan: bool  # no update: the note is the plan's own "current position"
    evidence: tuple  # (Link, its host) of the updates shown, newest first, each once

    @property
    def id(self) -> str:
        return self.view.action.id

    @property
    def anchor(self) -> str:
        return self.view.anchor

    @property
    def p(self) -> progress.ActionProgress:
        return self.view.progress

    @property
    def due_short(self) -> str:
        return short_date(self.p.original_due)

    @property
    def revised_short(self) -> str:
        return short_date(self.p.revised_due)

    @property
    def last_update_short(self) -> str:
        return short_date(self.p.last_update)

    @property
    def shortened(self) -> bool:
        return self.action_shortened or self.note_shortened


@dataclass(frozen=True)
class StatusTotal:
    key: str  # a status key, or "none" for "no update published"
    symbol: str
    label: str
    definition: str
    count: int


@dataclass(frozen=True)
class ChangeRow:
    row: Row
    date: str  # when it happened (for newly overdue or due date passed: the first day after the due date)
    detail: str  # what changed, in words
    evidence: tuple = ()  # (Link, its host)


def row(view: views.ActionView) -> Row:
    text, cut = shorten(view.action.action)
    latest = view.progress.latest
    from_plan = latest is None and bool(view.action.current_position)
    note, note_cut = shorten(latest.note if latest else view.action.current_position)
    seen, evidence = set(), []
    for u in view.progress.history:
        for link in u.evidence:
            if link.url not in seen:
                seen.add(link.url)
                evidence.append((link, host(link)))
    return Row(view=view, action=text, action_shortened=cut, note=note, note_shortened=note_cut,
               note_from_plan=from_plan, evidence=tuple(evidence))


def previous_report(org: Organisation, as_of: str) -> Report | None:
    """The latest progress report dated before ``as_of``: what "since the last report" counts from."""
    earlier = [r for r in org.reports if r.date < as_of]
    return earlier[-1] if earlier else None


def status_totals(site: Site, rows: list[Row]) -> list[StatusTotal]:
    counts = {s.key: 0 for s in site.statuses}
    none = 0
    for r in rows:
        if r.p.status:
            counts[r.p.status] = counts.get(r.p.status, 0) + 1
        else:
            none += 1
    out = [StatusTotal(s.key, s.symbol, s.label, s.definition, counts[s.key]) for s in site.statuses]
    out.append(StatusTotal("none", "–", "No update published",
                           "No progress update on this action has been published since the plan. "
                           "This does not mean work has not started.", none))
    return out


def exceptions(rows: list[Row]) -> list[Row]:
    """Overdue actions (longest overdue first), then delayed ones that are not overdue."""
    def when(r: Row):
        end = progress.due_end(r.p.due)
        return (end.isoformat() if end else "9999", r.id)

    overdue = sorted((r for r in rows if r.p.overdue), key=when)
    delayed = sorted((r for r in rows if r.p.status == "delayed" and not r.p.overdue), key=when)
    return overdue + delayed


def _due_before(updates: tuple, update: Update, original: str) -> str:
    """The due date ``update`` revised: the previous revision's, or the original."""
    before = original
    for u in updates:
        if u is update:
            break
        if u.due:
            before = u.due
    return before


def _change_detail(kind: str, change: progress.Change, r: Row) -> ChangeRow:
    u = change.update
    if kind == "completed":
        late = " (late: due " + dates.display(r.p.due) + ")" if r.p.completed_late else ""
        return ChangeRow(r, u.date if u else "", f"Reported complete{late}.",
                         tuple((link, host(link)) for link in u.evidence) if u else ())
    if kind == "delayed":
        return ChangeRow(r, u.date if u else "", f"Reported delayed: {' '.join((u.note or '').split())}" if u
                         else "Reported delayed.")
    if kind == "overdue":  # dated the first day it was overdue
        end = progress.due_end(r.p.due)
        return ChangeRow(r, (end + dt.timedelta(days=1)).isoformat(), f"Due {dates.display(r.p.due)}{' (revised)' if r.p.revised_due else ''}; "
                                "not complete. See the exceptions.")
    if kind == progress.DUE_PASSED_NO_UPDATE:
        end = progress.due_end(r.p.due)
        return ChangeRow(r, (end + dt.timedelta(days=1)).isoformat(),
                         f"Due {dates.display(r.p.due)}; no progress update published, so whether it was done "
                         "is not known.")
    if kind == "revised":
        before = _due_before(change.action.updates, u, change.action.due)
        reason = f": {' '.join(u.reason.split())}" if u.reason else "."
        return ChangeRow(r, u.date, f"Due date moved from {dates.display(before)} to {dates.display(u.due)}{reason}")
    return ChangeRow(r, change.action.added, "Added to the plan.")


def changes(site: Site, org: Organisation, by_action: dict, since: Report | None) -> list[tuple[str, str, list]]:
    """[(kind, heading, [ChangeRow])] for every kind of change, in progress.KINDS order."""
    found = progress.changes_between(org.all_actions, since.date if since else "", site.as_of)
    out = []
    for kind, heading in progress.KINDS:
        entries = [_change_detail(kind, c, by_action[id(c.action)]) for c in found[kind]]
        out.append((kind, heading, entries))
    return out


def note_to_board(org: Organisation, as_of: str, totals: list[StatusTotal], rows: list[Row],
                  since_words: str, changed: list, has_progress: bool) -> list[str]:
    """What the board is asked to note: plain sentences made from the numbers."""
    n = len(rows)
    when = dates.display(as_of)
    overdue = sum(r.p.overdue for r in rows)
    passed = sum(r.p.due_passed_no_update for r in rows)
    if has_progress:
        parts = [f"{t.count} {t.label.lower() if t.key != 'none' else 'with no update published'}"
                 for t in totals if t.count]
        first = (f"The board is asked to note progress on the {plural(n, 'action')} of the plan as of {when}: "
                 + "; ".join(parts) + ".")
    else:
        as_at = f" (as at {dates.display(org.as_at)})" if org.as_at else ""
        first = f"The board is asked to note the {plural(n, 'action')} of the plan{as_at}. {NO_PROGRESS}"
    out = [first]
    if not any(r.p.due for r in rows):
        out.append("The plan gives no due dates, so no action can be overdue.")
    elif overdue:
        out.append(f"{plural(overdue, 'action is', 'actions are')} overdue as of {when}: past the due date "
                   "(the revised one where it was revised) and not complete, superseded or not proceeding.")
    else:
        out.append(f"No action is overdue as of {when}.")
    if passed:
        out.append(f"{plural(passed, 'action has', 'actions have')} passed {'its' if passed == 1 else 'their'} due "
                   f"date with no progress update published as of {when}: whether "
                   f"{'it was' if passed == 1 else 'they were'} done is not known, so "
                   f"{'it is' if passed == 1 else 'they are'} not counted as overdue.")
    counts = [(heading, len(entries)) for _, heading, entries in changed]
    if any(c for _, c in counts):
        out.append(f"Since {since_words}: " + "; ".join(f"{h.lower()}: {c}" for h, c in counts if c) + ".")
    elif has_progress:
        out.append(f"Nothing has changed since {since_words}.")
    late = sum(r.p.completed_late for r in rows)
    stale = sum(r.p.stale for r in rows)
    if late:
        out.append(f"{plural(late, 'action was', 'actions were')} completed after the due date.")
    if stale:
        out.append(f"{plural(stale, 'action has', 'actions have')} had no update in the 12 months before {when}.")
    return out


def columns(rows: list[Row]) -> dict[str, bool]:
    """Which optional columns any action fills (a column no action fills is left out)."""
    return {
        "recommendations": any(r.view.action.recommendations for r in rows),
        "lead": any(r.view.action.owner for r in rows),
        "due": any(r.p.original_due for r in rows),
        "revised": any(r.p.revised_due for r in rows),
        "status": any(r.p.status for r in rows),  # no update anywhere: the front sheet says so, once
        "note": any(r.p.status or r.note or r.view.action.status for r in rows),
        "evidence": any(r.evidence for r in rows),
    }


COLUMN_NAMES = {"recommendations": "recommendation", "lead": "lead", "due": "due date",
                "revised": "revised due date", "status": "status", "note": "latest update",
                "evidence": "evidence"}


def board_report(site: Site, org: Organisation, url: str = "") -> dict:
    """The board report of ``org`` as of ``site.as_of``. ``url``: the organisation page's address."""
    action_views = views.action_views(site, org)
    rows = [row(v) for v in action_views]
    by_action = {id(r.view.action): r for r in rows}
    has_progress = any(r.p.updates for r in rows)
    since = previous_report(org, site.as_of)
    plan_date = org.provenance.date or org.as_at
    if since:
        since_words = f"the last progress report, {since.title} ({dates.display(since.date)})"
    else:
        since_words = f"the plan ({dates.display(plan_date)})" if plan_date else "the plan"
    totals = status_totals(site, rows)
    changed = changes(site, org, by_action, since)
    cols = columns(rows)
    streams = []
    for ws in site.workstreams:
        mine = [r for r in rows if r.view.workstream.key == ws.key]
        if mine:
            counts = [(s, sum(r.p.status == s.key for r in mine)) for s in site.statuses]
            summary = [f"{c} {s.label.lower()}" for s, c in counts if c]
            none = sum(not r.p.status for r in mine)
            if none and has_progress:
                summary.append(f"{none} with no update")
            overdue = sum(r.p.overdue for r in mine)
            if overdue:
                summary.append(f"{overdue} overdue")
            passed = sum(r.p.due_passed_no_update for r in mine)
            if passed:
                summary.append(f"{passed} past the due date with no update published")
            streams.append((ws, plural(len(mine), "action") + (": " + "; ".join(summary) if summary else ""), mine))
    hidden = sum(r.p.hidden for r in rows)
    return {
        "org": org,
        "as_of": site.as_of,
        "url": url,
        "source": org.provenance,
        "since": since,
        "this_report": next((r for r in org.reports if r.date == site.as_of), None),
        "since_words": since_words,
        "has_progress": has_progress,
        "hidden": hidden,
        "note": note_to_board(org, site.as_of, totals, rows, since_words, changed, has_progress),
        "totals": totals,
        "total": len(rows),
        "overdue": sum(r.p.overdue for r in rows),
        "due_passed_no_update": sum(r.p.due_passed_no_update for r in rows),
        "exceptions": exceptions(rows),
        "changes": changed,
        "streams": streams,
        "columns": cols,
        "column_count": 2 + sum(cols.values()),  # ref and action, then the optional ones
        "left_out": [COLUMN_NAMES[k] for k, on in cols.items() if not on and k != "status"],
        "long": [r for r in rows if r.shortened],
        "statuses": site.statuses,
        "workstreams": site.workstreams,
        # values the site's editors supplied (not the source's): said once, in the table's legend
        "editors": [m.note for m in org.editors + (org.joint.editors if org.joint else ())],
    }


def host(link: Link) -> str:
    """The web site a link points to (printed next to its title, as paper has no links)."""
    return urlsplit(link.url).hostname or ""
