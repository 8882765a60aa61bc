"""View-models to HTML, through an autoescaping Jinja environment.

Every value from a plan reaches the page only through this module, escaped. Templates only
loop and print; the ``text`` filter turns plain text (paragraphs, '- ' bullets) into
escaped HTML and interprets nothing else.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .plans import dates, links

TEMPLATES = Path(__file__).with_name("templates")


def text(value: str | None, empty: str = "not stated") -> Markup:
    """Plain text as HTML: blank lines make paragraphs, '- ' lines make bullet lists."""
    if not value or not value.strip():
        return Markup('<p class="fr-none">') + escape(empty) + Markup("</p>")
    out = []
    for block in value.strip().split("\n\n"):
        lines = [line.rstrip() for line in block.strip().split("\n")]
        paragraph: list[str] = []
        bullets: list[str] = []

        def flush_paragraph():
            if paragraph:
                out.append(Markup("<p>") + escape(" ".join(paragraph)) + Markup("</p>"))
                paragraph.clear()

        def flush_bullets():
            if bullets:
                items = Markup("").join(Markup("<li>") + escape(b) + Markup("</li>") for b in bullets)
                out.append(Markup("<ul>") + items + Markup("</ul>"))
                bullets.clear()

        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith("- ") or stripped == "-":
                flush_paragraph()
                bullets.append(stripped[2:])
            elif bullets and line.startswith("  "):
                bullets[-1] += " " + stripped
            else:
                flush_bullets()
                paragraph.append(stripped)
        flush_paragraph()
        flush_bullets()
    return Markup("").join(out)


def inline(value: str | None, empty: str = "not stated") -> Markup:
    """A short value on one line, or a marked 'not stated'."""
    if value is None or value == "":
        return Markup('<span class="fr-none">') + escape(empty) + Markup("</span>")
    return escape(value)


def base_for(url: str) -> str:
    """The relative path from a page at ``url`` (mkdocs directory URL) to the site root."""
    return "../" * url.count("/")


def date(value: str | None) -> Markup:
    """A plan date as people read it (11 December 2013), or a marked 'not stated'."""
    return escape(dates.display(value)) if value else inline(None)


def when(value: str | None, short: bool = False) -> Markup:
    """A plan date as people read it, in a <time> element whose datetime is the same date in a
    valid machine form (a day 2013-12-11, a month 2014-03). A financial year (2014/15) has no
    such form (2014-15 would be read as March 2014... of no year at all), so it is printed as
    text; blank reads "not stated". ``short``: as a table cell or a one-line entry writes it
    (11 Dec 2013, Mar 2014, 2014/15)."""
    if not value:
        return inline(None)
    if "/" in value:
        return escape(dates.display(value, short))
    return Markup('<time datetime="') + escape(value) + Markup('">') + escape(dates.display(value, short)) + Markup("</time>")


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["text"] = text
    env.filters["inline"] = inline
    env.filters["date"] = date
    env.filters["time"] = when
    env.filters["host"] = links.host
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
