"""The field reference ("Plan format" page), generated from schema.json."""
from __future__ import annotations

import json

from . import schema


def _type(node: dict) -> str:
    if "enum" in node:
        return "one of the listed values"
    if node.get("pattern", "").startswith("^([0-9]{4}"):
        return "date"
    t = node.get("type", "")
    return {"string": "text", "integer": "whole number", "boolean": "true/false",
            "array": "list", "object": "block of fields"}.get(t, t)


def _allowed(node: dict) -> str:
    if "enum" in node:
        return ", ".join(map(str, node["enum"]))
    if "minimum" in node or "maximum" in node:
        return f"{node.get('minimum', '')} to {node.get('maximum', '')}"
    if node.get("pattern", "").startswith("^([0-9]{4}"):
        return "2014-03-31, 2014-03 or 2014/15"
    if node.get("pattern", "").startswith("^[a-z0-9]"):
        return "lower-case letters, digits, hyphens"
    if node.get("pattern", "").startswith("^https?"):
        return "http:// or https:// addresses"
    return ""


def _example(node: dict) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    value = examples[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def rows(definition: str) -> list[dict]:
    return [{"name": name, "title": node.get("title", ""), "type": _type(node), "required": required,
             "allowed": _allowed(node), "example": _example(node), "description": node.get("description", "")}
            for name, node, required in schema.fields(definition)]


def reference() -> dict:
    return {
        "description": schema.schema()["description"],
        "sections": [
            ("organisation-plan", "Organisation plan", schema.resolve({"$ref": "#/definitions/organisation_plan"})["description"], rows("organisation_plan")),
            ("joint-response", "Joint response (kind: joint)", schema.resolve({"$ref": "#/definitions/joint_response"})["description"], rows("joint_response")),
        ],
    }
