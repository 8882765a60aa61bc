"""View-models of progress over time: the status summary on organisation pages, the progress
report (organisations/<id>/progress/), the reporting register (reporting/), the home page's
national totals and most recent updates, and the entries of the Atom feed.

Pure functions (no mkdocs, no I/O). Every figure is judged as of ``site.as_of``: updates dated
after it are left out (and counted).
"""
from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass

from .. import progress
from ..model import Action, Organisation, Site, Status, Update
from ..plans import dates
from .kept import KEPT
from .status_counts import NO_UPDATE, Counts, columns, count, last_update, plan_date, status_summary  # noqa: F401
from .views import ActionView, action_views, anchor

# The progress report ------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """One period of a progress report: after ``start`` ("": since the plan) up to ``end``."""

    id: str  # the section's anchor
    start: str
    end: str
    report: object  # the Report published on ``end``, or None for "since the last report"
    changes: list  # [(kind, heading, [ChangeView])] in progress.KINDS order

    @property
    def title(self) -> str:
        if self.report:
            return f"{self.report.title}: {dates.display(self.end)}"
        return f"Since the last report: to {dates.display(self.end)}"

    @property
    def empty(self) -> bool:
        return not any(items for _, _, items in self.changes)


@dataclass(frozen=True)
class ChangeView:
    view: ActionView
    update: Update | None
    state: progress.ActionProgress  # the action's progress at the end of the period
    previous_due: str = ""  # for a revised due date: the due date it replaced
    status: Status | None = None  # the status at the end of the period


def _due_before(action: Action, update: Update) -> str:
    due = action.due
    for u in action.updates:
        if u is update:
            break
        if u.due:
            due = u.due
    return due


def periods(site: Site, org: Organisation, views: list[ActionView]) -> list[Period]:
    """The report periods, newest first: "since the last report" (when updates came after it),
    then one per published report dated on or before the as-of date, each since the one before
    (the first since the plan)."""
    by_action = {id(v.action): v for v in views}
    actions = [v.action for v in views]
    reports = [r for r in org.reports if r.date <= site.as_of]
    bounds = []
    start = ""
    for r in reports:
        bounds.append((start, r.date, r))
        start = r.date
    if not reports or any(start < u.date <= site.as_of for a in actions for u in a.updates):
        bounds.append((start, site.as_of, None))
    states: dict = {}

    def at(action, when: str):  # each action's progress at each report date, worked out once
        key = (id(action), when)
        if key not in states:
            states[key] = progress.of(action, when)
        return states[key]

    out = []
    for start, end, report in reversed(bounds):
        found = progress.changes_between(actions, start, end, at)
        changes = []
        for kind, heading in progress.KINDS:
            items = []
            for c in found[kind]:
                state = at(c.action, end)
                items.append(ChangeView(by_action[id(c.action)], c.update, state,
                                        _due_before(c.action, c.update) if kind == "revised" else "",
                                        site.status(state.status) if state.status else None))
            changes.append((kind, heading, items))
        out.append(Period(id=f"period-{end}" if report else "period-latest", start=start, end=end,
                          report=report, changes=changes))
    return out


def progress_page(site: Site, org: Organisation) -> dict:
    """The progress report's view-model (kept for the next build while serving: kept.py). The
    same dict may be given to several builds: callers do not change it."""
    return KEPT.get("progress_page", site, org, lambda: _progress_page(site, org))


def _progress_page(site: Site, org: Organisation) -> dict:
    views = action_views(site, org)
    return {
        "org": org,
        "as_of": site.as_of,
        "periods": periods(site, org, views),
        "plan_date": plan_date(org),
        "last_update": last_update(views),
        "hidden": sum(v.progress.hidden for v in views),
        "summary": count(site, [v.progress for v in views]),
        "columns": columns(site),
    }


# The reporting register ---------------------------------------------------------------------

def months_between(earlier: str, later: str) -> int:
    """Whole months from ``earlier`` to ``later`` (dates of any accepted form: a month or a
    financial year counts from its start)."""
    a, b = _start(earlier), progress.day(later)
    months = (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)
    return max(months, 0)


def newest_date(site: Site) -> str:
    """The newest update's date, else the newest plan's (its first day), else ""."""
    entries = newest(site, 1)
    if entries:
        return entries[0].update.date
    return max((_start(d).isoformat() for d in map(plan_date, site.organisations) if d), default="")


def _start(value: str) -> dt.date:
    if "/" in value:
        return dt.date(int(value[:4]), 4, 1)
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:]), 1)
    return progress.day(value)


@dataclass(frozen=True)
class RegisterRow:
    org: Organisation
    plan_date: str
    last_update: str  # "" when no progress update has been published
    months: int | None  # months since the last update (or, with none, since the plan); None: no date
    over_12_months: bool | None  # the last update (or the plan, with none) is more than 12 months
    # before as-of; None where neither has a date
    counts: Counts


def register_row(site: Site, org: Organisation) -> RegisterRow:
    views = action_views(site, org)
    latest = last_update(views)
    since = latest or plan_date(org)
    months = months_between(since, site.as_of) if since else None
    over = _start(since) < progress.months_before(progress.day(site.as_of), progress.STALE_MONTHS) if since else None
    return RegisterRow(org, plan_date(org), latest, months, over, count(site, [v.progress for v in views]))


def reporting_page(site: Site) -> dict:
    rows = [register_row(site, o) for o in site.organisations]
    return {
        "rows": rows,
        "columns": columns(site),
        "as_of": site.as_of,
        "reported": sum(1 for r in rows if r.last_update and not r.over_12_months),
        "total": len(rows),
    }


# Updates across organisations: the home page and the feed -----------------------------------

@dataclass(frozen=True)
class UpdateEntry:
    """One published update, with where its action's entry is."""

    org: Organisation  # the organisation whose page has the entry (a joint area: its first member)
    action: Action
    update: Update
    index: int  # its position among the action's updates (0: the first)
    status: Status | None
    anchor: str

    @property
    def url(self) -> str:
        """The action's entry, relative to the site root."""
        return f"organisations/{self.org.id}/#{self.anchor}"

    @property
    def name(self) -> str:
        """Whose action it is and which: "Barnet CCG, action 3"."""
        what = f"joint work area {self.action.ref or self.action.id}" if self.action.joint else f"action {self.action.id}"
        return f"{self.org.name}, {what}"

    @property
    def title(self) -> str:
        return f"{self.name}: {self.status.label if self.status else self.update.status}"


def updates(site: Site):
    """Every update dated on or before the as-of date, once (a joint work area under its first
    member), in no particular order."""
    seen = set()
    for org in site.organisations:
        for a in org.all_actions:
            if a.joint:
                key = (org.joint.id, a.id)
                if key in seen:
                    continue
                seen.add(key)
            for i, u in enumerate(a.updates):
                if u.date <= site.as_of:
                    yield UpdateEntry(org, a, u, i, site.status(u.status), anchor(a))


def newest(site: Site, n: int) -> list[UpdateEntry]:
    """The ``n`` most recent updates, newest first (ties: by organisation, then action)."""
    return heapq.nsmallest(n, updates(site), key=_order)


def _order(e: UpdateEntry):
    return (-int(e.update.date.replace("-", "")), e.org.name, e.action.id, -e.index)


def national_summary(site: Site, recent: int = 10) -> dict:
    """The home page: national status totals and the most recent updates."""
    states = [v.progress for o in site.organisations for v in action_views(site, o)]  # (as of site.as_of)
    return {"counts": count(site, states), "columns": columns(site), "recent": newest(site, recent),
            "as_of": site.as_of, "hidden": sum(p.hidden for p in states)}
