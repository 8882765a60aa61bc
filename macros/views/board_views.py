"""The board report's facts: one organisation's progress as an NHS board reads it.

Pure (no mkdocs, no I/O). ``board_report`` gathers what the paper says; board_paper.py lays it
out as headings, paragraphs and tables, which scripts/board-packs prints to PDF (through
templates/board_report.html) and writes to DOCX (macros/board_docx.py), the same content in both.

What a board means, and where each fact comes from:
- the cover sheet: the meeting file's details (macros/plans/meeting.py), or none;
- exceptions: past the due date and not complete, and delayed (progress.py's statuses, each
  said in words: "reported on track, after its due date had passed"); open actions with no
  named lead; the organisation as a whole without a progress update in 12 months (the
  reporting register's measure, progress_views.register_row);
- what changed: the reporting period of the latest progress report going to this meeting (from
  the report before it, or the plan), exactly as the web progress page has it
  (progress_views.periods), with a movement table of status counts at its start and end; and,
  where updates came after that report, the page's "since the last report" period too;
- assurance: complete and assured apart from complete, not yet assured;
- every action, by work stream.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import progress
from ..model import Link, Meeting, Organisation, Site
from ..plans import dates
from . import progress_views, views

SHORT_OVER = 420  # texts longer than this are shortened in the tables (the full text is in an appendix)
SHORT_TO = 300
DEFAULT_TITLE = "Response to the Francis Report: progress report"
NO_PROGRESS = "No progress update has been published since the plan."
PURPOSES = ("decision", "assurance", "information", "discussion")

# The BRAG convention boards know (blue, red, amber, green), worked out from each action's status
# and dates: never typed by an editor. Light colours, behind dark text, always with the word.
BRAG = (
    ("blue", "Blue", "#90c8f8", "complete (whether assured or not: see the assurance section)"),
    ("green", "Green", "#a5d8a5", "in progress, on track, and its due date has not passed"),
    ("amber", "Amber", "#ffd27a", "delayed or not started, and its due date has not passed"),
    ("red", "Red", "#f7a8a8", "past its due date and not complete, as last reported"),
    ("none", "No rating", "#ffffff", "no progress update published, superseded or not proceeding"),
)


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


def flat(text: str) -> str:
    return " ".join((text or "").split())


def host(link: Link) -> str:
    """The web site a link points to."""
    try:
        return urlsplit(link.url).hostname or ""
    except ValueError:
        return ""


def brag(p: progress.ActionProgress) -> str:
    """The BRAG rating of an action's progress (a key of BRAG)."""
    if p.status == "complete":
        return "blue"
    if p.status is None or p.status in ("superseded", "not-proceeding"):
        return "none"  # (an action with no update is never rated: nothing is known of it)
    if p.overdue:
        return "red"
    return "green" if p.status == "on-track" else "amber"


@dataclass(frozen=True)
class Row:
    """One action as the report prints it."""

    view: views.ActionView
    action: str  # the action's text, shortened where long
    action_shortened: bool
    note: str  # the latest update's note (or the position the plan states), shortened where long
    note_shortened: bool
    note_from_plan: bool  # no update: the note is the plan's own "current position"

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
    def open(self) -> bool:
        """Not complete, superseded or not proceeding."""
        return self.p.status not in progress.CLOSED

    @property
    def shortened(self) -> bool:
        return self.action_shortened or self.note_shortened

    @property
    def rating(self) -> str:
        return brag(self.p)


def row(view: views.ActionView) -> Row:
    text, cut = shorten(view.action.action)
    latest = view.progress.latest
    from_plan = latest is None and bool(view.action.current_position)
    note, note_cut = shorten(latest.note if latest else view.action.current_position)
    return Row(view=view, action=text, action_shortened=cut, note=note, note_shortened=note_cut,
               note_from_plan=from_plan)


@dataclass(frozen=True)
class Flagged:
    """An action the board may want to act on, with what is known said in words."""

    row: Row
    why: str  # the sentence: "Reported on track on 20 February 2019, after its due date (March 2014) had passed."


def _past_due_words(r: Row) -> str:
    """Why an action past its due date is listed, in words (never two contradicting labels)."""
    p = r.p
    its_due = f"its {'revised ' if p.revised_due else ''}due date ({dates.display(p.due)})"
    end = progress.due_end(p.due)
    when = dates.display(p.last_update)
    before = end is not None and progress.day(p.last_update) <= end
    if p.status == "on-track":
        if before:
            return (f"Reported on track on {when}, before {its_due} passed; no update since says whether it was "
                    "finished.")
        return f"Reported on track on {when}, after {its_due} had passed, without a revised due date."
    if p.status == "not-started":
        return f"Reported not started on {when}; {its_due} has passed."
    if p.status == "delayed":
        return f"Reported delayed on {when}; {its_due} has passed."
    return f"Last reported on {when}; {its_due} has passed."


def exceptions(rows: list[Row]) -> dict:
    """The exceptions: past due (the latest update says not done; longest past due first), due date
    passed with no update published (never called overdue: whether it was done is not known),
    delayed but not yet due, open actions with no named lead (all of them, or the list). All from
    progress.py's statuses."""
    def when(r: Row):
        end = progress.due_end(r.p.due)
        return (end.isoformat() if end else "9999", r.id)

    past_due = [Flagged(r, _past_due_words(r)) for r in sorted((r for r in rows if r.p.overdue), key=when)]
    no_update = [Flagged(r, f"Due {dates.display(r.p.due)}; no progress update has been published since the plan, so "
                            "whether it was done is not known.")
                 for r in sorted((r for r in rows if r.p.due_passed_no_update), key=when)]
    delayed = [Flagged(r, f"Reported delayed on {dates.display(r.p.last_update)}"
                             + (f"; due {dates.display(r.p.due)}" + (" (revised)" if r.p.revised_due else "")
                                if r.p.due else "; no due date") + ".")
               for r in sorted((r for r in rows if r.p.status == "delayed" and not r.p.overdue), key=when)]
    open_rows = [r for r in rows if r.open]
    no_lead = [r for r in open_rows if not r.view.action.owner.strip()]
    return {"past_due": past_due, "no_update": no_update, "delayed": delayed, "no_lead": no_lead,
            "no_lead_at_all": bool(open_rows) and len(no_lead) == len(open_rows),
            "open": len(open_rows)}


@dataclass(frozen=True)
class Movement:
    """One row of a movement table: a status (or a derived count) at the start and end of a period."""

    key: str  # a status key, "none", "assured", "overdue", "later", "all"
    label: str
    start: int | None  # None: not worked out (no date to judge it at)
    end: int

    @property
    def change(self) -> str:
        if self.start is None:
            return ""
        d = self.end - self.start
        return f"+{d}" if d > 0 else str(d) if d else "0"


@dataclass(frozen=True)
class PeriodFacts:
    """One reporting period as the paper prints it (the same period as the web progress page's)."""

    period: progress_views.Period
    start_words: str  # "the previous progress report, Progress report 7 (20 February 2019)"
    end_words: str
    start_label: str  # for the movement table's column: "Progress report 7, 20 Feb 2019"
    end_label: str
    movement: list  # [Movement]
    changes: list  # [(kind, heading, [(ChangeView, Row)])]

    @property
    def empty(self) -> bool:
        return self.period.empty


def _report_words(report, when: str) -> str:
    return f"{report.title} ({dates.display(when)})"


def movement(site: Site, rows: list[Row], start: str, end: str, plan_day: str) -> list[Movement]:
    """Status counts at ``start`` ("": at the plan, judged on ``plan_day`` where it is known) and ``end``."""
    at_start = start or plan_day

    def count(when: str | None, date_for_added: str):
        present = [r for r in rows if not (r.view.action.added and r.view.action.added > date_for_added)]
        states = [progress.of(r.view.action, when) for r in present] if when else None
        by = {s.key: 0 for s in site.statuses}
        by["none"] = 0
        if states is None:  # at the plan, with no date: every action of the plan, no update yet
            by["none"] = len(present)
            return by, None, None, len(rows) - len(present), len(present)
        for p in states:
            by[p.status or "none"] += 1
        return (by, (sum(p.overdue for p in states), sum(p.due_passed_no_update for p in states)),
                sum(p.assured for p in states), len(rows) - len(present), len(present))

    s_by, s_due, s_assured, s_later, s_all = count(at_start, start or plan_day or "")
    e_by, e_due, e_assured, e_later, e_all = count(end, end)
    s_over, s_passed = s_due if s_due else (None, None)
    e_over, e_passed = e_due
    out = [Movement(s.key, s.label, s_by[s.key], e_by[s.key]) for s in site.statuses]
    out.append(Movement("none", "No update published", s_by["none"], e_by["none"]))
    out.append(Movement("assured", "Complete and assured", s_assured if at_start else 0, e_assured))
    out.append(Movement("overdue", "Past the due date, not complete (worked out from the dates)", s_over, e_over))
    out.append(Movement(progress.DUE_PASSED_NO_UPDATE, "Due date passed, no progress update published", s_passed,
                        e_passed))
    if s_later or e_later:
        out.append(Movement("later", "Not yet in the plan (added later)", s_later, e_later))
    out.append(Movement("all", "Actions in the plan", s_all, e_all))
    return out


def reporting_periods(site: Site, org: Organisation, rows: list[Row]) -> list[PeriodFacts]:
    """The periods "what changed" covers, oldest first: the latest progress report's (from the
    report before it, or the plan), then updates published after it up to the as-of date, where
    there are any; with no report, the one period since the plan. These are the web progress
    page's own periods (progress_views.periods), so the two always agree."""
    by_action = {id(r.view.action): r for r in rows}
    found = progress_views.periods(site, org, [r.view for r in rows])  # newest first
    latest_report = next((p for p in found if p.report), None)
    chosen = [p for p in found if p.report is None or p is latest_report]
    plan = progress_views.plan_date(org)
    plan_day = progress_views._start(plan).isoformat() if plan else ""
    out = []
    for p in reversed(chosen):
        previous = next((r for r in reversed(org.reports) if r.date == p.start), None) if p.start else None
        if previous:
            start_words = f"the previous progress report, {_report_words(previous, p.start)}"
            start_label = f"{previous.title}, {short_date(p.start)}"
        elif p.start:  # (a period after a report the plan no longer lists cannot happen: reports are kept)
            start_words, start_label = dates.display(p.start), short_date(p.start)
        else:
            start_words = f"the plan ({dates.display(plan)})" if plan else "the plan"
            start_label = f"The plan, {short_date(plan)}" if plan else "The plan"
        if p.report:
            end_words = f"this progress report, {_report_words(p.report, p.end)}"
            end_label = f"{p.report.title}, {short_date(p.end)}"
        else:
            end_words = f"the date statuses are judged as of, {dates.display(p.end)}"
            end_label = f"Now, {short_date(p.end)}"
        changes = [(kind, heading, [(c, by_action[id(c.view.action)]) for c in items])
                   for kind, heading, items in p.changes]
        out.append(PeriodFacts(p, start_words, end_words, start_label, end_label,
                               movement(site, rows, p.start, p.end, plan_day), changes))
    return out


@dataclass(frozen=True)
class StatusTotal:
    key: str  # a status key, or "none" for "no update published"
    symbol: str
    label: str
    definition: str
    count: int


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


def stale_organisation(site: Site, org: Organisation) -> str:
    """Recommendation 1's duty, for the organisation as a whole: a sentence when its last progress
    update (or, with none, its plan) is more than 12 months before the as-of date, or when that
    cannot be told (no update, and a plan without a date), else ""."""
    reg = progress_views.register_row(site, org)
    if reg.over_12_months is None:
        return ("Progress reporting in the last 12 months not known: no progress update has been published and the "
                "plan does not give its date. Recommendation 1 of the Francis Report asks every organisation to "
                "report on its progress at least once a year.")
    if not reg.over_12_months:
        return ""
    months = plural(reg.months, "month")
    if reg.last_update:
        return (f"No progress update in the last 12 months: the last one was published on "
                f"{dates.display(reg.last_update)}, {months} before {dates.display(site.as_of)}. Recommendation 1 "
                "of the Francis Report asks every organisation to report on its progress at least once a year.")
    return (f"No progress update in the last 12 months: none has been published since the plan of "
            f"{dates.display(reg.plan_date)}, {months} before {dates.display(site.as_of)}. Recommendation 1 of the "
            "Francis Report asks every organisation to report on its progress at least once a year.")


def summary(org: Organisation, as_of: str, totals: list[StatusTotal], rows: list[Row], periods: list,
            has_progress: bool, stale: str, found: dict) -> list[str]:
    """The summary: plain sentences made from the numbers."""
    n = len(rows)
    when = dates.display(as_of)
    if has_progress:
        parts = [f"{t.count} {t.label.lower() if t.key != 'none' else 'with no update published'}"
                 for t in totals if t.count]
        first = f"Progress on the {plural(n, 'action')} of the plan as of {when}: " + "; ".join(parts) + "."
    else:
        as_at = f" (as at {dates.display(org.as_at)})" if org.as_at else ""
        first = f"The plan has {plural(n, 'action')}{as_at}. {NO_PROGRESS}"
    out = [first]
    done = sum(r.p.status == "complete" for r in rows)
    if done:
        assured = sum(r.p.assured for r in rows)
        out.append(f"Of the {plural(done, 'complete action')}, {_count(assured)} assured (a committee has accepted "
                   f"the evidence) and {_count(done - assured)} not yet assured.")
    past = len(found["past_due"])
    if not any(r.p.due for r in rows):
        out.append("The plan gives no due dates, so no action can be past its due date.")
    elif past:
        on_track = sum(e.row.p.status == "on-track" for e in found["past_due"])
        extra = (f" ({plural(on_track, 'is', 'are')} still reported on track)" if on_track else "")
        out.append(f"{plural(past, 'action is', 'actions are')} past the due date and not complete as of {when}"
                   f"{extra}.")
    elif not found["no_update"]:
        out.append(f"No action is past its due date as of {when}.")
    else:
        out.append(f"No action is past its due date with its latest update saying it is not done as of {when}.")
    passed = len(found["no_update"])
    if passed:
        out.append(f"{plural(passed, 'action has', 'actions have')} passed {'its' if passed == 1 else 'their'} due date "
                   f"with no progress update published: whether {'it was' if passed == 1 else 'they were'} done is "
                   "not known.")
    for facts in periods:
        counts = [(heading, len(items)) for _, heading, items in facts.changes]
        what = "; ".join(f"{h.lower()}: {c}" for h, c in counts if c)
        span = f"From {facts.start_words} to {facts.end_words}"
        out.append(f"{span}: {what}." if what else f"{span}: nothing completed, delayed, newly past due, revised "
                                                   "or added.")
    if found["no_lead_at_all"]:
        out.append(f"The plan names no lead for any of its {plural(found['open'], 'open action')}.")
    elif found["no_lead"]:
        out.append(f"{plural(len(found['no_lead']), 'open action has', 'open actions have')} no named lead.")
    if stale:
        out.append(stale.split(":", 1)[0] + ".")
    return out


def _count(n: int) -> str:
    """"none is", "1 is", "3 are"."""
    return "none is" if n == 0 else f"{n} is" if n == 1 else f"{n} are"


def columns(rows: list[Row]) -> dict[str, bool]:
    """Which optional columns of the table of every action any action fills (a column no action
    fills is left out)."""
    return {
        "lead": any(r.view.action.owner for r in rows),
        "due": any(r.p.original_due or r.p.revised_due for r in rows),
        "status": any(r.p.status for r in rows),  # no update anywhere: the summary says so, once
        "note": any(r.p.status or r.note or r.view.action.status for r in rows),
    }


COLUMN_NAMES = {"lead": "lead", "due": "due date", "status": "status", "note": "latest update"}


def board_report(site: Site, org: Organisation, url: str = "", meeting: Meeting | None = None,
                 brag_colours: bool = False) -> dict:
    """The facts of ``org``'s board report as of ``site.as_of``, for ``meeting`` (or none).
    ``url``: the organisation page's address. ``brag_colours``: colour by BRAG, not by status."""
    rows = [row(v) for v in views.action_views(site, org)]
    has_progress = any(r.p.updates for r in rows)
    totals = status_totals(site, rows)
    periods = reporting_periods(site, org, rows)
    found = exceptions(rows)
    stale = stale_organisation(site, org)
    streams = []
    for ws in site.workstreams:
        mine = [r for r in rows if r.view.workstream.key == ws.key]
        if mine:
            counts = [(s, sum(r.p.status == s.key for r in mine)) for s in site.statuses]
            said = [f"{c} {s.label.lower()}" for s, c in counts if c]
            none = sum(not r.p.status for r in mine)
            if none and has_progress:
                said.append(f"{none} with no update")
            past = sum(r.p.overdue for r in mine)
            if past:
                said.append(f"{past} past the due date")
            passed = sum(r.p.due_passed_no_update for r in mine)
            if passed:
                said.append(f"{passed} past the due date with no update published")
            streams.append((ws, plural(len(mine), "action") + (": " + "; ".join(said) if said else ""), mine))
    cols = columns(rows)
    complete = [r for r in rows if r.p.status == "complete"]
    reports = [r for r in org.reports if r.date <= site.as_of]
    latest_report = reports[-1] if reports else None
    return {
        "org": org,
        "as_of": site.as_of,
        "url": url,
        "meeting": meeting,
        "title": (meeting.title if meeting and meeting.title else DEFAULT_TITLE),
        "source": org.provenance,
        "this_report": latest_report,
        "previous_report": reports[-2] if len(reports) > 1 else None,
        "has_progress": has_progress,
        "hidden": sum(r.p.hidden for r in rows),
        "summary": summary(org, site.as_of, totals, rows, periods, has_progress, stale, found),
        "totals": totals,
        "total": len(rows),
        "overdue": sum(r.p.overdue for r in rows),
        "due_passed_no_update": sum(r.p.due_passed_no_update for r in rows),
        "assured": sum(r.p.assured for r in rows),
        # values the site's editors supplied (not the source's): said once, in the table's legend (issue 24)
        "editors": [m.note for m in org.editors + (org.joint.editors if org.joint else ())],
        "editors_date": bool(org.mark("date")),
        "stale": stale,
        "exceptions": found,
        "periods": periods,
        "complete_assured": [r for r in complete if r.p.assured],
        "complete_not_assured": [r for r in complete if not r.p.assured],
        "streams": streams,
        "columns": cols,
        "left_out": [COLUMN_NAMES[k] for k, on in cols.items() if not on and k != "status"],
        "long": [r for r in rows if r.shortened],
        "rows": rows,
        "statuses": site.statuses,
        "workstreams": site.workstreams,
        "brag": brag_colours,
        "brag_counts": {key: sum(r.rating == key for r in rows) for key, *_ in BRAG},
    }


def file_stem(org: Organisation, meeting: Meeting | None, as_of: str) -> str:
    """The paper's file name without its extension: <id>-board-report-<meeting date>, the meeting
    date being the as-of date for a paper not prepared for a meeting."""
    return f"{org.id}-board-report-{meeting.date if meeting else as_of}"


def meeting_problem(meeting: Meeting, as_of: str) -> str | None:
    """Why a paper for ``meeting`` cannot be made with statuses as of ``as_of``, or None."""
    if meeting.date < as_of:
        return (f"the meeting is on {dates.display(meeting.date)}, before the date statuses are judged as of "
                f"({dates.display(as_of)}): the paper would report updates published after the meeting. Build "
                f"the site and run scripts/board-packs with AS_OF={meeting.date}")
    return None
