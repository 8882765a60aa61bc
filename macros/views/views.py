"""Pure functions from the site's data to the view-models the templates print.

No mkdocs and no I/O here. Each page's view-model is a dict whose fields the template
documents at its top.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .. import progress
from ..model import Action, Organisation, Recommendation, Site, Status, WorkStream
from .kept import KEPT
from .status_counts import status_summary

RECOMMENDATIONS = range(1, 291)
NO_UPDATE_LABEL = "No update published"  # an action's status in words where no update is published


@dataclass(frozen=True)
class ActionView:
    """An action with what the pages need next to it."""

    action: Action
    organisation: Organisation
    anchor: str  # id of the action on its organisation page
    workstream: WorkStream
    recommendation: Recommendation | None
    priority_meaning: str
    group_name: str
    progress: progress.ActionProgress
    status: Status | None  # the latest update's status; None: no update published
    recommendations: tuple = ()  # (number, Recommendation or None) for every number it answers
    history: tuple = ()  # (Update, Status) newest first, as of the site's date
    owner_label: str = "Who by"  # what the source calls the owner field
    forum_label: str = "Forum"
    ws_mark: object = None  # EditorsMark: the work stream is the editors', not the source's
    ref_mark: object = None  # EditorsMark: the number is the editors', not the source's
    group_mark: object = None  # EditorsMark: the name of its group is the editors'

    @property
    def status_label(self) -> str:
        """The latest update's status in words, or NO_UPDATE_LABEL."""
        return self.status.label if self.status else NO_UPDATE_LABEL

    @property
    def not_supported(self) -> bool:
        return any(rec and rec.not_supported for _, rec in self.recommendations)

    @property
    def text(self) -> str:
        """What to show for the action in brief: its action, else (labelled: text_is_position)
        the current position the source states in its place."""
        return self.action.action or self.action.current_position

    @property
    def text_is_position(self) -> bool:
        """True where the source states no action and the brief text is its current position."""
        return not self.action.action and bool(self.action.current_position)


def anchor(action: Action) -> str:
    """The action's id on its organisation page: action-<id>, or joint-<id> for a joint work area."""
    return f"{'joint' if action.joint else 'action'}-{action.id}"


def action_views(site: Site, org: Organisation) -> list[ActionView]:
    """The organisation's actions as views. Each page family asks for them (the organisation
    page, four work-stream pages, the recommendation pages), so they are made once per
    organisation and site and kept on the site object for the pages of that build (and, while
    serving, for the next build: kept.py)."""
    memo = site.__dict__.setdefault("_action_views", {})
    found = memo.get(id(org))
    if found is not None and found[0] is org:
        return list(found[1])
    out = KEPT.get("action_views", site, org, lambda: tuple(_action_views(site, org)))
    memo[id(org)] = (org, out)  # the organisation is kept so that its id stays its own
    return list(out)


def made_action_views(site: Site):
    """(organisation, its action views) for every organisation action_views has made views
    for on this site: each view is ``_action_views(site, organisation)[i]``, a pure function of
    the organisation, the site's reference data (work streams, catalogue, statuses) and its
    as-of date."""
    return list(site.__dict__.get("_action_views", {}).values())


def _action_views(site: Site, org: Organisation) -> list[ActionView]:
    groups = {g.id: g.name for g in org.groups}
    out = []
    for a in org.all_actions:
        state = progress.of(a, site.as_of)
        owner_label, forum_label = org.labels(a)
        out.append(ActionView(
            action=a, organisation=org, anchor=anchor(a), workstream=site.workstream(a.workstream),
            recommendation=site.catalogue.get(a.recommendation),
            priority_meaning=org.priority_meaning(a.priority), group_name=groups.get(a.group, ""),
            progress=state, status=site.status(state.status) if state.status else None,
            recommendations=tuple((n, site.catalogue.get(n)) for n in a.recommendations),
            history=tuple((u, site.status(u.status)) for u in state.history),
            owner_label=owner_label, forum_label=forum_label, ws_mark=org.mark("workstream", a),
            ref_mark=org.mark("ref", a) if a.ref else None,
            group_mark=org.mark("group", a) if a.group else None))
    return out


def counts_by_workstream(site: Site, org: Organisation) -> dict[str, int]:
    counts = Counter(a.workstream for a in org.all_actions)
    return {w.key: counts.get(w.key, 0) for w in site.workstreams}


def organisation_page(site: Site, org: Organisation) -> dict:
    views = action_views(site, org)
    by_stream = defaultdict(list)
    for view in views:
        by_stream[view.workstream.key].append(view)
    grouped = [(g, [v for v in views if v.action.group == g.id and not v.action.joint]) for g in org.groups]
    streams = [(w, by_stream[w.key], org.workstream_descriptions.get(w.key, "")) for w in site.workstreams]
    return {
        "org": org,
        "streams": streams,
        "counts": counts_by_workstream(site, org),
        "total": len(views),
        "grouped": grouped,
        "joint": org.joint,
        "joint_actions": [v for v in views if v.action.joint],
        "partners": [o for o in site.organisations if org.joint and o.joint and o.joint.id == org.joint.id and o.id != org.id],
        "workstreams": site.workstreams,
        "as_of": site.as_of,
        "status_summary": status_summary(site, org, views),
    }


def organisations_index(site: Site) -> dict:
    return {
        "rows": [(o, counts_by_workstream(site, o), len(o.all_actions)) for o in site.organisations],
        "workstreams": site.workstreams,
    }


def responses_by_recommendation(site: Site) -> dict[int, list[tuple[Organisation, list[ActionView]]]]:
    """number -> [(organisation, its actions on that recommendation)], organisations by name."""
    result: dict[int, list] = defaultdict(list)
    for org in site.organisations:
        per_rec = defaultdict(list)
        for view in action_views(site, org):
            for number in view.action.recommendations:
                per_rec[number].append(view)
        for number, views in per_rec.items():
            result[number].append((org, views))
    return result


def recommendation_numbers(site: Site, responses: dict) -> list[int]:
    """Every recommendation that gets a page: in the catalogue or referenced by a plan."""
    return sorted(set(site.catalogue) | set(responses))


def not_numbering(site: Site) -> list[Organisation]:
    """Organisations whose source does not number the recommendations it addresses: never
    counted as not addressing one (listed apart)."""
    return [o for o in site.organisations if not o.numbers_recommendations]


def not_addressing(site: Site, answered_ids) -> list[Organisation]:
    """Organisations that number recommendations and do not address this one (``answered_ids``:
    the ids of those that do)."""
    return [o for o in site.organisations if o.numbers_recommendations and o.id not in answered_ids]


def not_responding_path(number: int) -> str:
    """The download of the organisations that did not address recommendation ``number``, by
    site path: its file name says what it holds (it is what a reader's download is saved as)."""
    return f"data/not-responding/did-not-address-recommendation-{number}.csv"


def recommendation_page(site: Site, number: int, responses: dict) -> dict:
    answered = responses.get(number, [])
    ids = {o.id for o, _ in answered}
    return {
        "number": number,
        "rec": site.catalogue.get(number),
        "responses": answered,
        # (id, name) only: the page prints nothing else of them, a link to each (and so while
        # serving, an edit to one organisation does not make all 290 pages render again:
        # macros/site/reuse.py)
        "without": [(o.id, o.name) for o in not_addressing(site, ids)],
        "download": not_responding_path(number),
        # organisations whose sources do not number recommendations: never "did not address it"
        "not_numbering": [o.name for o in not_numbering(site)],
        "workstreams": site.workstreams,
    }


def recommendations_index(site: Site, responses: dict) -> dict:
    pages = set(recommendation_numbers(site, responses))
    rows = [(n, site.catalogue.get(n), len(responses.get(n, [])), n in pages) for n in RECOMMENDATIONS]
    return {"rows": rows, "not_supported": [r for r in site.catalogue.values() if r.not_supported],
            # said once above the table, not in each row
            "untitled": sum(1 for _, rec, _, _ in rows if not (rec and rec.title)),
            "without_text": sum(1 for _, rec, _, _ in rows if not (rec and rec.text))}


def home_summary(site: Site) -> dict:
    index = organisations_index(site)
    totals = {w.key: sum(c[w.key] for _, c, _ in index["rows"]) for w in site.workstreams}
    return {**index, "totals": totals, "total": sum(totals.values()),
            "organisations": len(site.organisations)}
