"""Reader benchmark: the site as a member of the public meets it, on a mid-range phone.

    python benchmarks/reader.py                      # 211 and 1,000 synthetic organisations
    python benchmarks/reader.py --orgs 3             # a quick run (tests/test_benchmarks.py)
    python benchmarks/reader.py --site DIR           # a site already built (any plans)
    python benchmarks/reader.py --orgs 211 --json out.json

For each size it writes synthetic plans (benchmarks/synthetic.py, seed 2013) and builds them
with ``mkdocs build --strict`` as of ``--as-of`` (2017-06-30), or takes the built site given
with ``--site``. It serves the site on 127.0.0.1 (a free port) and drives Debian's Chromium
(Playwright for Python) at 375 x 667 CSS pixels, a touch screen, with the CPU slowed 4x
(CDP ``Emulation.setCPUThrottlingRate``), and reports:

- ``first_visit``: a first visit (empty cache) to the home page and to the largest
  organisation page: what the server sent until the network had been quiet for 1.5 s
  (``bytes`` raw, ``gzip_bytes`` each response body compressed with gzip at level 6, as a
  web host would send it, ``requests``), the seconds to the load event, and the largest file;
- ``search``: on the home page, after that first visit, the reader opens search (taps the
  search button) and types a query: an organisation's name, then (in another fresh visit) a
  word from its actions with its name (less "NHS", "CCG" and the like). ``answer_s`` is the time from the first
  keystroke to the first result being the one meant (the organisation's page; a result of
  that organisation holding the word), ``first_result_s`` to any first result; ``bytes`` and
  ``gzip_bytes`` what the server sent until the answer showed
  (``settled_bytes``: until the network was quiet again), counted from the tap that opens the
  search; ``first``: the first result's text;
- ``organisation_page``: the largest organisation page's height in phone screens (667 px) and
  its number of action cards;
- ``pages``: for one page of every kind, cumulative layout shift (the largest session window of
  ``layout-shift`` entries without recent input, as Core Web Vitals count it), the longest
  main-thread block (``longtask``) and the total blocking time (the part of every long task
  over 50 ms), the number of DOM elements and the page's own size (raw and gzip).

Prints one JSON object (``--json FILE`` also writes it) and a readable table on stderr. Not a
test: the figures are read and recorded (benchmarks/README.md, the issues' closing notes).
Only loopback traffic; every wait is bounded.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
SCREEN = 667
CPU_SLOWDOWN = 4
QUIET_S = 1.5  # the network counts as settled after this long without a request
WAIT_S = 90.0  # the longest any one wait may take
GENERIC = {"NHS", "CCG", "Clinical", "Commissioning", "Group", "and", "the", "of", "&"}
WORD = re.compile(r"[A-Za-z]{6,}")

# Registered before any of the page's scripts run: layout shifts and long tasks as they happen.
OBSERVE = """(() => {
  const seen = window.__reader = {shifts: [], tasks: []};
  try {
    new PerformanceObserver(list => { for (const e of list.getEntries())
      seen.shifts.push({value: e.value, recent: e.hadRecentInput, t: e.startTime}); })
      .observe({type: 'layout-shift', buffered: true});
    new PerformanceObserver(list => { for (const e of list.getEntries())
      seen.tasks.push(e.duration); }).observe({type: 'longtask', buffered: true});
  } catch (e) { seen.error = String(e); }
})();"""

PAGE_FIGURES = """() => {
  const seen = window.__reader || {shifts: [], tasks: []};
  let cls = 0, window_ = 0, first = 0, last = 0;
  for (const s of seen.shifts.filter(s => !s.recent)) {
    if (window_ && (s.t - last > 1000 || s.t - first > 5000)) window_ = 0;
    if (!window_) first = s.t;
    window_ += s.value; last = s.t; cls = Math.max(cls, window_);
  }
  const nav = performance.getEntriesByType('navigation')[0];
  return {cls, longest_task_ms: Math.max(0, ...seen.tasks),
          blocking_ms: seen.tasks.reduce((a, d) => a + Math.max(0, d - 50), 0),
          long_tasks: seen.tasks.length, dom_elements: document.getElementsByTagName('*').length,
          height_px: document.documentElement.scrollHeight,
          load_s: nav ? nav.loadEventEnd / 1000 : null, observer_error: seen.error || null};
}"""

# Stamps (performance.now()) the first moment a search result shows, and the first moment the
# first result is the one meant: its title is ``title`` (when given) and its text holds every
# one of ``words`` (case-insensitive).
WATCH = """([title, words]) => {
  const w = window.__watch = {first: null, answer: null, text: null};
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const check = () => {
    const item = document.querySelector('.md-search-result__item');
    if (!item) return;
    const now = performance.now();
    if (w.first === null) w.first = now;
    const text = norm(item.textContent), head = item.querySelector('h1, h2, h3');
    const titled = !title || (head && norm(head.textContent) === title);
    if (titled && words.every(x => text.toLowerCase().includes(x.toLowerCase()))) {
      w.answer = now; w.text = text.slice(0, 300); observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  return performance.now();
}"""


class Traffic:
    """What the server sent: (perf_counter when sent, path, raw bytes, gzip bytes)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[float, str, int, int]] = []
        self.open = 0
        self.last = time.perf_counter()
        self._gzip: dict[str, int] = {}

    def gzip_size(self, path: str, data: bytes) -> int:
        with self.lock:
            if path not in self._gzip:
                self._gzip[path] = len(gzip.compress(data, 6, mtime=0))
            return self._gzip[path]

    def since(self, mark: int) -> dict:
        with self.lock:
            rows = self.sent[mark:]
        largest = max(rows, key=lambda r: r[2], default=None)
        return {"bytes": sum(r[2] for r in rows), "gzip_bytes": sum(r[3] for r in rows), "requests": len(rows),
                "largest": {"path": largest[1], "bytes": largest[2], "gzip_bytes": largest[3]} if largest else None}

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def settle(self, quiet: float | None = None, timeout: float = WAIT_S) -> bool:
        """Wait until no request has been open for ``quiet`` seconds (QUIET_S); False after ``timeout``."""
        quiet = QUIET_S if quiet is None else quiet
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            with self.lock:
                idle = self.open == 0 and time.perf_counter() - self.last >= quiet
            if idle:
                return True
            time.sleep(0.05)
        return False


class _Handler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json"}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def handle_one_request(self):
        with self.traffic.lock:
            self.traffic.open += 1
        try:
            super().handle_one_request()
        finally:
            with self.traffic.lock:
                self.traffic.open -= 1
                self.traffic.last = time.perf_counter()

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        path = self.path.split("?", 1)[0]
        compressed = self.traffic.gzip_size(path, data)
        with self.traffic.lock:
            self.traffic.sent.append((time.perf_counter(), path, len(data), compressed))


class Server:
    """The site on 127.0.0.1 (a free port), counting what it sends."""

    def __init__(self, folder: Path):
        self.traffic = Traffic()
        handler = type("Handler", (_Handler,), {"traffic": self.traffic})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---- the site: what to open and what to search for ----

def build(orgs: int, work: Path, as_of: str, seed: int) -> Path:
    plans = work / f"plans-{orgs}"
    site = work / f"site-{orgs}"
    synthetic.generate(orgs, plans, seed=seed)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANS_DIR": str(plans), "AS_OF": as_of}
    for name in ("SITE_URL", "OFFLINE", "BOARD_PACKS"):
        env.pop(name, None)
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    print(f"built {orgs} organisations in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return site


def page_kinds(site: Path) -> dict[str, str]:
    """Page kind -> the address of one page of that kind (the largest where there is a choice)."""
    def largest(pattern: str) -> str | None:
        found = [p for p in site.glob(pattern) if p.is_file()]
        if not found:
            return None
        return max(found, key=lambda p: (p.stat().st_size, str(p))).parent.relative_to(site).as_posix() + "/"

    organisation = largest("organisations/*/index.html")
    kinds = {"home": "", "organisations": "organisations/", "organisation": organisation,
             "progress": f"{organisation}progress/" if organisation else None,
             "workstreams": "workstreams/", "workstream": largest("workstreams/*/index.html"),
             "workstream-initial": largest("workstreams/*/*/index.html"),
             "recommendations": "recommendations/", "recommendation": largest("recommendations/*/index.html"),
             "compare": "compare/", "reporting": "reporting/", "downloads": "downloads/",
             "plan-format": "plan-format/", "editors-guide": "updating/", "accessibility": "accessibility/"}
    return {k: v for k, v in kinds.items() if v is not None and (site / v / "index.html").is_file()}


def queries(site: Path, organisation: str) -> dict:
    """The searches: the organisation's name, and a word from its actions (found in other
    organisations' actions too, the rarest such) with its name (less "NHS", "CCG" and the like)."""
    data = json.loads((site / "data" / "plans.json").read_text(encoding="utf-8"))
    orgs = data["organisations"]
    org_id = organisation.strip("/").split("/")[-1]
    org = next(o for o in orgs if o["id"] == org_id)

    def words(o) -> set[str]:
        return {w.lower() for a in o.get("actions", []) for w in WORD.findall(a.get("action") or "")}

    counts = Counter(w for o in orgs for w in words(o))
    mine = sorted(words(org))
    shared = [w for w in mine if counts[w] > 1] or mine
    word = min(shared, key=lambda w: (counts[w], w)) if shared else None
    # the name as a reader types it: without "NHS", "CCG" and the like
    place = " ".join(w for w in org["name"].split() if w not in GENERIC) or org["name"]
    found = {"name": {"query": org["name"], "title": org["name"], "words": []}}
    if word:  # answered by a result of that organisation (its name in the result) showing the word (or its stem)
        found["word"] = {"query": f"{word} {place}", "title": None, "words": [word[:5], org["name"]]}
    return {"organisation": {"id": org_id, "name": org["name"]}, **found}


# ---- the browser ----

class Phone:
    """Chromium as a mid-range phone: each visit in a fresh context (empty cache)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright
        if not Path(CHROMIUM).exists():
            raise SystemExit(f"Chromium not found at {CHROMIUM}: install Debian's chromium, or set CHROMIUM")
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def visit(self):
        context = self.browser.new_context(service_workers="block", **PHONE)
        context.add_init_script(OBSERVE)
        page = context.new_page()
        page.set_default_timeout(WAIT_S * 1000)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        return context, page

    def close(self):
        self.browser.close()
        self.playwright.stop()


def first_visit(phone: Phone, server: Server, path: str) -> dict:
    context, page = phone.visit()
    try:
        mark = server.traffic.mark()
        page.goto(server.url + path, wait_until="load")
        settled = server.traffic.settle()
        figures = page.evaluate(PAGE_FIGURES)
        return {"path": path, **server.traffic.since(mark), "load_s": _round(figures["load_s"]), "settled": settled}
    finally:
        context.close()


def search(phone: Phone, server: Server, query: dict) -> dict:
    """Open the home page, wait until it has settled, tap the search button and type."""
    context, page = phone.visit()
    try:
        page.goto(server.url, wait_until="load")
        server.traffic.settle()
        mark = server.traffic.mark()  # what opening the search fetches counts too
        # the site's search button (a real button), or the theme's own label in the offline preview
        page.locator('[data-fr-search-button], label.md-header__button[for="__search"]').first.tap()
        box = page.locator(".md-search__input")
        box.wait_for(state="visible")
        box.focus()
        start = page.evaluate(WATCH, [query["title"], query["words"]])
        page.keyboard.type(query["query"])
        try:
            page.wait_for_function("() => window.__watch.answer !== null", timeout=WAIT_S * 1000)
        except Exception:  # no answer: reported as such
            pass
        watch = page.evaluate("() => window.__watch")
        at_answer = server.traffic.since(mark)
        server.traffic.settle()
        settled = server.traffic.since(mark)
        first = page.locator(".md-search-result__item").first
        shown = " ".join(first.text_content().split())[:300] if first.count() else None
        return {"query": query["query"], "answer_s": _secs(watch["answer"], start),
                "first_result_s": _secs(watch["first"], start), "bytes": at_answer["bytes"],
                "gzip_bytes": at_answer["gzip_bytes"], "requests": at_answer["requests"],
                "settled_bytes": settled["bytes"], "settled_gzip_bytes": settled["gzip_bytes"],
                "settled_requests": settled["requests"], "first": shown}
    finally:
        context.close()


def page_figures(phone: Phone, server: Server, site: Path, path: str) -> dict:
    context, page = phone.visit()
    try:
        page.goto(server.url + path, wait_until="load")
        server.traffic.settle()
        page.wait_for_timeout(QUIET_S * 1000)  # shifts and long tasks that follow the last request
        figures = page.evaluate(PAGE_FIGURES)
        actions = page.locator("article.fr-action").count()
    finally:
        context.close()
    html = (site / path / "index.html").read_bytes()
    return {"path": path, "cls": round(figures["cls"], 4), "longest_task_ms": round(figures["longest_task_ms"]),
            "blocking_ms": round(figures["blocking_ms"]), "long_tasks": figures["long_tasks"],
            "dom_elements": figures["dom_elements"], "screens": round(figures["height_px"] / SCREEN, 1),
            "actions": actions, "bytes": len(html), "gzip_bytes": len(gzip.compress(html, 6, mtime=0)),
            "load_s": _round(figures["load_s"]), "observer_error": figures["observer_error"]}


def _secs(at, start):
    return None if at is None else round((at - start) / 1000, 3)


def _round(value):
    return None if value is None else round(value, 3)


def measure(site: Path, phone: Phone, orgs: int | None = None, skip_pages: bool = False) -> dict:
    kinds = page_kinds(site)
    wanted = queries(site, kinds["organisation"])
    server = Server(site)
    try:
        result = {"orgs": orgs, "site": str(site), "organisation": wanted["organisation"],
                  "first_visit": {k: first_visit(phone, server, kinds[k]) for k in ("home", "organisation")},
                  "search": {k: search(phone, server, wanted[k]) for k in ("name", "word") if k in wanted},
                  "pages": {k: page_figures(phone, server, site, path) for k, path in kinds.items()
                            if not skip_pages or k == "organisation"}}
    finally:
        server.close()
    org = result["pages"]["organisation"]
    result["organisation_page"] = {"path": org["path"], "screens": org["screens"], "actions": org["actions"]}
    return result


# ---- the report ----

def _kb(n) -> str:
    return "-" if n is None else f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def table(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(f"\n== {r['orgs'] or r['site']} organisations: {r['organisation']['name']} "
                     f"({r['organisation_page']['actions']} actions, {r['organisation_page']['screens']} screens)")
        lines.append(f"{'first visit':<22} {'raw':>10} {'gzip':>10} {'requests':>8} {'load s':>7}  largest")
        for kind, v in r["first_visit"].items():
            big = v["largest"] or {}
            lines.append(f"{kind:<22} {_kb(v['bytes']):>10} {_kb(v['gzip_bytes']):>10} {v['requests']:>8} "
                         f"{v['load_s'] or 0:>7.2f}  {big.get('path')} ({_kb(big.get('gzip_bytes'))} gzip)")
        lines.append(f"{'search':<22} {'answer s':>10} {'first s':>10} {'gzip':>10} {'settled':>10}  query -> first result")
        for kind, v in r["search"].items():
            answer = "none" if v["answer_s"] is None else f"{v['answer_s']:.2f}"
            first = "none" if v["first_result_s"] is None else f"{v['first_result_s']:.2f}"
            lines.append(f"{kind:<22} {answer:>10} {first:>10} {_kb(v['gzip_bytes']):>10} "
                         f"{_kb(v['settled_gzip_bytes']):>10}  {v['query']!r} -> {(v['first'] or '')[:70]!r}")
        lines.append(f"{'page':<22} {'CLS':>6} {'longest ms':>10} {'TBT ms':>7} {'DOM':>7} {'screens':>8} {'gzip':>8}")
        for kind, v in r["pages"].items():
            lines.append(f"{kind:<22} {v['cls']:>6.3f} {v['longest_task_ms']:>10} {v['blocking_ms']:>7} "
                         f"{v['dom_elements']:>7} {v['screens']:>8} {_kb(v['gzip_bytes']):>8}")
    return "\n".join(lines)


def git_commit() -> str | None:
    run = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return run.stdout.strip() or None


def main(argv=None) -> int:
    global QUIET_S
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, nargs="+", default=[211, 1000], help="sizes to build (211 1000)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--as-of", default="2017-06-30", help="AS_OF for the builds (2017-06-30)")
    parser.add_argument("--seed", type=int, default=2013, help="synthetic data seed (2013)")
    parser.add_argument("--work", type=Path, help="keep plans and sites in this folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    parser.add_argument("--skip-pages", action="store_true", help="first visits and searches only (no page figures)")
    parser.add_argument("--quiet", type=float, default=QUIET_S,
                        help=f"seconds without a request after which the network counts as settled ({QUIET_S})")
    args = parser.parse_args(argv)
    QUIET_S = args.quiet

    phone = Phone()
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="reader-") as tmp:
            work = args.work or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            if args.site:
                if not (args.site / "index.html").is_file():
                    print(f"{args.site}: not a built site (no index.html)", file=sys.stderr)
                    return 1
                results.append(measure(args.site, phone, skip_pages=args.skip_pages))
            else:
                for orgs in args.orgs:
                    results.append(measure(build(orgs, work, args.as_of, args.seed), phone, orgs, args.skip_pages))
    finally:
        phone.close()
    report = {"commit": git_commit(), "as_of": args.as_of, "cpu_slowdown": CPU_SLOWDOWN, "viewport": PHONE["viewport"],
              "results": results}
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(table(results), file=sys.stderr)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
