"""The check as editors and CI meet it: workflow annotations, the mkdocs build, speed."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import yaml

from macros.plans import load, plancache, planfiles, schema
from macros.plans.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def run_check(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PLANS_DIR")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "macros", "check", *args], cwd=cwd,
                          env={**base, **(env or {})}, capture_output=True, text=True, timeout=120)


def mkdocs_build(out: Path, plans: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project with PLANS_DIR=plans, as CI runs it."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(NO_MKDOCS_2_WARNING="1", PLANS_DIR=str(plans))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


def test_annotation_escapes_percent_cr_and_lf():
    """A line break a plan put in a message is shown as \\r\\n (see problems.escape): the
    annotation stays one line, and '%' cannot start an escape of its own."""
    problem = Problem("plans/a.yaml", 3, 7, "error", "100% sure\r\nsecond line")
    assert problem.annotation() == "::error file=plans/a.yaml,line=3,col=7::100%25 sure\\r\\nsecond line"


def test_annotation_escapes_the_file_property_and_keeps_warnings_as_warnings():
    problem = Problem("plans/odd,name:1%.yaml", 1, 1, "warning", "a, b: c")
    assert problem.annotation() == ("::warning file=plans/odd%2Cname%3A1%25.yaml,line=1,col=1"
                                    "::a, b: c")


def test_format_is_path_line_col_level_message():
    assert Problem("p.yaml", 12, 5, "error", "x").format() == "p.yaml:12:5: error: x"


def test_github_actions_prints_annotations_after_the_messages():
    folder = FIXTURES / "broken" / "joint-response-without-members"
    plain = run_check(folder, "plans").stdout.splitlines()
    run = run_check(folder, "plans", env={"GITHUB_ACTIONS": "true"})
    lines = run.stdout.splitlines()
    assert lines[:len(plain) - 1] == plain[:-1]  # the same messages first
    assert ("::warning file=plans/valley-partners.yaml,line=1,col=1::no organisation plan names this "
            "joint response: add 'joint_response: valley-partners' to its members' plans") in lines
    assert lines[-1] == plain[-1]
    assert run.returncode == 0


def test_github_actions_annotation_for_an_error_on_its_line():
    run = run_check(FIXTURES / "broken" / "wrong-workstream", "plans", env={"GITHUB_ACTIONS": "true"})
    assert ("::error file=plans/riverside.yaml,line=25,col=17::action 1 \"Review complaints information from…\": work stream must be one of: "
            "cultural, engagement, quality, information; found 'Quality' (did you mean 'quality'?)"
            ) in run.stdout.splitlines()
    assert run.returncode == 1


def test_no_annotations_outside_github_actions():
    run = run_check(FIXTURES / "broken" / "wrong-workstream", "plans", env={"GITHUB_ACTIONS": "false"})
    assert "::error" not in run.stdout


def test_mkdocs_build_fails_with_the_same_messages_and_publishes_nothing(tmp_path):
    plans = FIXTURES / "many-mistakes" / "plans"
    check = run_check(ROOT, str(plans.relative_to(ROOT)))
    messages = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(messages) == 9
    out = tmp_path / "site"
    build = mkdocs_build(out, plans)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    for message in messages:
        assert message in output
    assert "Traceback" not in output
    assert "9 error(s) in the plans" in output
    assert not (out / "organisations" / "riverside" / "index.html").exists()
    assert not (out / "organisations" / "hill" / "index.html").exists()


def test_checking_the_seven_seed_plans_takes_the_fast_paths(monkeypatch):
    """What keeps the check of plans/ well under a second, counted instead of timed: every file
    is read once and parsed once, through libyaml when PyYAML has it, and validated by the
    compiled validator, compiled once per definition, not per file, without building any
    jsonschema validator (only a plan with a problem needs one); tests/test_check_fast_paths.py
    shows the fast paths give the same results as the slow ones."""
    import fastjsonschema

    reads, loaders, built, validated, compiled = Counter(), [], [], [], []
    read_bytes, compose_all, messages = planfiles.read_bytes, yaml.compose_all, schema.messages
    draft7 = jsonschema.Draft7Validator
    monkeypatch.setattr(planfiles, "read_bytes", lambda path: reads.update([str(path)]) or read_bytes(path))
    monkeypatch.setattr(yaml, "compose_all", lambda text, Loader: loaders.append(Loader) or compose_all(text, Loader))
    monkeypatch.setattr(jsonschema, "Draft7Validator", lambda *a, **k: built.append(1) or draft7(*a, **k))
    monkeypatch.setattr(schema, "messages", lambda definition, *a, **k: validated.append(definition)
                        or messages(definition, *a, **k))
    monkeypatch.setattr(plancache, "CACHE", plancache.PlanCache(enabled=False))  # read every file
    compile_ = fastjsonschema.compile
    monkeypatch.setattr(fastjsonschema, "compile", lambda *a, **k: compiled.append(1) or compile_(*a, **k))
    schema.validator.cache_clear()
    schema._fast_validator.cache_clear()  # (compiled again below, once per definition)
    site, problems = load.check(ROOT / "plans")
    assert site is not None and len(site.organisations) == 7
    assert not [p for p in problems if p.level == "error"]
    plans = [str(p) for p in sorted((ROOT / "plans").glob("*.yaml"))]
    assert all(reads[p] == 1 for p in plans) and set(reads.values()) == {1}, reads
    assert len(loaders) == len(reads)
    if getattr(yaml, "CSafeLoader", None) is not None:
        assert set(loaders) == {yaml.CSafeLoader}, "a file was read by the pure-Python YAML reader"
    assert len(validated) >= len(plans) and len(compiled) == len(set(validated)), (len(compiled), validated)
    assert built == [], "a valid plan was validated by jsonschema"


# What `python -m macros check` (and so every CI run and every editor's check) must not load:
# the site generator, templates, feed and spreadsheet libraries.
NOT_FOR_CHECKING = {"mkdocs", "material", "mkdocs_macros", "jinja2", "markdown", "pymdownx", "feedgen",
                    "openpyxl", "lxml", "numpy", "PIL"}


def test_a_cold_check_from_the_command_line_imports_only_what_checking_needs():
    """A fresh interpreter's `python -m macros check`: its start-up is the imports, so they are
    listed (python -X importtime) instead of the command being timed."""
    base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PLANS_DIR")}
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "macros", "check"], cwd=ROOT,
                         env={**base, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ready to publish" in run.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
                if line.startswith("import time:") and line.count("|") == 2}
    assert {"macros.plans.load", "macros.plans.schema", "yaml", "fastjsonschema"} <= imported  # the list was read
    assert "jsonschema" not in imported  # only a plan with a problem needs it, for its messages
    heavy = sorted({name.split(".")[0] for name in imported} & NOT_FOR_CHECKING)
    assert heavy == [], f"python -m macros check imports {heavy}"
