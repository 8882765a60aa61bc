"""The check as editors and CI meet it: workflow annotations, the mkdocs build, speed."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from macros.plans import load
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


def test_checking_the_seven_seed_plans_takes_well_under_a_second():
    start = time.perf_counter()
    site, problems = load.check(ROOT / "plans")
    elapsed = time.perf_counter() - start
    assert site is not None and len(site.organisations) == 7
    assert not [p for p in problems if p.level == "error"]
    assert elapsed < 1.0, f"checking plans/ took {elapsed:.3f} s"


def test_a_cold_check_from_the_command_line_is_fast_too():
    start = time.perf_counter()
    run = run_check(ROOT)
    elapsed = time.perf_counter() - start
    assert run.returncode == 0
    assert elapsed < 5.0, f"python -m macros check took {elapsed:.2f} s"
