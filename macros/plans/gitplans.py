"""The plans as they were at a git revision, and the plans in the working tree, as file texts.

Only reads: ``git merge-base``, ``git log``, ``git ls-tree`` and ``git cat-file``. Nothing here parses YAML
or imports mkdocs; ``changes`` compares what this returns.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision does not exist."""


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        run = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git could not run: {exc}") from exc
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return run.stdout


def repository(folder: Path) -> Path:
    """The top folder of the git work tree that holds ``folder``."""
    return Path(_git(Path(folder), "rev-parse", "--show-toplevel").decode().strip())


def default_base(folder: Path, branches=("main", "origin/main")) -> str:
    """Where the current branch left main: the merge-base of HEAD and main (or origin/main)."""
    return base_and_branch(folder, branches)[0]


def base_and_branch(folder: Path, branches=("main", "origin/main")) -> tuple[str, str]:
    """(the merge-base of HEAD and main, or origin/main; the branch's name)."""
    last = None
    for branch in branches:
        try:
            return _git(Path(folder), "merge-base", "HEAD", branch).decode().strip(), branch
        except GitError as exc:
            last = exc
    raise GitError(f"no branch called main to compare with ({last}): name a revision with --base")


def describe(folder: Path, ref: str, branch: str = "") -> str:
    """What ``ref`` is, for a reviewer: "the published site (main, as of 12 March 2025)" for
    where the branch left main, else "revision HEAD~3 (as of …)". Never the commit's message,
    which says nothing to a reviewer (and comes from whoever made the commit)."""
    from ..plans import dates

    day = _git(Path(folder), "log", "-1", "--format=%cs", ref, "--").decode("utf-8", "replace").strip()
    when = f"as of {dates.display(day)}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else "date unknown"
    return f"the published site ({branch}, {when})" if branch else f"revision {ref} ({when})"


def plans_at(folder: Path, ref: str) -> dict[str, str]:
    """file name -> text of every ``*.yaml`` directly in ``folder`` at revision ``ref``."""
    return {name: text for name, text in files_at(folder, ref).items() if name.endswith(".yaml")}


def touched(folder: Path, ref: str) -> set[str]:
    """Names of the files directly in ``folder`` that are new or differ from revision ``ref``."""
    before = files_at(folder, ref)
    now = {p.name: p.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
           for p in Path(folder).iterdir() if p.is_file()}
    return {name for name, text in now.items() if before.get(name) != text}


def files_at(folder: Path, ref: str) -> dict[str, str]:
    """file name -> text of every file directly in ``folder`` at revision ``ref``."""
    folder = Path(folder).resolve()
    top = repository(folder)
    rel = folder.relative_to(top.resolve()).as_posix()
    prefix = "" if rel == "." else rel + "/"
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    listing = _git(top, "ls-tree", "-z", "--full-tree", f"{ref}", "--", prefix or ".").split(b"\0")
    names, blobs = [], []
    for entry in listing:
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        kind, sha = meta.split()[1:3]
        path_text = path.decode("utf-8", "replace")
        name = path_text[len(prefix):]
        if kind == b"blob" and "/" not in name:
            names.append(name)
            blobs.append(sha)
    if not blobs:
        return {}
    out = _git(top, "cat-file", "--batch", data=b"\n".join(blobs) + b"\n")
    texts, at = {}, 0
    for name in names:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        body = out[header_end + 1:header_end + 1 + size]
        texts[name] = body.decode("utf-8", "replace").removeprefix("\ufeff")
        at = header_end + 1 + size + 1
    return texts


def plans_now(folder: Path) -> dict[str, str]:
    """file name -> text of every ``*.yaml`` directly in ``folder`` as it is on disk now."""
    return {p.name: p.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
            for p in sorted(Path(folder).iterdir()) if p.is_file() and p.suffix == ".yaml"}
