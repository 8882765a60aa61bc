"""The plan format (schema.json) and messages a non-programmer can act on.

schema.json is the single source of truth: it validates plans here, gives editors
autocompletion (each plan's first line points at it) and generates the "Plan format" page.
"""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from . import dates

SCHEMA_PATH = Path(__file__).with_name("schema.json")


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(definition: str) -> jsonschema.Draft7Validator:
    """A validator for one definition (organisation_plan, joint_response, catalogue, ...)."""
    root = {k: v for k, v in schema().items() if k not in ("if", "then", "else")}
    root["$ref"] = f"#/definitions/{definition}"
    return jsonschema.Draft7Validator(root)


def resolve(node: dict) -> dict:
    """Follow a local $ref, keeping the referring schema's own title and description."""
    if "$ref" in node:
        target = dict(schema()["definitions"][node["$ref"].rsplit("/", 1)[1]])
        target.update({k: v for k, v in node.items() if k != "$ref"})
        return resolve(target) if "$ref" in target else target
    return node


def node_at(definition: str, path) -> dict:
    """The (resolved) schema node that describes the value at ``path``."""
    node = resolve({"$ref": f"#/definitions/{definition}"})
    for part in path:
        if isinstance(part, int):
            node = resolve(node.get("items", {}))
        else:
            node = resolve(node.get("properties", {}).get(part, {}))
    return node


def human_name(definition: str, path) -> str:
    """What a comms editor calls the field at ``path``: "completion date", "work stream"."""
    if not path:
        return "the plan"
    if isinstance(path[-1], int):
        return f"item {path[-1] + 1} of {human_name(definition, path[:-1])}"
    node = node_at(definition, path)
    return node.get("title") or str(path[-1])


def where(definition: str, path) -> str:
    """A short description of a position, e.g. "action 3"."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], int) and i > 0 and path[i - 1] in ("actions", "joint_work"):
            return f"{'action' if path[i - 1] == 'actions' else 'joint work area'} {path[i] + 1}: "
    return ""


def _found(value) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return "a block of fields" if isinstance(value, dict) else "a list"
    return repr(value) if isinstance(value, str) else f"'{value}'"


_TYPES = {"string": "text", "integer": "a whole number", "boolean": "true or false",
          "array": "a list (lines starting with '- ')", "object": "a block of fields"}


def messages(definition: str, data) -> list[tuple[tuple, str, str]]:
    """Every schema error as (path, where-to-point, message). where-to-point is
    "key" (the field name), "value" or "parent" (for a missing field)."""
    out = []
    errors = sorted(validator(definition).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        out.extend(_explain(definition, error))
    return out


def _explain(definition: str, error) -> list[tuple[tuple, str, str]]:
    path = tuple(error.absolute_path)
    name = human_name(definition, path)
    prefix = where(definition, path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(known))
        result = []
        for key in extra:
            guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "known fields are: " + ", ".join(known)
            result.append((path + (key,), "key",
                           f"{prefix}unknown field '{key}' in {name}: {hint}"))
        return result
    if kind == "required":
        missing = error.message.split("'")[1]
        field_name = human_name(definition, path + (missing,))
        example = node_at(definition, path + (missing,)).get("examples", [None])[0]
        shown = f" (for example: {missing}: {json.dumps(example, ensure_ascii=False)})" if example is not None else ""
        return [(path, "parent", f"{prefix}{name} is missing the required field '{missing}' "
                                 f"({field_name}): add it{shown}")]
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return [(path, "value", f"{prefix}{name} must be one of: {options}; found {_found(value)}")]
    if kind == "const":
        return [(path, "value", f"{prefix}{name} must be {error.validator_value!r}; found {_found(value)}")]
    if kind == "type":
        wanted = _TYPES.get(error.validator_value, str(error.validator_value))
        hint = ""
        if error.validator_value == "string" and not isinstance(value, (dict, list)):
            hint = f": put it in double quotes, e.g. \"{value if not isinstance(value, bool) else ''}\""
        elif error.validator_value == "integer" and isinstance(value, str):
            hint = ": write the number alone, without quotes, letters or leading zeros"
        return [(path, "value", f"{prefix}{name} must be {wanted}; found {_found(value)}{hint}")]
    if kind == "pattern":
        pattern = error.validator_value
        if "[0-9]{4}/" in pattern:
            return [(path, "value", f"{prefix}{name} must be {dates.ACCEPTED}; found {_found(value)}")]
        if pattern.startswith("^[a-z0-9]"):
            return [(path, "value", f"{prefix}{name} must use only lower-case letters, digits and "
                                    f"single hyphens (e.g. 'tower-hamlets'); found {_found(value)}")]
        if pattern.startswith("^https?"):
            return [(path, "value", f"{prefix}{name} must be a web address starting with https:// "
                                    f"or http://; found {_found(value)}")]
        return [(path, "value", f"{prefix}{name} must match {pattern}; found {_found(value)}")]
    if kind in ("minimum", "maximum"):
        node = error.schema
        return [(path, "value", f"{prefix}{name} must be between {node.get('minimum')} and "
                                f"{node.get('maximum')}; found {_found(value)}")]
    if kind == "minItems":
        return [(path, "value", f"{prefix}{name} needs at least {error.validator_value} item(s)")]
    if kind == "maxItems":
        return [(path, "value", f"{prefix}{name} may have at most {error.validator_value} item(s)")]
    return [(path, "value", f"{prefix}{name}: {error.message}")]


def fields(definition: str = "organisation_plan", prefix: str = "", seen=None):
    """Every field under ``definition`` for the field reference: yields
    (dotted name, node, required). Lists are shown as name[]."""
    node = resolve({"$ref": f"#/definitions/{definition}"})
    yield from _walk(node, prefix)


def _walk(node: dict, prefix: str):
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        child = resolve(child)
        name = f"{prefix}{key}"
        yield name, child, key in required
        if child.get("type") == "object":
            yield from _walk(child, name + ".")
        elif child.get("type") == "array":
            items = resolve(child.get("items", {}))
            if items.get("type") == "object":
                yield from _walk(items, name + "[].")
