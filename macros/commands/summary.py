"""`python -m macros.commands.summary [DIR] [--strict] [--base REF]`: the summary a GitHub Actions run shows.

Prints Markdown for ``$GITHUB_STEP_SUMMARY`` (``scripts/check`` appends it there): whether the
plans can be published, how many organisations and actions there are, every error and
warning, and how to open the preview of the site. With ``--base`` (a pull request) it lists
only the organisations whose plan files the change touches and, besides every error, only
those files' warnings; other files' warnings are counted. Plan values reach the summary only inside
problem messages, and those are escaped so a value cannot add links, images or HTML.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ..plans import gitplans
from ..plans.load import check, display_path, plans_dir
from ..plans.problems import escape as escape_text, more_line, shown
from ..views import views

PREVIEW_ARTIFACT = "site-preview"
GUIDE = "docs/updating.md"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~.<>])")


# Words GitHub turns into links after the Markdown is read (autolinks: web and e-mail
# addresses, mailto: and xmpp:; @mentions and team mentions): shown as code, which it never links.
_LIVE_WORD = re.compile(r"(?i)@|://|www\.|mailto:|xmpp:")


def escape(text: str) -> str:
    """``text`` shown literally in GitHub-flavoured Markdown (also inside a table cell): no link,
    image, HTML, heading or emphasis of its own, and no word GitHub would link by itself."""
    text = escape_text(text)  # line breaks and invisible characters as \\n, \\u202e
    return "".join(_code(part) if _LIVE_WORD.search(part) else _escape_word(part)
                   for part in re.split(r"(\s+)", text))


def _escape_word(text: str) -> str:
    text = text.replace("&", "&amp;")
    return _MARKDOWN_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), text)


def _code(word: str) -> str:
    """``word`` (no white space in it) as a code span: shown as typed, never linked. A '|' is
    written '\\|' so that it cannot end a table cell (GitHub shows it as '|' there)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word.replace('|', chr(92) + '|')}{pad}{fence}"


def _run_url(env) -> str:
    server, repo, run = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else ""


def _guide_url(env) -> str:
    server, repo = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY")
    return f"{server}/{repo}/blob/main/{GUIDE}" if server and repo else GUIDE


MAX_SUMMARY_BYTES = 512 * 1024  # with the changes (changes_report.MAX_MARKDOWN_BYTES), under GitHub's 1 MiB


def _size(lines) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _rows_within(rows: list, budget: int) -> tuple[list, int]:
    """The rows that fit in ``budget`` bytes, in order, and how many did not."""
    kept = []
    for row in rows:
        cost = _size([row])
        if cost > budget:
            break
        kept.append(row)
        budget -= cost
    return kept, len(rows) - len(kept)


def summary(folder: Path | None = None, strict: bool = False, env=None,
            touched: set[str] | None = None, max_bytes: int = MAX_SUMMARY_BYTES) -> str:
    """The run's summary as Markdown, at most ``max_bytes`` (GitHub drops a job summary over
    1 MiB whole). ``touched`` (file names in the folder) limits the lists to the files a pull
    request changes; None lists everything. Past the budget, the organisations table is cut
    first, then the problems (errors kept before warnings), each saying how many rows it left out."""
    env = os.environ if env is None else env
    folder = Path(folder) if folder else plans_dir()
    site, problems = check(folder)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level != "error"]
    failed = bool(errors) or (strict and bool(warnings))
    head = []
    if failed:
        head += [f"## Plan check: {len(errors)} error(s), {len(warnings)} warning(s): nothing can be published", ""]
        head += ["Fix every error listed below (each names the file, line and column, and says how), "
                 "commit the fix to the same branch, and the checks run again.", ""]
    else:
        head += [f"## Plan check passed: {len(warnings)} warning(s)", ""]

    orgs_head, org_rows, orgs_tail = [], [], []
    if site is not None:
        index = views.home_summary(site)
        orgs_head += [f"**{index['organisations']} organisation(s)**, **{index['total']} action(s)** in "
                      f"{escape(display_path(folder))}.", ""]
        rows = [r for r in index["rows"] if touched is None or Path(r[0].source).name in touched]
        if touched is not None:
            orgs_head += [f"The plans this change touches: {len(rows)} of {index['organisations']}.", ""]
        if rows:
            orgs_head += ["| Organisation | Plan file | Actions |", "|---|---|---:|"]
        org_rows = [f"| {escape(org.name)} | {escape(display_path(Path(org.source)))} | {total} |"
                    for org, _counts, total in rows]
        orgs_tail += ["", "| Work stream | Actions |", "|---|---:|"]
        for ws in site.workstreams:
            orgs_tail.append(f"| {ws.number}. {escape(ws.name)} | {index['totals'][ws.key]} |")
        orgs_tail.append("")

    listed = [p for p in problems if touched is None or p.level == "error" or _in(p, folder, touched)]
    others = len(problems) - len(listed)
    problems_head, problem_rows, hidden = [], [], 0
    if others:
        problems_head += [f"{others} warning(s) in files this change does not touch are not listed here "
                          "(`scripts/check` lists them).", ""]
    if listed:
        problems_head += ["### Errors and warnings", "",
                          "On a pull request, GitHub also shows each message under its line in the "
                          "**Files changed** tab, when the pull request changed that line.", ""]
        problems_head += ["| Where | Level | Message |", "|---|---|---|"]
        listed, hidden = shown(listed)
        problem_rows = [f"| {escape(p.path)} line {p.line}, column {p.col} | {p.level} | {escape(p.text)} |"
                        for p in listed]

    tail = ["### Preview", ""]
    run_url = _run_url(env)
    where = f"[this run's summary page]({run_url})" if run_url else "this run's summary page"
    if failed:
        tail.append("No preview: the site is not built while a plan has an error.")
    elif env.get("GITHUB_EVENT_NAME") == "push":
        tail.append("When the tests pass too, this version of the site is published.")
    else:
        tail += [f"When the build has finished, open {where}, scroll to **Artifacts** and download "
                 f"**{PREVIEW_ARTIFACT}**. Unzip it and open `index.html` in your web browser: the "
                 "pages, links and downloads work straight from the files (the search box also needs "
                 "an internet connection)."]
    tail += ["", f"Step-by-step help: [Updating your organisation's plan]({_guide_url(env)}).", ""]

    # What must be there (the verdict, the tables' headings, the preview) first; then the
    # problems, errors before warnings if they must be cut; then the organisations.
    room = max_bytes - _size(head + orgs_head + orgs_tail + problems_head + tail) - 1_000
    kept, cut = _rows_within(problem_rows, room)
    if cut:
        order = [p.level != "error" for p in listed]
        by_level = [row for _, row in sorted(zip(order, problem_rows), key=lambda pair: pair[0])]
        kept, cut = _rows_within(by_level, room)
    room -= _size(kept)
    hidden += cut
    if hidden:
        more = more_line(hidden) if not cut else (
            f"... and {hidden:,} more problem(s) not listed here, because GitHub drops a job summary "
            "over 1 MiB: run `scripts/check` (python -m macros check) to see them all")
        kept.append(f"| | | {escape(more)} |")
    if problems_head and listed:
        kept.append("")
    shown_orgs, orgs_cut = _rows_within(org_rows, room)
    if orgs_cut:
        shown_orgs.append(f"| {orgs_cut:,} more organisation(s) not listed here (the summary is limited to "
                          "1 MiB) | | |")
    return "\n".join(head + orgs_head + shown_orgs + orgs_tail + problems_head + kept + tail)


def _in(problem, folder: Path, touched: set[str]) -> bool:
    """Whether ``problem`` is in one of the ``touched`` files of ``folder``."""
    path = Path(problem.path)
    return path.name in touched and display_path(path.parent) == display_path(folder)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.commands.summary", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="folder of plans (default: $PLANS_DIR or plans/)")
    parser.add_argument("--strict", action="store_true", help="warnings count as failures")
    parser.add_argument("--base", help="a git revision: list only the files changed since it")
    args = parser.parse_args(argv)
    folder = Path(args.folder) if args.folder else plans_dir()
    touched = None
    if args.base:
        try:
            touched = gitplans.touched(folder, args.base)
        except gitplans.GitError as exc:  # list everything rather than hide a problem
            print(f"(Could not tell which files this change touches, so every file is listed: "
                  f"{escape(str(exc))})\n")
    sys.stdout.write(summary(folder, args.strict, touched=touched))
    return 0


if __name__ == "__main__":
    sys.exit(main())
