"""The comparison data and the coverage map: pure functions, no mkdocs, no I/O.

The comparison page is drawn in the reader's browser (docs/javascripts/compare.js) from two
kinds of small JSON file made here, so choosing organisations costs no page per pair:

- ``data/compare.json``: every organisation in brief (counts per work stream, overdue count,
  the count of actions past their due date with no update published, never called overdue,
  actions per status, the recommendations it addresses), for the filterable, sortable table;
- ``data/compare/<id>.json``: one organisation's actions in brief, fetched only when a reader
  sets it side by side with others.

The files carry plan text as JSON strings; the script puts them on the page with textContent.
"""
from __future__ import annotations

import json
from collections import Counter

from .. import csvcells
from ..model import Organisation, Site
from . import downloads, views

BRIEF = 200  # characters of an action's text in the side-by-side view
NO_UPDATE = "none"  # the status key of an action with no published update


def _brief(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= BRIEF else text[:BRIEF - 1].rstrip() + "…"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def organisation_brief(site: Site, org: Organisation, action_views: list) -> dict:
    """One row of data/compare.json."""
    counts = Counter(v.workstream.key for v in action_views)
    statuses = Counter(v.status.key if v.status else NO_UPDATE for v in action_views)
    recs = sorted({n for v in action_views for n in v.action.recommendations})
    return {
        "id": org.id,
        "name": org.name,
        "counts": [counts.get(w.key, 0) for w in site.workstreams],
        "total": len(action_views),
        "overdue": sum(1 for v in action_views if v.progress.overdue),
        "statuses": {k: n for k, n in sorted(statuses.items())},
        "by": [{k: n for k, n in sorted(Counter(v.status.key if v.status else NO_UPDATE for v in action_views
                                                if v.workstream.key == w.key).items())} for w in site.workstreams],
        "overdue_by": [sum(1 for v in action_views if v.progress.overdue and v.workstream.key == w.key)
                       for w in site.workstreams],
        "recs": recs,
        "numbers_recommendations": org.numbers_recommendations,
        "successor": org.succession.current if org.succession else "",
        "ws_editors": org.editors_workstreams,
        "due_passed_no_update": sum(1 for v in action_views if v.progress.due_passed_no_update),
        "due_passed_no_update_by": [sum(1 for v in action_views if v.progress.due_passed_no_update
                                        and v.workstream.key == w.key) for w in site.workstreams],
    }


def index_json(site: Site, per_org: dict) -> str:
    """data/compare.json. ``per_org`` is {organisation id: [ActionView]}."""
    return _dump({
        "as_of": site.as_of,
        "workstreams": [{"key": w.key, "number": w.number, "name": w.name} for w in site.workstreams],
        "statuses": [{"key": s.key, "label": s.label, "symbol": s.symbol} for s in site.statuses]
                    + [{"key": NO_UPDATE, "label": "No update", "symbol": "–"}],
        "organisations": [organisation_brief(site, o, per_org[o.id]) for o in site.organisations],
    })


def action_brief(v) -> dict:
    return {
        "anchor": v.anchor,
        "ws": v.workstream.key,
        "recs": list(v.action.recommendations),
        "ref": v.action.ref,
        "joint": v.action.joint,
        "text": _brief(v.text),
        "position": v.text_is_position,  # the text is the current position: the source states no action
        "ws_editors": bool(v.ws_mark),  # the work stream is the editors', not the source's
        "priority": v.action.priority,
        "status": v.status.key if v.status else NO_UPDATE,
        "overdue": bool(v.progress.overdue),
        "due_passed_no_update": bool(v.progress.due_passed_no_update),
        "not_supported": v.not_supported,
    }


def organisation_json(org: Organisation, action_views: list) -> str:
    """data/compare/<id>.json: the organisation's actions in brief, in plan order."""
    return _dump({"id": org.id, "name": org.name, "actions": [action_brief(v) for v in action_views]})


def data_files(site: Site, per_org: dict) -> dict[str, str]:
    files = {"data/compare.json": index_json(site, per_org)}
    for org in site.organisations:
        files[f"data/compare/{org.id}.json"] = organisation_json(org, per_org[org.id])
    return files


def script_files(json_files: dict[str, str]) -> dict[str, str]:
    """The comparison data as scripts, for a copy opened from its files (browsers refuse to
    fetch from file://): each hands its JSON, unchanged, to window.frCompareData under its
    path. JSON is a JavaScript expression, and json.dumps writes the path as a string literal,
    so no plan text can end the statement."""
    return {f"{path}.js": "(window.frCompareData = window.frCompareData || {})["
            f"{json.dumps(path)}] = {text};\n"
            for path, text in json_files.items() if path.startswith("data/compare")}


def by_successor(site: Site) -> list[tuple[str, list[Organisation]]]:
    """Organisations grouped by the body that answers for their promises now (plans recording
    none last, under ""), bodies in name order."""
    groups: dict[str, list] = {}
    for org in site.organisations:
        groups.setdefault(org.succession.current if org.succession else "", []).append(org)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))


# The coverage map ------------------------------------------------------------------------

SHADES = 5  # shade 0 (no organisation) to 4 (the most)


def shade(count: int, most: int) -> int:
    """The shade of a cell: 0 for none, else 1-4 in proportion to the busiest recommendation."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(SHADES - 1, -(-count * (SHADES - 1) // most)))


def coverage(site: Site, responses: dict) -> dict:
    """All recommendations as cells: (number, organisations addressing it, shade, not supported).
    ``organisations`` counts those whose sources number recommendations; ``not_numbering`` lists
    the others apart (they are never counted as not addressing one)."""
    counts = {n: len(responses.get(n, [])) for n in views.RECOMMENDATIONS}
    most = max(counts.values(), default=0)
    cells = [(n, c, shade(c, most), bool(site.catalogue.get(n) and site.catalogue[n].not_supported))
             for n, c in counts.items()]
    apart = views.not_numbering(site)
    return {"cells": cells, "most": most, "organisations": len(site.organisations) - len(apart),
            "not_numbering": apart, "addressed": sum(1 for c in counts.values() if c)}


def organisation_coverage(site: Site, org: Organisation) -> dict:
    """One organisation's cells: (number, addressed, not supported). ``numbers`` is False where
    its source does not number recommendations: then it has no map (nothing is "not addressed")."""
    mine = {n for a in org.all_actions for n in a.recommendations}
    cells = [(n, n in mine, bool(site.catalogue.get(n) and site.catalogue[n].not_supported))
             for n in views.RECOMMENDATIONS] if org.numbers_recommendations else []
    return {"cells": cells, "addressed": sum(1 for n in views.RECOMMENDATIONS if n in mine),
            "numbers": org.numbers_recommendations}


# The not-addressing files' header (the columns are declared in downloads.NOT_RESPONDING): made once
_NOT_RESPONDING_HEADER = csvcells.csv_line(downloads.NOT_RESPONDING.keys)


def not_responding(site: Site, responses: dict, number: int) -> list[Organisation]:
    """Organisations whose plans number recommendations and do not address ``number`` (those
    whose sources do not number them are listed apart: data/not-numbering.csv)."""
    return views.not_addressing(site, {o.id for o, _ in responses.get(number, [])})


def not_numbering_csv(site: Site) -> str:
    """data/not-numbering.csv: the organisations left out of every not-responding list."""
    return csvcells.csv_table(downloads.NOT_NUMBERING.keys, [[o.id, o.name] for o in views.not_numbering(site)])


def not_responding_csv(site: Site, responses: dict, number: int) -> str:
    return _not_responding_table(number, not_responding(site, responses, number), _organisation_cells(site))


def not_responding_files(site: Site, responses: dict, numbers) -> dict[str, str]:
    """views.not_responding_path(n) for every recommendation that has a page."""
    cells = _organisation_cells(site)  # the same in every file: made once
    files = {views.not_responding_path(n): _not_responding_table(n, not_responding(site, responses, n), cells)
             for n in sorted(numbers)}
    files["data/not-numbering.csv"] = not_numbering_csv(site)
    return files


def _organisation_cells(site: Site) -> dict[str, str]:
    """Each organisation's id and name as CSV cells (csvcells.csv_line)."""
    return {o.id: csvcells.csv_line([o.id, o.name]) for o in site.organisations}


def _not_responding_table(number: int, organisations: list[Organisation], cells: dict[str, str]) -> str:
    first = csvcells.csv_line([number])
    return csvcells.csv_text([_NOT_RESPONDING_HEADER,
                              *(f"{first},{cells[o.id]}" for o in organisations)])
