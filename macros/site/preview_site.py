"""The reviewers' preview (``scripts/build --preview``: the offline plugin enabled).

- Search works from ``file://`` with no network: material's file-protocol search shim
  (the npm package ``iframe-worker``, pinned in package.json) is committed under
  ``overrides/assets/javascripts/iframe-worker/`` with its licence, and the theme's polyfills
  point at that copy instead of the web address the offline plugin would add.
- The preview opens on "Changes in this preview": ``index.html`` lists what the change does to
  the plans (``changes``), linking to the changed pages; the home page moves to ``home.html``.
  The comparison is with $CHANGES_BASE (a git revision) or where the branch left main.
"""
from __future__ import annotations

import os

from mkdocs.structure.files import File, Files, InclusionLevel

from .. import changes, changes_since
from ..plans import gitplans
from ..plans.load import plans_dir

SHIM = "assets/javascripts/iframe-worker/shim.js"
TITLE = "Changes in this preview"
HOME = "home.md"
MAX_ITEMS = 600  # listed on the page; the rest are counted (every page stays well under 300 KB)


def enabled(config) -> bool:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "offline" and getattr(plugin, "config", None) is not None:
            return bool(plugin.config.enabled)
    return False


def configure(config) -> None:
    """Polyfills: the local shim only (no request to any other server); the nav starts with the
    changes page, the home page moves to home.md."""
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = polyfills + [SHIM]
    if config.nav and not any(_first(item) == TITLE for item in config.nav):
        config.nav = [{TITLE: "index.md"}] + [_moved(item) for item in config.nav]


def _first(item):
    return next(iter(item)) if isinstance(item, dict) else None


def _moved(item):
    if isinstance(item, dict):
        return {k: _moved(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_moved(v) for v in item]
    return HOME if item == "index.md" else item


def page_context() -> dict:
    """What the changes page shows: the changes, the base revision, or why there are none."""
    try:
        found, base = changes_since.collect(plans_dir(), os.environ.get("CHANGES_BASE") or None)
    except gitplans.GitError as exc:
        return {"changes": [], "compared_with": "", "error": str(exc), "flags": 0, "items": 0, "left_out": 0}
    shown, left_out, count = [], 0, 0
    for change in found:
        if count + len(change.items) > MAX_ITEMS:
            left_out += len(change.items)
            continue
        shown.append(change)
        count += len(change.items)
    return {"changes": shown, "compared_with": base, "error": "", "flags": changes.count_flags(found),
            "items": sum(len(c.items) for c in found), "left_out": left_out}


def add_pages(files: Files, config, generated: dict, spec) -> Files:
    """Move the home page to home.md and add the changes page as index.md."""
    home = files.get_file_from_path("index.md")
    if home is not None:
        files.remove(home)
        files.append(File.generated(config, HOME, content=home.content_string))
    generated["index.md"] = spec(TITLE, "changes.html", page_context())
    files.append(File.generated(config, "index.md", content="", inclusion=InclusionLevel.INCLUDED))
    return files
