"""'Plan last changed' cannot be set by a pull request's author: dates come from the main
branch's merges and are never later than the build date."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from gitrepo import git
from macros.site import history

TODAY = dt.date(2025, 6, 1)


def dates(repo: Path) -> dict[str, str]:
    files = sorted((repo / "plans").glob("*.yaml"))
    return {f.name: d for f, d in history.last_changed(files, today=TODAY).items()}


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    for name in ("a.yaml", "b.yaml"):
        (repo / "plans" / name).write_text(f"id: {name[0]}\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "plans", date="2021-03-04T10:00:00+00:00")
    return repo


def test_a_pull_requests_chosen_commit_date_is_not_used(tmp_path):
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "plans" / "a.yaml").write_text("id: a\n# edited\n", encoding="utf-8")
    os.utime(repo / "plans" / "a.yaml", (1_700_000_000, 1_700_000_000))  # 2023-11-14
    git(repo, "commit", "-q", "-am", "back-dated", date="2001-01-01T00:00:00+00:00")
    # On the pull request's branch: a.yaml differs from main, so it shows its file's date.
    assert dates(repo) == {"a.yaml": "2023-11-14", "b.yaml": "2021-03-04"}
    # Merged into main on 2024-02-03: the merge's date, not the author's 2001.
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "pr", date="2024-02-03T12:00:00+00:00")
    assert dates(repo) == {"a.yaml": "2024-02-03", "b.yaml": "2021-03-04"}


def test_dates_after_the_build_date_are_capped(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "plans" / "b.yaml").write_text("id: b\n# future\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "future", date="2099-12-31T00:00:00+00:00")
    (repo / "plans" / "a.yaml").write_text("id: a\n# uncommitted\n", encoding="utf-8")
    future = dt.datetime(2098, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    os.utime(repo / "plans" / "a.yaml", (future, future))
    assert dates(repo) == {"a.yaml": "2025-06-01", "b.yaml": "2025-06-01"}
