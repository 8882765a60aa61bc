"""`python -m macros.summary [DIR] [--strict]`: the summary a GitHub Actions run shows.

Prints Markdown for ``$GITHUB_STEP_SUMMARY`` (``scripts/check`` appends it there): whether the
plans can be published, how many organisations and actions there are, every error and
warning, and how to open the preview of the site. Plan values reach the summary only inside
problem messages, and those are escaped so a value cannot add links, images or HTML.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import views
from .load import check, display_path, plans_dir
from .problems import escape as escape_text, more_line, shown

PREVIEW_ARTIFACT = "site-preview"
GUIDE = "docs/updating.md"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~.<>])")


def escape(text: str) -> str:
    """``text`` shown literally in GitHub-flavoured Markdown (also inside a table cell)."""
    text = escape_text(text).replace("&", "&amp;")  # line breaks and invisible characters as \\n, \\u202e
    return _MARKDOWN_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), text)


def _run_url(env) -> str:
    server, repo, run = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else ""


def _guide_url(env) -> str:
    server, repo = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY")
    return f"{server}/{repo}/blob/main/{GUIDE}" if server and repo else GUIDE


def summary(folder: Path | None = None, strict: bool = False, env=None) -> str:
    """The run's summary as Markdown."""
    env = os.environ if env is None else env
    folder = Path(folder) if folder else plans_dir()
    site, problems = check(folder)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level != "error"]
    failed = bool(errors) or (strict and bool(warnings))
    lines = []
    if failed:
        lines += [f"## Plan check: {len(errors)} error(s), {len(warnings)} warning(s): nothing can be published", ""]
        lines += ["Fix every error listed below (each names the file, line and column, and says how), "
                  "commit the fix to the same branch, and the checks run again.", ""]
    else:
        lines += [f"## Plan check passed: {len(warnings)} warning(s)", ""]

    if site is not None:
        index = views.home_summary(site)
        lines += [f"**{index['organisations']} organisation(s)**, **{index['total']} action(s)** in "
                  f"{display_path(folder)}.", ""]
        lines += ["| Organisation | Plan file | Actions |", "|---|---|---:|"]
        for org, _counts, total in index["rows"]:
            lines.append(f"| {escape(org.name)} | {escape(display_path(Path(org.source)))} | {total} |")
        lines += ["", "| Work stream | Actions |", "|---|---:|"]
        for ws in site.workstreams:
            lines.append(f"| {ws.number}. {escape(ws.name)} | {index['totals'][ws.key]} |")
        lines.append("")

    if problems:
        lines += ["### Errors and warnings", "",
                  "On a pull request, GitHub also shows each message under its line in the "
                  "**Files changed** tab, when the pull request changed that line.", ""]
        lines += ["| Where | Level | Message |", "|---|---|---|"]
        listed, hidden = shown(problems)
        for p in listed:
            lines.append(f"| {escape(p.path)} line {p.line}, column {p.col} | {p.level} | {escape(p.text)} |")
        if hidden:
            lines.append(f"| | | {escape(more_line(hidden))} |")
        lines.append("")

    lines += ["### Preview", ""]
    run_url = _run_url(env)
    where = f"[this run's summary page]({run_url})" if run_url else "this run's summary page"
    if failed:
        lines.append("No preview: the site is not built while a plan has an error.")
    elif env.get("GITHUB_EVENT_NAME") == "push":
        lines.append("When the tests pass too, this version of the site is published.")
    else:
        lines += [f"When the build has finished, open {where}, scroll to **Artifacts** and download "
                  f"**{PREVIEW_ARTIFACT}**. Unzip it and open `index.html` in your web browser: the "
                  "pages, links and downloads work straight from the files (the search box also needs "
                  "an internet connection)."]
    lines += ["", f"Step-by-step help: [Updating your organisation's plan]({_guide_url(env)}).", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.summary", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="folder of plans (default: $PLANS_DIR or plans/)")
    parser.add_argument("--strict", action="store_true", help="warnings count as failures")
    args = parser.parse_args(argv)
    sys.stdout.write(summary(args.folder, args.strict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
