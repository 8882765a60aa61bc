"""The files in the plans folder, looked at before anything is read.

Plans arrive in pull requests, so the folder is untrusted: only regular files are read.
Symbolic links (to a file outside the repository, dangling, looping, to a device), devices,
FIFOs, sockets and folders are refused by name with the reason, using ``lstat`` (which never
follows a link); a file is then opened without following links and read no further than the
size limit, so nothing can block or fill the memory.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .limits import MAX_PLAN_BYTES


def kind_problem(path: Path) -> str | None:
    """Why ``path`` (an entry of the plans folder) is not read, or None for a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"this entry cannot be looked at ({exc.strerror or exc}): check the file's permissions"
    if stat.S_ISLNK(mode):
        return ("this is a symbolic link, and links are never read (they can point anywhere, "
                "outside the repository too): put the plan itself in the plans folder")
    if stat.S_ISDIR(mode):
        return ("folders inside the plans folder are not read: move its plans up into the plans "
                "folder itself")
    if stat.S_ISREG(mode):
        return None
    what = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"this is {what}, not a file: only plain text files are read; remove it from the plans folder"


def read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """(contents, None), or (None, why it cannot be read). Never follows a link and never reads
    more than MAX_PLAN_BYTES + 1 bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, _unreadable(exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the look and the read
            return None, "this is not a regular file: only plain text files are read"
        chunks, size = [], 0
        while size <= MAX_PLAN_BYTES:
            chunk = os.read(fd, MAX_PLAN_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, _unreadable(exc)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_PLAN_BYTES:
        return None, (f"this file is larger than {MAX_PLAN_BYTES:,} bytes, the most a plan may be "
                      "(the largest real plan is under 20,000): check that it is the plan and not "
                      "another document; a plan this large must be split")
    return data, None


def _unreadable(exc: OSError) -> str:
    return (f"this file cannot be read ({exc.strerror or type(exc).__name__}): check that it is a "
            "plain file and that its permissions let everyone read it")
