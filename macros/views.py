"""Pure functions from the site's data to the view-models the templates print.

No mkdocs and no I/O here. Each page's view-model is a dict whose fields the template
documents at its top.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from . import progress
from .model import Action, Organisation, Recommendation, Site, Status, WorkStream

RECOMMENDATIONS = range(1, 291)


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

    @property
    def not_supported(self) -> bool:
        return any(rec and rec.not_supported for _, rec in self.recommendations)


def anchor(action: Action) -> str:
    """The action's id on its organisation page: action-<id>, or joint-<id> for a joint work area."""
    return f"{'joint' if action.joint else 'action'}-{action.id}"


def action_views(site: Site, org: Organisation) -> list[ActionView]:
    """The organisation's actions as views. Each page family asks for them (the organisation
    page, four work-stream pages, the recommendation pages), so they are made once per
    organisation and site and kept on the site object for the pages of that build."""
    memo = site.__dict__.setdefault("_action_views", {})
    kept = memo.get(id(org))
    if kept is not None and kept[0] is org:
        return list(kept[1])
    out = _action_views(site, org)
    memo[id(org)] = (org, tuple(out))  # the organisation is kept so that its id stays its own
    return out


def _action_views(site: Site, org: Organisation) -> list[ActionView]:
    groups = {g.id: g.name for g in org.groups}
    out = []
    for a in org.all_actions:
        state = progress.of(a, site.as_of)
        out.append(ActionView(
            action=a, organisation=org, anchor=anchor(a), workstream=site.workstream(a.workstream),
            recommendation=site.catalogue.get(a.recommendation),
            priority_meaning=org.priority_meaning(a.priority), group_name=groups.get(a.group, ""),
            progress=state, status=site.status(state.status) if state.status else None,
            recommendations=tuple((n, site.catalogue.get(n)) for n in a.recommendations),
            history=tuple((u, site.status(u.status)) for u in state.history)))
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
    return {
        "org": org,
        "streams": [(w, by_stream[w.key], org.workstream_descriptions.get(w.key, "")) for w in site.workstreams],
        "counts": counts_by_workstream(site, org),
        "total": len(views),
        "grouped": grouped,
        "joint": org.joint,
        "joint_actions": [v for v in views if v.action.joint],
        "partners": [o for o in site.organisations if org.joint and o.joint and o.joint.id == org.joint.id and o.id != org.id],
        "workstreams": site.workstreams,
        "as_of": site.as_of,
    }


def organisations_index(site: Site) -> dict:
    return {
        "rows": [(o, counts_by_workstream(site, o), len(o.all_actions)) for o in site.organisations],
        "workstreams": site.workstreams,
    }


def workstream_page(site: Site, ws: WorkStream) -> dict:
    per_org = []
    for org in site.organisations:
        views = [v for v in action_views(site, org) if v.workstream.key == ws.key]
        per_org.append((org, views))
    return {
        "ws": ws,
        "per_org": [(o, v) for o, v in per_org if v],
        "without": [o for o, v in per_org if not v],
        "total": sum(len(v) for _, v in per_org),
        "workstreams": site.workstreams,
    }


PART_SIZE = 220  # organisations on one page of a long listing: under 300 KB at 1,000 organisations
COMPARE_PART_SIZE = 190  # the comparison page prints more per organisation (211: two parts)


def in_parts(page: dict, key: str, url: str, size: int = PART_SIZE) -> list[dict]:
    """``page`` as pages of at most ``size`` organisations of its ``key`` list [(Organisation, ...)],
    as few as fit and of equal length, in order: the first at ``url``, part n at ``url``n/. Each gets ``part`` (its number),
    ``part_links`` [(number, url, first organisation's name, last's)] and ``listed`` (the length
    of the whole list); a short list stays one page."""
    items = page[key]
    count = max(1, -(-len(items) // size))  # as few parts as fit, of equal length
    step = -(-len(items) // count) if items else 1
    chunks = [items[i:i + step] for i in range(0, len(items), step)] or [items]
    parts = [(n, url if n == 1 else f"{url}{n}/", chunk[0][0].name if chunk else "",
              chunk[-1][0].name if chunk else "") for n, chunk in enumerate(chunks, 1)]
    return [{**page, key: chunk, "part": n, "part_links": parts, "listed": len(items)}
            for n, chunk in enumerate(chunks, 1)]


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


def recommendation_page(site: Site, number: int, responses: dict) -> dict:
    answered = responses.get(number, [])
    ids = {o.id for o, _ in answered}
    return {
        "number": number,
        "rec": site.catalogue.get(number),
        "responses": answered,
        # names only: the page prints nothing else of them (and so while serving, an edit to
        # one organisation does not make all 290 pages render again: macros/reuse.py)
        "without": [o.name for o in site.organisations if o.id not in ids],
        "workstreams": site.workstreams,
    }


def recommendations_index(site: Site, responses: dict) -> dict:
    pages = set(recommendation_numbers(site, responses))
    rows = [(n, site.catalogue.get(n), len(responses.get(n, [])), n in pages) for n in RECOMMENDATIONS]
    return {"rows": rows, "not_supported": [r for r in site.catalogue.values() if r.not_supported]}


def priorities(views: list[ActionView]) -> str:
    """The distinct priorities of an organisation's actions on one recommendation."""
    seen = []
    for v in views:
        if v.action.priority and v.action.priority not in seen:
            seen.append(v.action.priority)
    return ", ".join(seen)


def compare_page(site: Site, responses: dict) -> dict:
    matrix = [(n, site.catalogue.get(n), [(o, views, priorities(views)) for o, views in responses[n]])
              for n in sorted(responses)]
    return {**home_summary(site), "matrix": matrix}


def compare_parts(site: Site, responses: dict) -> list[dict]:
    """The comparison page, in parts of PART_SIZE organisations when there are more: each part
    holds its organisations' rows of both tables (the totals stay those of all organisations)."""
    pages = in_parts(compare_page(site, responses), "rows", "compare/", COMPARE_PART_SIZE)
    if len(pages) > 1:
        for page in pages:
            ids = {org.id for org, _, _ in page["rows"]}
            page["matrix"] = [(n, rec, kept) for n, rec, cells in page["matrix"]
                              if (kept := [c for c in cells if c[0].id in ids])]
    return pages


def home_summary(site: Site) -> dict:
    index = organisations_index(site)
    totals = {w.key: sum(c[w.key] for _, c, _ in index["rows"]) for w in site.workstreams}
    return {**index, "totals": totals, "total": sum(totals.values()),
            "organisations": len(site.organisations)}
