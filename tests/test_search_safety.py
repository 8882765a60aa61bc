"""The search index holds text, never markup (issue 20, item 1; issue 21).

A name holding markup is refused by the check (tests/test_hostile.py, "markup-in-name"); these
tests show that even if such a name got past the check, the search would hold it only as text:
material's index in the preview (its results insert entries' titles, texts and tags as HTML,
so searchsafe.py escapes them), and the published site's Pagefind index (every value stored as
the plan's own characters and put in the page as text; tests/browser/test_browser_search.py
searches for the name in Chromium)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from macros.site import searchsafe

from sitebuild import build_in_child

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_NAME = ROOT / "tests" / "fixtures" / "hostile" / "markup-in-name" / "plans"
# Any tag but the few the search plugin keeps on purpose.
LIVE_MARKUP = re.compile(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)>)")


def test_tags_are_escaped_whole():
    entry = searchsafe.clean({"title": "x", "text": "", "tags": ['A <img src=x onerror="alert(1)"> & B']})
    assert entry["tags"] == ["A &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; B"]


def test_titles_and_texts_keep_only_the_plugins_tags():
    entry = searchsafe.clean({"title": "Riverside<script>alert(1)</script>",
                              "text": "<p>Kept <code>x</code></p><svg onload=alert(1)>"})
    assert entry["title"] == "Riverside&lt;script&gt;alert(1)&lt;/script&gt;"
    assert entry["text"] == "<p>Kept <code>x</code></p>&lt;svg onload=alert(1)&gt;"
    assert searchsafe.clean(dict(entry)) == entry  # cleaning twice is cleaning once


def test_escaped_text_is_left_as_it_is():
    text = "&lt;b&gt; already escaped by the plugin &amp; more"
    assert searchsafe.text(text) is text


class _Index:
    def __init__(self):
        self.entries = []


def test_guard_cleans_each_entry_once():
    index = _Index()
    index.entries.append({"title": "a", "text": "", "tags": ["<b>"]})
    searchsafe.guard(index)
    index.entries.append({"title": "<i>", "text": "", "tags": ["&"]})
    searchsafe.guard(index)
    assert [e["tags"] for e in index.entries] == [["&lt;b&gt;"], ["&amp;"]]
    assert index.entries[1]["title"] == "&lt;i&gt;"


BEFORE = ("from macros.plans import schema\n"
          "schema.schema()['definitions']['plain_name'].pop('pattern')\n")
JS = ROOT / "overrides" / "assets" / "javascripts" / "fr-search.js"


def test_the_preview_search_index_holds_a_name_with_markup_as_text(tmp_path):
    """The preview (OFFLINE=true) keeps material's search. The check's refusal is switched off
    in a child build: the page's tags and the titles of sections with no heading text carry
    the name, and must still hold no markup."""
    out = tmp_path / "site"
    build_in_child(BEFORE, "", out, tmp_path / "unused", plans_dir=HOSTILE_NAME, extra_env={"OFFLINE": "true"})
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    mentions = 0
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert not LIVE_MARKUP.search(doc[field]), (doc["location"], field, doc[field][:200])
        for tag in doc.get("tags", []):
            assert "<" not in tag and ">" not in tag, (doc["location"], tag)
        mentions += "onerror" in json.dumps(doc)
    assert mentions, "the planted name should be in the index (as text)"
    page = (out / "organisations" / "riverside" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert not (out / "pagefind").exists()


def test_the_site_search_index_holds_a_name_with_markup_as_its_text(tmp_path):
    """The published site's index (Pagefind's): the records are written for Pagefind as
    escaped text, so the planted name is stored as the very characters of the plan, in the
    records' text, metadata and filter values (never parsed as markup, never dropped), and the
    search page puts every value in the page as text (never through innerHTML)."""
    from macros.site import search

    out = tmp_path / "site"
    build_in_child(BEFORE, "", out, tmp_path / "unused", plans_dir=HOSTILE_NAME)
    assert not (out / "search" / "search_index.json").exists()
    import yaml
    name = yaml.safe_load((HOSTILE_NAME / "riverside.yaml").read_text(encoding="utf-8"))["name"]
    assert "<" in name
    records = search.fragments(out / "pagefind")
    mine = [r for r in records if "organisations/riverside/" in r["meta"].get("url", "")]
    assert mine, "the organisation's records are in the index"
    for record in mine:
        assert name in record["content"], record["content"][:200]
        assert name in (record["filters"].get("organisation") or [name]), record["filters"]
        assert record["meta"].get("organisation", name) == name, record["meta"]
    assert any(r["meta"]["title"] == name for r in mine)  # the organisation page's record
    code = JS.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "createContextualFragment"):
        assert sink not in code, sink
