"""The theme's navigation rendered once per place (macros/site/navcache.py): the site is byte for
byte the one built with the navigation rendered on every page, and far fewer renders happen."""
from __future__ import annotations

from pathlib import Path

from sitebuild import PAGEFIND_UNSTABLE, build_in_child

# Before the build: the cache on or off, and renders of the theme's nav template counted.
BEFORE = """
import os
import jinja2
import macros.site.navcache as navcache
navcache.ENABLED = sys.argv[3] == "on"
renders = []
original = jinja2.Template.render
def counting(self, *args, **kwargs):
    if str(self.filename).endswith(os.path.join("material", "templates", "partials", "nav.html")):
        renders.append(1)
    return original(self, *args, **kwargs)
jinja2.Template.render = counting
"""
AFTER = 'open(sys.argv[2], "w").write(str(len(renders)))'


def build(tmp_path: Path, name: str, cache: str) -> tuple[Path, int]:
    site, count = tmp_path / name, tmp_path / f"{name}.txt"
    build_in_child(BEFORE, AFTER, site, count, extra_env={"AS_OF": "2019-06-30"}, args=(cache,))
    return site, int(count.read_text())


def tree(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
            and not PAGEFIND_UNSTABLE.match(p.relative_to(site).as_posix())}


def test_the_site_is_the_same_with_the_navigation_rendered_once_per_place(tmp_path):
    cached, cached_renders = build(tmp_path, "cached", "on")
    every, every_renders = build(tmp_path, "every", "off")
    a, b = tree(cached), tree(every)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    pages = sum(1 for name in a if name.endswith(".html"))
    assert every_renders == pages  # every page (the 404 page too) renders the navigation once
    assert cached_renders < pages / 4, (cached_renders, pages)
