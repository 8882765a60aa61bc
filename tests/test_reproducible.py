"""Two builds of the same plans are byte-identical whatever the machine's time zone and
locale (the build date itself is pinned with SOURCE_DATE_EPOCH and AS_OF, as a reproducible
build pins it)."""
from __future__ import annotations

import hashlib
import re

from sitebuild import build_site

PINNED = {"SOURCE_DATE_EPOCH": "1750000000", "AS_OF": "2025-06-15"}


# Pagefind 1.5.2 (the search index) writes its filter and metadata files in an order that varies
# from run to run, named by their hash (threads and thread count make no difference): those are
# counted, not compared. Its fragments (every record's text, metadata and filters) and word index
# are byte-identical and compared with the rest.
UNSTABLE = re.compile(r"^pagefind/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$")


def digests(site) -> dict[str, str]:
    found = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file()}
    unstable = [name for name in found if UNSTABLE.match(name)]
    for name in unstable:
        del found[name]
    found["pagefind (filter and metadata files)"] = str(len(unstable))
    return found


def test_builds_are_byte_identical_across_time_zones_and_locales(tmp_path):
    east, west = tmp_path / "east", tmp_path / "west"
    build_site(east, extra_env={**PINNED, "TZ": "Pacific/Kiritimati", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    build_site(west, extra_env={**PINNED, "TZ": "Pacific/Pago_Pago", "LANG": "POSIX", "LC_ALL": "POSIX",
                                "PYTHONUTF8": "1"})
    a, b = digests(east), digests(west)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert any(name.endswith(".xlsx") for name in a)
