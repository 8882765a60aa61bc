"""The downloadable data: a public contract that other tools read.

Columns are declared here once, with their descriptions; the downloads page prints them.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json

from .model import Site

SCHEMA_VERSION = 1

ACTIONS_COLUMNS = [
    ("organisation_id", "The organisation's identifier, as in its page address organisations/<id>/."),
    ("organisation", "The organisation's name."),
    ("workstream", "The work stream: cultural, engagement, quality or information."),
    ("recommendation", "The Francis Report recommendation number (1-290), or empty where the plan gives none."),
    ("priority", "The priority as the organisation stated it (e.g. Lewisham's 1-5 scale), or empty."),
    ("action", "What the organisation will do, verbatim (may contain line breaks), or empty where not stated."),
    ("owner", "Who is responsible (\"who by\"), or empty where not stated."),
    ("due", "Completion date: 2014-03-31, 2014-03 or 2014/15, or empty where not stated."),
    ("status", "Progress as last reported, or empty where not stated."),
    ("ref", "The row's own number in the source document, or empty where it has none."),
    ("current_position", "The organisation's current position as the source states it (may contain line breaks), or empty."),
]

RECOMMENDATIONS_COLUMNS = [
    ("number", "The recommendation number, 1-290."),
    ("title", "Short title, where a published response gives one."),
    ("text", "The recommendation's text, where a published response quotes it."),
    ("text_source", "Which published response the text is quoted from."),
    ("government_supported", "true, false (one of the nine the Government did not support), or empty where not known."),
    ("government_response", "The Government's response as quoted, or empty."),
    ("organisations_responding", "How many organisations' plans on this site respond to it."),
]

PLANS_JSON_FIELDS = [
    ("schema_version", f"The version of this file's layout (now {SCHEMA_VERSION}); it changes only when fields are removed or renamed."),
    ("organisations", "Every organisation plan: all of its fields as in its YAML file (see the plan format), plus last_changed."),
    ("joint_responses", "Responses written jointly by several organisations, with their members' ids."),
    ("workstreams", "The four work streams with number, name, description and colour."),
]


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A CSV cell as text a spreadsheet shows and never runs: a text starting like a formula
    gets a ' in front (OWASP's advice). Numbers are left alone."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(text: str) -> str:
    """RFC 4180 quoting. (The csv module's QUOTE_MINIMAL leaves a bare carriage return unquoted
    when the line ends in a newline, which breaks the row in a spreadsheet.)"""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv(header: list[str], rows) -> str:
    lines = [",".join(_cell(neutralise(v)) for v in row) for row in [header, *rows]]
    return "\n".join(lines) + "\n"


def actions_rows(site: Site):
    for org in site.organisations:
        for a in org.all_actions:
            yield [org.id, org.name, a.workstream, a.recommendation or "", a.priority, a.action,
                   a.owner, a.due, a.status, a.ref, a.current_position]


def actions_csv(site: Site) -> str:
    return _csv([c for c, _ in ACTIONS_COLUMNS], actions_rows(site))


def recommendations_csv(site: Site, responding: dict[int, int]) -> str:
    return _csv([c for c, _ in RECOMMENDATIONS_COLUMNS], recommendations_rows(site, responding))


def recommendations_rows(site: Site, responding: dict[int, int]) -> list:
    rows = []
    for number in range(1, 291):
        rec = site.catalogue.get(number)
        response = rec.government_response if rec else None
        rows.append([number, rec.title if rec else "", rec.text if rec else "", rec.text_source if rec else "",
                     "" if response is None else str(response.supported).lower(),
                     response.text if response else "", responding.get(number, 0)])
    return rows


def _clean(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("source", "line", "joint") and getattr(value, f.name) not in ("", None, (), {})}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def plans_json(site: Site) -> str:
    organisations = []
    for org in site.organisations:
        data = _clean(org)
        data.pop("joint", None)
        data["joint_response"] = org.joint.id if org.joint else None
        data["plan_file"] = org.source.rsplit("/", 1)[-1]
        data["priority_scale"] = [{"value": v, "meaning": m} for v, m in org.priority_scale]
        organisations.append(data)
    joints = []
    for joint in site.joint_responses.values():
        data = _clean(joint)
        data["members"] = [o.id for o in site.organisations if o.joint and o.joint.id == joint.id]
        joints.append(data)
    document = {"schema_version": SCHEMA_VERSION, "organisations": organisations,
                "joint_responses": joints, "workstreams": _clean(site.workstreams)}
    return json.dumps(document, ensure_ascii=False, indent=1)


def workbooks(site: Site, responding: dict[int, int]) -> dict[str, bytes]:
    """Each table as an Excel workbook: text cells, exact text (see xlsx.py)."""
    from . import xlsx  # openpyxl is loaded only when the downloads are made
    return {
        "data/actions.xlsx": xlsx.workbook("actions", [c for c, _ in ACTIONS_COLUMNS], actions_rows(site)),
        "data/recommendations.xlsx": xlsx.workbook("recommendations", [c for c, _ in RECOMMENDATIONS_COLUMNS],
                                                   recommendations_rows(site, responding)),
    }
