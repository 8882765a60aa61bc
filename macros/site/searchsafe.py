"""Search entries hold text, never markup.

Material's search results (9.8.x) insert an entry's ``title``, ``text`` and ``tags`` into the
page as HTML. The plugin escapes the text it reads from a page's HTML, but copies two things
verbatim: ``page.meta["tags"]`` and, for a section with no heading text, the page's title. Both
come from plans (an organisation's name), so a name holding markup ran as script in every
reader's search results.

:func:`clean` is applied to every entry as it is added, whatever added it (material's parser,
ours in ``searchparse``, or the serve cache in ``reuse``): tags are escaped whole (they are
always plain text), and in titles and texts every ``<`` or ``>`` that is not one of the few
tags the plugin keeps on purpose (``<p>``, ``<code>``, lists...) is escaped. Text the plugin
already escaped holds no ``<`` or ``>``, so cleaning it changes nothing; cleaning twice is
cleaning once.
"""
from __future__ import annotations

import re
from html import escape

# The tags material's search parser keeps in an entry (plugin.py: Parser.keep), bare, as it
# writes them. Anything else that looks like a tag is text.
_KEPT_TAG = r"</?(?:p|code|pre|li|ol|ul|sub|sup)>"
_MARKUP = re.compile(rf"({_KEPT_TAG})|[<>]")


def _escape_stray(match: re.Match) -> str:
    if match.group(1):
        return match.group(1)
    return "&lt;" if match.group(0) == "<" else "&gt;"


def text(value: str) -> str:
    """``value`` with every ``<`` and ``>`` outside the plugin's kept tags escaped."""
    if "<" not in value and ">" not in value:
        return value
    return _MARKUP.sub(_escape_stray, value)


def clean(entry: dict) -> dict:
    """The entry, changed in place so that no field can be read as markup; returned."""
    for field in ("title", "text"):
        value = entry.get(field)
        if isinstance(value, str):
            entry[field] = text(value)
    tags = entry.get("tags")
    if isinstance(tags, list):
        entry["tags"] = [escape(str(tag), quote=True) for tag in tags]
    return entry


def guard(search_index) -> None:
    """Clean the entries added to ``search_index`` (a material ``SearchIndex``) since the last
    call for it."""
    entries = getattr(search_index, "entries", None)
    if not isinstance(entries, list):
        return
    start = getattr(search_index, "_francis_cleaned", 0)
    if start > len(entries):  # a new list (the plugin starts one each build)
        start = 0
    for entry in entries[start:]:
        if isinstance(entry, dict):
            clean(entry)
    search_index._francis_cleaned = len(entries)
