"""The organisation page's view-model: views.organisation_page's parts with what makes it answer
first: the figures at a glance, one compact line per action (opening to its full card), the
choices of its filters and its contents.

Pure functions (no mkdocs, no I/O). Every figure is judged as of ``site.as_of``, as the rest of
the page is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Organisation, Site
from . import views
from .progress_views import NO_UPDATE, register_row
from .views import ActionView

ABOUT_WORDS = 9  # words of an action's text on its one-line entry
OVERDUE = "overdue"  # the status filter's choice for overdue actions (their latest update says not done)
DUE_PASSED = "due-passed"  # and for those past their due date with no update published


@dataclass(frozen=True)
class ActionLine:
    """One action on the organisation page: a line that opens to its full card."""

    view: ActionView
    ref: str  # what the source calls it (its number), else its id in the plan
    about: str  # its first words, to say what it is about
    status_key: str  # the latest update's status key, or NO_UPDATE
    # the plan's own quotation of the recommendation's text, where it is not word for word the
    # catalogue's (which the recommendation's page shows): "" where the card links instead
    own_recommendation_text: str = ""
    title: str = ""  # the full card's heading: "Action 3, on recommendation 55"

    @property
    def anchor(self) -> str:
        return self.view.anchor


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def about(view: ActionView, words: int = ABOUT_WORDS) -> str:
    """The first ``words`` words of what the action says it will do (else its current position,
    else the recommendation's title), with an ellipsis where it was cut."""
    a = view.action
    text = _words(a.action) or _words(a.current_position) or _words(a.recommendation_title)
    if not text and view.recommendation is not None:
        text = _words(view.recommendation.title)
    parts = text.split(" ")
    if len(parts) <= words:
        return text
    return " ".join(parts[:words]).rstrip(",;:.–—-") + "…"


def reference(view: ActionView) -> str:
    """What the line calls the action: the source's number (else its id), marked "Joint" for a
    joint work area (whose numbers repeat the organisation's own)."""
    a = view.action
    return f"Joint {a.ref or a.id}" if a.joint else a.ref or a.id


def title(view: ActionView) -> str:
    """The card's heading: which action it is (by the source's own number where it has one)
    and the recommendations it answers."""
    a = view.action
    ref = a.ref or a.id
    if a.joint:
        name = f"Joint work area {ref}"
    elif a.ref and view.organisation.grouping_name:
        name = f"{view.organisation.grouping_name}: item {ref}"
    else:
        name = f"Action {ref}"
    numbers = [str(n) for n in a.recommendations]
    if numbers:
        name += f", on recommendation{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
    return name


def own_recommendation_text(view: ActionView) -> str:
    """The plan's quotation of its recommendation where it says more than, or other than, the
    catalogue's text of that recommendation; "" where the recommendation's page shows it word
    for word (the card then links there instead of repeating it)."""
    quoted = view.action.recommendation_text
    if not quoted or not quoted.strip():
        return ""
    catalogued = [rec.text for _, rec in view.recommendations if rec is not None and rec.text]
    if len(view.recommendations) == 1 and catalogued and _words(catalogued[0]) == _words(quoted):
        return ""
    return quoted


def action_line(view: ActionView) -> ActionLine:
    return ActionLine(view=view, ref=reference(view), about=about(view),
                      status_key=view.progress.status or NO_UPDATE,
                      own_recommendation_text=own_recommendation_text(view), title=title(view))


def glance(site: Site, org: Organisation, views: list[ActionView]) -> dict:
    """The figures at the top of the page: how many actions, how many complete, overdue,
    delayed, and past their due date with no update published; when the organisation last reported and whether that is within 12 months of the
    date the statuses are judged against."""
    row = register_row(site, org)
    by_status = row.counts.by_status
    return {
        "total": len(views),
        "complete": by_status.get("complete", 0),
        "delayed": by_status.get("delayed", 0),
        "overdue": row.counts.overdue,
        "due_passed_no_update": row.counts.due_passed_no_update,
        "no_update": by_status.get(NO_UPDATE, 0),
        "complete_status": site.status("complete"),
        "delayed_status": site.status("delayed"),
        "last_update": row.last_update,  # "" when no progress update has been published
        "plan_date": row.plan_date,
        # True: the last update (or, with none, the plan) is more than 12 months before as_of;
        # False: within them; None: neither has a date
        "over_12_months": row.over_12_months,
        "as_of": site.as_of,
    }


def successor(org: Organisation) -> str | None:
    """The body that answers for the organisation's promises now (its plan's ``succession``:
    the latest step its sources confirm), or None where the plan records none. The glance
    prints it through templates/_successor.html; the steps, with their sources, follow in
    templates/_succession.html."""
    succession = getattr(org, "succession", None)
    return succession.current if succession and succession.current else None


def filter_choices(site: Site) -> dict:
    """The choices of the action filters: work streams, then each status, "no update" and
    "overdue" (the value each action line carries in data-status / data-overdue)."""
    statuses = [(s.key, f"{s.symbol} {s.label}") for s in site.statuses]
    return {"workstreams": site.workstreams,
            "statuses": statuses + [(NO_UPDATE, "– No update"), (OVERDUE, "Overdue"),
                                    (DUE_PASSED, "Due date passed, no update published")]}


def contents(site: Site, org: Organisation) -> list[tuple[str, str]]:
    """(anchor, label) of the page's parts, in order, as its contents list and the theme's
    table of contents show them (the page adds "Similar organisations" where it has any)."""
    out = [("summary", "At a glance")]
    if org.succession:
        out.append(("successor", "Who answers for this plan now"))
    out.append(("actions", "Actions"))
    out += [(f"ws-{w.key}", f"{w.number}. {w.name}") for w in site.workstreams]
    out += [("status", "Progress by work stream"), ("source", "Source and dates")]
    if org.context or (org.joint and org.joint.context):
        out.append(("context", "More from the source document"))
    if org.groups:
        out.append(("own-grouping", org.grouping_name))
    if org.joint:
        out.append(("joint", "Shared response"))
    return out + [("coverage", "Recommendations addressed")]


def organisation_parts(site: Site, org: Organisation, streams: list) -> dict:
    """What organisation_page adds for the answer-first layout. ``streams`` is its
    [(WorkStream, [ActionView], description)]."""
    views = [v for _, vs, _ in streams for v in vs]
    return {
        "glance": glance(site, org, views),
        "successor": successor(org),
        "stream_lines": [(ws, [action_line(v) for v in vs], description) for ws, vs, description in streams],
        "filters": filter_choices(site),
        "contents": contents(site, org),
    }


def organisation_page(site: Site, org: Organisation) -> dict:
    """The organisation page's view-model (templates/organisation.html documents its fields)."""
    page = views.organisation_page(site, org)
    return {**page, **organisation_parts(site, org, page["streams"])}
