"""The field reference ("Plan format" page), generated from schema.json."""
from __future__ import annotations

import json
import re

from ..plans import schema


def _type(node: dict) -> str:
    if "enum" in node:
        return "one of the listed values"
    pattern = node.get("pattern", "")
    if pattern.startswith("^([0-9]{4}"):
        return "date"
    if pattern == schema.schema()["definitions"]["day"]["pattern"]:
        return "day (YYYY-MM-DD)"
    if pattern.startswith("^[a-z0-9]"):
        return "identifier"
    if pattern.startswith("^https?"):
        return "web address"
    names = {"string": "text", "integer": "whole number", "boolean": "true/false",
             "array": "list", "object": "block of fields"}
    t = node.get("type", "")
    if isinstance(t, list):
        return " or ".join(names.get(x, x) for x in t)
    return names.get(t, t)


def _allowed(node: dict) -> str:
    if "enum" in node:
        return ", ".join(map(str, node["enum"]))
    if "minimum" in node or "maximum" in node:
        return f"{node.get('minimum', '')} to {node.get('maximum', '')}"
    if node.get("pattern", "").startswith("^([0-9]{4}"):
        return "2014-03-31, 2014-03 or 2014/15"
    if node.get("pattern") == schema.schema()["definitions"]["day"]["pattern"]:
        return "2015-06-30"
    if node.get("pattern") == schema.schema()["definitions"]["action_id"]["pattern"]:
        return "lower-case letters and digits, joined by hyphens or dots"
    if node.get("pattern", "").startswith("^[a-z0-9]"):
        return "lower-case letters, digits, hyphens"
    if node.get("pattern", "").startswith("^https?"):
        return "http:// or https:// addresses"
    return ""


def _example(node: dict, name: str = "") -> str:
    """The node's first example, written as it is typed in a plan (block YAML, double quotes)."""
    examples = node.get("examples")
    if not examples:
        return ""
    value = examples[0]
    if isinstance(value, (dict, list)):  # a block: shown with its field name, ready to copy
        key = name.rsplit(".", 1)[-1].removesuffix("[]")
        return "\n".join([f"{key}:"] + _yaml_lines(value, 2))
    return _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if re.fullmatch(r"[a-z][a-z0-9-]*", value) and value not in ("true", "false", "null", "yes", "no"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _yaml_lines(value, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml_lines(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)):
                inner = _yaml_lines(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def rows(definition: str) -> list[dict]:
    return [{"name": name, "title": node.get("title", ""), "type": _type(node), "required": required,
             "allowed": _allowed(node), "example": _example(node, name), "description": node.get("description", "")}
            for name, node, required in schema.fields(definition)]


def reference() -> dict:
    return {
        "description": schema.schema()["description"],
        "sections": [
            ("organisation-plan", "Organisation plan", schema.resolve({"$ref": "#/definitions/organisation_plan"})["description"], rows("organisation_plan")),
            ("joint-response", "Joint response (kind: joint)", schema.resolve({"$ref": "#/definitions/joint_response"})["description"], rows("joint_response")),
            ("meeting-file", "Meeting file (scripts/board-packs --meeting)", schema.resolve({"$ref": "#/definitions/meeting"})["description"], rows("meeting")),
        ],
    }
