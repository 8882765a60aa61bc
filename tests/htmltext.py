"""Helpers for reading built pages: visible text, sections by id, links."""
from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def norm(text: str) -> str:
    """Collapse whitespace; drop the '- ' bullet markers of plan text (they become <li>)."""
    text = re.sub(r"(?m)^\s*- ", "", text)
    return re.sub(r"\s+", " ", text).strip()


class _Text(HTMLParser):
    def __init__(self, element_id: str | None):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0 if element_id is None else -1  # -1: not inside yet
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth < 0:
            if attrs.get("id") == self.element_id:
                self.depth = 1 if tag not in VOID else 0
            return
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in VOID:
            self.depth += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.depth <= 0:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        if tag not in VOID:
            self.depth -= 1
            if self.depth == 0 and self.element_id is not None:
                self.depth = -2  # done
        self.parts.append(" ")

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data)
        elif self.element_id is None and not self.skip:
            self.parts.append(data)


def visible_text(html: str, element_id: str | None = None) -> str:
    """The normalised text of the page, or of the element with ``element_id``."""
    parser = _Text(element_id)
    parser.feed(html)
    return norm("".join(parser.parts))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img", "source"):
                self.links.append((tag, attrs[name]))


def links_and_ids(html: str) -> tuple[list[tuple[str, str]], set[str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.ids
