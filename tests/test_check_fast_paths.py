"""The check's fast paths change nothing but its speed (the check of 211 plans in under a second
when they were added; tests/test_check_cli.py checks that the check takes them).

- Plans read through libyaml give exactly what the pure-Python reader gives (macros/plans/yamlread.py):
  every document, position, style and problem.
- The schema validator with its $refs written out finds exactly the problems, with the same
  messages at the same places, as the validator that resolves them (macros/plans/schema.py).
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
import yaml
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
