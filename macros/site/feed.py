"""The Atom feed of progress updates (updates.xml): newest first, one entry per update, each
linking to its action's entry. Made by feedgen, which escapes the text; every entry's content
is plain text. The output depends only on the plans and the as-of date: the feed's ``updated``
is the newest update's date, never the build time.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid

from feedgen.feed import FeedGenerator

from ..model import Site
from ..plans import dates
from ..views.progress_views import UpdateEntry, newest, newest_date

PATH = "updates.xml"
LIMIT = 200  # entries: the most recent updates (the full history is in data/updates.csv)
NAMESPACE = uuid.UUID("8f6d2a9e-5b0c-4a43-9d0e-3f1b7c2a6e11")  # fixed: entry ids stay the same between builds
TITLE = "Francis Report responses: progress updates"


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control characters)."""
    return _NOT_XML.sub("", text)


def _when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)


def content(e: UpdateEntry) -> str:
    """The entry's text: the note, a revised due date with its reason, the evidence."""
    u = e.update
    parts = [f"{e.status.label if e.status else u.status}, reported {dates.display(u.date)}."]
    if e.action.action:
        parts.append(f"Action: {e.action.action}")
    if u.note:
        parts.append(u.note)
    if u.due:
        parts.append(f"Completion date revised to {dates.display(u.due)}" + (f": {u.reason}" if u.reason else "."))
    for link in u.evidence:
        parts.append(f"Evidence: {link.title} <{link.url}>")
    return "\n\n".join(parts)


def atom(site: Site, site_url: str = "") -> str:
    """The feed as UTF-8 XML text. ``site_url`` (the published address, may be "") makes the
    links absolute; without it they are relative to the feed's own address."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = newest(site, LIMIT)
    fg = FeedGenerator()
    fg.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed')}")
    fg.title(TITLE)
    fg.subtitle(f"Dated progress updates on NHS commissioning organisations' Francis Report action "
                f"plans, newest first: the {LIMIT} most recent as of {dates.display(site.as_of)}.")
    fg.link(href=f"{base}{PATH}", rel="self", type="application/atom+xml")
    fg.link(href=f"{base}reporting/", rel="alternate", type="text/html")
    fg.language("en")
    fg.generator("feedgen")
    fg.updated(_when(newest_date(site) or "2013-02-06"))  # no dates at all: the day the Francis Report was published
    for e in reversed(entries):  # feedgen puts the last added first
        fe = fg.add_entry()
        fe.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{e.org.id}/{e.action.id}/{e.index}')}")
        fe.title(_xml(e.title))
        fe.link(href=f"{base}{e.url}", rel="alternate", type="text/html")
        fe.author(name=_xml(e.org.name))
        fe.updated(_when(e.update.date))
        fe.published(_when(e.update.date))
        fe.content(_xml(content(e)), type="text")
    return fg.atom_str(pretty=True).decode("utf-8")
