"""Hostile pull requests and odd files: the checker refuses each with a clear error at its line,
never a traceback, a crash, a hang or a leak of what a link points to.

Fixtures in tests/fixtures/hostile/ hold one class of hostile input each (exact expected lines,
as in test_check_fixtures.py). What git cannot or must not hold (symbolic links, named pipes,
huge or deeply nested files, thousands of mistakes, odd file names) is made here at test time.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from macros.plans import limits, links, planfiles, textcheck
from macros.plans.problems import Problem, escape, safe_path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
BROKEN_URL = ROOT / "tests" / "fixtures" / "broken" / "javascript-url" / "plans" / "riverside.yaml"
GOOD_TEXT = BROKEN_URL.read_text(encoding="utf-8").replace("javascript:alert(1)", "https://www.riverside.nhs.uk/f.pdf")
SECRET = "SECRET-do-not-print-7f3a"

EXPECTED = {
    "bidi-override-in-name": (1, [
        "plans/riverside.yaml:3:12: error: this line contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control, which makes the rest of the line read backwards or look like other text: delete it (if the text was pasted, type it again)",
    ]),
    "control-character-as-escape": (1, [
        "plans/riverside.yaml:30:12: error: action 1: owner (who by) contains U+001B ESCAPE, a control character, often pasted from a PDF, Word or a terminal: delete it",
    ]),
    "credentials-in-url": (1, [
        "plans/riverside.yaml:8:8: error: the web address 'https://www.nhs.uk@elsewhere.example/francis.pdf' has a user name or password before '@', which hides the real site (elsewhere.example): link to the page's own address, without anything before '@'",
    ]),
    "host-outside-nhs-and-gov": (0, [
        "plans/riverside.yaml:8:8: warning: the web address goes to riverside-ccg.example.org, which is not an NHS (nhs.uk) or government (gov.uk) site: check that the link is to the published document",
    ]),
    "line-break-in-owner": (1, [
        "plans/riverside.yaml:30:12: error: action 1: owner (who by) must be on one line; found 'Director of\\nNursing': remove the line break (a value after '|' or '>' ends with one: write the value on the same line as its field)",
    ]),
    "look-alike-host": (0, [
        "plans/riverside.yaml:8:8: warning: the web address 'https://www.riverside.nh\u0455.uk/francis.pdf' goes to www.riverside.xn--nh-foc.uk, a name written with letters from other alphabets, which can look like a familiar site: check that it is the organisation's real address",
    ]),
    "look-alike-names": (1, [
        "plans/riverside.yaml:3:7: error: name 'NHS Riverside CCG' looks the same on the page as '\uff2e\uff28\uff33  riverside ccg', the name in plans/riverside-ccg.yaml (line 3), once case, spacing and invisible characters are set aside: give each organisation its own name (if it is the same organisation, keep one plan)",
    ]),
    "markup-in-name": (1, [
        "plans/riverside.yaml:3:7: error: organisation name may not hold the markup character(s) < >: a name is shown as plain text in page titles, headings and search results; write it as the source does, without them; found 'NHS Riverside CCG<img src=x onerror=alert(document.domain)>'",
    ]),
    "nested-too-deep": (1, [
        "plans/riverside.yaml:30:29: error: this value is nested more than 20 blocks deep, far deeper than a plan needs: check the indentation of this line and the lines above it",
    ]),
    "newline-after-date": (1, [
        "plans/riverside.yaml:38:10: error: action 2 \"Publish what the forums said.\": completion date must be a date (2014-03-31), a month (2014-03) or a financial year (2014/15); found '2014/15\\n'",
    ]),
    "newline-after-id": (1, [
        "plans/riverside.yaml:2:5: error: organisation identifier must use only lower-case letters, digits and single hyphens; found 'riverside\\n': write riverside; the file name must be the same: riverside.yaml",
    ]),
    "noncharacter-as-escape": (1, [
        "plans/riverside.yaml:30:12: error: action 1: owner (who by) contains U+FFFF NONCHARACTER, a noncharacter, which is never text (web pages and spreadsheets cannot hold it): delete it",
    ]),
    "punycode-host": (0, [
        "plans/riverside.yaml:8:8: warning: the web address 'https://www.xn--riversid-n2a.nhs.uk/francis.pdf' goes to www.xn--riversid-n2a.nhs.uk, a name written with letters from other alphabets, which can look like a familiar site: check that it is the organisation's real address",
    ]),
    "terminal-escape-in-value": (1, [
        "plans/riverside.yaml:30:32: error: this line contains U+001B ESCAPE, a control character, often pasted from a PDF, Word or a terminal: delete it (if the text was pasted, type it again)",
        "plans/riverside.yaml:30:36: error: this line contains U+000D CARRIAGE RETURN, a control character, often pasted from a PDF, Word or a terminal: delete it (if the text was pasted, type it again)",
    ]),
    "web-address-modeline": (1, [
        "plans/riverside.yaml:1:33: error: the first line points editors to 'https://schemas.example.net/plan.json', outside the project: every editor that opens this plan would load it. Plans use the project's own plan format: change the line to '# yaml-language-server: $schema=../../../../../macros/schema.json'",
    ]),
    "zero-width-in-name": (1, [
        "plans/riverside.yaml:3:17: error: this line contains U+200B ZERO WIDTH SPACE, an invisible character, which makes text look like other text: delete it (if the text was pasted, type it again)",
    ]),
}


def run_check(cwd: Path, *args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PLANS_DIR")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "macros", "check", *args], cwd=cwd,
                          env={**base, **(env or {})}, capture_output=True, text=True, timeout=timeout)


def assert_clean(run: subprocess.CompletedProcess) -> None:
    """A clear report: no traceback, no crash (exit 0 or 1), nothing on stderr, and every line
    starts with a path or is the count."""
    assert run.returncode in (0, 1), (run.returncode, run.stderr[-2000:])
    assert run.stderr == "" and "Traceback" not in run.stdout
    for line in run.stdout.splitlines():
        assert not line.startswith(("::", "##[")), line
        assert not any(textcheck.forbidden(ch) for ch in line), repr(line)


@pytest.fixture(scope="module")
def hostile_runs() -> dict:
    kinds = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(kinds, pool.map(lambda kind: run_check(HOSTILE / kind, "plans"), kinds)))


def test_every_hostile_fixture_has_an_expectation():
    assert {p.name for p in HOSTILE.iterdir() if p.is_dir()} == set(EXPECTED)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_hostile_fixture_is_reported_exactly(kind, hostile_runs):
    code, lines = EXPECTED[kind]
    run = hostile_runs[kind]
    assert_clean(run)
    assert run.stdout.splitlines()[:-1] == lines
    assert run.returncode == code


# --- generated: what git must not hold ------------------------------------------------------

def plans_with(tmp_path: Path, **files) -> Path:
    """A plans folder holding the good Riverside plan (so the set would publish) and ``files``."""
    plans = tmp_path / "plans"
    plans.mkdir(parents=True)
    (plans / "riverside.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    for name, text in files.items():
        (plans / name).write_text(text, encoding="utf-8")
    return plans


def test_links_devices_pipes_and_folders_are_refused_by_name_before_reading(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"id: outside\nname: {SECRET}\n{SECRET}: {SECRET}\n", encoding="utf-8")
    plans = plans_with(tmp_path)
    (plans / "to-outside.yaml").symlink_to(outside)
    (plans / "dangling.yaml").symlink_to(tmp_path / "no-such-file.yaml")
    (plans / "loop.yaml").symlink_to(plans / "loop.yaml")
    (plans / "device.yaml").symlink_to("/dev/zero")
    (plans / "folder.yaml").symlink_to(tmp_path)
    os.mkfifo(plans / "pipe.yaml")
    (plans / "sub").mkdir()
    run = run_check(tmp_path, "plans", timeout=60)  # a pipe read would block: the timeout fails it
    assert_clean(run)
    link = ("error: this is a symbolic link, and links are never read (they can point anywhere, outside "
            "the repository too): put the plan itself in the plans folder")
    assert run.stdout.splitlines() == [
        f"plans/dangling.yaml:1:1: {link}",
        f"plans/device.yaml:1:1: {link}",
        f"plans/folder.yaml:1:1: {link}",
        f"plans/loop.yaml:1:1: {link}",
        "plans/pipe.yaml:1:1: error: this is a named pipe (FIFO), not a file: only plain text files are "
        "read; remove it from the plans folder",
        "plans/sub:1:1: error: folders inside the plans folder are not read: move its plans up into the "
        "plans folder itself",
        f"plans/to-outside.yaml:1:1: {link}",
        "7 error(s), 0 warning(s) in plans; nothing can be published",
    ]
    assert SECRET not in run.stdout


def test_devices_and_unreadable_files_are_explained_not_raised(tmp_path):
    assert planfiles.kind_problem(Path("/dev/null")) == (
        "this is a device, not a file: only plain text files are read; remove it from the plans folder")
    link = tmp_path / "link.yaml"
    link.symlink_to(BROKEN_URL)
    data, why = planfiles.read_bytes(link)  # a link swapped in after the look is not followed either
    assert data is None and why.startswith("this file cannot be read (")
    data, why = planfiles.read_bytes(tmp_path / "gone.yaml")
    assert data is None and "No such file" in why


def test_a_plans_folder_that_is_a_link_is_refused(tmp_path):
    plans = plans_with(tmp_path)
    (tmp_path / "linked").symlink_to(plans)
    run = run_check(tmp_path, "linked")
    assert_clean(run)
    assert run.stdout.splitlines()[0].startswith("linked:1:1: error: the plans folder is a symbolic link")


def test_nesting_tens_of_thousands_deep_is_an_error_not_a_crash(tmp_path):
    for n, body in ((50_000, "owner: " + "[" * 50_000 + "]" * 50_000),
                    (300, "owner:\n" + "".join("  " * i + "- a:\n" for i in range(300)))):
        plans = plans_with(tmp_path / str(n), **{"deep.yaml": f"id: deep\nname: Deep\n{body}\n"})
        run = run_check(plans.parent, "plans")
        assert_clean(run)  # exit 139 (the C reader's crash) or a RecursionError would fail here
        assert re.search(r"^plans/deep\.yaml:\d+:\d+: error: this value is nested more than 20 blocks deep",
                         run.stdout, re.M), run.stdout


def test_size_field_and_link_limits(tmp_path):
    base = GOOD_TEXT
    huge = base + "# " + "x" * limits.MAX_PLAN_BYTES + "\n"
    long_field = base.replace('owner: "Director of Nursing"', 'owner: "' + "y" * (limits.MAX_FIELD_CHARS + 1) + '"')
    long_url = base.replace("https://www.riverside.nhs.uk/f.pdf", "https://www.nhs.uk/" + "z" * 100_000)
    plans = tmp_path / "plans"
    plans.mkdir()
    for name, text in (("huge", huge), ("long-field", long_field), ("long-url", long_url)):
        (plans / f"{name}.yaml").write_text(text.replace("id: riverside", f"id: {name}")
                                            .replace("NHS Riverside CCG", f"NHS {name} CCG"), encoding="utf-8")
    run = run_check(tmp_path, "plans")
    assert_clean(run)
    assert run.stdout.splitlines() == [
        "plans/huge.yaml:1:1: error: this file is larger than 110,000 bytes, the most a plan may be (the "
        "largest real plan is under 20,000): check that it is the plan and not another document; a plan "
        "this large must be split",
        "plans/long-field.yaml:30:12: error: action 1: owner (who by) is 20,001 characters long, more than "
        "the 20,000 a field may hold: check that only this field's text was pasted here",
        "plans/long-url.yaml:8:8: error: the web address is 100,019 characters long, more than the 2,000 "
        "allowed: link to the page itself, without the text after '?' if the page opens without it",
        "3 error(s), 0 warning(s) in plans; nothing can be published",
    ]
    assert len(run.stdout) < 2_000


def test_thousands_of_problems_are_counted_not_all_printed(tmp_path):
    rows = "  - {workstream: Q}\n" * 2_000  # no id, no action, a wrong work stream: 3 errors each
    text = GOOD_TEXT.split("actions:\n")[0] + "actions:\n" + rows
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "riverside.yaml").write_text(text, encoding="utf-8")
    run = run_check(tmp_path, "plans", env={"GITHUB_ACTIONS": "true"})
    lines = run.stdout.splitlines()
    n_errors, n_warnings = map(int, re.match(r"(\d+) error\(s\), (\d+) warning", lines[-1]).groups())
    total = n_errors + n_warnings
    assert n_errors >= 5_000 and lines[-1].endswith("nothing can be published")
    assert sum(": error: " in line for line in lines) == limits.MAX_PROBLEMS_SHOWN
    assert sum(line.startswith("::error file=") for line in lines) == limits.MAX_PROBLEMS_SHOWN
    assert f"... and {total - limits.MAX_PROBLEMS_SHOWN:,} more problem(s) not listed" in run.stdout
    summary = subprocess.run([sys.executable, "-m", "macros.commands.summary", "plans"], cwd=tmp_path,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                             timeout=120)
    assert summary.returncode == 0 and f"{total - limits.MAX_PROBLEMS_SHOWN:,} more problem" in summary.stdout
    assert len(summary.stdout.encode()) < 200_000  # GitHub drops a summary over 1 MiB whole


@pytest.mark.parametrize("name", ["::error file=x::pwned.yaml", "##[error]pwned.yaml", "x\n::warning::y.yaml",
                                  "\u202eevil.yaml", "a\x1b[2Jb.yaml"])
def test_no_file_name_or_value_can_start_a_line_or_a_workflow_command(tmp_path, name):
    plans = plans_with(tmp_path)
    (plans / name).write_text("id: x\nname: \"a\\n::error::value\"\n", encoding="utf-8")
    run = run_check(tmp_path, "plans", env={"GITHUB_ACTIONS": "true"})
    assert run.returncode == 1 and run.stderr == ""
    for line in run.stdout.splitlines():
        assert line.startswith(("plans/", "./plans/", "::error file=", "::warning file=")) \
            or re.match(r"\d+ error", line), line
        assert not any(textcheck.forbidden(ch) for ch in line), repr(line)
        if line.startswith("::"):  # our own annotations: the file property has no ':' or ',' of its own
            assert re.fullmatch(r"::(error|warning) file=[^:,]*,line=\d+,col=\d+::.*", line), line


def test_problem_lines_escape_and_never_start_with_plan_text():
    p = Problem("::x\n.yaml", 1, 1, "error", "a\x1b[2J\u202eb\nc\u200b")
    assert p.format() == "./::x\\n.yaml:1:1: error: a\\x1b[2J\\u202eb\\nc\\u200b"
    assert safe_path("plans/a.yaml") == "plans/a.yaml" and safe_path("##[x") == "./##[x"
    assert escape("Café – “ok”") == "Café – “ok”"  # ordinary text is untouched


# --- units -------------------------------------------------------------------------------

def test_schema_patterns_are_matched_whole():
    """schema.json's patterns end in '$', which in Python also matches before a final newline."""
    from macros.plans import schema
    patterns = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schema.schema())
    assert patterns
    for definition in ("organisation_plan", "joint_response", "workstreams", "catalogue"):
        for pattern in re.findall(r'"pattern": "([^"]*)"', json.dumps(schema.validator(definition).schema)):
            assert not pattern.endswith("$"), pattern
    assert schema.is_identifier("lewisham") and not schema.is_identifier("lewisham\n")


@pytest.mark.parametrize("url, level", [
    ("https://www.lewisham.nhs.uk/a.pdf", None),
    ("http://www.gov.uk/x", None),
    ("https://democracy.lewisham.gov.uk/x?a=1#b", None),
    ("https://user:pw@www.nhs.uk/", "error"),
    ("https://www.nhs.uk@evil.example/", "error"),
    ("https://www.nhs.uk\n.evil.example/", "error"),
    ("https://", "error"),
    ("https://www.nhs.uk:99999/", "error"),
    ("https://xn--nhs-abc.uk/", "warning"),
    ("https://www.n\u0570s.uk/", "warning"),
    ("https://www.example.com/", "warning"),
    ("https://nhs.uk.evil.example/", "warning"),
    ("javascript:alert(1)", None),  # the schema reports it (must start with https:// or http://)
])
def test_link_rules(url, level):
    found = links.problem(url)
    assert (found[0] if found else None) == level, found


def test_host_shown_for_a_link_is_what_the_browser_goes_to():
    assert links.host("https://www.nhs.uk@evil.example/") == "evil.example"
    assert links.host("https://www.n\u0570s.uk/a") == "www.xn--ns-ndd.uk"
    assert links.host("not a url") == ""


def test_name_key_sees_through_case_width_spacing_and_invisible_characters():
    key = textcheck.name_key("NHS Barnet CCG")
    for other in ("nhs barnet ccg", "NHS  Barnet\u00a0CCG", "ＮＨＳ Barnet CCG", "NHS Bar\u200bnet CCG",
                  "NHS \u2066Barnet\u2069 CCG"):
        assert textcheck.name_key(other) == key, other
    assert textcheck.name_key("NHS Barnet CCG (South)") != key


def test_depth_of_real_and_synthetic_plans_is_well_inside_the_limit():
    for path in sorted((ROOT / "plans").glob("*.yaml")):
        assert limits.too_deep(path.read_text(encoding="utf-8")) is None, path


def test_limits_are_documented_with_their_figures():
    guide = (ROOT / "docs" / "updating.md").read_text(encoding="utf-8")
    for figure in (limits.MAX_PLAN_BYTES, limits.MAX_FIELD_CHARS, limits.MAX_URL_CHARS,
                   limits.MAX_DEPTH, limits.MAX_PROBLEMS_SHOWN):
        assert f"{figure:,}" in guide, figure
    assert "{{ plan_limits() }}" in (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")


def test_a_plan_within_the_size_limit_that_makes_too_big_a_page_fails_the_build(tmp_path):
    """Thousands of tiny actions fit in the plan size limit but not on one page."""
    from sitebuild import build_site
    rows = "".join(f'  - {{id: "{i}", workstream: quality, action: a}}\n' for i in range(2_200))
    text = GOOD_TEXT.split("priority_scale:")[0] + "actions:\n" + rows
    assert len(text.encode()) < limits.MAX_PLAN_BYTES
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "riverside.yaml").write_text(text, encoding="utf-8")
    assert run_check(tmp_path, "plans").returncode == 0
    result = build_site(tmp_path / "site", plans_dir=plans, check=False)
    assert result.returncode != 0
    assert re.search(r"organisations/riverside/index\.md: this page would be [\d,]+ bytes, more than the "
                     r"300,000 a page may be", result.stdout + result.stderr)


def test_the_largest_allowed_plan_passes_and_its_page_stays_under_the_page_limit(tmp_path):
    """The plan size limit and the page size limit agree for a plan shaped like the largest
    synthetic one (years of progress updates): benchmarks/largest_plan.py."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import largest_plan
    from sitebuild import build_site
    plan = largest_plan.largest(tmp_path)
    assert limits.MAX_PLAN_BYTES - 5_000 < plan.stat().st_size <= limits.MAX_PLAN_BYTES
    assert run_check(tmp_path, "plans").returncode == 0
    build_site(tmp_path / "site", plans_dir=plan.parent)
    page = tmp_path / "site" / "organisations" / plan.stem / "index.html"
    assert page.stat().st_size < limits.MAX_PAGE_BYTES
