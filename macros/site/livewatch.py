"""How soon `mkdocs serve` notices an edit to a plan.

mkdocs' live-reload server finds changed files by polling: it looks at each watched folder
twice a second, so an edit waits a quarter of a second on average (up to half a second)
before the rebuild starts. ``poll_often`` has it look at the plans folder ten times a second
instead (about 1 ms a look at 211 organisations, so about 1% of a core); the other watched
folders (docs/, macros/, mkdocs.yml) are polled as before.

The polling interval is not an option of `mkdocs serve` or of its server, so this sets it on
the watchdog observer (watchdog is pinned in requirements.txt) while it watches the plans
folder, then puts it back; if a later mkdocs or watchdog has no such attribute, nothing
changes and the plans are polled as the rest.
"""
from __future__ import annotations

POLL_SECONDS = 0.1


def poll_often(server, folders, seconds: float = POLL_SECONDS) -> bool:
    """Watch ``folders`` (their changes rebuild the site, as any watched folder's do), polling
    them every ``seconds``; True if the server's watcher took the interval."""
    observer = getattr(server, "observer", None)
    usual = getattr(observer, "_timeout", None)
    if not isinstance(usual, (int, float)) or not hasattr(server, "watch"):
        return False
    observer._timeout = seconds  # what the watches scheduled now are given
    try:
        for folder in folders:
            server.watch(str(folder))
    finally:
        observer._timeout = usual
    return True
