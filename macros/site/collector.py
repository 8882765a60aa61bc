"""While `mkdocs serve` rebuilds the site, Python's cycle collector waits until the pages are out.

A serve process keeps the last build's pages, search entries and plans for reuse (reuse.py,
plancache.py): hundreds of thousands of objects the collector would scan again at every full
collection a rebuild triggers, about a fifth of a rebuild at 211 organisations. So while
serving, the collector is paused from the start of a build (``pause``, in on_config) until
its pages are written, and then runs once in full (``resume``): in the background writer's
thread after the downloads (deferred.py), or at once when there is nothing to write later or
the build failed. Objects without cycles are freed as always, by their reference counts;
only the cycles a build leaves (mkdocs' pages and navigation) wait for ``resume``.
`mkdocs build` never pauses it.
"""
from __future__ import annotations

import gc

_PAUSED = False


def pause() -> None:
    """Pause the cycle collector (if it runs) until ``resume``."""
    global _PAUSED
    if not _PAUSED and gc.isenabled():
        gc.disable()
        _PAUSED = True


def resume() -> None:
    """Run the cycle collector again, with one full collection, if ``pause`` paused it."""
    global _PAUSED
    if _PAUSED:
        _PAUSED = False
        gc.enable()
        gc.collect()


def paused() -> bool:
    return _PAUSED
