"""When each plan last changed: from git history, or the file's modification time outside git."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed(files: list[Path]) -> dict[Path, str]:
    """ISO date each file last changed: its last commit, or its mtime if uncommitted or changed
    since (so a preview shows the edit being made)."""
    result: dict[Path, str] = {}
    if not files:
        return result
    folder = files[0].resolve().parent
    try:
        out = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
                             cwd=folder, capture_output=True, text=True, timeout=30, check=True).stdout
        # (git status has no --relative; only the file names are used below)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
                               cwd=folder, capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        out, dirty = "", ""
    committed: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and Path(line).name not in committed:
            committed[Path(line).name] = date  # newest first: the first date seen is the last change
    changed = {Path(line[3:].strip().strip('"')).name for line in dirty.splitlines() if len(line) > 3}
    for f in files:
        name = f.name
        if name in committed and name not in changed:
            result[f] = committed[name]
        else:
            result[f] = dt.date.fromtimestamp(f.stat().st_mtime).isoformat()
    return result
