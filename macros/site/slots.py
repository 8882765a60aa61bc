"""The HTML the macros of hand-written pages print, kept out of Python-Markdown.

A macro (macros/__init__.py) prints tables and lists that are already HTML. Put into the page's
Markdown, Python-Markdown would read all of it again to find where the raw HTML starts and
ends (with the standard library's HTML parser, character by character: the field reference
alone is tens of kilobytes), only to copy it through unchanged. So a macro's HTML is held here
and the Markdown gets a one-line placeholder, which ``put_back`` (in on_page_content) replaces
with the HTML. Each placeholder carries a random key made for that one call, so no text in a
page can stand for another page's HTML; a placeholder without HTML here is left as it is.
"""
from __future__ import annotations

import re
import secrets

from markupsafe import Markup

_HELD: dict[str, str] = {}
_PLACEHOLDER = re.compile(r'<div data-fr-slot="([0-9a-f]{32})"></div>')


def hold(html: str) -> Markup:
    """The placeholder to print instead of ``html``. Python-Markdown puts a block of raw HTML
    into the page without the white space around it, so that is left out here too."""
    key = secrets.token_hex(16)
    _HELD[key] = str(html).strip()
    return Markup(f'<div data-fr-slot="{key}"></div>')


def put_back(content: str) -> str:
    """``content`` with each placeholder replaced by the HTML it holds."""
    if "data-fr-slot" not in content:
        return content
    return _PLACEHOLDER.sub(lambda m: _HELD.pop(m[1], m[0]), content)


def forget() -> None:
    """Drop HTML held for pages that were never put back (a build that failed)."""
    _HELD.clear()
