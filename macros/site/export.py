"""The downloadable data, a public contract that other tools read: the tables as CSV (UTF-8 with
a byte-order mark, so that Excel reads the accents) and as workbooks (xlsx.py), each
organisation's own files, every plan as JSON, and the data package that describes the CSV
files (datapackage.py).

The tables' columns are declared once, in macros/views/downloads.py.
"""
from __future__ import annotations

import dataclasses
import json

from .. import progress
from ..csvcells import FORMULA_STARTS, csv_line, csv_table, csv_text, neutralise  # noqa: F401 (as before)
from ..model import Site
from ..views import downloads
from ..views.downloads import ACTIONS, ORGANISATIONS, PASSAGES, RECOMMENDATIONS, SUCCESSORS, UPDATES
from . import datapackage, xlsx

SCHEMA_VERSION = 2
BOM = "\ufeff"  # the byte-order mark each CSV file starts with
ORGANISATION_FILES = "data/organisations"  # <id>-actions.csv, <id>-updates.csv, <id>-actions.xlsx, <id>-actions.json

PLANS_JSON_FIELDS = [
    ("schema_version", f"The version of this file's layout (now {SCHEMA_VERSION}); it changes only when fields are removed or renamed. Version 2: each action has an id, recommendations (a list of numbers) in place of recommendation, updates and, where added later, added; each organisation has reports; the file has as_of."),
    ("as_of", "The date the site's statuses are judged against (YYYY-MM-DD): updates dated after it are left out."),
    ("organisations", "Every organisation plan: all of its fields as in its YAML file (see the plan format), plus last_changed. Actions carry their progress updates (date, status, note, evidence, due, reason, by) oldest first; reports lists the progress reports the organisation published."),
    ("joint_responses", "Responses written jointly by several organisations, with their members' ids."),
    ("workstreams", "The four work streams with number, name, description and colour."),
]


def organisation_files(org_id: str) -> dict[str, str]:
    """The site paths of one organisation's own files, by kind."""
    return {kind: f"{ORGANISATION_FILES}/{org_id}-{name}" for kind, name in (
        ("csv", "actions.csv"), ("updates_csv", "updates.csv"), ("xlsx", "actions.xlsx"), ("json", "actions.json"))}


def actions_rows(site: Site) -> list[list]:
    return [row for org in site.organisations for row in downloads.values(ACTIONS, downloads.action_rows(site, org))]


def updates_rows(site: Site) -> list[list]:
    return [row for org in site.organisations for row in downloads.values(UPDATES, downloads.update_rows(site, org))]


def recommendations_rows(site: Site, responding: dict[int, int]) -> list[list]:
    return downloads.values(RECOMMENDATIONS, downloads.recommendation_rows(site, responding))


def actions_csv(site: Site) -> str:
    """actions.csv without its byte-order mark."""
    return csv_table(ACTIONS.keys, actions_rows(site))


def updates_csv(site: Site) -> str:
    """updates.csv without its byte-order mark."""
    return csv_table(UPDATES.keys, updates_rows(site))


def recommendations_csv(site: Site, responding: dict[int, int]) -> str:
    """recommendations.csv without its byte-order mark."""
    return csv_table(RECOMMENDATIONS.keys, recommendations_rows(site, responding))


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


def _plans(site: Site) -> tuple[list[dict], dict[str, dict]]:
    """Every organisation's record and every joint response's, as plans.json holds them."""
    organisations = []
    for org in site.organisations:
        org = _as_of(org, site.as_of)
        data = _clean(org)
        data.pop("joint", None)
        data["joint_response"] = org.joint.id if org.joint else None
        data["plan_file"] = org.source.rsplit("/", 1)[-1]
        data["priority_scale"] = [{"value": v, "meaning": m} for v, m in org.priority_scale]
        organisations.append(data)
    joints = {}
    for joint in site.joint_responses.values():
        data = _clean(dataclasses.replace(joint, joint_work=_cut(joint.joint_work, site.as_of)))
        data["members"] = [o.id for o in site.organisations if o.joint and o.joint.id == joint.id]
        joints[joint.id] = data
    return organisations, joints


def plans_json(site: Site, plans: tuple | None = None) -> str:
    organisations, joints = plans or _plans(site)
    document = {"schema_version": SCHEMA_VERSION, "as_of": site.as_of, "organisations": organisations,
                "joint_responses": list(joints.values()), "workstreams": _clean(site.workstreams)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))  # no indent: the faster C encoder


def organisation_json(site: Site, record: dict, joint: dict | None) -> str:
    """One organisation's plan as plans.json holds it, with its joint response (and that
    response's joint work areas) where it has one, stamped with the as-of date."""
    document = {"schema_version": SCHEMA_VERSION, "as_of": site.as_of, "organisation": record}
    if joint is not None:
        document["joint_response"] = joint
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def tables(site: Site, responding: dict[int, int], site_name: str = "", site_url: str = "") -> dict[str, str | bytes]:
    """data/<table>.csv and data/<table>.xlsx for each table (rows made once for both), each
    organisation's own files, plans.json and the data package."""
    files: dict[str, str | bytes] = {}
    about = Citation(site, site_name, site_url)
    per_org = []  # (organisation, its action rows, its update rows)
    for org in site.organisations:
        per_org.append((org, downloads.values(ACTIONS, downloads.action_rows(site, org)),
                        downloads.values(UPDATES, downloads.update_rows(site, org))))
    whole = {
        ACTIONS: [row for _, rows, _ in per_org for row in rows],
        UPDATES: [row for _, _, rows in per_org for row in rows],
        RECOMMENDATIONS: recommendations_rows(site, responding),
        ORGANISATIONS: downloads.values(ORGANISATIONS, downloads.organisation_rows(site)),
        PASSAGES: downloads.values(PASSAGES, downloads.passage_rows(site)),
        SUCCESSORS: downloads.values(SUCCESSORS, downloads.successor_rows(site)),
    }
    lines = {table: [csv_line(row) for row in rows] for table, rows in whole.items()}
    headers = {table: csv_line(table.keys) for table in whole}
    for table, rows in whole.items():
        files[f"data/{table.name}.csv"] = BOM + csv_text([headers[table], *lines[table]])
        files[f"data/{table.name}.xlsx"] = xlsx.workbook([(table, rows)], about.of_table(table), site.as_of,
                                                         f"{table.title}, statuses as of {site.as_of}")
    records, joints = _plans(site)
    files["data/plans.json"] = plans_json(site, (records, joints))
    start = {ACTIONS: 0, UPDATES: 0}
    for (org, action_rows, update_rows), record in zip(per_org, records):
        paths = organisation_files(org.id)
        for kind, table, rows in (("csv", ACTIONS, action_rows), ("updates_csv", UPDATES, update_rows)):
            files[paths[kind]] = BOM + csv_text([headers[table], *lines[table][start[table]:start[table] + len(rows)]])
            start[table] += len(rows)
        files[paths["xlsx"]] = xlsx.workbook([(ACTIONS, action_rows), (UPDATES, update_rows)], about.of_organisation(org),
                                             site.as_of, f"{org.name}: actions and progress updates, statuses as of {site.as_of}",
                                             leave_out=("organisation_id", "organisation"), columns_sheet=False)
        files[paths["json"]] = organisation_json(site, record, joints.get(org.joint.id) if org.joint else None)
    files.update(datapackage.files(site, files, site_name, site_url))
    return files


def workbooks(site: Site, responding: dict[int, int]) -> dict[str, bytes]:
    """Just the national workbooks (data/<table>.xlsx)."""
    return {name: data for name, data in tables(site, responding).items()
            if name.endswith(".xlsx") and not name.startswith(ORGANISATION_FILES)}


class Citation:
    """What the workbooks' About sheet says: what the file is, the as-of date, the source,
    the licence and how to cite it."""

    def __init__(self, site: Site, site_name: str, site_url: str):
        self.site, self.name, self.url = site, site_name or downloads.SITE_NAME, site_url

    def address(self, path: str) -> str:
        return (self.url.rstrip("/") + "/" + path) if self.url else path

    def of_table(self, table) -> list[tuple[str, str]]:
        return [
            ("File", f"{table.name}.xlsx, from {self.name}. {table.rows_are}"),
            ("Statuses as of", self.site.as_of),
            *self._common(f"{self.name}, {table.name} (statuses as of {self.site.as_of}), "
                          f"{self.address('data/' + table.name + '.xlsx')}"),
        ]

    def of_organisation(self, org) -> list[tuple[str, str]]:
        source = org.provenance.title + (f" ({org.provenance.date})" if org.provenance.date else "") + \
            (f", {org.provenance.url}" if org.provenance.url else "")
        return [
            ("Organisation", org.name),
            ("File", f"{org.id}-actions.xlsx, from {self.name}: the organisation's actions (one row each, on the "
                     "Actions sheet) and their progress updates (Progress updates sheet)."),
            ("Statuses as of", self.site.as_of),
            ("Source document", source),
            ("Page", self.address(f"organisations/{org.id}/")),
            *self._common(f"{org.name}, response to the Francis Report, in {self.name} (statuses as of "
                          f"{self.site.as_of}), {self.address(f'organisations/{org.id}/')}",
                          "The same columns as actions.xlsx and updates.xlsx (less the organisation's id and "
                          "name), whose Columns sheets define them; also on the Downloads page."),
        ]

    def _common(self, cite: str, columns: str = "The Columns sheet says what each column holds.") -> list:
        return [
            ("Columns", f"Row 1 has the headings in words, row 2 the keys (the CSV file's header). {columns} "
                        "A text a spreadsheet would read as a formula is kept as text, exactly as written."),
            ("Licence", f"{downloads.LICENCE['title']}: {downloads.LICENCE['path']}. {downloads.ATTRIBUTION}"),
            ("How to cite", cite),
            ("Downloads", self.address("downloads/")),
        ]
