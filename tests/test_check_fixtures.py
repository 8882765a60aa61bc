"""Paired fixtures: a good plan set, and broken plan sets that each hold ONE deliberate mistake.

Every broken set is checked with `python -m macros check plans`, run as a subprocess from the
set's own folder so that paths are stable, and the test asserts the exact
`path:line:col: level: message` lines and the exit code. The messages are the product here:
each names the field as an editor knows it, the value found and the fix.
"""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"

# kind -> (exit code, every problem line printed, in order). Warnings-only kinds exit 0.
EXPECTED = {
    "actions-not-a-list": (1, [
        "plans/riverside.yaml:22:3: error: actions must be a list (lines starting with '- '); found a block of fields: put each item on its own line below it, starting with '- '",
    ]),
    "anchor-and-alias": (1, [
        "plans/riverside.yaml:30:12: error: anchors and aliases ('&name', '*name') are not supported in plans: write the value out in full wherever it is needed",
    ]),
    "bad-identifier": (1, [
        "plans/River_side.yaml:2:5: error: organisation identifier must use only lower-case letters, digits and single hyphens; found 'River_side': write river-side; the file name must be the same: river-side.yaml",
    ]),
    "comment-in-value": (0, [
        "plans/riverside.yaml:30:32: warning: the text after ' #' on this line is a YAML comment and is not published: if it is part of the value, put the whole value in double quotes",
    ]),
    "date-in-words": (1, [
        "plans/riverside.yaml:31:10: error: action 1 \"Review complaints information from…\": completion date must be a date (2014-03-31), a month (2014-03) or a financial year (2014/15); found '31 March 2014': write 2014-03-31 for 31 March 2014",
    ]),
    "date-with-slashes": (1, [
        "plans/riverside.yaml:31:10: error: action 1 \"Review complaints information from…\": completion date must be a date (2014-03-31), a month (2014-03) or a financial year (2014/15); found '31/03/2014': write 2014-03-31 for 31/03/2014",
    ]),
    "duplicate-action": (0, [
        'plans/riverside.yaml:39:5: warning: action 3 "Publish what the forums said." repeats action 2 "Publish what the forums said." (line 32) word for word: delete one unless the source lists it twice',
    ]),
    "duplicate-group-id": (1, [
        "plans/riverside.yaml:19:11: error: group 2: group identifier 'complaints' is already used by group 1 (line 17): give each group its own identifier",
    ]),
    "duplicate-key": (1, [
        "plans/riverside.yaml:31:5: error: field 'owner' appears twice in the same block (lines 30 and 31); YAML would silently keep only the last one: delete or rename one of them",
    ]),
    "empty-file": (1, [
        'plans/riverside.yaml:1:1: error: this file is empty: a plan needs at least id:, name:, provenance: and actions: (copy an existing plan to start)',
    ]),
    "empty-required-field": (1, [
        "plans/riverside.yaml:35:5: error: action 2 \"Publish what the forums said.\": work stream is required but empty: after 'workstream:' write one of: cultural, engagement, quality, information",
    ]),
    "field-inside-text-block": (0, [
        "plans/riverside.yaml:30:7: warning: action 1 \"Review complaints information from…\": the line 'owner: ...' is inside the text of 'action' (its text block), so it is published as part of that text and the action has no owner (who by): if it is meant as the owner (who by), indent it by 4 spaces, the same as 'action:' (it has 6)",
    ]),
    "financial-year-with-hyphen": (1, [
        "plans/riverside.yaml:31:10: error: action 1 \"Review complaints information from…\": completion date '2014-15' is not a real date: there is no month 15: for the financial year April 2014 to March 2015, write 2014/15",
    ]),
    "financial-year-2014-16": (1, [
        "plans/riverside.yaml:38:10: error: action 2 \"Publish what the forums said.\": completion date '2014/16' is not a real date: a financial year runs from 1 April of one year to 31 March of the next, so it is written 2014/15",
    ]),
    "folder-in-plans": (1, [
        'plans/old:1:1: error: folders inside the plans folder are not read: move its plans up into the plans folder itself',
    ]),
    "id-not-file-name": (1, [
        "plans/riverside.yaml:2:5: error: id 'riverside-ccg' does not match the file name 'riverside.yaml': rename the file to riverside-ccg.yaml or set id: riverside",
    ]),
    "impossible-date": (1, [
        "plans/riverside.yaml:31:10: error: action 1 \"Review complaints information from…\": completion date '2014-02-30' is not a real date: February 2014 has 28 days: check the day",
    ]),
    "javascript-url": (1, [
        "plans/riverside.yaml:8:8: error: web address must start with https:// or http://; found 'javascript:alert(1)'",
    ]),
    "joint-id-not-file-name": (1, [
        "plans/valley-partners.yaml:3:5: error: id 'valley-partner' does not match the file name 'valley-partners.yaml': rename the file to valley-partner.yaml or set id: valley-partners",
    ]),
    "joint-response-without-members": (0, [
        "plans/valley-partners.yaml:1:1: warning: no organisation plan names this joint response: add 'joint_response: valley-partners' to its members' plans",
    ]),
    "kind-misspelt": (1, [
        "plans/valley-partners.yaml:2:7: error: kind must be joint; found 'Joint' (did you mean 'joint'?)",
    ]),
    "leading-zero-recommendation": (1, [
        "plans/riverside.yaml:26:21: error: action 1 \"Review complaints information from…\": recommendation number must be a whole number (or a list of them, like [124, 125]); found '0012': write it without the leading zeros, like this: recommendation: 12",
    ]),
    "missing-document-title": (1, [
        'plans/riverside.yaml:6:3: error: the source document has no document title, which is required: add a line like this: title: "NHS Riverside CCG: response to the Francis Report"',
    ]),
    "missing-modeline": (0, [
        "plans/riverside.yaml:1:1: warning: the first line should be '# yaml-language-server: $schema=../../../../../macros/schema.json' so that editors such as VS Code check the plan as you type: add it as line 1",
    ]),
    "missing-required-field": (1, [
        "plans/riverside.yaml:32:5: error: action 2 \"Publish what the forums said.\" has no work stream, which is required: add a line 'workstream:' followed by one of: cultural, engagement, quality, information",
    ]),
    "month-in-words": (1, [
        "plans/riverside.yaml:31:10: error: action 1 \"Review complaints information from…\": completion date must be a date (2014-03-31), a month (2014-03) or a financial year (2014/15); found 'March 2014': write 2014-03 for March 2014",
    ]),
    "month-13": (1, [
        "plans/riverside.yaml:4:8: error: as-at date '2014-13' is not a real date: there is no month 13: check the month (the last number)",
    ]),
    "neither-action-nor-position": (1, [
        "plans/riverside.yaml:32:5: error: action 2 has neither an action nor a current position: add 'action:' with what the organisation will do, in the source's words",
    ]),
    "not-supported-recommendation": (0, [
        'plans/riverside.yaml:26:21: warning: action 1 "Review complaints information from…": recommendation 137 (Commissioners’ powers of intervention) is one the Government did not support: check the number; if it is right, nothing needs changing (the site marks it as not supported)',
    ]),
    "not-utf8": (1, [
        'plans/riverside.yaml:1:1: error: this file is not plain text saved as UTF-8 (it may be a Word, PDF or spreadsheet file, or text saved in another encoding): save the plan as plain UTF-8 text',
    ]),
    "not-yaml-text": (1, [
        "plans/riverside.yaml:1:1: error: this file is not a plan: a plan is made of 'field: value' lines (id:, name:, provenance:, actions:), but this file is plain text",
    ]),
    "number-in-text-field": (1, [
        'plans/riverside.yaml:27:15: error: action 1 "Review complaints information from…": priority must be text; found \'1\': put it in double quotes, like this: priority: "1"',
    ]),
    "priority-not-on-scale": (1, [
        "plans/riverside.yaml:27:15: error: action 1 \"Review complaints information from…\": priority must be one of: 1, 2 (the plan's priority scale); found 'high'",
    ]),
    "priority-scale-number": (1, [
        'plans/riverside.yaml:12:12: error: priority level 2: value must be text; found \'2\': put it in double quotes, like this: value: "2"',
    ]),
    "recommendation-0": (1, [
        "plans/riverside.yaml:26:21: error: action 1 \"Review complaints information from…\": recommendation number must be between 1 and 290 (the Francis Report has 290 recommendations); found '0'",
    ]),
    "recommendation-291": (1, [
        "plans/riverside.yaml:26:21: error: action 1 \"Review complaints information from…\": recommendation number must be between 1 and 290 (the Francis Report has 290 recommendations); found '291'",
    ]),
    "recommendation-quoted": (1, [
        "plans/riverside.yaml:26:21: error: action 1 \"Review complaints information from…\": recommendation number must be a whole number (or a list of them, like [124, 125]); found '124': remove the quotes, like this: recommendation: 124",
    ]),
    "tab-indentation": (1, [
        'plans/riverside.yaml:30:1: error: a tab character is not allowed in YAML: indent with spaces instead',
    ]),
    "text-file": (1, [
        'plans/notes.txt:1:1: error: this file is not published: only files ending in .yaml are plans: if this is a plan, rename it to notes.yaml; if not, move it out of the plans folder',
    ]),
    "time-in-recommendation": (1, [
        "plans/riverside.yaml:26:21: error: action 1 \"Review complaints information from…\": recommendation number must be a whole number (or a list of them, like [124, 125]); found '9:30': write the number alone, without quotes, letters or other characters",
    ]),
    "top-level-list": (1, [
        "plans/riverside.yaml:2:1: error: this file is a list (it starts with '- '), but a plan is a block of fields: remove the '- ' and the extra spaces so that id:, name:, provenance: and actions: start at the beginning of their lines",
    ]),
    "true-in-text-field": (1, [
        'plans/riverside.yaml:30:12: error: action 1 "Review complaints information from…": owner (who by) must be text; found \'true\': put it in double quotes, like this: owner: "true"',
    ]),
    "two-documents": (1, [
        "plans/riverside.yaml:40:1: error: a plan is one YAML document: remove the '---' line and what follows",
    ]),
    "two-plans-one-id": (1, [
        "plans/riverside-2014.yaml:2:5: error: id 'riverside' is already the id of plans/riverside.yaml: each plan needs its own id, the same as its file name: set id: riverside-2014",
    ]),
    "unclosed-quote": (1, [
        'plans/riverside.yaml:3:7: error: the double quote (") that starts this value is never closed: put a " at the end of the value',
    ]),
    "unknown-field": (1, [
        "plans/riverside.yaml:37:5: error: unknown field 'actoin' in action 2 \"Patient forums meet monthly.\": did you mean 'action'?",
    ]),
    "unknown-group": (1, [
        "plans/riverside.yaml:34:12: error: action 2 \"Publish what the forums said.\": group 'listenning' is not one of the plan's groups: did you mean 'listening'?",
    ]),
    "unknown-joint-response": (1, [
        "plans/valley.yaml:4:17: error: joint response 'valley-partnership' is not the id of a joint response in this folder: did you mean 'valley-partners'?",
    ]),
    "unknown-top-level-field": (1, [
        "plans/riverside.yaml:5:1: error: unknown field 'sumary' in the plan: did you mean 'summary'?",
    ]),
    "unquoted-colon": (1, [
        "plans/riverside.yaml:37:41: error: a ': ' (colon and space) inside a value confuses YAML: put the whole value in double quotes, or start it on the next line after '|-'",
    ]),
    "wrong-modeline-path": (0, [
        "plans/riverside.yaml:1:33: warning: the first line points editors to '../macros/schema.json', which is not the plan format (macros/schema.json): change it to '# yaml-language-server: $schema=../../../../../macros/schema.json'",
    ]),
    "wrong-workstream": (1, [
        "plans/riverside.yaml:25:17: error: action 1 \"Review complaints information from…\": work stream must be one of: cultural, engagement, quality, information; found 'Quality' (did you mean 'quality'?)",
    ]),
    "yaml-tag": (1, [
        "plans/riverside.yaml:30:12: error: YAML tags such as '!!python/object/apply:os.system' are not allowed in plans: delete the tag and keep only the value",
    ]),
    "yml-extension": (1, [
        'plans/riverside.yml:1:1: error: this file is not published: rename it to riverside.yaml (plans must end in .yaml, in lower case)',
    ]),
}

WARNING_KINDS = sorted(kind for kind, (code, _) in EXPECTED.items() if code == 0)


def run_check(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m macros check ARGS` from ``cwd``, outside GitHub Actions, no $PLANS_DIR."""
    base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PLANS_DIR")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "macros", "check", *args], cwd=cwd,
                          env={**base, **(env or {})}, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def broken_runs() -> dict:
    """Every broken set checked once (in parallel: each run is a fresh interpreter)."""
    kinds = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(kinds, pool.map(lambda kind: run_check(BROKEN / kind, "plans"), kinds)))


def test_every_broken_fixture_has_an_expectation_and_vice_versa():
    on_disk = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert on_disk == set(EXPECTED)
    assert len([k for k, (code, _) in EXPECTED.items() if code == 1]) >= 20


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_broken_fixture_reports_its_mistake_exactly(kind, broken_runs):
    code, lines = EXPECTED[kind]
    run = broken_runs[kind]
    out = run.stdout.splitlines()
    assert run.stderr == ""
    assert out[:-1] == lines
    errors = sum(": error: " in line for line in lines)
    assert out[-1].startswith(f"{errors} error(s), {len(lines) - errors} warning(s) in plans; ")
    assert out[-1].endswith("nothing can be published" if errors else "organisation plan(s) ready to publish")
    assert run.returncode == code


@pytest.mark.parametrize("kind", sorted(k for k, (code, _) in EXPECTED.items() if code == 1))
def test_each_broken_fixture_holds_exactly_one_mistake(kind):
    """One mistake gives one error line, not a cascade of consequences."""
    assert sum(": error: " in line for line in EXPECTED[kind][1]) == 1


def test_good_plans_pass_even_with_strict():
    for args in (("plans",), ("--strict", "plans")):
        run = run_check(FIXTURES / "good", *args)
        assert run.stdout.splitlines() == [
            "0 error(s), 0 warning(s) in plans; 2 organisation plan(s) ready to publish"], run.stdout
        assert run.returncode == 0


@pytest.mark.parametrize("kind", WARNING_KINDS)
def test_warnings_fail_only_with_strict(kind):
    run = run_check(BROKEN / kind, "--strict", "plans")
    assert run.returncode == 1
    assert run.stdout.splitlines()[:-1] == EXPECTED[kind][1]
    assert run.stdout.splitlines()[-1].endswith("; --strict: the warnings must be fixed too")


def test_every_mistake_in_every_file_is_reported_in_one_run():
    run = run_check(FIXTURES / "many-mistakes", "plans")
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "plans/hill.yaml:2:1: error: the plan has no organisation name, which is required: add a line "
        "like this: name: \"NHS Riverside CCG\"",
        "plans/hill.yaml:8:21: error: action 1 \"Agree the CCG's values with staff.\": recommendation number must be between 1 and 290 (the "
        "Francis Report has 290 recommendations); found '291'",
        "plans/hill.yaml:9:15: error: action 1 \"Agree the CCG's values with staff.\": priority must be text; found '2': put it in double "
        "quotes, like this: priority: \"2\"",
        "plans/notes.txt:1:1: error: this file is not published: only files ending in .yaml are plans: "
        "if this is a plan, rename it to notes.yaml; if not, move it out of the plans folder",
        "plans/riverside.yaml:14:17: error: action 1 \"Review complaints information every…\": work stream must be one of: cultural, engagement, "
        "quality, information; found 'Quality' (did you mean 'quality'?)",
        "plans/riverside.yaml:15:12: error: action 1 \"Review complaints information every…\": group 'complaint' is not one of the plan's groups: "
        "did you mean 'complaints'?",
        "plans/riverside.yaml:17:10: error: action 1 \"Review complaints information every…\": completion date '2014-02-30' is not a real date: "
        "February 2014 has 28 days: check the day",
        "plans/riverside.yaml:20:5: error: unknown field 'actoin' in action 2: did you mean 'action'?",
        "plans/valley.yaml:5:1: error: a tab character is not allowed in YAML: indent with spaces instead",
        "9 error(s), 0 warning(s) in plans; nothing can be published",
    ]


def test_every_syntax_mistake_in_a_file_is_reported_in_one_run():
    """An unclosed quote, a tab and a missing space after a colon in one file: three messages in
    one run (each mistake's line is set aside and the file read again), not one per run."""
    run = run_check(FIXTURES / "several-syntax-mistakes", "plans")
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        'plans/riverside.yaml:3:7: error: the double quote (") that starts this value is never closed: '
        'put a " at the end of the value',
        "plans/riverside.yaml:35:1: error: a tab character is not allowed in YAML: indent with spaces instead",
        "plans/riverside.yaml:43:9: error: put a space after the colon: 'due: ...'",
        "3 error(s), 0 warning(s) in plans; nothing can be published",
    ]


def test_folder_from_plans_dir_and_the_default_folder():
    broken = BROKEN / "wrong-workstream"
    by_env = run_check(broken, env={"PLANS_DIR": "plans"})
    assert by_env.stdout == run_check(broken, "plans").stdout
    assert by_env.returncode == 1
    default = run_check(ROOT)  # plans/ of the project
    assert default.returncode == 0
    assert default.stdout.splitlines()[-1] == ("0 error(s), 2 warning(s) in plans; "
                                               "7 organisation plan(s) ready to publish")


def test_a_missing_folder_is_an_error():
    run = run_check(FIXTURES, "no-such-folder")
    assert run.stdout.splitlines()[0] == ("no-such-folder:1:1: error: the plans folder does not exist: "
                                          "check the folder name")
    assert run.returncode == 1
