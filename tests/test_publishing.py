"""The published site: it works under a sub-path (as a GitHub project site does), "Edit this
page" opens the organisation's YAML file, each organisation page says when its plan last
changed, the reviewers' preview opens from its files, and the editors' guide quotes the
checker's real messages."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gitrepo import git  # noqa: E402
from macros.plans import load  # noqa: E402

BUILD = ROOT / "scripts" / "build"
PREFIX = "/francis-responses/"
REPO_URL = "https://git.example.org/test-owner/test-repo"
DEFAULT_REPO = "nhs-francis-responses/francis-responses"  # mkdocs.yml's fallback
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DATA = ["data/actions.csv", "data/plans.json", "data/recommendations.csv", "data/updates.csv", "updates.xml"]


def organisations():
    site, problems = load.check()
    assert site is not None, [p.format() for p in problems]
    return site.organisations


def scripts_build(out: Path, *args: str, env: dict | None = None) -> None:
    full = {**os.environ, **(env or {})}
    for name in ("SITE_URL", "REPO_URL", "PLANS_DIR", "OFFLINE", "BOARD_PACKS"):
        if env is None or name not in env:
            full.pop(name, None)
    result = subprocess.run([str(BUILD), *args, str(out)], cwd=ROOT, env=full, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"scripts/build failed:\n{result.stdout}\n{result.stderr}"


class _Page(HTMLParser):
    """Links, asset references, element ids and the edit link of one HTML page."""

    REFS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.edit: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        ref = attrs.get(self.REFS.get(tag, ""))
        if ref is not None:
            self.refs.append(ref)
        if tag == "a" and attrs.get("title") == "Edit this page":
            self.edit.append(attrs.get("href", ""))
        self._in_config = tag == "script" and attrs.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag):
        self._in_config = False


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, as GitHub Pages serves a project site."""

    def translate_path(self, path):
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + clean[len(PREFIX):])

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """(site folder, base URL): the site built with scripts/build for http://127.0.0.1:<port>/francis-responses/
    and served there, with REPO_URL pointing at another repository."""
    out = tmp_path_factory.mktemp("subpath-site")
    holder = {}
    handler = functools.partial(_SubPathHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    holder["base"] = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    scripts_build(out, env={"SITE_URL": holder["base"], "REPO_URL": REPO_URL})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, holder["base"]
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(base: str, seeds: list[str]) -> tuple[dict, list[str]]:
    """Follow every internal link and asset from ``seeds``; return {url: page} and the failures."""
    origin = urlsplit(base)[:2]
    pages: dict[str, _Page] = {}
    status: dict[str, int] = {}
    fragments: list[tuple[str, str, str]] = []  # (from page, target url, fragment)
    failures: list[str] = []
    queue = deque((seed, "(start)") for seed in seeds)
    while queue:
        url, source = queue.popleft()
        if url in status:
            continue
        code, ctype, body = fetch(url)
        status[url] = code
        if code != 200:
            failures.append(f"{url} (linked from {source}): HTTP {code}")
            continue
        found: list[str] = []
        if ctype == "text/html":
            page = parse(body.decode("utf-8"))
            pages[url] = page
            found = page.refs
            if page.config:  # the search fetches its index (material's in the preview, Pagefind's otherwise)
                config = json.loads(page.config)
                base = config["base"].rstrip("/")
                if b"data-fr-search" in body:  # overrides/partials/fr-search.html
                    found = found + [f"{base}/pagefind/{name}" for name in
                                     ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind")]
                else:
                    found = found + [base + "/search/search_index.json", config["search"]]
        elif ctype == "text/css":
            found = [u.strip("'\"") for u in re.findall(r"url\(([^)]+)\)", body.decode("utf-8", "replace"))]
        for ref in found:
            if not ref or ref.startswith(("data:", "mailto:", "javascript:")):
                continue
            target, fragment = urldefrag(urljoin(url, ref))
            if urlsplit(target)[:2] != origin:
                continue
            if fragment and ctype == "text/html":
                fragments.append((url, target, fragment))
            queue.append((target, url))
    for source, target, fragment in fragments:
        if target in pages and fragment not in pages[target].ids:
            failures.append(f"{target}#{fragment} (linked from {source}): no element with that id")
    return pages, failures


def test_site_works_under_a_sub_path(subpath_site, monkeypatch):
    out, base = subpath_site
    requested = []
    monkeypatch.setattr(sys.modules[__name__], "fetch", lambda url, get=fetch: requested.append(url) or get(url))
    pages, failures = crawl(base, [base, base + "404.html"])
    monkeypatch.undo()
    assert failures == []
    # The crawl is bounded by the site, counted rather than timed: each address was asked for
    # once, each serves a file of the site, and there are no more addresses than twice the files
    # (the comparison page is also linked with pairs of organisations chosen, ?orgs=a,b), so no
    # page links to addresses that grow on every page (a path or query string added each time).
    served = Counter(_served_file(out, base, url) for url in requested)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(requested) == len(set(requested)) and None not in served
    assert len(requested) <= 2 * len(files), served.most_common(3)
    visited = set(pages)
    for org in organisations():
        assert f"{base}organisations/{org.id}/" in visited, org.id
    for path in ("organisations/", "workstreams/", "recommendations/", "compare/", "reporting/", "downloads/", "updating/"):
        assert base + path in visited, path
    # Every page that was built was reached by following links from the home page.
    built = {base + ("" if p.parent == out else p.parent.relative_to(out).as_posix() + "/")
             for p in out.rglob("index.html")}
    assert built - visited == set()
    # The data downloads were requested too, and are the real files.
    for path in DATA:
        code, _, body = fetch(base + path)
        assert code == 200 and body == (out / path).read_bytes()
    # Nothing outside the sub-path is served: a root-relative link would have failed above.
    assert fetch(base.replace(PREFIX, "/") + "index.html")[0] == 404


def _served_file(out: Path, base: str, url: str) -> Path | None:
    """The file of the built site that ``url`` (under ``base``) serves, or None if none does."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(urlsplit(base).path):
        return None
    file = out / path[len(urlsplit(base).path):]
    file = file / "index.html" if path.endswith("/") or file.is_dir() else file
    return file.resolve() if file.is_file() else None


def edit_links(out: Path) -> dict[str, list[str]]:
    return {str(p.relative_to(out).parent).replace("\\", "/"): parse(p.read_text(encoding="utf-8")).edit
            for p in out.rglob("index.html")}


def test_feed_links_are_under_the_site_address(subpath_site):
    out, base = subpath_site
    feed = (out / "updates.xml").read_text(encoding="utf-8")
    assert f'<link href="{base}updates.xml" rel="self" type="application/atom+xml"/>' in feed
    assert f'href="{base}reporting/"' in feed
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Progress updates (Atom feed)" href="updates.xml">' in home


def test_edit_this_page_opens_the_organisations_yaml(subpath_site):
    out, _ = subpath_site
    links = edit_links(out)
    orgs = organisations()
    for org in orgs:
        plan = Path(org.source).name
        assert links[f"organisations/{org.id}"] == [f"{REPO_URL}/edit/main/plans/{plan}"], org.id
        assert (ROOT / "plans" / plan).is_file()
    org_pages = {f"organisations/{org.id}" for org in orgs}
    for page, edit in links.items():
        if page in org_pages:
            continue
        generated = page.split("/")[0] in ("organisations", "workstreams", "recommendations", "compare")
        if generated:
            assert edit == [], f"{page} is generated from the plans: it has nothing to edit"
        else:
            for url in edit:  # a hand-written page may link to its own Markdown file
                assert url.startswith(f"{REPO_URL}/edit/main/docs/"), (page, url)
                assert (ROOT / "docs" / url.split("/edit/main/docs/", 1)[1]).is_file(), (page, url)
    assert links["updating"] == [f"{REPO_URL}/edit/main/docs/updating.md"]


def test_repository_url_is_configured_in_one_place(subpath_site):
    """With REPO_URL set, no page still points at the default repository."""
    out, _ = subpath_site
    stale = [str(p.relative_to(out)) for p in out.rglob("*.html") if DEFAULT_REPO in p.read_text(encoding="utf-8")]
    assert stale == []


# "Plan last changed": from git history, or the file's modification time outside git.


def last_changed(out: Path, org_id: str) -> str:
    html = (out / "organisations" / org_id / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<dd class="fr-last-changed">(.*?)</dd>', html, re.S)
    assert match, f"{org_id}: no 'Plan last changed'"
    return match.group(1).strip()


def noon(year: int, month: int, day: int) -> float:
    return time.mktime((year, month, day, 12, 0, 0, 0, 0, -1))


def test_last_changed_comes_from_git_history(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", repo / "plans")
    git(repo, "init", "-q")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "plans", date="2021-03-04T10:00:00+00:00")
    edited = repo / "plans" / "barnet.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Barnet reviewed", date="2022-07-15T09:30:00+00:00")
    uncommitted = repo / "plans" / "lewisham.yaml"
    uncommitted.write_text(uncommitted.read_text(encoding="utf-8") + "# being edited\n", encoding="utf-8")
    os.utime(uncommitted, (noon(2023, 1, 2), noon(2023, 1, 2)))
    out = tmp_path / "site"
    scripts_build(out, env={"PLANS_DIR": str(repo / "plans")})
    assert last_changed(out, "barnet") == '<time datetime="2022-07-15">15 July 2022</time>'
    assert last_changed(out, "tower-hamlets") == '<time datetime="2021-03-04">4 March 2021</time>'
    # An edit not yet committed (a preview of work in progress) shows the file's own date.
    assert last_changed(out, "lewisham") == '<time datetime="2023-01-02">2 January 2023</time>'


def test_last_changed_outside_git_is_the_files_date(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    for i, plan in enumerate(sorted(plans.glob("*.yaml"))):
        stamp = noon(2019, 5, 1 + i)
        os.utime(plan, (stamp, stamp))
    out = tmp_path / "site"
    scripts_build(out, env={"PLANS_DIR": str(plans), "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    for org in organisations():
        day = sorted(p.name for p in plans.glob("*.yaml")).index(Path(org.source).name) + 1
        assert last_changed(out, org.id) == f'<time datetime="2019-05-{day:02d}">{day} May 2019</time>', org.id


# The preview reviewers download: it opens from its files, with no web server.

@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview")
    scripts_build(out, "--preview")
    return out


def test_preview_links_resolve_to_files(preview):
    broken = []
    for page in preview.rglob("*.html"):
        if page.name == "404.html":  # only ever shown by a web server
            continue
        for ref in parse(page.read_text(encoding="utf-8")).refs:
            path = urldefrag(ref)[0].split("?")[0]
            if not path or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path):
                continue
            target = (page.parent / path).resolve()
            if path.startswith("/") or not target.is_file():
                broken.append(f"{page.relative_to(preview)}: {ref}")
    assert broken == []
    assert (preview / "search" / "search_index.js").is_file()
    for org in organisations():
        assert (preview / "organisations" / org.id / "index.html").is_file()


def test_preview_opens_in_a_browser_from_its_files(preview):
    from playwright.sync_api import sync_playwright
    org = organisations()[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto((preview / "index.html").as_uri())
            page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Organisations").first.click()
            page.wait_for_url("**/organisations/index.html")
            page.get_by_role("main").get_by_role("link", name=org.name, exact=True).first.click()
            page.wait_for_url(f"**/organisations/{org.id}/index.html")
            assert page.get_by_role("heading", level=1).inner_text() == org.name
        finally:
            browser.close()


def test_preview_search_shim_is_the_pinned_package_served_from_the_files(preview, built_site):
    """Material's file:// search shim (npm iframe-worker, pinned) is a committed copy with its
    licence; the preview's pages load it from their own files and name no other server."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["iframe-worker"] == "1.0.4"
    assert lock["packages"]["node_modules/iframe-worker"]["version"] == "1.0.4"
    committed = ROOT / "overrides" / "assets" / "javascripts" / "iframe-worker"
    shim = (committed / "shim.js").read_bytes()
    assert b"location.protocol===\"file:\"&&(window.Worker=" in shim
    assert "MIT" in (committed / "LICENSE").read_text(encoding="utf-8") or \
        "Permission is hereby granted" in (committed / "LICENSE").read_text(encoding="utf-8")
    installed = ROOT / "node_modules" / "iframe-worker"
    if (installed / "package.json").is_file():  # after `npm ci`: the committed copy is the package's
        assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == "1.0.4"
        assert (installed / "shim" / "index.js").read_bytes() == shim
    assert (preview / "assets" / "javascripts" / "iframe-worker" / "shim.js").read_bytes() == shim
    for page in preview.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "unpkg" not in html, page
        assert not re.search(r'<script[^>]+src="(https?:)?//', html), page
        if page.name != "404.html":
            depth = len(page.relative_to(preview).parts) - 1
            assert f'src="{"../" * depth}assets/javascripts/iframe-worker/shim.js"' in html, page
    assert "iframe-worker" not in (built_site / "index.html").read_text(encoding="utf-8")  # preview only


def test_every_preview_page_says_what_date_its_statuses_are_judged_against(preview, built_site):
    """Issue 25: the preview judges statuses as of the newest update in the change (here none:
    today), and says so at the top of every page; the published site does not."""
    for page in ("index.html", "home.html", "organisations/barnet/index.html", "reporting/index.html"):
        html = (preview / page).read_text(encoding="utf-8")
        assert '<div class="admonition info fr-preview-date"><p>Preview: statuses are judged as of ' in html, page
        assert "fr-preview-date" not in (built_site / page.replace("home.html", "index.html")).read_text(encoding="utf-8")


def test_preview_opens_on_its_changes_and_keeps_the_home_page(preview):
    index = (preview / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="changes">Changes in this preview</h1>' in index
    assert 'href="home.html"' in index
    assert "Francis Report responses</h1>" in (preview / "home.html").read_text(encoding="utf-8")


# The editors' guide quotes the checker's real messages.

GUIDE = ROOT / "docs" / "updating.md"
# (old text, new text) in plans/barnet.yaml, or a new name for the file: the mistakes the guide shows.
GUIDE_EXAMPLES = [
    ("    workstream: engagement\n", "    workstream: engagment\n"),
    ('    due: "2013-06"\n', '    due: "2013-06-31"\n'),
    ('    owner: "Quality and Clinical Risk Committee"\n', '    ownr: "Quality and Clinical Risk Committee"\n'),
    ('    owner: "Quality and Clinical Risk Committee"\n', "    owner: Quality: Clinical Risk Committee\n"),
    ('name: "Barnet CCG"\n', 'name: "Barnet CCG\n'),
    ('    owner: "Quality and Clinical Risk Committee"\n', '   owner: "Quality and Clinical Risk Committee"\n'),
    "barnet.yml",
]
# Mistakes YAML reads without complaint, so the check warns (the guide quotes the warning).
GUIDE_WARNING_EXAMPLES = [
    ('    owner: "Quality and Clinical Risk Committee"\n', '      owner: "Quality and Clinical Risk Committee"\n'),
]
MESSAGE = re.compile(r"^(plans/[\w.-]+):\d+:\d+: (error|warning): (.*)$")


def check_messages(tmp_path: Path, example, level: str = "error") -> list[str]:
    work = tmp_path / "work"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(ROOT / "plans", work / "plans")
    plan = work / "plans" / "barnet.yaml"
    if isinstance(example, str):
        plan.rename(plan.with_name(example))
    else:
        old, new = example
        text = plan.read_text(encoding="utf-8")
        assert old in text, f"plans/barnet.yaml no longer has {old!r}: update the guide's examples"
        plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANS_DIR": "plans"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == (1 if level == "error" else 0), result.stdout
    return [line for line in result.stdout.splitlines()
            if f": {level}: " in line and line.startswith("plans/barnet.y")]


def normalise(line: str) -> str:
    """A message without its line and column (they move when the example plan is edited)."""
    match = MESSAGE.match(line.strip().removeprefix(">").strip().strip("`"))
    return f"{match.group(1)}: {match.group(2)}: {match.group(3)}" if match else ""


def test_guide_quotes_the_checkers_real_messages(tmp_path):
    quoted = {normalise(line) for line in GUIDE.read_text(encoding="utf-8").splitlines()} - {""}
    produced = set()
    for example in GUIDE_EXAMPLES:
        errors = check_messages(tmp_path, example)
        assert len(errors) == 1, (example, errors)
        produced.add(normalise(errors[0]))
    for example in GUIDE_WARNING_EXAMPLES:
        warnings = check_messages(tmp_path, example, "warning")
        assert len(warnings) == 1, (example, warnings)
        produced.add(normalise(warnings[0]))
    assert produced - quoted == set(), "the guide does not show what the checker now says"
    assert quoted - produced == set(), "the guide shows messages the checker no longer prints"


def test_readme_links_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/updating.md)" in readme
    text = GUIDE.read_text(encoding="utf-8")
    levels = [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, re.M)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), "headings skip a level"
