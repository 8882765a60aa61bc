"""The downloadable data: a public contract that other tools read.

Columns are declared here once, with their descriptions; the downloads page prints them.
"""
from __future__ import annotations

import dataclasses
import json
import re

from .. import progress
from ..model import Site
from ..csvcells import FORMULA_STARTS, csv_line, csv_table, csv_text, neutralise  # noqa: F401 (as before)
from . import xlsx

SCHEMA_VERSION = 2

ACTIONS_COLUMNS = [
    ("organisation_id", "The organisation's identifier, as in its page address organisations/<id>/."),
    ("organisation", "The organisation's name."),
    ("workstream", "The work stream: cultural, engagement, quality or information."),
    ("recommendation", "The Francis Report recommendation number (1-290); several numbers separated by \"; \" where an action answers several; empty where the plan gives none."),
    ("priority", "The priority as the organisation stated it (e.g. Lewisham's 1-5 scale), or empty."),
    ("action", "What the organisation will do, verbatim (may contain line breaks), or empty where not stated."),
    ("owner", "Who is responsible (\"who by\"), or empty where not stated."),
    ("due", "Completion date: 2014-03-31, 2014-03 or 2014/15, or empty where not stated."),
    ("status", "Progress as last reported, or empty where not stated."),
    ("ref", "The row's own number in the source document, or empty where it has none."),
    ("current_position", "The organisation's current position as the source states it (may contain line breaks), or empty."),
    ("action_id", "The action's id, unique within its plan. Its entry on the organisation's page has the anchor action-<id> (joint-<id> for a joint work area)."),
    ("current_status", "The status of its latest progress update as of the site's date: not-started, on-track, delayed, complete, superseded or not-proceeding; empty where no progress update has been published (which does not mean not started)."),
    ("last_update", "The date of its latest progress update (YYYY-MM-DD), or empty."),
    ("overdue", "true when, as of the site's date, it is past its due date (the revised one where revised) and its latest progress update says it is not complete, superseded or not proceeding; otherwise false (false too for an action with no update: see due_passed_no_update)."),
    ("due_passed_no_update", "true when, as of the site's date, its due date has passed and no progress update has been published: whether it was done is not known, so it is not called overdue; otherwise false."),
    ("forum", "The forum or group that oversees the action, where the source names one, or empty."),
    ("owner_label", "What the source calls the owner (for example Proposed leads), or empty where it does not say (the site prints \"Who by\")."),
    ("editors_supplied", "Which of this row's values the site's editors supplied because the source does not give them: workstream, ref, or both separated by \"; \"; empty where all are the source's. The organisation's page says why."),
    ("text_is_position", "true where the source states no action for this row, so the site shows its current_position in the action's place (labelled); otherwise false."),
    ("current_successor", "The body that answers for the organisation's promises now (clinical commissioning groups were abolished on 1 July 2022), or empty where its plan does not record one. data/successors.csv has each step with its sources."),
    # issue 22: assurance apart from delivery, and the latest update's next step and forecast
    ("assured", "For a complete action: true when a committee has accepted the evidence that it was delivered (by the site's date), false when it is complete but not yet assured; empty when it is not complete."),
    ("assured_by", "The committee that assured it, or empty."),
    ("assured_on", "The date it was assured (YYYY-MM-DD), or empty."),
    ("assurance_minute", "The minute reference of the assurance, or empty."),
    ("assurance_evidence_location", "Where the evidence the committee saw is held, or empty."),
    ("next_step", "The next step its latest progress update gives, or empty."),
    ("forecast", "The forecast completion date its latest progress update gives (2014-03-31, 2014-03 or 2014/15), or empty."),
]

UPDATES_COLUMNS = [
    ("organisation_id", "The organisation's identifier (a joint work area's updates are listed under each member)."),
    ("action_id", "The action's id, as in actions.csv."),
    ("date", "The date of the update (YYYY-MM-DD)."),
    ("status", "The status it reported: not-started, on-track, delayed, complete, superseded or not-proceeding."),
    ("note", "The update's note, verbatim (may contain line breaks), or empty."),
    ("evidence_titles", "The titles of its evidence links, one per line, or empty."),
    ("evidence_urls", "Their addresses, one per line in the same order, or empty."),
    ("revised_due", "A revised completion date set by this update, or empty (the action's own due date stays in actions.csv)."),
    ("reason", "Why the completion date was revised, or empty."),
    ("given_by", "Who gave the update (the progress round's Filled in by column), or empty."),
    # issue 22
    ("next_step", "The next step the update gives, or empty."),
    ("forecast", "The forecast completion date the update gives, or empty (it revises nothing)."),
    ("assured_by", "The committee that accepted the evidence, where the update records assurance, or empty."),
    ("assured_on", "The date of that assurance (YYYY-MM-DD), or empty."),
    ("assurance_minute", "Its minute reference, or empty."),
    ("assurance_evidence_location", "Where the evidence the committee saw is held, or empty."),
]

PASSAGES_COLUMNS = [
    ("organisation_id", "The organisation's identifier (a joint response's passages are listed under each member)."),
    ("joint_response", "The joint response's identifier where the passage is from a joint response, else empty."),
    ("section", "The source's own number for the passage (4.3, 5.3-5.6), or empty where it numbers none."),
    ("heading", "The source's heading for the passage."),
    ("text", "The passage, verbatim (may contain line breaks)."),
]

SUCCESSORS_COLUMNS = [
    ("organisation_id", "The organisation's identifier."),
    ("organisation", "The organisation's name."),
    ("ods_code", "The organisation's own code in the NHS Organisation Data Service, or empty where not confirmed."),
    ("step", "The step's place in what became of the organisation (1: the first)."),
    ("date", "When the step took effect (YYYY-MM-DD, or YYYY-MM where the sources give only the month)."),
    ("body", "The body it became or whose part it became."),
    ("body_ods_code", "That body's ODS code, or empty where no source read gives it."),
    ("event", "What happened, in one sentence."),
    ("source_titles", "The titles of the public sources for the step, one per line."),
    ("source_urls", "Their addresses, one per line in the same order."),
    ("note", "Anything a reader should know about the step or its sources, or empty."),
    ("unconfirmed", "Why the sources read do not confirm the step, or empty where they do."),
    ("current_successor", "The body that answers for the organisation's promises now (the latest confirmed step)."),
    ("checked", "The date the steps were last checked against their sources (YYYY-MM-DD)."),
]

RECOMMENDATIONS_COLUMNS = [
    ("number", "The recommendation number, 1-290."),
    ("title", "Short title, where a published response gives one."),
    ("text", "The recommendation's text, where a published response quotes it."),
    ("text_source", "Which published response the text is quoted from."),
    ("government_supported", "true, false (one of the nine the Government did not support), or empty where not known."),
    ("government_response", "The Government's response as quoted, or empty."),
    ("organisations_responding", "How many organisations' plans on this site respond to it."),
    ("other_texts", "Where another published response quotes the recommendation differently: that wording, verbatim (several separated by a blank line), else empty."),
    ("other_text_sources", "Which published responses quote it so, one per line in the same order."),
]

PLANS_JSON_FIELDS = [
    ("schema_version", f"The version of this file's layout (now {SCHEMA_VERSION}); it changes only when fields are removed or renamed. Version 2: each action has an id, recommendations (a list of numbers) in place of recommendation, updates and, where added later, added; each organisation has reports; the file has as_of."),
    ("as_of", "The date the site's statuses are judged against (YYYY-MM-DD): updates dated after it are left out."),
    ("organisations", "Every organisation plan: all of its fields as in its YAML file (see the plan format), plus last_changed. Actions carry their progress updates (date, status, note, evidence, due, reason, by) oldest first; reports lists the progress reports the organisation published."),
    ("joint_responses", "Responses written jointly by several organisations, with their members' ids."),
    ("workstreams", "The four work streams with number, name, description and colour."),
]


def actions_rows(site: Site):
    for org in site.organisations:
        for a in org.all_actions:
            p = progress.of(a, site.as_of)
            yield [org.id, org.name, a.workstream, "; ".join(map(str, a.recommendations)), a.priority, a.action,
                   a.owner, a.due, a.status, a.ref, a.current_position, a.id, p.status or "", p.last_update,
                   str(p.overdue).lower(), str(p.due_passed_no_update).lower(), a.forum,
                   (org.joint.owner_label if a.joint and org.joint else org.owner_label),
                   "; ".join(f for f in ("workstream", "ref") if org.mark(f, a) and (f != "ref" or a.ref)),
                   str(not a.action and bool(a.current_position)).lower(),
                   org.succession.current if org.succession else "", *_assurance_cells(p)]


def _assurance_cells(p) -> list:
    """assured, assured_by, assured_on, assurance_minute, assurance_evidence_location, next_step,
    forecast of an action's progress."""
    a, latest = p.assurance, p.latest
    return [str(a is not None).lower() if p.status == "complete" else "", a.by if a else "", a.date if a else "",
            a.minute if a else "", a.evidence_location if a else "", latest.next_step if latest else "",
            latest.forecast if latest else ""]


def actions_csv(site: Site) -> str:
    return csv_table([c for c, _ in ACTIONS_COLUMNS], actions_rows(site))


def updates_rows(site: Site):
    for org in site.organisations:
        for a in org.all_actions:
            for u in progress.visible(a, site.as_of):
                assured = u.assurance
                yield [org.id, a.id, u.date, u.status, u.note, "\n".join(link.title for link in u.evidence),
                       "\n".join(link.url for link in u.evidence), u.due, u.reason, u.by, u.next_step, u.forecast,
                       assured.by if assured else "", assured.date if assured else "", assured.minute if assured else "",
                       assured.evidence_location if assured else ""]


def updates_csv(site: Site) -> str:
    return csv_table([c for c, _ in UPDATES_COLUMNS], updates_rows(site))


def recommendations_csv(site: Site, responding: dict[int, int]) -> str:
    return csv_table([c for c, _ in RECOMMENDATIONS_COLUMNS], recommendations_rows(site, responding))


def recommendations_rows(site: Site, responding: dict[int, int]) -> list:
    rows = []
    for number in range(1, 291):
        rec = site.catalogue.get(number)
        response = rec.government_response if rec else None
        quotes = rec.other_quotes if rec else ()
        rows.append([number, rec.title if rec else "", rec.text if rec else "", rec.text_source if rec else "",
                     "" if response is None else str(response.supported).lower(),
                     response.text if response else "", responding.get(number, 0),
                     "\n\n".join(q.text for q in quotes), "\n".join(q.source for q in quotes)])
    return rows


def _clean(value):
    if value.__class__ in _PLAIN:  # most values: nothing to do
        return value
    names = _FIELDS.get(value.__class__)
    if names is None and dataclasses.is_dataclass(value):
        names = _FIELDS[value.__class__] = tuple(f.name for f in dataclasses.fields(value)
                                                 if f.name not in ("source", "line", "joint"))
    if names is not None:
        fields = ((name, getattr(value, name)) for name in names)
        return {name: _clean(v) for name, v in fields if v not in ("", None, (), {})}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's fields written by _clean


def _cut(actions, as_of: str) -> tuple:
    """The actions with only their updates dated on or before ``as_of``."""
    return tuple(dataclasses.replace(a, updates=progress.visible(a, as_of)) for a in actions)


def _as_of(org, as_of: str):
    joint = org.joint and dataclasses.replace(org.joint, joint_work=_cut(org.joint.joint_work, as_of))
    return dataclasses.replace(org, actions=_cut(org.actions, as_of), joint=joint)


def plans_json(site: Site) -> str:
    organisations = []
    for org in site.organisations:
        org = _as_of(org, site.as_of)
        data = _clean(org)
        data.pop("joint", None)
        data["joint_response"] = org.joint.id if org.joint else None
        data["plan_file"] = org.source.rsplit("/", 1)[-1]
        data["priority_scale"] = [{"value": v, "meaning": m} for v, m in org.priority_scale]
        organisations.append(data)
    joints = []
    for joint in site.joint_responses.values():
        data = _clean(dataclasses.replace(joint, joint_work=_cut(joint.joint_work, site.as_of)))
        data["members"] = [o.id for o in site.organisations if o.joint and o.joint.id == joint.id]
        joints.append(data)
    document = {"schema_version": SCHEMA_VERSION, "as_of": site.as_of, "organisations": organisations,
                "joint_responses": joints, "workstreams": _clean(site.workstreams)}
    return json.dumps(document, ensure_ascii=False, indent=1)


def workbooks(site: Site, responding: dict[int, int]) -> dict[str, bytes]:
    """Each table as an Excel workbook: text cells, exact text (see xlsx.py)."""
    return {f"data/{name}.xlsx": xlsx.workbook(name, header, rows) for name, header, rows in _tables(site, responding)}


def tables(site: Site, responding: dict[int, int]) -> dict[str, str | bytes]:
    """data/<table>.csv and data/<table>.xlsx for each table, its rows made once for both."""
    files = {}
    for name, header, rows in _tables(site, responding):
        files[f"data/{name}.csv"] = csv_table(header, rows)
        files[f"data/{name}.xlsx"] = xlsx.workbook(name, header, rows)
    return files


def passages_rows(site: Site):
    for org in site.organisations:
        for p in org.context:
            yield [org.id, "", p.section, p.heading, p.text]
        for p in (org.joint.context if org.joint else ()):
            yield [org.id, org.joint.id, p.section, p.heading, p.text]


def successors_rows(site: Site):
    for org in site.organisations:
        s = org.succession
        if s is None:
            continue
        for i, step in enumerate(s.steps, 1):
            yield [org.id, org.name, s.ods_code, i, step.date, step.body, step.ods_code, step.event,
                   "\n".join(link.title for link in step.sources), "\n".join(link.url for link in step.sources),
                   step.note, step.unconfirmed, s.current, s.checked]


def _tables(site: Site, responding: dict[int, int]):
    """(name, header, rows) of each table."""
    yield "actions", [c for c, _ in ACTIONS_COLUMNS], list(actions_rows(site))
    yield "updates", [c for c, _ in UPDATES_COLUMNS], list(updates_rows(site))
    yield "recommendations", [c for c, _ in RECOMMENDATIONS_COLUMNS], recommendations_rows(site, responding)
    yield "passages", [c for c, _ in PASSAGES_COLUMNS], list(passages_rows(site))
    yield "successors", [c for c, _ in SUCCESSORS_COLUMNS], list(successors_rows(site))
