"""Read-and-checked plans kept between checks in one process, so that a rebuild during
`mkdocs serve` re-reads only the plans that changed.

What one file gives on its own (its strictly read YAML document, the data, and the problems
of every check that looks at that file alone) is a pure function of the file's bytes, where
it is, the code and the reference data. ``PlanCache.read`` keeps that result, pickled, under a
key made of all of those, and gives back a fresh copy (unpickled) whenever the key is the same
again, so nothing a later step changes in the data can leak into the next build. Checks across
files (ids against file names, joint responses, recommendations against the catalogue) are
not cached: load.check runs them on every call. Nothing here imports mkdocs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the whole macros package, every subpackage included


@lru_cache(maxsize=None)
def code_version() -> str:
    """A digest of the package's code and schema (and of the YAML and JSON Schema libraries'
    versions): a cached result made by other code is never used."""
    import yaml

    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = [yaml.__version__, getattr(yaml, "__with_libyaml__", False), sys.version]
    try:
        from importlib.metadata import version
        versions += [version("jsonschema"), version("fastjsonschema")]  # (the schema messages)
    except Exception:  # pragma: no cover - metadata missing: the code digest still counts
        pass
    digest.update(repr(versions).encode())
    return digest.hexdigest()


def folder_version(folder: Path) -> str:
    """A digest of every file in a folder (the reference data), read each time it is asked."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class PlanCache:
    """resolved path -> (key, pickled result) of the last time that file was read."""

    def __init__(self, enabled: bool = True):
        self.entries: dict[str, tuple[tuple, bytes]] = {}
        self.hits = self.misses = 0
        self.enabled = enabled  # off: read every file, keep nothing
        self.latest: dict[str, tuple] = {}  # file name -> the key it was last read with
        self.built: dict[str, tuple] = {}  # file name -> (key, inputs, object) of the last site built
        self.building: dict[str, tuple] = {}  # the same, for the site being built

    def read(self, path: Path, name: str, raw: bytes, context: tuple, reader):
        """``reader(path, raw)`` for the file at ``path`` (shown as ``name``) holding ``raw``, or a
        fresh copy of what it gave before for the same bytes, place, code and ``context``."""
        if not self.enabled:
            return reader(path, raw)
        key = (name, hashlib.sha256(raw).digest(), code_version(), context,
               os.environ.get("AS_OF", ""), dt.date.today().isoformat())
        self.latest[name] = key
        where = str(path.resolve())
        entry = self.entries.get(where)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return pickle.loads(entry[1])
        self.misses += 1
        result = reader(path, raw)
        try:
            self.entries[where] = (key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            self.entries.pop(where, None)  # not picklable: read again next time
        return result

    def made(self, name: str, inputs, make):
        """``make()``: a record built from the file last read as ``name`` (and ``inputs``, other
        records it refers to). While the file was read with the same key as when the last site
        was built, and ``inputs`` are the very same objects, the record made then is given
        again: the same object, so that what is worked out from it can be kept by identity
        (records are frozen dataclasses)."""
        if not self.enabled:
            return make()
        key = self.latest.get(name)
        entry = self.built.get(name)
        if key is not None and entry is not None and entry[0] == key and entry[1] is inputs:
            made = entry[2]
        else:
            made = make()
        if key is not None:
            self.building[name] = (key, inputs, made)
        return made

    def site_built(self) -> None:
        """The records made since the last site was built are now the ones ``made`` gives again
        (and the keys of this check's files are no longer needed: the next check reads each
        file again, so a deleted file's name is not kept)."""
        self.built, self.building, self.latest = self.building, {}, {}

    def forget_others(self, folder: Path, kept: set[str]) -> None:
        """Drop the entries of files in ``folder`` that are no longer there (deleted, renamed)."""
        inside = str(folder.resolve()) + os.sep
        for where in [w for w in self.entries if w.startswith(inside) and w not in kept]:
            del self.entries[where]


# Off until something checks the plans more than once in a process (pages.on_startup turns
# it on for `mkdocs serve`): a single check only pays for keeping copies.
CACHE = PlanCache(enabled=False)
