"""View-models of one organisation kept from one build to the next, in one process.

While `mkdocs serve` runs, an unchanged plan gives the very same Organisation record in every
rebuild (plans/plancache.py ``made``). What is worked out from one organisation alone and the
site's reference data (its action views, its progress report) is then kept under the
record's identity and a digest of the reference data and as-of date (``site_key``), and
given again while both are the same: records are frozen, and these functions read nothing
else, so the result is the one making it again would give. Only the last build's results
are kept. Off (everything made again) unless turned on: `mkdocs build` keeps nothing.
"""
from __future__ import annotations

import hashlib
import pickle

from ..model import Organisation, Site


def site_key(site: Site) -> bytes:
    """A digest of what every organisation's views read from the site besides the organisation:
    the as-of date, the work streams, the catalogue and the statuses (once per site)."""
    key = site.__dict__.get("_site_key")
    if key is None:
        shared = (site.as_of, site.workstreams, site.catalogue, site.statuses)
        key = site.__dict__["_site_key"] = hashlib.sha256(pickle.dumps(shared, pickle.HIGHEST_PROTOCOL)).digest()
    return key


class Kept:
    def __init__(self):
        self.enabled = False
        self.last: dict = {}  # (kind, id(org)) -> (org, site key, value), from the last build
        self.now: dict = {}  # the same, for this build
        self.given: dict = {}  # id(value) -> value, for the values given in this build
        self.hits = self.misses = 0

    def new_build(self) -> None:
        if self.now:
            self.last, self.now = self.now, {}
        self.given = {}

    def get(self, kind: str, site: Site, org: Organisation, make):
        """``make()``, or what it gave for the same organisation record and site key before."""
        if not self.enabled:
            return make()
        key, shared = (kind, id(org)), site_key(site)
        entry = self.now.get(key) or self.last.get(key)
        if entry is None or entry[0] is not org or entry[1] != shared:
            self.misses += 1
            entry = (org, shared, make())
        else:
            self.hits += 1
        self.now[key] = entry
        self.given[id(entry[2])] = entry[2]
        return entry[2]

    def gave(self, value) -> bool:
        """Whether this build was given ``value`` (it is given again, the same object, while its
        organisation record and the site key stay the same)."""
        return self.given.get(id(value)) is value


KEPT = Kept()
