"""The check's fast paths change nothing but its speed (the check of 211 plans in under a second
when they were added; tests/test_check_cli.py checks that the check takes them).

- Plans read through libyaml give exactly what the pure-Python reader gives (macros/plans/yamlread.py):
  every document, position, style and problem.
- The schema validator with its $refs written out finds exactly the problems, with the same
  messages at the same places, as the validator that resolves them (macros/plans/schema.py).
- The compiled validator (fastjsonschema) that lets a valid plan skip jsonschema accepts exactly
  what jsonschema accepts: every plan, fixture, reference file and synthetic plan, and
  Hypothesis's mutations of valid ones. Were it to pass a plan jsonschema rejects, that plan's
  messages would be lost.
"""
from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workcount import lines_run

from macros.plans import load, schema, yamlread

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

libyaml = pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML without libyaml")

EDGE_CASES = {
    "alias": "a: &x hello\nb: *x\n",
    "alias_map": "a: &x {k: 1}\nb: *x\nc: [*x, *x]\n",
    "tags": "a: !!python/object x\nb: !custom y\n",
    "comments": "a: see #3 # note\nb: 'q' # c\n",
    "crlf": 'id: x\r\nname: "Café"\r\nlist:\r\n  - a\r\n  - b\r\n',
    "bom": "\ufeffid: x\nname: y\n",
    "tab_in_value": "a: b\tc\n",
    "tab_indent": "a:\n\tb: c\n",
    "control_character": "a: b\x07c\n",
    "next_line": "a: b\x85c: d\n",
    "line_separator": "a: b\u2028c\n",
    "astral": 'name: "\U0001F600 Café"\nx: 1\n',
    "non_ascii_columns": "nämé: Zöë # c\nŁódź: 'x' # y\n",
    "empty": "",
    "comment_only": "# hi\n",
    "two_documents": "a: 1\n---\nb: 2\n",
    "duplicate_key": "a: 1\na: 2\n",
    "flow": "a: {b: 1, c: [1, 2]}\n",
    "blocks": "a: |-\n  line1\n\n  line2\nb: >\n  folded\n  text\n",
    "merge_key": "a: &x {k: 1}\nb:\n  <<: *x\n",
    "empty_values": "owner:\nx: ~\ny: null\n",
    "complex_key": "? [a, b]\n: c\n",
    "quotes": "a: \"x \\\" y\"\nb: 'it''s'\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "indentless_list": "a:\n- 1\n- 2\nb: c\n",
    "trailing_spaces": "a: b   \nc: d\n",
    "colon_in_value": "a: b: c\n",
    "unclosed_quote": 'a: "b\nc: d\n',
    "bad_indent": "a:\n  b: 1\n c: 2\n",
    "numbers": "a: 0012\nb: 12\nc: 1.5\nd: 9:30\ne: 2014-03-31\nf: no\n",
}


def both(name: str, text: str, monkeypatch) -> tuple[dict, dict]:
    fast = dataclasses.asdict(yamlread.read(name, text))
    with monkeypatch.context() as m:
        m.setattr(yamlread, "_CLoader", None)
        pure = dataclasses.asdict(yamlread.read(name, text))
    return fast, pure


@libyaml
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_read_the_same(name, monkeypatch):
    fast, pure = both(name, EDGE_CASES[name], monkeypatch)
    assert fast == pure


def plan_texts(tmp_path_factory) -> list[tuple[str, str]]:
    synthetic_dir = tmp_path_factory.mktemp("fast-yaml") / "plans"
    synthetic.generate(40, synthetic_dir, seed=11)
    files = sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")) + sorted((ROOT / "plans").glob("*.yaml")) \
        + sorted(synthetic_dir.glob("*.yaml"))
    texts = []
    for path in files:
        try:
            texts.append((str(path.relative_to(path.anchor)), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # not text: the loader reports it before reading YAML
    return texts


@libyaml
def test_every_fixture_seed_and_synthetic_plan_reads_the_same(tmp_path_factory, monkeypatch):
    texts = plan_texts(tmp_path_factory)
    assert len(texts) > 50
    for name, text in texts:
        fast, pure = both(name, text, monkeypatch)
        assert fast == pure, name


@libyaml
def test_plain_scalars_are_marked_plain_and_shared_nodes_are_visited_once():
    """50 lists of 50 aliases of a list of 4 aliases of a list of 50 values: 500,000 values if
    shared nodes were visited again, about 2,700 visits when each node is visited once. The
    lines of yamlread run are counted (about 11,000), not timed."""
    text = "a: &x [" + ", ".join(["b"] * 50) + "]\n" + "".join(f"k{i}: &y{i} [*x, *x, *x, *x]\n" for i in range(1))
    text += "".join(f"m{i}: [{', '.join([f'*y0'] * 50)}]\n" for i in range(50))
    nodes, ran = lines_run(yamlread, yamlread._compose, text, budget=100_000)
    assert nodes[0].value[0][1].value[0].style is None


def resolving_validator(definition: str):
    """The validator as schema.json is written: $refs resolved while validating (patterns
    matched whole, as in schema.validator)."""
    import jsonschema

    root = {k: v for k, v in schema.schema().items() if k not in ("if", "then", "else")}
    return jsonschema.Draft7Validator(schema._whole_patterns({**root, "$ref": f"#/definitions/{definition}"}))


def test_inlined_schema_has_no_refs_left():
    for definition in ("organisation_plan", "joint_response", "catalogue", "workstreams"):
        inlined = {k: v for k, v in schema.validator(definition).schema.items() if k != "definitions"}
        assert "$ref" not in repr(inlined), definition


def test_inlined_validator_finds_the_same_problems(tmp_path_factory, monkeypatch):
    synthetic_dir = tmp_path_factory.mktemp("inline") / "plans"
    synthetic.generate(30, synthetic_dir, seed=5)
    fixtures = sorted({p.parent for p in (ROOT / "tests" / "fixtures").rglob("*.yaml") if p.parent.name == "plans"})
    folders = fixtures + [ROOT / "plans", synthetic_dir]
    assert len(folders) > 20
    errors = 0
    for folder in folders:
        fast = load.check(folder)[1]
        with monkeypatch.context() as m:
            m.setattr(schema, "validator", resolving_validator)
            slow = load.check(folder)[1]
        assert fast == slow, folder
        errors += sum(p.level == "error" for p in fast)
    assert errors > 20  # the broken fixtures were checked, not only good plans


# --- the fast schema check: fastjsonschema accepts exactly what jsonschema accepts

DEFINITIONS = ("organisation_plan", "joint_response", "catalogue", "workstreams", "statuses")


def jsonschema_passes(definition: str, data) -> bool:
    return next(schema.validator(definition).iter_errors(data), None) is None


def assert_agree(definition: str, data, label: str) -> bool:
    """Both validators say the same of ``data``; the fast one leaves it as it was."""
    before = copy.deepcopy(data)
    fast = schema.passes(definition, data)
    assert data == before, label  # (no defaults filled in)
    slow = jsonschema_passes(definition, data)
    assert fast == slow, (label, definition, "fast passes what jsonschema rejects" if fast else
                          "fast rejects what jsonschema passes")
    return fast


def test_fast_validator_agrees_on_every_plan_fixture_reference_file_and_synthetic_plan(tmp_path_factory):
    synthetic_dir = tmp_path_factory.mktemp("fast-schema") / "plans"
    synthetic.generate(40, synthetic_dir, seed=11)
    files = sorted((ROOT / "tests").rglob("*.yaml")) + sorted((ROOT / "plans").glob("*.yaml")) \
        + sorted((ROOT / "macros" / "data").glob("*.yaml")) + sorted(synthetic_dir.glob("*.yaml"))
    outcomes = {True: 0, False: 0}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        data = yamlread.read(str(path), text).data
        for definition in DEFINITIONS:  # every definition on every file: more to disagree on
            outcomes[assert_agree(definition, data, str(path))] += 1
    assert outcomes[True] > 50 and outcomes[False] > 200, outcomes


def valid_documents(folder: Path) -> list[tuple[str, object]]:
    """(definition, data) of every plan and reference file that passes, synthetic plans (with
    progress updates, revised dates and evidence) included."""
    synthetic.generate(4, folder, seed=3)
    found = []
    for path in sorted((ROOT / "plans").glob("*.yaml")) + sorted(folder.glob("*.yaml")) \
            + sorted((ROOT / "macros" / "data").glob("*.yaml")):
        data = yamlread.read(str(path), path.read_text(encoding="utf-8")).data
        definition = {"recommendations": "catalogue", "workstreams": "workstreams", "statuses": "statuses"}.get(
            path.stem, "joint_response" if data.get("kind") == "joint" else "organisation_plan")
        assert jsonschema_passes(definition, data), path
        found.append((definition, data))
    return found


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    return valid_documents(tmp_path_factory.mktemp("fast-schema-valid") / "plans")


def _schema_values() -> list:
    """Every example and allowed value in schema.json: a mutation with one of them often keeps
    the plan valid, so both answers are tried."""
    values: list = []

    def walk(node):
        if isinstance(node, dict):
            values.extend(node.get("examples", []) + node.get("enum", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema.schema())
    return list({(type(v), repr(v)): v for v in values}.values())


FIELD_NAMES = sorted({key for node in schema.schema()["definitions"].values()
                      for key in node.get("properties", {})}) + ["x", "Action", "due ", "1"]
# What yamlread gives (text, whole numbers, true/false, null, blocks, lists: no floats, no tuples),
# weighted towards the values the schema's rules turn on.
SCALARS = st.one_of(
    st.sampled_from(_schema_values()).map(copy.deepcopy),  # (a copy: a mutation must not change the schema)
    st.sampled_from(["", " ", "x", "lewisham", "Lewisham", "lewisham\n", "lewisham-", "a--b", "1.2", "1..2",
                     "2014-06-30", "2014-06-30\n", "2014-02-30", "2014-06", "2014/15", "2014/2015", "30/06/2014",
                     "https://www.nhs.uk/", "http://x", "ftp://x", "https://", "#ffeb3b", "#FFEB3B", "#ffeb3", "#ffeb3bb",
                     "complete", "Complete", "joint", "organisation", "quality", "12", "012", "true", "null"]),
    st.text(max_size=6), st.integers(-2, 300), st.sampled_from([0, 1, 4, 5, 289, 290, 291, 10**30]), st.booleans(),
    st.none())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=3), max_leaves=6)


def _containers(data, at=()):
    if isinstance(data, (dict, list)):
        yield at, data
        for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
            yield from _containers(value, at + (key,))


def mutate(data, draw) -> None:
    """One change somewhere in ``data``: a value replaced, a field or item removed, a field or
    item added, an item repeated, or a number written as text (and text as a number)."""
    _, node = draw(st.sampled_from(list(_containers(data))))
    how = draw(st.sampled_from(["replace", "replace", "remove", "add", "repeat", "retype"]))
    if how == "add":
        if isinstance(node, dict):
            node[draw(st.sampled_from(FIELD_NAMES))] = draw(VALUES)
        else:
            node.append(draw(VALUES))
        return
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if not keys:
        return
    key = draw(st.sampled_from(keys))
    value = node[key]
    if how == "repeat" and isinstance(node, list):
        node.append(copy.deepcopy(value))
    elif how == "remove":
        del node[key]
    elif how == "retype" and isinstance(value, (int, str)) and not isinstance(value, bool):
        node[key] = str(value) if isinstance(value, int) else int(value) if value.isdigit() else value + "1"
    else:
        node[key] = draw(VALUES)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_validator_agrees_on_mutated_valid_plans(valid, data):
    definition, document = data.draw(st.sampled_from(valid))
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(document, data.draw)
    assert_agree(definition, document, "mutated")


@pytest.mark.parametrize("change", [
    ("actions", 0, "recommendation", [1, True]), ("actions", 0, "recommendation", [1, 1]),
    ("actions", 0, "recommendation", True), ("actions", 0, "recommendation", 0),
    ("actions", 0, "recommendation", 291), ("actions", 0, "recommendation", []), ("actions", 0, "recommendation", "12"),
    ("actions", 0, "status", "Complete"), ("actions", 0, "id", "1 a"), ("actions", 0, "due", "2014/15"),
    ("actions", 0, "due", "2014-06-30\n"), ("actions", 0, "workstream", ["quality"]), ("id", "lewisham\n"),
    ("kind", "joint"), ("as_at", "2014-06"), ("provenance", "url", "ftp://x"), ("actions", 0, "owner", 12),
    ("actions", 0, "updates", [{"date": "2015-06-30", "status": "delayed", "due": "2016-03"}]),
    ("actions", 0, "updates", [{"date": "2015-06-30", "status": "delayed", "due": "2016-03", "reason": "x"}]),
    ("actions", []), ("priority_scale", [{"value": 1, "meaning": "x"}]),
])
def test_fast_validator_agrees_on_values_each_rule_turns_on(change):
    plan = copy.deepcopy(yamlread.read("lewisham", (ROOT / "plans" / "lewisham.yaml").read_text(encoding="utf-8")).data)
    *path, value = change
    node = plan
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert_agree("organisation_plan", plan, repr(change))


def test_a_check_of_valid_plans_never_imports_jsonschema():
    """jsonschema (0.17 s to import) is only for explaining problems."""
    code = ("import sys; from macros.plans import load; site, problems = load.check(); "
            "assert site is not None and 'fastjsonschema' in sys.modules, problems; "
            "assert 'jsonschema' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={"PATH": "/usr/bin:/bin", "AS_OF": "2019-06-30"})
