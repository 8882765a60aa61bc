"""While `mkdocs serve` runs, the downloads are written after the pages, in the background.

The downloads (CSV and .xlsx tables, plans.json, the comparison data, the not-responding lists,
the Atom feed) take longer to make than everything else in a rebuild, and nobody previewing an
edit is waiting for them. So after the first build, `mkdocs serve` registers them with mkdocs
(links to them are still checked) as :class:`LaterFile` objects, which mkdocs does not write;
once the pages are written (``on_post_build``), a thread makes and writes them ``DELAY``
seconds later, so that the browser's reload after the rebuild (the page and its assets) is
served first, without the writer holding Python's lock. The next rebuild makes sure they are
written (now, if the thread has not started) before mkdocs cleans the folder. A few moments
after an edit shows, the served site is again the one a fresh build gives, byte for byte
(``tests/test_rebuild.py``). ``mkdocs build`` writes everything before it finishes, as before.
"""
from __future__ import annotations

import logging
import os
import threading

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.francis")

NAMES: set | None = None  # the downloads the last build made (None: no build yet)
DELAY = 0.5  # seconds from the pages being written to the downloads being made
_WORK: "_Later | None" = None
_PENDING = None  # (site_dir, function making {name: content}) for on_post_build
_ALSO: list = []  # (job, what it makes): more work for the same thread, after the downloads (the search index)
WRITTEN = 0  # how many times the background writer has written the downloads (for tests)


class LaterFile(File):
    """A download mkdocs knows of but does not write: the background writer does."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class _Later:
    """``job()`` run once: by a timer thread after ``delay`` seconds, or by ``finish`` first."""

    def __init__(self, job, delay: float):
        self._job, self._lock, self._claimed = job, threading.Lock(), False
        self._timer = threading.Timer(delay, self._run)
        self._timer.daemon = True
        self._timer.name = "downloads"
        self._timer.start()

    def _claim(self) -> bool:
        with self._lock:
            claimed, self._claimed = self._claimed, True
            return not claimed

    def _run(self) -> None:
        if self._claim():
            self._job()

    def finish(self) -> None:
        """Run the job now, in this thread, if the timer has not; else wait until it is done."""
        self._timer.cancel()
        if self._claim():
            self._job()
        else:
            self._timer.join()


def wait() -> None:
    """Make sure the last build's downloads are written (call before a build starts)."""
    global _WORK
    if _WORK is not None:
        work, _WORK = _WORK, None
        work.finish()


def later(files, config, make) -> bool:
    """Register the downloads to be written after the pages, if this is a rebuild while serving
    (the caller writes them now otherwise). ``make()`` returns {name: content}."""
    global _PENDING
    if NAMES is None:
        return False
    for name in sorted(NAMES):
        files.append(LaterFile.generated(config, name, content=b""))
    _PENDING = (config.site_dir, make)
    return True


def made(names) -> None:
    """The downloads a build wrote itself (their names are registered on the next rebuild)."""
    global NAMES
    NAMES = set(names)


def also(job, what: str) -> None:
    """While serving: run ``job()`` in the background thread after the downloads (``what`` names
    it in the error logged if it fails)."""
    _ALSO.append((job, what))


def start(then=lambda: None) -> None:
    """After the pages are written: make and write the downloads (and run the jobs given to
    ``also``) in a thread, ``DELAY`` seconds from now, then call ``then()`` in it (at once, here,
    when there is nothing to do)."""
    global _PENDING, _WORK
    if _PENDING is None and not _ALSO:
        then()
        return
    pending, jobs = _PENDING, list(_ALSO)
    _PENDING = None
    _ALSO.clear()

    def run() -> None:
        try:
            if pending is not None:
                _write(*pending)
            for job, what in jobs:
                try:
                    job()
                except Exception as error:  # the next rebuild tries again; the pages are served meanwhile
                    log.error(f"{what} could not be made: {type(error).__name__}: {error}")
        finally:
            then()

    _WORK = _Later(run, DELAY)


def _write(site_dir, make) -> None:
    global WRITTEN
    try:
        data = make()
        for name, content in data.items():
            path = os.path.join(site_dir, *name.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(content.encode("utf-8") if isinstance(content, str) else content)
        made(data)
        WRITTEN += 1
    except Exception as error:  # the next rebuild tries again; the pages are served meanwhile
        log.error(f"the downloads could not be written: {type(error).__name__}: {error}")
