"""Helpers shared by the browser tests (fixtures are in conftest.py)."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]
VIEWS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    # 1280 x 1024 zoomed to 400% (WCAG 1.4.10 reflow); used by the sideways-scrolling check only
    "reflow": {"viewport": {"width": 320, "height": 256}},
}
SCHEMES = ("light", "dark")
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmarks, heading order, names of
# dialogs and regions: what the validators found in our templates, issue 21)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def site_data():
    sys.path.insert(0, str(ROOT))
    from macros.plans import load
    site, problems = load.check()
    assert site is not None, [p.format() for p in problems]
    return site


def page_types(site) -> dict[str, str]:
    """Page type -> path of one page of that type (the most complex one where there is a choice)."""
    from macros.views import views
    responses = views.responses_by_recommendation(site)
    busiest = max(responses, key=lambda n: (len(responses[n]), -int(n)))
    biggest = max(site.organisations, key=lambda o: len(o.actions))
    joint = next((o for o in site.organisations if o.joint), None)
    types = {
        "home": "",
        "organisations": "organisations/",
        "organisation": f"organisations/{biggest.id}/",
        "workstreams": "workstreams/",
        "workstream": f"workstreams/{site.workstreams[0].key}/",
        "recommendations": "recommendations/",
        "recommendation": f"recommendations/{busiest}/",
        "compare": "compare/",
        "progress": f"organisations/{biggest.id}/progress/",
        "reporting": "reporting/",
        "downloads": "downloads/",
        "plan-format": "plan-format/",
        "editors-guide": "updating/",
        "accessibility": "accessibility/",
        "not-found": "404.html",
    }
    if joint is not None:
        types["organisation-joint"] = f"organisations/{joint.id}/"
    from macros.views.workstream_views import initial
    types["workstream-initial"] = f"workstreams/{site.workstreams[0].key}/{initial(biggest.name)}/"
    return types


SITE = site_data()
PAGE_TYPES = page_types(SITE)



@dataclass
class Tab:
    """One reused tab of a context, recording what went wrong while it was used."""

    page: object
    base: str
    view: str
    scheme: str
    console_errors: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    external: list = field(default_factory=list)

    pending: set = field(default_factory=set)

    def attach(self):
        page = self.page
        page.on("request", lambda r: self.pending.add(r))
        page.on("requestfinished", lambda r: self.pending.discard(r))
        page.on("requestfailed", lambda r: self.pending.discard(r))
        page.on("console", lambda m: self.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: self.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        page.on("request", lambda r: self.external.append(r.url)
                if not r.url.startswith((self.base, "data:", "blob:", "about:")) else None)

    def reset(self):
        self.console_errors.clear()
        self.failed.clear()
        self.external.clear()

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.console_errors] + [f"failed request: {f}" for f in self.failed]
                + [f"request to another server: {u}" for u in self.external])

    def settle(self, quiet_ms: int = 100, timeout_ms: int = 10_000):
        """Wait until no request has been in flight for quiet_ms (the search worker loads its
        index after the load event), so none is cut off by the next navigation."""
        waited = quiet = 0
        while quiet < quiet_ms and waited < timeout_ms:
            self.page.wait_for_timeout(25)
            waited += 25
            quiet = 0 if self.pending else quiet + 25
        assert not self.pending, f"requests still open after {timeout_ms} ms: {[r.url for r in self.pending]}"

    def open(self, path: str):
        """Go to a page of the site and wait until it and its scripts' requests have finished."""
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        self.settle()
        return self.page

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}-{self.view}-{self.scheme}.png"), full_page=True)


AXE_RUN = """async ([tags, rules]) => {
    const options = rules ? {runOnly: {type: 'rule', values: rules}} : {runOnly: {type: 'tag', values: tags}};
    const r = await axe.run(document, options);
    const summary = v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))});
    const obscured = r.incomplete.filter(v => v.id === 'color-contrast').flatMap(v => v.nodes)
        .filter(n => n.any.some(c => c.data && ['elmPartiallyObscured', 'elmPartiallyObscuring', 'bgOverlap'].includes(c.data.messageKey))).length;
    return {violations: r.violations.map(summary), obscured};
}"""

# Wide tables scroll inside their region, so axe cannot see the colours of the cells scrolled
# out of view ("partially obscured"); a second pass checks their contrast unclipped.
UNCLIP = ".fr-scroll, .md-typeset__scrollwrap { overflow: visible !important; max-width: none !important; }"


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as a <script>: the pages'
        # Content-Security-Policy refuses inline scripts that are not the theme's (macros/site/csp.py).
        page.evaluate(_axe_source())
    result = page.evaluate(AXE_RUN, [AXE_TAGS, None])
    violations = result["violations"]
    if result["obscured"]:
        style = page.add_style_tag(content=UNCLIP)
        try:
            again = page.evaluate(AXE_RUN, [AXE_TAGS, ["color-contrast"]])
        finally:
            style.evaluate("el => el.remove()")
        violations += [dict(v, id=v["id"] + " (table scrolled into view)") for v in again["violations"]]
    return violations


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n[:300]}" for n in v["nodes"][:5])
    return "\n".join(lines)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
