"""How soon `mkdocs serve` notices an edit.

mkdocs' live-reload server finds changed files by polling: it looks at every watched folder
twice a second, so an edit waits a quarter of a second on average (up to half a second)
before the rebuild starts. ``poll_often`` makes it look ten times a second instead. A look
at the watched folders (docs/, the plans, macros/, mkdocs.yml) costs about 2 ms at 211
organisations, so this costs the server about 2% of a core. Watches added after it (the
`watch:` list of mkdocs.yml and the plans folder) poll at the same rate.

The polling interval is not an option of `mkdocs serve` or of its server, so this sets it on
the watchdog observer's threads directly (watchdog is pinned in requirements.txt); if a later
mkdocs or watchdog has no such attribute, nothing changes and the server polls as before.
"""
from __future__ import annotations

POLL_SECONDS = 0.1


def poll_often(server, seconds: float = POLL_SECONDS) -> bool:
    """Poll the watched folders every ``seconds``; True if the server's watcher took it."""
    observer = getattr(server, "observer", None)
    threads = [observer, *getattr(observer, "emitters", ())] if observer is not None else []
    if not threads or not all(isinstance(getattr(t, "_timeout", None), (int, float)) for t in threads):
        return False
    for thread in threads:
        thread._timeout = seconds
    return True
