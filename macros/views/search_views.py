"""What the site's search finds: one record per organisation, action, recommendation and page.

Pure: the site's data in, plain-text records out (no mkdocs, no HTML). ``macros/site/search.py``
writes them for the search engine. Every field is text as the plan gives it; whoever writes a
record into markup escapes it, and the search page inserts every field as text.

Ranking, as a reader expects it (tests/browser/test_browser_search*.py):

- an organisation's name finds its page first: the name is the page record's heading, with
  the most weight; an action carries the name with little weight, so a word with a name finds
  that organisation's actions;
- "recommendation 1" and "rec 1" find recommendation 1 first: its record is headed
  "Recommendation 1" with the most weight;
- each action is a section of its own, at its own anchor, in the record of the organisation's
  actions that share its work stream and status (the search engine finds the sections that
  hold the words, and the search page shows each as a result that opens the action itself).
  Organisation, work stream and status are the record's filters (a reader narrows results by
  them; every action of a record has the same three) and are shown with each result. A section
  holds the organisation's own words for the action (action, current position, owner, forum,
  the latest progress note); a recommendation's text is on the recommendation's record once,
  not repeated in every action that cites it. One record per group rather than per action:
  the engine writes a file per record, and at 211 organisations 1,500 groups make 1,000 fewer
  files than 2,600 actions, which a build pays for in time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Site
from . import views

NO_UPDATE = views.NO_UPDATE_LABEL
# Weights of a record's parts. Pagefind also picks each result's excerpt where the matched
# words weigh most, so an action's heading and organisation weigh less than its text: "a word
# and a name" shows the word in the excerpt (the organisation is shown beside it anyway).
HEADING, NAME, TEXT, LABEL = 10.0, 2.0, 1.0, 0.5


@dataclass(frozen=True)
class Section:
    """A part of a record found at its own anchor: ``parts`` are (text, weight); ``weight`` is
    the heading's (None: the engine's own weight for a heading)."""

    anchor: str
    heading: str
    parts: tuple = ()
    weight: float | None = None


@dataclass(frozen=True)
class Record:
    """One search result. ``url`` is relative to the site's root (a folder address, with the
    action's anchor for an action); ``parts`` are (text, weight), the first being the heading;
    ``meta`` is shown with the result; ``filters`` are what a reader can narrow results by."""

    url: str
    title: str
    kind: str  # organisation, actions, recommendation, page
    parts: tuple = ()
    meta: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)
    sections: tuple = ()  # Section: a page's parts, or a group's actions, each found at its own anchor


def action_heading(v: views.ActionView) -> str:
    """What the action's card is headed on its organisation page."""
    a = v.action
    if a.recommendations:
        return ("Recommendations " if len(a.recommendations) > 1 else "Recommendation ") + ", ".join(
            str(n) for n in a.recommendations)
    if a.joint:
        return f"Joint work area {a.ref}" if a.ref else "Joint work area"
    if a.ref:
        return f"{v.organisation.grouping_name or 'Item'}: item {a.ref}"
    return "Action"


def reference(number: int) -> str:
    """One word for "recommendation <number>": the search page reads "rec 1", "Rec. 1" and
    "recommendation 1" as "rec1" (a search engine ranks a one-digit word poorly: "1" is the
    start of "12" and "124" too)."""
    return f"rec{number}"


def workstream_label(ws) -> str:
    return f"{ws.number}. {ws.name}"


def _action_section(v: views.ActionView) -> Section:
    a = v.action
    latest = v.history[0][0].note if v.history else ""
    return Section(v.anchor, action_heading(v), weight=LABEL, parts=(
        (a.recommendation_title, TEXT), (a.action, TEXT), (a.current_position, TEXT), (a.owner, TEXT),
        (a.forum, TEXT), (v.group_name, TEXT), (latest, TEXT),
        (" ".join(reference(n) for n in a.recommendations), NAME)))


def action_groups(site: Site, org) -> list[list[views.ActionView]]:
    """The organisation's actions grouped by work stream and status, each group in page order
    and the groups in the order of their first action."""
    groups: dict[tuple, list] = {}
    for v in views.action_views(site, org):
        groups.setdefault((v.workstream.key, v.status_label), []).append(v)
    return list(groups.values())


def organisation_records(site: Site, org) -> list[Record]:
    out = [Record(
        url=f"organisations/{org.id}/", title=org.name, kind="organisation",
        parts=((org.name, HEADING), (org.provenance.title if org.provenance else "", TEXT)),
        meta={"kind": "Organisation", "detail": f"{len(org.all_actions)} actions"},
        filters={"organisation": [org.name]})]
    for group in action_groups(site, org):
        first = group[0]
        status = first.status_label
        heading = action_heading(first)
        meta = {"kind": "Action", "organisation": org.name, "workstream": workstream_label(first.workstream),
                "workstream_key": first.workstream.key, "status": status,
                "status_key": first.status.key if first.status else "", "symbol": first.status.symbol if first.status else ""}
        out.append(Record(
            url=f"organisations/{org.id}/#{first.anchor}", kind="actions",
            title=heading if len(group) == 1 else f"{heading} and {len(group) - 1} more",
            parts=((org.name, LABEL),), sections=tuple(_action_section(v) for v in group), meta=meta,
            filters={"organisation": [org.name], "workstream": [workstream_label(first.workstream)], "status": [status]}))
    out.append(Record(
        url=f"organisations/{org.id}/progress/", title=f"{org.name}: progress report", kind="page",
        parts=((f"{org.name}: progress report", TEXT),), meta={"kind": "Progress report"},
        filters={"organisation": [org.name]}))
    return out


def recommendation_record(site: Site, number: int) -> Record:
    rec = site.catalogue.get(number)
    title = f"Recommendation {number}" + (f": {rec.title}" if rec and rec.title else "")
    return Record(
        url=f"recommendations/{number}/", title=title, kind="recommendation",
        parts=((f"Recommendation {number}", HEADING), (rec.title if rec else "", NAME), (rec.text if rec else "", TEXT),
               (reference(number), HEADING)),
        meta={"kind": "Recommendation"})


def page_record(url: str, title: str, intro: str, sections=()) -> Record:
    """Another page of the site: its title, its opening text and its sections ((anchor,
    heading, text), each found at its own anchor)."""
    return Record(url=url, title=title, kind="page", parts=((title, HEADING / 2), (intro, TEXT)),
                  meta={"kind": "Page"}, sections=tuple(Section(a, h, ((t, TEXT),)) for a, h, t in sections))


def records(site: Site, recommendation_numbers, pages=()) -> list[Record]:
    """Every record, in a stable order: organisations (each followed by its groups of actions
    and its progress report), recommendations, then ``pages`` (page_record)."""
    out = []
    for org in site.organisations:
        out += organisation_records(site, org)
    out += [recommendation_record(site, n) for n in recommendation_numbers]
    return out + list(pages)
