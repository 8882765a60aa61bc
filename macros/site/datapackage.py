"""data/datapackage.json: a Frictionless Data Package that describes the CSV downloads, so that
open-data tools read them with the right types instead of guessing (and guessing differently as
the data grows).

Each table's Table Schema is made from its columns (macros/views/downloads.py): types, date
formats, the status and work-stream keys it may hold, required columns, primary and foreign
keys between actions, updates and organisations, missing values (an empty cell). The package
names its licence (the Open Government Licence v3.0 of the transcribed public documents) and
its sources (the documents the plans transcribe), and gives each file's size and SHA-256 hash.
Each organisation's own CSV files and the not-responding files have the same columns as a
table of the package: their schemas are in data/schemas/ (without the keys between tables).
"""
from __future__ import annotations

import hashlib
import json

from ..model import Site
from ..views import downloads
from ..views.downloads import ACTIONS, NOT_NUMBERING, NOT_RESPONDING, TABLES, UPDATES, Column, Table

PATH = "data/datapackage.json"
SCHEMAS = "data/schemas"
NAME = "francis-report-responses"


def field(column: Column, enums: dict[str, list[str]]) -> dict:
    """A column as a Table Schema field."""
    out = {"name": column.key, "title": column.title, "type": column.type, "format": "default",
           "description": column.description}
    if column.type == downloads.BOOLEAN:
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = enums[column.enum]
    if column.pattern:
        constraints["pattern"] = column.pattern
    if column.bounds:
        low, high = column.bounds
        if low is not None:
            constraints["minimum"] = low
        if high is not None:
            constraints["maximum"] = high
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table, enums: dict[str, list[str]], keys_between_tables: bool = True) -> dict:
    schema = {"fields": [field(c, enums) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if keys_between_tables and table.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(fields), "reference": {"resource": other, "fields": list(theirs)}}
                                 for fields, other, theirs in table.foreign_keys]
    return schema


def sources(site: Site) -> list[dict]:
    """The documents the plans transcribe (each once), as the package's sources."""
    out, seen = [], set()
    for record in [o.provenance for o in site.organisations] + [j.provenance for j in site.joint_responses.values()]:
        key = (record.title, record.url)
        if key in seen:
            continue
        seen.add(key)
        source = {"title": record.title + (f" ({record.date})" if record.date else "")}
        if record.url:
            source["path"] = record.url
        out.append(source)
    return out


def descriptor(site: Site, files: dict, site_name: str = "", site_url: str = "") -> dict:
    """The package, given the made files (the CSV files' sizes and hashes come from them)."""
    enums = downloads.enums(site)
    name = site_name or downloads.SITE_NAME
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": name,
        "description": (f"What NHS commissioning organisations said they would do in response to the Francis Report "
                        f"(the Mid Staffordshire NHS Foundation Trust Public Inquiry, 2013), and their progress, "
                        f"transcribed from the documents they published. Statuses as of {site.as_of}."),
        "licenses": [dict(downloads.LICENCE)],
        "sources": sources(site),
        "keywords": ["Francis Report", "NHS", "action plans", "clinical commissioning groups"],
    }
    if site_url:
        package["homepage"] = site_url
    package["resources"] = []
    for table in TABLES:
        data = files[f"data/{table.name}.csv"]
        raw = data.encode("utf-8") if isinstance(data, str) else data
        package["resources"].append({
            "name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "title": table.title, "description": table.rows_are, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(raw), "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
            "schema": table_schema(table, enums)})
    return package


def files(site: Site, made: dict, site_name: str = "", site_url: str = "") -> dict[str, str]:
    """data/datapackage.json and data/schemas/<table>.json (the schemas of each organisation's
    own CSV files and of the not-responding and not-numbering files)."""
    enums = downloads.enums(site)
    out = {PATH: json.dumps(descriptor(site, made, site_name, site_url), ensure_ascii=False, indent=1) + "\n"}
    for table in (ACTIONS, UPDATES, NOT_RESPONDING, NOT_NUMBERING):
        out[f"{SCHEMAS}/{table.name}.json"] = json.dumps(table_schema(table, enums, keys_between_tables=False),
                                                         ensure_ascii=False, indent=1) + "\n"
    return out
