"""Web addresses in plans: one check for every field named ``url``, wherever it is.

A link must be https:// or http://, name a host, carry no user name or password (in
``https://www.nhs.uk@elsewhere.example/`` the host is elsewhere.example) and fit in
MAX_URL_CHARS. A host written in another script, or in punycode (xn--), can look like a
familiar one and is flagged; a host outside nhs.uk and gov.uk gets a warning so a reviewer
looks at it. Pages print the host next to every link's text (see ``host``).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .limits import MAX_URL_CHARS, shorten
from .problems import escape

TRUSTED = ("nhs.uk", "gov.uk")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")


URL_KEYS = ("url", "ods_code_source")  # fields holding a web address


def url_fields(data, at=(), out=None) -> list:
    """(path, value) of every string field holding a web address (URL_KEYS) in ``data``, in
    document order."""
    out = [] if out is None else out
    if isinstance(data, dict):
        for key, value in data.items():
            if key in URL_KEYS and isinstance(value, str):
                out.append((at + (key,), value))
            elif isinstance(value, (dict, list)):
                url_fields(value, at + (key,), out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, (dict, list)):
                url_fields(value, at + (i,), out)
    return out


def host(url: str) -> str:
    """The host a link goes to, as a browser shows it in its address bar (punycode stays
    punycode, so a look-alike host shows as what it is)."""
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    try:
        return name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        return name


def problem(url: str, research: bool = False) -> tuple[str, str] | None:
    """(level, why) for a link that must be fixed ("error") or looked at ("warning"), or None.
    Addresses that do not start with http(s):// are left to the schema's message. ``research``:
    a source the site's editors cite (what became of an organisation), not the organisation's
    own document, so a host outside nhs.uk and gov.uk is expected there."""
    if not re.match(r"https?://", url):
        return None

    def shown() -> str:  # the address as a message quotes it (only then: escaping costs)
        return f"'{escape(shorten(url))}'"

    if len(url) > MAX_URL_CHARS:
        return "error", (f"the web address is {len(url):,} characters long, more than the "
                         f"{MAX_URL_CHARS:,} allowed: link to the page itself, without the text "
                         "after '?' if the page opens without it")
    if any(map(str.isspace, url)):
        return "error", f"a web address cannot contain spaces or line breaks; found {shown()}: remove them"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "error", f"{shown()} is not a valid web address: copy it again from the browser's address bar"
    if "@" in parts.netloc:
        return "error", (f"the web address {shown()} has a user name or password before '@', which "
                         f"hides the real site ({parts.hostname or 'none'}): link to the page's own "
                         "address, without anything before '@'")
    name = parts.hostname or ""
    if not name:
        return "error", f"the web address {shown()} names no site: copy it again from the browser's address bar"
    ascii_name = host(url)
    if not name.isascii() or any(label.startswith("xn--") for label in ascii_name.split(".")):
        return "warning", (f"the web address {shown()} goes to {ascii_name}, a name written with letters "
                           "from other alphabets, which can look like a familiar site: check that it "
                           "is the organisation's real address")
    if not _HOST.fullmatch(name):
        return "error", (f"the web address {shown()} names no valid site ({escape(name)}): copy it again "
                         "from the browser's address bar")
    if not research and not any(name == t or name.endswith("." + t) for t in TRUSTED):
        return "warning", (f"the web address goes to {name}, which is not an NHS (nhs.uk) or government "
                           "(gov.uk) site: check that the link is to the published document")
    return None
