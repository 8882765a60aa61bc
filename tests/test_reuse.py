"""While serving, unchanged pages get the search entries of the previous build (macros/site/reuse.py)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from macros.site import reuse

CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"], "fields": {}}


def page(content: str, url: str = "organisations/a/", title: str = "A") -> SimpleNamespace:
    toc = get_toc([{"level": 2, "id": "source", "name": "Source", "children": []}])
    return SimpleNamespace(url=url, title=title, meta={}, toc=toc, content=content)


PAGES = [
    page('<h1 id="top">Café CCG</h1><p>Intro</p><h2 id="source">Source</h2><p>Minutes, 2013</p>'),
    page('<h1 id="top">B</h1><p>Other text</p>', url="organisations/b/", title="B"),
]


def parsed(pages) -> list:
    index = SearchIndex(**CONFIG)
    for p in pages:
        index.add_entry_from_context(p)
    return index.entries


@pytest.fixture
def reusing(monkeypatch):
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", SearchIndex.add_entry_from_context)  # restored after
    monkeypatch.setattr(reuse, "CACHE", reuse.SearchEntries())
    expected = parsed(PAGES)
    assert reuse.reuse_search_entries()
    return expected


def test_reused_entries_equal_a_fresh_parse(reusing):
    reuse.CACHE.new_build()
    assert parsed(PAGES) == reusing
    assert (reuse.CACHE.hits, reuse.CACHE.misses) == (0, 2)
    reuse.CACHE.new_build()
    assert parsed(PAGES) == reusing
    assert (reuse.CACHE.hits, reuse.CACHE.misses) == (2, 0)


def test_a_changed_page_is_parsed_again(reusing):
    reuse.CACHE.new_build()
    parsed(PAGES)
    reuse.CACHE.new_build()
    changed = page(PAGES[0].content.replace("Minutes", "Agenda"))
    entries = parsed([changed, PAGES[1]])
    assert (reuse.CACHE.hits, reuse.CACHE.misses) == (1, 1)
    assert any("Agenda" in e["text"] for e in entries) and not any("Minutes" in e["text"] for e in entries)
    moved = page(PAGES[1].content, url="organisations/c/", title="B")
    assert parsed([moved])[0]["location"] == "organisations/c/"


def test_reused_entries_are_copies(reusing):
    reuse.CACHE.new_build()
    first = parsed(PAGES)
    first[0]["text"] = "changed by someone"
    reuse.CACHE.new_build()
    assert parsed(PAGES) == reusing


def test_only_two_builds_are_kept(reusing):
    reuse.CACHE.new_build()
    parsed(PAGES[:1])
    reuse.CACHE.new_build()
    parsed(PAGES[1:])
    reuse.CACHE.new_build()
    parsed(PAGES[:1])  # last seen two builds ago: parsed again
    assert reuse.CACHE.misses == 1
