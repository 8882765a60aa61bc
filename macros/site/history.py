"""When each plan last changed: from the main branch's git history, or the file's date.

A pull request's author chooses their commits' dates (even future ones), so dates are read
from the history of the main branch as it was merged (its first-parent line: the dates the
merges were made), never from the branch being checked, and no date is later than the build
date. A plan changed on the branch, or not committed, shows its file's date (a preview shows
the edit being made), capped the same way.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

BRANCHES = ("main", "origin/main")  # the first that exists; else the checked-out history


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=30,
                          check=True).stdout


def _main_ref(folder: Path) -> str:
    for ref in BRANCHES:
        try:
            _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            return ref
        except (OSError, subprocess.SubprocessError):
            continue
    return "HEAD"


def last_changed(files: list[Path], today: dt.date | None = None) -> dict[Path, str]:
    """ISO date each file last changed, never after ``today`` (default: today in UTC)."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    result: dict[Path, str] = {}
    if not files:
        return result
    folder = files[0].resolve().parent
    try:
        ref = _main_ref(folder)
        out = _git(folder, "log", "--first-parent", "--diff-merges=first-parent", "--format=%x00%cs",
                   "--name-only", "--relative", ref, "--", ".")
        # (git status has no --relative; only the file names are used below)
        dirty = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
        branch = _git(folder, "diff", "--name-only", "--relative", ref, "--", ".") if ref != "HEAD" else ""
    except (OSError, subprocess.SubprocessError):
        out, dirty, branch = "", "", ""
    committed: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and Path(line).name not in committed:
            committed[Path(line).name] = date  # newest first: the first date seen is the last change
    changed = {Path(line[3:].strip().strip('"')).name for line in dirty.splitlines() if len(line) > 3}
    changed |= {Path(line.strip()).name for line in branch.splitlines() if line.strip()}
    for f in files:
        name = f.name
        if name in committed and name not in changed:
            day = dt.date.fromisoformat(committed[name])
        else:
            day = dt.datetime.fromtimestamp(f.lstat().st_mtime, dt.timezone.utc).date()
        result[f] = min(day, today).isoformat()
    return result
