"""One schema: it documents every field, drives the "Plan format" page and the editors."""
from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path

import jsonschema

from macros.plans import load, schema, yamlread
from macros.views import fieldref

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MODELINE = "# yaml-language-server: $schema="


def undocumented(document: dict) -> list[str]:
    """Every definition, property and list item of ``document`` (a JSON schema) without a
    non-empty description, following local $refs as editors and the field reference do."""
    definitions = document.get("definitions", {})

    def resolved(node: dict) -> dict:
        while "$ref" in node:
            target = definitions[node["$ref"].rsplit("/", 1)[1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    missing: list[str] = []

    def walk(node: dict, where: str) -> None:
        for key, child in node.get("properties", {}).items():
            here = f"{where}.properties.{key}"
            if not str(resolved(child).get("description", "")).strip():
                missing.append(here)
            walk(child, here)
        items = node.get("items")
        if isinstance(items, dict):
            if resolved(items).get("type") == "object" and not str(resolved(items).get("description", "")).strip():
                missing.append(f"{where}.items")
            walk(items, f"{where}.items")

    if not str(document.get("description", "")).strip():
        missing.append("(root)")
    for name, definition in definitions.items():
        if not str(definition.get("description", "")).strip():
            missing.append(f"definitions.{name}")
        walk(definition, f"definitions.{name}")
    return missing


def test_every_field_of_the_schema_has_a_description():
    assert undocumented(schema.schema()) == []


def test_the_description_check_notices_a_removed_description():
    """The test above can fail: remove one description anywhere and it is found."""
    for path in (("definitions", "action", "properties", "owner"),
                 ("definitions", "workstream_key"),
                 ("definitions", "grouping", "properties", "groups")):
        document = copy.deepcopy(schema.schema())
        node = document
        for part in path:
            node = node[part]
        del node["description"]
        assert undocumented(document), path


def test_every_example_in_the_schema_is_itself_valid():
    """The Plan format page shows these examples: each must pass the check it documents."""
    root = schema.schema()
    checked = 0
    for definition in ("organisation_plan", "joint_response", "meeting"):
        for name, node, _required in schema.fields(definition):
            for example in node.get("examples", []):
                validator = jsonschema.Draft7Validator({**node, "definitions": root["definitions"]})
                assert list(validator.iter_errors(example)) == [], (definition, name, example)
                checked += 1
    assert checked > 70


def test_every_field_on_the_plan_format_page_has_type_requirement_and_example():
    for definition in ("organisation_plan", "joint_response", "meeting"):
        for row in fieldref.rows(definition):
            assert row["type"] and row["description"] and row["example"], row["name"]


def test_the_built_plan_format_page_lists_every_field(built_site):
    page = html.unescape((built_site / "plan-format" / "index.html").read_text(encoding="utf-8"))
    shown = set(re.findall(r"<th scope=\"row\"><code>([^<]+)</code>", page))
    for definition in ("organisation_plan", "joint_response", "meeting"):
        names = {name for name, _node, _required in schema.fields(definition)}
        assert names <= shown, sorted(names - shown)
    assert "work stream" in page and "cultural, engagement, quality, information" in page
    assert '<pre><code>actions:\n  - id: r120\n    workstream: quality' in page


def _modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(MODELINE), path
    return (path.parent / first[len(MODELINE):].strip()).resolve()


def test_every_seed_plan_names_the_schema_for_editors():
    plans = sorted((ROOT / "plans").glob("*.yaml"))
    assert len(plans) == 8
    for path in plans:
        assert _modeline_target(path) == schema.SCHEMA_PATH.resolve(), path


def test_fixture_plans_name_the_schema_too():
    for path in sorted(FIXTURES.rglob("*.yaml")):
        kind = path.relative_to(FIXTURES).parts[:2]
        if kind in (("broken", "missing-modeline"), ("broken", "wrong-modeline-path"),
                    ("hostile", "web-address-modeline")):
            continue
        text = path.read_bytes()
        if not text.startswith(MODELINE.encode()):  # the empty, binary and plain-text cases
            continue
        assert _modeline_target(path) == schema.SCHEMA_PATH.resolve(), path


def test_the_schema_is_draft_07_and_valid():
    document = schema.schema()
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(document)


def _root_errors(path: Path) -> list:
    """What an editor sees: the whole schema (kind: joint chooses the joint response)."""
    data = yamlread.read(str(path), path.read_text(encoding="utf-8")).data
    return list(jsonschema.Draft7Validator(schema.schema()).iter_errors(data))


def test_editors_accept_every_seed_and_good_plan():
    paths = sorted((ROOT / "plans").glob("*.yaml")) + sorted((FIXTURES / "good" / "plans").glob("*.yaml"))
    for path in paths:
        assert _root_errors(path) == [], path


def test_editors_flag_what_the_check_flags():
    for kind in ("wrong-workstream", "unknown-field", "missing-required-field", "recommendation-291",
                 "number-in-text-field", "date-in-words", "javascript-url"):
        path = FIXTURES / "broken" / kind / "plans" / "riverside.yaml"
        assert _root_errors(path), kind
        site, problems = load.check(path.parent)
        assert site is None, kind


def test_schema_json_is_the_file_the_loader_uses():
    assert json.loads((ROOT / "macros" / "schema.json").read_text(encoding="utf-8")) == schema.schema()
