"""What a `mkdocs serve` rebuild reuses from the one before it.

`mkdocs serve` rebuilds the whole site whenever a plan changes. At national scale (200+
organisations, 500+ pages) about half of a rebuild is material's search plugin parsing every
page's HTML into search entries, although an edit to one plan changes a handful of pages.
While serving, a page whose address, title, metadata, table of contents and HTML are exactly
those of a page already indexed in the previous build gets copies of the same entries instead
of being parsed again. The entries are a pure function of those inputs, so the search index is
the same as a full parse gives (benchmarks/serve_latency.py --verify checks it). `mkdocs build`
never uses this.
"""
from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.plugins.francis")


class SearchEntries:
    """page key -> the search entries material made for it, for this build and the last."""

    def __init__(self):
        self.previous: dict = {}
        self.current: dict = {}
        self.hits = self.misses = 0

    def new_build(self) -> None:
        if self.current:
            self.previous, self.current = self.current, {}
        self.hits = self.misses = 0

    def get(self, key):
        entries = self.current.get(key) or self.previous.get(key)
        if entries is not None:
            self.current[key] = entries
        return entries


CACHE = SearchEntries()


def _toc_key(toc) -> tuple:
    return tuple((item.id, item.url, item.title, item.level, _toc_key(item.children)) for item in toc)


def page_key(page) -> tuple:
    return (page.url, page.title, repr(page.meta), _toc_key(page.toc), page.content)


def reuse_search_entries() -> bool:
    """Make material's search index reuse the entries of unchanged pages (for this process)."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # pragma: no cover - another theme: nothing to reuse
        return False
    if getattr(SearchIndex.add_entry_from_context, "reuses_entries", False):
        return True
    parse = SearchIndex.add_entry_from_context

    def add_entry_from_context(self, page):
        key = page_key(page)
        entries = CACHE.get(key)
        if entries is None:
            CACHE.misses += 1
            start = len(self.entries)
            parse(self, page)
            entries = CACHE.current[key] = [dict(entry) for entry in self.entries[start:]]
        else:
            CACHE.hits += 1
            self.entries.extend(dict(entry) for entry in entries)

    add_entry_from_context.reuses_entries = True
    SearchIndex.add_entry_from_context = add_entry_from_context
    return True
