"""The theme's own templates, wrapped rather than copied, and a record of every one we wrap or
replace, so that a fix in the theme reaches the pages, and a change we cannot take is never
silent.

``overrides/`` holds no copy of a theme template. Where the site needs a template to differ, the
override renders the theme's own file (reached as ``theme/<name>``: ``navcache`` adds that
loader) and changes only what it must:

- ``partials/header.html``: the page title escaped. Generated pages take their titles from plan
  data and the theme prints the title as it is; the override passes the theme's header a page
  whose ``title`` (and ``meta.title``) are escaped (:func:`escaped_title`).
- ``partials/source.html``: without ``data-md-component="source"``, so the theme's script does
  not ask the GitHub API for the repository's stars and forks on every page view (the site
  requests nothing from other servers).
- ``partials/nav.html``: the theme's navigation, rendered once per place (``navcache``).
- ``main.html`` replaces one block of ``base.html`` whole (``htmltitle``: titles escaped, not
  passed through ``striptags``); its other blocks call ``super()``.

:data:`ORIGINALS` records a digest of each theme original that an override wraps or replaces,
as installed when the override was last checked. ``tests/test_theme_masking.py`` fails, naming
the file, when the installed theme's original differs: read the theme's change, make sure the
override still does its one job and lets the rest through, then record the new digest here.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import escape

THEME_VERSION = "9.8.2"  # the mkdocs-material release the digests below were recorded from

# theme template (or "template#block") -> (sha256 of its text, first 32 hex digits; why we depend on it)
ORIGINALS = {
    "base.html#htmltitle": ("8ebd0d3f80cb7be8baa6a77ed0759e9d", "replaced whole by overrides/main.html"),
    "partials/header.html": ("8cf3fb15bcf969ff596649616fd99366", "wrapped by overrides/partials/header.html (the title escaped)"),
    "partials/source.html": ("6847616d67be4920d39c278c2799bf20", "wrapped by overrides/partials/source.html (no GitHub API request)"),
    "partials/nav.html": ("af33f6e032f632eb055c365eb5f1a975", "wrapped by overrides/partials/nav.html and cached per place (navcache)"),
    "partials/nav-item.html": ("89895208f22d68ce405a4bcb6649b915", "what navcache's per-place cache assumes about each nav entry"),
}

_BLOCK = r"\{%-?\s*block\s+NAME\s*-?%\}.*?\{%-?\s*endblock\b[^%]*%\}"


def theme_templates() -> Path:
    """The installed theme's templates folder."""
    import material

    return Path(material.__file__).resolve().parent / "templates"


def original_text(templates: Path, key: str) -> str | None:
    """A theme original's text: the file, or one ``{% block %}`` of it ("base.html#htmltitle").
    None when the file or the block is not there."""
    name, _, block = key.partition("#")
    path = templates / name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if not block:
        return text
    found = re.search(_BLOCK.replace("NAME", re.escape(block)), text, re.S)
    return found.group(0) if found else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def changed(templates: Path | None = None) -> list[str]:
    """Each recorded original that differs from the installed theme's, as a readable line."""
    templates = templates or theme_templates()
    out = []
    for key, (recorded, why) in ORIGINALS.items():
        text = original_text(templates, key)
        if text is None:
            out.append(f"{key}: no longer in the theme ({templates}); it is {why}")
        elif digest(text) != recorded:
            out.append(f"{key}: the theme's original changed (digest {digest(text)}, recorded {recorded} "
                       f"from mkdocs-material {THEME_VERSION}); it is {why}: read the theme's change, check "
                       "the override, then record the new digest in macros/site/themewrap.py")
    return out


class _TitleEscaped:
    """A page as the theme's header sees it: everything the page has, with its title escaped."""

    __slots__ = ("_page",)

    def __init__(self, page):
        self._page = page

    def __getattr__(self, name):
        return getattr(self._page, name)

    @property
    def title(self):
        title = self._page.title
        return escape(title) if title is not None else None

    @property
    def meta(self):
        meta = self._page.meta
        if isinstance(meta, dict) and meta.get("title"):
            return {**meta, "title": escape(meta["title"])}
        return meta


def escaped_title(page):
    """The ``escaped_title`` filter: ``page`` with its title escaped (None and undefined pass)."""
    if page is None or isinstance(page, jinja2.Undefined):
        return page
    return _TitleEscaped(page)


def install(env) -> None:
    """Add the filter the wrapping overrides use (the ``theme/`` loader comes from navcache)."""
    env.filters["escaped_title"] = escaped_title
