"""The changes in a folder of plans since a git revision: what ``python -m macros changes`` prints
and what the reviewers' preview opens on. ``gitplans`` reads the two sets of plan texts and
``changes.compare`` compares them; this module only joins the two, so that the command
(``commands/changes_cli.py``) and the preview (``site/preview_site.py``) share it without one
importing the other."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import changes
from .plans import gitplans
from .plans.load import REFERENCE


def today() -> str:
    """The date updates are judged against: $AS_OF when set, else today."""
    return os.environ.get("AS_OF") or dt.date.today().isoformat()


def statuses() -> dict:
    path = REFERENCE / "statuses.yaml"
    return changes.status_labels(path.read_text(encoding="utf-8") if path.is_file() else None)


def collect(folder: Path, base: str | None = None) -> tuple[list, str]:
    """(changes, a readable name of the base revision). Raises gitplans.GitError."""
    ref, branch = (base, "") if base else gitplans.base_and_branch(folder)
    before = gitplans.plans_at(folder, ref)
    after = gitplans.plans_now(folder)
    label = Path(folder).resolve().relative_to(gitplans.repository(folder).resolve()).as_posix()
    found = changes.compare(before, after, today(), statuses(), folder=label)
    return found, gitplans.describe(folder, ref, branch)
