"""The plan format (schema.json) and messages a non-programmer can act on.

schema.json is the single source of truth: it validates plans here, gives editors
autocompletion (each plan's first line points at it) and generates the "Plan format" page.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache

from . import dates, names
from .limits import shorten
from .schemafile import SCHEMA_PATH, is_action_id, schema  # noqa: F401 (read once there; names builds on it)


@lru_cache(maxsize=None)
def validator(definition: str):
    """A jsonschema Draft7Validator for one definition (organisation_plan, joint_response,
    catalogue, ...): the one that finds and explains the problems. jsonschema is imported here,
    only when a file has a problem (or a command needs it), not by a check of valid plans."""
    import jsonschema

    return jsonschema.Draft7Validator(_inlined(definition))


@lru_cache(maxsize=None)
def _inlined(definition: str) -> dict:
    """The schema of one definition, as both validators read it.

    The definition's local $refs are written out in place: schema.json gives a $ref no sibling
    keyword that draft 7 would ignore, so it validates the same, with the same messages, and
    a third faster than resolving a reference at every field of every action."""
    root = {k: v for k, v in schema().items() if k not in ("if", "then", "else")}
    root.update(_inline({"$ref": f"#/definitions/{definition}"}))
    return _whole_patterns(root)


@lru_cache(maxsize=None)
def _fast_validator(definition: str):
    """The same schema compiled to Python code by fastjsonschema (in memory, once per process):
    it only says whether the data pass, about ten times faster than jsonschema. It never fills
    in defaults and checks no formats (as jsonschema's Draft7Validator without a format
    checker). tests/test_check_fast_paths.py checks that it accepts exactly what jsonschema
    accepts, on every plan and fixture and on generated mutations of a plan."""
    import fastjsonschema

    return fastjsonschema.compile(_inlined(definition), use_default=False, use_formats=False,
                                  detailed_exceptions=False)


def passes(definition: str, data) -> bool:
    """Whether ``data`` (as yamlread gives it: text, whole numbers, true/false, null, blocks and
    lists) passes the schema, by the fast validator. Anything it does not pass, or any surprise,
    goes to jsonschema, which decides and explains."""
    try:
        _fast_validator(definition)(data)
    except Exception:  # fastjsonschema.JsonSchemaValueException, or anything unexpected
        return False
    return True


def _inline(node, seen: tuple = ()):
    """``node`` with each local $ref replaced by its definition (a recursive one stays a $ref)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        name = ref.rsplit("/", 1)[1] if ref.startswith("#/definitions/") else None
        if name and name not in seen:
            target = _inline(schema()["definitions"][name], seen + (name,))
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return {k: _inline(v, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, seen) for v in node]
    return node


def _whole_patterns(node):
    if isinstance(node, dict):
        return {k: _whole(v) if k == "pattern" and isinstance(v, str) else _whole_patterns(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_whole_patterns(v) for v in node]
    return node


def _whole(pattern: str) -> str:
    """schema.json's patterns are ECMA-262 (as editors read them), where '$' is the end of the
    text. In Python '$' also matches before a final newline ("lewisham\\n"): use \\Z."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


def is_identifier(value) -> bool:
    """Whether ``value`` passes schema.json's identifier (slug) pattern, matched whole."""
    return isinstance(value, str) and re.search(_whole(schema()["definitions"]["slug"]["pattern"]), value) is not None


def is_day(value) -> bool:
    """Whether ``value`` is written YYYY-MM-DD and is a real date."""
    return (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None
            and dates.problem(value) is None)


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


ROOT_NAMES = {"meeting": "the meeting file"}  # what a message calls a whole file (else: the plan)


def human_name(definition: str, path, data=None) -> str:
    """What a comms editor calls the field at ``path``: "completion date", "work stream",
    'action 3 "Review complaints…"' (a list item; actions are named from ``data``, the plan)."""
    if not path:
        return ROOT_NAMES.get(definition, "the plan")
    if isinstance(path[-1], int):
        return _item_label(definition, tuple(path), data)
    node = node_at(definition, path)
    return node.get("title") or str(path[-1])


def _item_label(definition: str, path: tuple, data=None) -> str:
    if path[-2:-1] in (("actions",), ("joint_work",)) and len(path) == 2 and isinstance(data, dict):
        rows = data.get(path[0])
        row = rows[path[-1]] if isinstance(rows, list) and path[-1] < len(rows) else None
        return names.item_label(row, path[-1], "joint work area" if path[0] == "joint_work" else "action")
    number = path[-1] + 1
    if path[-2:-1] == ("joint_work",):
        return f"joint work area {number}"
    title = node_at(definition, path).get("title")
    if title:
        return f"{title} {number}"
    return f"item {number} of {human_name(definition, path[:-1])}"


def where(definition: str, path, data=None) -> str:
    """The list item that contains ``path``, as a prefix: "action 3: " (empty at top level)."""
    path = tuple(path)
    for i in range(len(path) - 2, -1, -1):
        if isinstance(path[i], int):
            return f"{_item_label(definition, path[:i + 1], data)}: "
    return ""


def _found(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return "a block of fields" if isinstance(value, dict) else "a list"
    return f"'{shorten(str(value))}'"


def _yaml_value(value) -> str:
    """An example value as it should be typed in the plan."""
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9-]*", value):
        return value
    return json.dumps(value, ensure_ascii=False)


_TYPES = {"string": "text", "integer": "a whole number", "boolean": "true or false",
          "array": "a list (lines starting with '- ')", "object": "a block of fields"}


def messages(definition: str, data, empty=frozenset()) -> list[tuple[tuple, str, str]]:
    """Every schema error as (path, where-to-point, message). where-to-point is "key" (the
    field name), "value" or "parent" (the block a missing field belongs in). ``empty`` holds
    the paths of fields written with no value, so "missing" can say "empty" at their line.

    A plan that passes the fast validator has no schema errors; only one that does not is
    validated again by jsonschema, whose errors make the messages."""
    if passes(definition, data):
        return []
    out = []
    errors = sorted(validator(definition).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        out.extend(_explain(definition, error, empty, data))
    return out


@lru_cache(maxsize=None)
def _field_homes() -> dict:
    """field name -> the title of a block that has it (to explain a field at the wrong indent)."""
    homes: dict = {}
    for name in ("action", "provenance", "group", "grouping", "theme", "priority_level",
                 "partner_priorities", "organisation_plan"):
        node = schema()["definitions"][name]
        for key in node.get("properties", {}):
            homes.setdefault(key, node.get("title", name))
    return homes


def _free_id_hint(data, path: tuple) -> str:
    """For an action written without an id: the next free one, from its siblings' ids."""
    rows = data.get(path[0]) if isinstance(data, dict) and len(path) == 2 else None
    if not isinstance(rows, list):
        return ""
    ids = [r.get("id") for r in rows if isinstance(r, dict)]
    return (f"id: \"{names.next_free_id(ids, path[1] + 1)}\" (the next free one; use the source's own "
            "numbering where it has one)")


def _explain(definition: str, error, empty=frozenset(), data=None) -> list[tuple[tuple, str, str]]:
    path = tuple(error.absolute_path)
    name = human_name(definition, path, data)
    prefix = where(definition, path, data)
    value = error.instance
    kind = error.validator
    key = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(known))
        result = []
        for extra_key in extra:
            guess = difflib.get_close_matches(extra_key, known, n=1, cutoff=0.6)
            home = _field_homes().get(extra_key)
            if guess:
                hint = f"did you mean '{guess[0]}'?"
            elif home:
                hint = (f"'{extra_key}' is a field of {_article(home)} {home}: check how far the "
                        "line is indented")
            else:
                hint = "the fields allowed here are: " + ", ".join(known)
            result.append((path + (extra_key,), "key",
                           f"{prefix}unknown field '{extra_key}' in {name}: {hint}"))
        return result
    if kind == "required":
        missing = error.message.split("'")[1]
        field_path = path + (missing,)
        field_node = node_at(definition, field_path)
        field_name = field_node.get("title") or missing
        example = field_node.get("examples", [None])[0]
        options = ", ".join(map(str, field_node.get("enum", [])))
        if field_path in empty:
            fill = (f"after '{missing}:' write one of: {options}" if options else
                    f"fill it in, like this: {missing}: {_yaml_value(example)}" if example is not None else
                    f"write the {field_name} after '{missing}:'")
            return [(field_path, "key", f"{where(definition, field_path, data)}{field_name} is required but "
                                        f"empty: {fill}")]
        if field_node.get("type") in ("object", "array"):
            block = resolve(field_node.get("items", {})) if field_node["type"] == "array" else field_node
            needs = ", ".join(f"{k}:" for k in block.get("required", []))
            fill = (f"'{missing}:' followed by its fields on the lines below, indented"
                    if field_node["type"] == "object" else
                    f"'{missing}:' followed by its items on the lines below, each starting with '- '")
            fill += f" ({'it' if field_node['type'] == 'object' else 'each'} needs at least {needs})" \
                if needs else ""
        elif missing == "id" and path[-2:-1] in (("actions",), ("joint_work",)):
            fill = _free_id_hint(data, path) or f"like this: {missing}: {_yaml_value(example)}"
        else:
            fill = (f"'{missing}:' followed by one of: {options}" if options else
                    f"like this: {missing}: {_yaml_value(example)}" if example is not None else
                    f"'{missing}:' followed by the {field_name}")
        subject = name if not path or isinstance(path[-1], int) else f"the {name}"
        return [(path, "parent", f"{prefix}{subject} has no {field_name}, which is required: add a "
                                 f"line {fill}")]
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        guess = [o for o in options if isinstance(value, str) and o.lower() == value.strip().lower()] \
            or difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        allowed = f"one of: {', '.join(options)}" if len(options) > 1 else options[0]
        return [(path, "value", f"{prefix}{name} must be {allowed}; found {_found(value)}{hint}")]
    if kind == "const":
        return [(path, "value", f"{prefix}{name} must be {error.validator_value!r}; found {_found(value)}")]
    if kind == "type":
        wanted_type = error.validator_value
        if isinstance(wanted_type, list):  # recommendation: one number, or a list of numbers
            wanted = "a whole number (or a list of them, like [124, 125])" \
                if wanted_type == ["integer", "array"] else " or ".join(_TYPES.get(t, str(t)) for t in wanted_type)
            wanted_type = wanted_type[0]
        else:
            wanted = _TYPES.get(wanted_type, str(wanted_type))
        hint = ""
        if wanted_type == "string" and isinstance(value, (bool, int)):
            written = str(value).lower() if isinstance(value, bool) else str(value)
            hint = (f": put it in double quotes, like this: {key}: \"{written}\"" if key
                    else f": put it in double quotes, like this: \"{written}\"")
        elif wanted_type == "integer" and isinstance(value, str):
            if re.fullmatch(r"0+[0-9]+", value):
                hint = f": write it without the leading zeros, like this: {key}: {int(value)}"
            elif value.isdigit():
                hint = f": remove the quotes, like this: {key}: {value}"
            else:
                hint = ": write the number alone, without quotes, letters or other characters"
        elif wanted_type == "object" and not isinstance(value, (dict, list)):
            hint = ": put its fields on the lines below it, each indented by two more spaces"
        elif wanted_type == "array" and not isinstance(value, list):
            hint = ": put each item on its own line below it, starting with '- '"
        return [(path, "value", f"{prefix}{name} must be {wanted}; found {_found(value)}{hint}")]
    if kind == "pattern":
        pattern = error.validator_value
        if "[0-9]{4}/" in pattern:
            fix = dates.suggest(value) if isinstance(value, str) else None
            hint = f": write {fix} for {value}" if fix else ""
            return [(path, "value", f"{prefix}{name} must be {dates.ACCEPTED}; found {_found(value)}{hint}")]
        # (The validators see the patterns as _whole() wrote them: compare with those.)
        if pattern == _whole(schema()["definitions"]["day"]["pattern"]):
            fix = dates.suggest(value) if isinstance(value, str) else None
            hint = f": write {fix}" if fix and len(fix) == 10 else ""
            return [(path, "value", f"{prefix}{name} must be a date written year-month-day, like "
                                    f"2015-06-30; found {_found(value)}{hint}")]
        if pattern == _whole(schema()["definitions"]["action_id"]["pattern"]):
            slug = re.sub(r"[^a-z0-9.]+", "-", str(value).lower()).strip("-.") or "1"
            return [(path, "value", f"{prefix}{name} must use only lower-case letters and digits, "
                                    f"joined by single hyphens or dots; found {_found(value)}: write "
                                    f"\"{slug}\"")]
        if pattern.startswith("^[a-z0-9]"):
            slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "tower-hamlets"
            also = f"; the file name must be the same: {slug}.yaml" if path == ("id",) else ""
            return [(path, "value", f"{prefix}{name} must use only lower-case letters, digits and "
                                    f"single hyphens; found {_found(value)}: write {slug}{also}")]
        if pattern.startswith("^https?"):
            return [(path, "value", f"{prefix}{name} must start with https:// or http://; found "
                                    f"{_found(value)}")]
        if pattern == _whole(schema()["definitions"]["plain_name"]["pattern"]):
            marks = sorted({ch for ch in str(value) if ch in "<>{}[]`|*_#\\"})
            return [(path, "value", f"{prefix}{name} may not hold the markup character(s) "
                                    f"{' '.join(marks)}: a name is shown as plain text in page titles, "
                                    "headings and search results; write it as the source does, without "
                                    f"them; found {_found(value)}")]
        if pattern.startswith("^#"):
            return [(path, "value", f"{prefix}{name} must be a colour written as # and six hex digits, "
                                    f"e.g. #ffeb3b; found {_found(value)}")]
        return [(path, "value", f"{prefix}{name} is not in the expected form; found {_found(value)}")]
    if kind in ("minimum", "maximum"):
        node = error.schema
        why = " (the Francis Report has 290 recommendations)" if node.get("maximum") == 290 else ""
        return [(path, "value", f"{prefix}{name} must be between {node.get('minimum')} and "
                                f"{node.get('maximum')}{why}; found {_found(value)}")]
    if kind == "uniqueItems":
        return [(path, "value", f"{prefix}{name} lists the same number twice: list each once")]
    if kind == "dependencies":
        return [(path, "parent", f"{prefix}{name} gives a revised completion date (due) without a "
                                 "reason: add a line reason: saying why the date changed")]
    if kind == "minItems":
        return [(path, "value", f"{prefix}{name} must list at least {error.validator_value} item(s)")]
    if kind == "maxItems":
        return [(path, "value", f"{prefix}{name} may list at most {error.validator_value} item(s)")]
    return [(path, "value", f"{prefix}{name}: {error.message}")]


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def fields(definition: str = "organisation_plan", prefix: str = ""):
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
