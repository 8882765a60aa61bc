"""The status summary on an organisation page, and the counts by status that every progress
summary prints: one row per work stream, then all.

Below both ``views`` (the organisation page includes the summary) and ``progress_views`` (the
progress report, the reporting register and the national totals count the same way), so
neither imports the other. Pure functions (no mkdocs, no I/O); ``views`` are ActionViews.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Organisation, Site, Status

NO_UPDATE = "none"  # the column key for actions with no update published


@dataclass(frozen=True)
class Counts:
    """Actions by status as of a date: ``by_status`` maps every status key, and NO_UPDATE, to a
    number (vocabulary order); ``overdue`` is how many are overdue (their latest update says not
    done); ``due_passed_no_update`` how many are past their due date with no update published
    (never counted as overdue)."""

    by_status: dict
    overdue: int
    total: int
    due_passed_no_update: int = 0
    assured: int = 0  # of the complete ones, how many a committee has assured (the rest: not yet)

    @property
    def not_assured(self) -> int:
        """Complete, but no committee has accepted the evidence yet."""
        return self.by_status.get("complete", 0) - self.assured

    @property
    def complete_share(self) -> int:
        """Per cent complete, rounded down (0 with no actions)."""
        return self.by_status.get("complete", 0) * 100 // self.total if self.total else 0

    def bars(self, columns) -> list[tuple[str, int, float]]:
        """(key, count, per cent of all) for a chart drawn from the same numbers as the table."""
        return [(key, self.by_status[key], self.by_status[key] * 100 / self.total if self.total else 0.0)
                for key, _ in columns]


def columns(site: Site) -> list[tuple[str, Status | None]]:
    """The status columns of summaries: each status, then "no update"."""
    return [(s.key, s) for s in site.statuses] + [(NO_UPDATE, None)]


def count(site: Site, states) -> Counts:
    """Counts of ActionProgress records."""
    by_status = {key: 0 for key, _ in columns(site)}
    overdue = passed = total = assured = 0
    for p in states:
        by_status[p.status or NO_UPDATE] += 1
        overdue += p.overdue
        passed += p.due_passed_no_update
        assured += p.assurance is not None
        total += 1
    return Counts(by_status, overdue, total, passed, assured)


def last_update(views: list) -> str:
    """The date of the newest update shown on any of these actions, or ""."""
    return max((v.progress.last_update for v in views), default="")


def plan_date(org: Organisation) -> str:
    """The date of the organisation's plan: its document's date, else the date it is as at."""
    return org.provenance.date or org.as_at


def status_summary(site: Site, org: Organisation, views: list) -> dict:
    """The status summary on an organisation page: one row per work stream, then all."""
    rows = [(w, count(site, [v.progress for v in views if v.workstream.key == w.key])) for w in site.workstreams]
    return {
        "columns": columns(site),
        "rows": rows,
        "all": count(site, [v.progress for v in views]),
        "last_update": last_update(views),
        "plan_date": plan_date(org),
        "hidden": sum(v.progress.hidden for v in views),
    }
