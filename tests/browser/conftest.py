"""Browser tests: the real site, built with board packs, served on 127.0.0.1 and driven by
Debian's chromium through Playwright.

One site build, one HTTP server and one browser for the whole package (package scope, not
session: Playwright's sync API allows one instance per thread, and other tests start their
own after this package); one browser context (and one reused tab) per viewport and colour
scheme. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .browserkit import CHROMIUM, CHROMIUM_ARGS, ROOT, SITE, VIEWS, Tab, serve


@pytest.fixture(scope="package")
def site():
    """The plans as the site sees them (organisations, work streams, catalogue)."""
    return SITE


@pytest.fixture(scope="package")
def packed_site(tmp_path_factory) -> Path:
    """The real site built as the publishing workflow builds it: with board packs."""
    out = tmp_path_factory.mktemp("packed-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOARD_PACKS": "true"}
    env.pop("SITE_URL", None)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, f"mkdocs build failed:\n{build.stdout}\n{build.stderr}"
    packs = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(out),
                            "--site-url", "https://example.org/francis-responses/"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert packs.returncode == 0, f"scripts/board-packs failed:\n{packs.stdout}\n{packs.stderr}"
    return out


@pytest.fixture(scope="package")
def base_url(packed_site):
    """http://127.0.0.1:<port>/ serving the packed site."""
    with serve(packed_site) as url:
        yield url


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does), or set CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="package")
def tabs(browser, base_url):
    """tabs(view, scheme) -> a Tab, created once per (view, scheme) and reused."""
    cache: dict[tuple[str, str], Tab] = {}

    def get(view: str = "desktop", scheme: str = "light") -> Tab:
        key = (view, scheme)
        if key not in cache:
            context = browser.new_context(color_scheme=scheme, service_workers="block", **VIEWS[view])
            tab = Tab(context.new_page(), base_url, view, scheme)
            tab.attach()
            cache[key] = tab
        tab = cache[key]
        tab.reset()
        return tab

    yield get
    for tab in cache.values():
        tab.page.context.close()


