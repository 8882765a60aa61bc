"""The board paper as a document: headings, paragraphs, tables and page breaks, in the order they
are printed, made from board_views.board_report's facts.

Pure (no mkdocs, no I/O). Both renderers only walk it: templates/board_report.html (printed to
PDF by Chromium) and macros/board_docx.py (python-docx), so the PDF and the DOCX say the same
thing in the same order. Links are printed as numbered references ([3]) with an appendix of
their addresses in full, as paper has no links; colours are marks behind text that always says
what it means (a status's symbol and name, a BRAG rating's name).

Sections: the cover sheet (the meeting's details, as NHS cover sheets have them, or none); the
summary (sentences made from the numbers, the totals by status and the colour key); 1. exceptions;
2. what changed in the reporting period (with a movement table); 3. assurance of completed
actions; then appendices: every action by work stream, full texts of shortened entries, and the
references.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import progress
from ..model import Link
from ..plans import dates
from . import board_views
from .board_views import BRAG, plural, short_date

NONE_STATED = "None stated"


@dataclass(frozen=True)
class Run:
    """Text with its emphasis. ``mark``: a coloured mark behind it (a key of Paper.marks);
    ``ref``: a numbered reference printed after it ([3]); ``link``: an anchor in the paper it
    leads to (the PDF makes it a link)."""

    text: str
    bold: bool = False
    italic: bool = False
    mark: str = ""
    ref: int = 0
    link: str = ""


@dataclass(frozen=True)
class Heading:
    kind = "heading"  # (a class attribute, not a field: what the renderers switch on)
    level: int  # 1 (the title) to 4
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    kind = "para"
    runs: tuple  # Runs
    style: str = ""  # "", "kicker", "subtitle", "box" (an exception about the whole organisation), "legend"


@dataclass(frozen=True)
class TableRow:
    cells: tuple  # one tuple of lines (each a tuple of Runs) per column
    anchor: str = ""


@dataclass(frozen=True)
class Table:
    kind = "table"
    head: tuple  # column headings ("" for none: a table of labelled rows)
    widths: tuple  # per cent of the width, per column
    rows: tuple  # TableRows
    caption: str = ""
    row_headers: bool = False  # the first cell of each row names it
    style: str = ""  # "cover", "counts", "list"


@dataclass(frozen=True)
class PageBreak:
    kind = "page-break"


@dataclass(frozen=True)
class Paper:
    title: str
    organisation: str
    header_left: str
    header_right: str
    footer_left: str
    author: str
    subject: str
    draft: bool
    blocks: tuple
    marks: dict  # mark -> background colour (#rrggbb)
    references: tuple  # (number, Link)
    stem: str  # the file name without its extension
    keywords: str = ""


def line(*runs) -> tuple:
    return tuple(Run(r) if isinstance(r, str) else r for r in runs if r != "")


def plain(text: str) -> tuple:
    """A cell of one line of plain text ("–" when blank)."""
    return (line(text or "–"),)


def one(*runs) -> tuple:
    """A cell of one line."""
    return (line(*runs),)


def tr(*cells, anchor: str = "") -> TableRow:
    """A table row: each cell a tuple of lines."""
    return TableRow(tuple(cells), anchor=anchor)


class References:
    """Links numbered in the order the paper first prints them; a link printed twice keeps its number."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.items: list[tuple[int, Link]] = []

    def run(self, link: Link, text: str | None = None) -> Run:
        n = self.numbers.get(link.url)
        if n is None:
            n = self.numbers[link.url] = len(self.items) + 1
            self.items.append((n, link))
        return Run(link.title if text is None else text, ref=n, link=f"ref-{n}")


def _status_runs(r: board_views.Row, brag: bool) -> tuple:
    status = r.view.status
    runs = [Run(f"{status.symbol} {status.label}" if status else "– No update",
                mark="" if brag else f"st-{status.key if status else 'none'}")]
    if brag:
        key, label = next((k, name) for k, name, *_ in BRAG if k == r.rating)
        runs.append(Run(" "))
        runs.append(Run(label, bold=True, mark=f"brag-{key}"))
    return tuple(runs)


def _flags(r: board_views.Row) -> list[tuple]:
    p = r.p
    out = []
    if p.overdue:
        out.append(line(Run("Past the due date", bold=True)))
    if p.due_passed_no_update:
        out.append(line(Run("Due date passed, no update published", bold=True)))
    if p.completed_late:
        out.append(line(f"Completed late ({short_date(p.completed_on)}; due {short_date(p.due)})"))
    if p.status == "complete":
        out.append(line("Assured" if p.assured else "Not yet assured"))
    if p.stale:
        out.append(line("No update for 12 months"))
    return out


def _due(r: board_views.Row) -> tuple:
    p = r.p
    lines = [line(short_date(p.original_due) or ("none in the plan" if p.revised_due else "–"))]
    if p.revised_due:
        lines.append(line(Run("revised: ", italic=True), short_date(p.revised_due)))
    return tuple(lines)


def _lead(r: board_views.Row) -> tuple:
    return plain(r.view.action.owner) if r.view.action.owner.strip() else (line(Run("None named", italic=True)),)


def _ref(r: board_views.Row) -> tuple:
    a = r.view.action
    lines = [line(Run(a.id, bold=True))]
    if a.joint:
        lines.append(line(Run("Joint work", italic=True)))
    if a.recommendations:
        lines.append(line(f"Rec. {', '.join(map(str, a.recommendations))}"))
    return tuple(lines)


def _action(r: board_views.Row) -> tuple:
    if not r.action:
        return plain("")  # (a dash, explained once: the plan states no action, only a position)
    return (line(r.action, Run(" (full text: see the appendix)", italic=True, link=f"full-{r.anchor}")
                 if r.action_shortened else ""),)


def _update_lines(r: board_views.Row, refs: References, with_evidence: bool = True) -> list[tuple]:
    """The latest update: its date and note, next step, forecast and evidence."""
    p = r.p
    lines = []
    if r.view.action.status:
        lines.append(line(Run(f"Status in the plan: {r.view.action.status}", italic=True)))
    if p.latest:
        by = f" (given by {p.latest.by})" if p.latest.by else ""
        lines.append(line(Run(f"{short_date(p.last_update)}{by}: ", bold=True), r.note or Run("no note", italic=True),
                          Run(" (full text: see the appendix)", italic=True, link=f"full-{r.anchor}")
                          if r.note_shortened else ""))
        if p.latest.next_step:
            lines.append(line(Run("Next step: ", bold=True), board_views.flat(p.latest.next_step)))
        if p.latest.forecast:
            lines.append(line(Run("Forecast completion: ", bold=True), dates.display(p.latest.forecast)))
        if with_evidence and p.latest.evidence:
            lines.append(_evidence_line(p.latest.evidence, refs))
    elif r.note_from_plan:
        lines.append(line(Run("Position in the plan: ", italic=True), r.note,
                          Run(" (full text: see the appendix)", italic=True, link=f"full-{r.anchor}")
                          if r.note_shortened else ""))
    return lines


def _evidence_line(links, refs: References) -> tuple:
    runs = [Run("Evidence: ", bold=True)]
    for i, link in enumerate(links):
        if i:
            runs.append(Run("; "))
        runs.append(refs.run(link))
    return tuple(runs)


def _assurance_words(a) -> str:
    return (f"{a.by}, {dates.display(a.date)}" + (f", minute {a.minute}" if a.minute else "") + "."
            + (f" Evidence held: {a.evidence_location}." if a.evidence_location else ""))


def _cover(r: dict, refs: References) -> list:
    m = r["meeting"]
    org = r["org"]
    body = m.meeting if m else "board"
    rows: list[TableRow] = []

    def add(label: str, *lines):
        rows.append(tr(one(Run(label, bold=True)), tuple(lines) if lines else plain("")))

    def stated(label: str, value: str):
        add(label, line(board_views.flat(value)) if value else line(Run(NONE_STATED, italic=True)))

    asked = (m.recommendation if m and m.recommendation else
             f"The {body} is asked to note this report: progress on the {plural(r['total'], 'action')} of the plan as "
             f"of {dates.display(r['as_of'])}, the exceptions (section 1) and what changed in the reporting period "
             "(section 2).")
    if m:
        add("Meeting", line(m.meeting))
        add("Date of meeting", line(dates.display(m.date)))
        add("Agenda item", line(m.agenda_item))
        add("Title", line(r["title"]))
        add("Organisation", line(org.name))
        add("Author", line(m.author))
        add("Executive lead", line(m.executive_lead))
        add("Purpose", line(*[Run(("☒ " if p == m.purpose else "☐ ") + p.capitalize() + "   ", bold=p == m.purpose)
                              for p in board_views.PURPOSES]))
        add("The board is asked to", *[line(board_views.flat(part)) for part in asked.split("\n\n")])
        stated("Assurance level", m.assurance_level)
        if m.risks:
            add("Risks (board assurance framework, risk register)",
                *[line(refs.run(risk) if risk.url else risk.title) for risk in m.risks])
        else:
            stated("Risks (board assurance framework, risk register)", "")
        given = dict(m.implications)
        for key, label in (("quality", "quality"), ("finance", "finance"), ("legal", "legal"),
                           ("equality", "equality and diversity"),
                           ("patient_and_public_involvement", "patient and public involvement")):
            stated(f"Implications: {label}", given.get(key, ""))
        stated("Previously considered by", m.previously_considered_by)
        add("Public or private", line("Public: for the meeting held in public" if m.paper == "public"
                                      else "Private: for the meeting held in private"))
        add("Paper status", line(Run("Draft", bold=True) if m.status == "draft" else "Final"))
    else:
        add("Meeting", line(Run("None: this copy is published with the site and was not prepared for a meeting "
                                "(a board secretary adds the meeting's details with a meeting file).", italic=True)))
        add("Title", line(r["title"]))
        add("Organisation", line(org.name))
        add("The board is asked to", line(asked))
    hidden = r["hidden"]
    add("Statuses as of", line(Run(dates.display(r["as_of"]), bold=True),
                               f" ({plural(hidden, 'later update')} left out)" if hidden else ""))
    src = r["source"]
    source = [src.title]
    if src.meeting:
        source.append(src.meeting)
    if src.date:
        source.append(dates.display(src.date) + (" (the editors' date: the source gives none)" if r["editors_date"]
                                                 else ""))
    add("The plan", line(refs.run(Link(", ".join(source), src.url)) if src.url else ", ".join(source)))
    for label, report in (("This progress report", r["this_report"]), ("Previous progress report", r["previous_report"])):
        if report:
            words = ", ".join(x for x in (report.title, report.meeting, dates.display(report.date)) if x)
            add(label, line(refs.run(Link(words, report.url)) if report.url else words))
        elif label == "This progress report":
            add(label, line(Run(f"None dated on or before {dates.display(r['as_of'])}: changes are counted from the "
                                "plan", italic=True)))
    if r["url"]:
        add("Online", line(r["url"]))
    blocks = [Para(line(Run(f"Report to the {m.meeting}" if m else "Board report", bold=True)), "kicker"),
              Heading(1, r["title"], "title"),
              Para(line(Run(org.name, bold=True)), "subtitle"),
              Table(("", ""), (30, 70), tuple(rows), caption="Cover sheet", row_headers=True, style="cover")]
    if m:
        blocks.append(PageBreak())
    return blocks


def _summary(r: dict) -> list:
    blocks: list = [Heading(2, "Summary", "summary")]
    blocks += [Para(line(sentence)) for sentence in r["summary"]]
    brag = r["brag"]
    rows = []
    for t in r["totals"]:
        mark = "" if brag else f"st-{t.key}"
        rows.append(tr(one(Run(f"{t.symbol} {t.label}", mark=mark)), plain(str(t.count)), plain(t.definition)))
        if t.key == "complete" and t.count:
            rows.append(tr(one("of which assured"), plain(str(r["assured"])),
                           plain("A committee has accepted the evidence that it was delivered (section 3).")))
            rows.append(tr(one("of which not yet assured"), plain(str(t.count - r["assured"])),
                           plain("Reported complete; no committee has yet accepted the evidence.")))
    rows.append(tr(one(Run("All actions", bold=True)), plain(str(r["total"])), one()))
    rows.append(tr(one(Run("Past the due date, not complete", bold=True)), plain(str(r["overdue"])),
                   plain("Worked out from the dates, not reported: past the due date (the revised one where "
                         "it was revised) and the latest progress update says not complete, superseded or not "
                         "proceeding.")))
    rows.append(tr(one(Run("Due date passed, no progress update published", bold=True)),
                   plain(str(r["due_passed_no_update"])),
                   plain("Worked out from the dates: past the due date with no progress update published. Whether "
                         "the action was done is not known, so it is not counted as past the due date and not "
                         "complete.")))
    blocks.append(Table(("Status", "Actions", "What it means"), (30, 10, 60), tuple(rows),
                        caption=f"Actions by status as of {dates.display(r['as_of'])}", row_headers=True,
                        style="counts"))
    if brag:
        blocks.append(Table(("BRAG rating", "Actions", "What it means"), (30, 10, 60), tuple(
            tr(one(Run(label, bold=True, mark=f"brag-{key}")), plain(str(r["brag_counts"][key])),
               plain(f"{label}: {meaning}."))
            for key, label, _, meaning in BRAG), caption="Actions by BRAG rating", row_headers=True, style="counts"))
        blocks.append(Para(line(Run("Colour key: BRAG. ", bold=True),
                                "The ratings use the blue, red, amber and green convention boards know, worked out "
                                "from each action's reported status and its due date, never typed by an editor: "
                                + "; ".join(f"{label}: {meaning}" for _, label, _, meaning in BRAG)
                                + ". The rating is always printed in words beside its colour."), "legend"))
    else:
        blocks.append(Para(line(Run("Colour key. ", bold=True),
                                "Each status has its own colour, always printed with its symbol and name. The colours "
                                "are not a RAG (red, amber, green) rating: green does not mean on track and orange "
                                "does not mean at risk. Past the due date is worked out from the dates and said in "
                                "words. (scripts/board-packs --brag prints the BRAG convention instead.)"), "legend"))
    return blocks


EXCEPTION_HEAD = ("Ref", "Action", "Lead", "Due", "What is known")
EXCEPTION_WIDTHS = (8, 30, 14, 12, 36)


def _exception_rows(items, refs: References, brag: bool) -> tuple:
    rows = []
    for e in items:
        r = e.row
        known = [_status_runs(r, brag), line(e.why)]
        known += [x for x in _update_lines(r, refs) if not (x and x[0].italic and x[0].text.startswith("Status in"))]
        rows.append(tr(_ref(r), _action(r), _lead(r), _due(r), tuple(known), anchor=f"x-{r.anchor}"))
    return tuple(rows)


def _exceptions(r: dict, refs: References) -> list:
    found = r["exceptions"]
    when = dates.display(r["as_of"])
    blocks: list = [Heading(2, "1. Exceptions", "exceptions"),
                    Para(line(f"What the board may want to act on as of {when}: actions past the due date and not "
                              "complete, actions past the due date with no progress update published, delayed "
                              "actions, and open actions with no named lead. A dash (–) means the plan does not "
                              "state it."), "legend")]
    if r["stale"]:
        blocks.append(Para(line(Run(r["stale"], bold=True)), "box"))
    past, no_update, delayed = found["past_due"], found["no_update"], found["delayed"]
    blocks.append(Heading(3, f"1.1 Past the due date and not complete ({len(past)})", "exceptions-past-due"))
    if past:
        blocks.append(Table(EXCEPTION_HEAD, EXCEPTION_WIDTHS, _exception_rows(past, refs, r["brag"]),
                            caption="Longest past the due date first", style="list"))
    else:
        blocks.append(Para(line(f"No action is past its due date with its latest update saying it is not done, as "
                                f"of {when}.")))
    blocks.append(Heading(3, f"1.2 Due date passed, no progress update published ({len(no_update)})",
                          "exceptions-no-update"))
    if no_update:
        blocks.append(Para(line("Whether these were done is not known: no progress update on them has been "
                                "published since the plan."), "legend"))
        blocks.append(Table(EXCEPTION_HEAD, EXCEPTION_WIDTHS, _exception_rows(no_update, refs, r["brag"]),
                            caption="Longest past the due date first", style="list"))
    else:
        blocks.append(Para(line(f"No action without a progress update is past its due date as of {when}.")))
    blocks.append(Heading(3, f"1.3 Delayed, due date not yet passed ({len(delayed)})", "exceptions-delayed"))
    if delayed:
        blocks.append(Table(EXCEPTION_HEAD, EXCEPTION_WIDTHS, _exception_rows(delayed, refs, r["brag"]),
                            caption="Soonest due first", style="list"))
    else:
        blocks.append(Para(line(f"No other action is reported delayed as of {when}.")))
    no_lead = found["no_lead"]
    blocks.append(Heading(3, f"1.4 Open actions with no named lead ({len(no_lead)})", "exceptions-no-lead"))
    if found["no_lead_at_all"]:
        blocks.append(Para(line(f"The plan names no lead for any of its {plural(found['open'], 'open action')}: "
                                "the board may wish to ask who leads each.")))
    elif no_lead:
        blocks.append(Table(("Ref", "Action", "Due", "Status"), (8, 56, 14, 22), tuple(
            tr(_ref(x), _action(x), _due(x), (_status_runs(x, r["brag"]),)) for x in no_lead),
            caption="Open actions (not complete, superseded or not proceeding) without a lead", style="list"))
    else:
        blocks.append(Para(line("Every open action has a named lead.")))
    return blocks


def _change_cells(kind: str, c, x: board_views.Row, refs: References, end: str) -> tuple:
    """(date, what changed) of one change in a period."""
    u = c.update
    state = c.state
    if kind == "completed":
        late = f" (late: due {dates.display(state.due)})" if state.completed_late else ""
        lines = [line(f"Reported complete{late}.")]
        if u.note:
            lines.append(line(board_views.shorten(u.note)[0]))
        lines.append(_evidence_line(u.evidence, refs) if u.evidence else line(Run("No evidence linked.", italic=True)))
        lines.append(line(Run("Assured: ", bold=True), _assurance_words(state.assurance)) if state.assurance else
                     line(Run(f"Not yet assured as of {dates.display(end)}.", italic=True)))
        return plain(short_date(u.date)), tuple(lines)
    if kind == "delayed":
        lines = [line(f"Reported delayed: {board_views.shorten(u.note)[0]}" if u.note else "Reported delayed.")]
        if u.next_step:
            lines.append(line(Run("Next step: ", bold=True), board_views.flat(u.next_step)))
        if u.forecast:
            lines.append(line(Run("Forecast completion: ", bold=True), dates.display(u.forecast)))
        return plain(short_date(u.date)), tuple(lines)
    if kind == "overdue":
        due = dates.display(state.due) + (" (revised)" if state.revised_due else "")
        last = (f"last reported {dates.display(state.last_update)}: {c.status.label.lower()}" if c.status
                else "no progress update published")
        end_day = progress.due_end(state.due)
        first = short_date((end_day + dt.timedelta(days=1)).isoformat()) if end_day else ""
        return plain(first), (line(f"Due {due}; {last}."),)
    if kind == progress.DUE_PASSED_NO_UPDATE:
        end_day = progress.due_end(state.due)
        first = short_date((end_day + dt.timedelta(days=1)).isoformat()) if end_day else ""
        return plain(first), (line(f"Due {dates.display(state.due)}; no progress update published, so whether it was "
                                   "done is not known."),)
    if kind == "revised":
        reason = board_views.flat(u.reason)
        return plain(short_date(u.date)), (line(f"Due date moved from {dates.display(c.previous_due)} to "
                                                f"{dates.display(u.due)}" + (f": {reason}" if reason else ".")),)
    a = x.view.action
    return plain(short_date(a.added)), (line(f"Added to the plan{', due ' + dates.display(a.due) if a.due else ''}."),)


def _changes(r: dict, refs: References) -> list:
    periods = r["periods"]
    blocks: list = [Heading(2, "2. What changed", "changes")]
    several = len(periods) > 1
    for number, facts in enumerate(periods, 1):
        p = facts.period
        level = 3 if several else None
        if several:
            title = (f"2.{number} {p.report.title}: to {dates.display(p.end)}" if p.report else
                     f"2.{number} Published since, up to {dates.display(p.end)}")
            blocks.append(Heading(3, title, f"changes-{p.id}"))
        blocks.append(Para(line(f"From {facts.start_words} to {facts.end_words}: the same period as the "
                                "organisation's progress report on the web.")))
        blocks.append(Table(("Status", facts.start_label, facts.end_label, "Change"), (40, 22, 22, 16), tuple(
            tr(one(Run(m.label, bold=m.key in ("all", "overdue"))),
               plain("–" if m.start is None else str(m.start)), plain(str(m.end)), plain(m.change))
            for m in facts.movement), caption="Movement: actions by status at the start and the end of the period",
            row_headers=True, style="counts"))
        if facts.empty:
            blocks.append(Para(line("Nothing was completed, delayed, newly past its due date, revised or added in "
                                    "this period.")))
        for kind, heading, items in facts.changes:
            if not items:
                continue
            blocks.append(Heading(4 if level else 3, f"{heading} ({len(items)})", f"changes-{p.id}-{kind}"))
            rows = []
            for c, x in items:
                when, what = _change_cells(kind, c, x, refs, p.end)
                rows.append(tr(_ref(x), _action(x), when, what))
            blocks.append(Table(("Ref", "Action", "Date", "What changed"), (8, 36, 12, 44), tuple(rows), style="list"))
    return blocks


def _assurance(r: dict, refs: References) -> list:
    when = dates.display(r["as_of"])
    done, not_yet = r["complete_assured"], r["complete_not_assured"]
    blocks: list = [Heading(2, "3. Assurance of completed actions", "assurance")]
    total = len(done) + len(not_yet)
    if not total:
        blocks.append(Para(line(f"Delivered is not the same as assured: an action is assured when a committee has "
                                f"accepted the evidence that it was delivered. No action is complete as of {when}.")))
        return blocks
    blocks.append(Para(line(f"Delivered is not the same as assured: an action is assured when a committee has "
                            f"accepted the evidence that it was delivered. As of {when}, "
                            f"{plural(total, 'action is', 'actions are')} complete: {len(done)} assured and "
                            f"{len(not_yet)} not yet assured.")))
    blocks.append(Heading(3, f"3.1 Complete, not yet assured ({len(not_yet)})", "assurance-not-yet"))
    if not_yet:
        blocks.append(Table(("Ref", "Action", "Reported complete", "Evidence"), (8, 42, 14, 36), tuple(
            tr(_ref(x), _action(x), plain(short_date(x.p.completed_on)),
               (_evidence_line(_completion(x).evidence, refs),) if _completion(x).evidence
               else one(Run("No evidence linked.", italic=True))) for x in not_yet), style="list"))
    else:
        blocks.append(Para(line("Every complete action is assured.")))
    blocks.append(Heading(3, f"3.2 Complete and assured ({len(done)})", "assurance-assured"))
    if done:
        blocks.append(Table(("Ref", "Action", "Reported complete", "Assured by"), (8, 38, 14, 40), tuple(
            tr(_ref(x), _action(x), plain(short_date(x.p.completed_on)), one(_assurance_words(x.p.assurance)))
            for x in done), style="list"))
    else:
        blocks.append(Para(line("No complete action is assured yet.")))
    return blocks


def _completion(x: board_views.Row):
    """The update that reported the action complete (the first of its last run of "complete")."""
    return next(u for u in x.p.updates if u.date == x.p.completed_on and u.status == "complete")


def _every_action(r: dict, refs: References, letter: str) -> list:
    cols = r["columns"]
    has_progress = r["has_progress"]
    blocks: list = [Heading(2, f"Appendix {letter}: every action, by work stream", "actions")]
    legend = "A dash (–) means the plan does not state it"
    if cols["status"]:
        legend += ", or no progress update has been published"
    legend += "."
    if r["left_out"]:
        legend += f" Columns left out because no action has one: {', '.join(r['left_out'])}."
    if r["long"]:
        legend += " Texts marked … are shortened: the full text is in the next appendix."
    blocks.append(Para(line(legend), "legend"))
    if r["editors"]:
        blocks.append(Para(line("Supplied by the site's editors, not the source: " + " ".join(r["editors"])), "legend"))
    head = ["Ref", "Action"]
    widths = [8, 30]
    if cols["lead"]:
        head.append("Lead")
        widths.append(12)
    if cols["due"]:
        head.append("Due")
        widths.append(10)
    if cols["status"]:
        head.append("Status")
        widths.append(14)
    if cols["note"]:
        head.append("Latest update" if has_progress else "Position stated in the plan")
        widths.append(0)
    spare = 100 - sum(widths)
    if cols["note"]:
        widths[-1] = spare
    else:
        widths[1] += spare
    for ws, said, rows in r["streams"]:
        blocks.append(Heading(3, f"Work stream {ws.number}: {ws.name}", f"ws-{ws.key}"))
        blocks.append(Para(line(Run(f" {ws.colour_name or 'colour'} ", mark=f"ws-{ws.key}"), f"  {said}"), "legend"))
        out = []
        for x in rows:
            cells = [_ref(x), _action(x)]
            if cols["lead"]:
                cells.append(plain(x.view.action.owner))
            if cols["due"]:
                cells.append(_due(x))
            if cols["status"]:
                cells.append((_status_runs(x, r["brag"]), *_flags(x)))
            if cols["note"]:
                lines = _update_lines(x, refs)
                cells.append(tuple(lines) if lines else plain(""))
            out.append(tr(*cells, anchor=x.anchor))
        blocks.append(Table(tuple(head), tuple(widths), tuple(out), style="list"))
    return blocks


def _full_texts(r: dict, letter: str) -> list:
    blocks: list = [Heading(2, f"Appendix {letter}: full texts of shortened entries", "full")]
    for x in r["long"]:
        blocks.append(Heading(3, f"Action {x.id}" + (" (joint work)" if x.view.action.joint else ""), f"full-{x.anchor}"))
        if x.action_shortened:
            blocks.append(Para(line(Run("Action", bold=True))))
            blocks += [Para(line(board_views.flat(part))) for part in x.view.action.action.split("\n\n")]
        if x.note_shortened:
            label = "Position in the plan" if x.note_from_plan else f"Latest update, {dates.display(x.p.last_update)}"
            text = x.view.action.current_position if x.note_from_plan else x.p.latest.note
            blocks.append(Para(line(Run(label, bold=True))))
            blocks += [Para(line(board_views.flat(part))) for part in text.split("\n\n")]
    return blocks


def _references(refs: References, letter: str) -> list:
    return [Heading(2, f"Appendix {letter}: references", "references"),
            Para(line("The documents this paper refers to, by their number in square brackets, with their addresses "
                      "in full."), "legend"),
            Table(("No.", "Document", "Address"), (7, 38, 55), tuple(
                tr(plain(f"[{n}]"), plain(link.title), plain(link.url), anchor=f"ref-{n}")
                for n, link in refs.items), style="list")]


def paper(r: dict) -> Paper:
    """The board paper of one organisation (``r``: board_views.board_report)."""
    refs = References()
    m = r["meeting"]
    blocks = _cover(r, refs) + _summary(r) + _exceptions(r, refs) + _changes(r, refs) + _assurance(r, refs)
    letters = iter("ABCD")
    blocks += _every_action(r, refs, next(letters))
    if r["long"]:
        blocks += _full_texts(r, next(letters))
    if refs.items:
        blocks += _references(refs, next(letters))
    marks = {f"st-{s.key}": s.colour for s in r["statuses"]}
    marks["st-none"] = "#ffffff"
    marks.update({f"brag-{key}": colour for key, _, colour, _ in BRAG})
    marks.update({f"ws-{ws.key}": ws.colour for ws in r["workstreams"]})
    when = dates.display(r["as_of"])
    right = f"Board report: response to the Francis Report, statuses as of {when}"
    if m:
        right = f"{m.meeting}, {dates.display(m.date)}, item {m.agenda_item}; statuses as of {when}"
        if m.status == "draft":
            right = "DRAFT · " + right
    org = r["org"]
    return Paper(title=f"{org.name}: {r['title']}", organisation=org.name, header_left=org.name, header_right=right,
                 footer_left=r["url"], author=m.author if m else "", draft=bool(m and m.status == "draft"),
                 subject=f"Board report: response to the Francis Report, statuses as of {when}",
                 blocks=tuple(blocks), marks=marks, references=tuple(refs.items),
                 stem=board_views.file_stem(org, m, r["as_of"]), keywords="Francis Report; board report")
