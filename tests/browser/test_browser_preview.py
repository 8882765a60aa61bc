"""Issue 12: the reviewers' preview (scripts/build --preview), opened from its files with every
network request blocked: it opens on "Changes in this preview", which links to the changed
pages, and every page, the navigation and the search work."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gitrepo import git

from .browserkit import ROOT, SCREENSHOTS, VIEWS, format_violations, run_axe


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    """The real plans committed in a new repository, one action of Barnet's edited and one
    owner added, built with `scripts/build --preview` compared with that commit."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "plans", repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "plans")
    git(repo, "commit", "-qm", "base")
    plan = repo / "plans" / "barnet.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "refreshing the Quality Strategy" in text
    plan.write_text(text.replace("refreshing the Quality Strategy", "refreshing and publishing the Quality "
                                 "Strategy"), encoding="utf-8")
    out = tmp_path_factory.mktemp("preview")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "OFFLINE", "BOARD_PACKS")}
    env.update(PLANS_DIR=str(repo / "plans"), CHANGES_BASE="HEAD", NO_MKDOCS_2_WARNING="1")
    build = subprocess.run([str(ROOT / "scripts" / "build"), "--preview", str(out)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    return out


@pytest.fixture
def offline(browser):
    """A tab in which every request that is not for a file:// address is aborted and recorded."""
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    def open_tab(view: str = "desktop", scheme: str = "light"):
        context = browser.new_context(service_workers="block", color_scheme=scheme, **VIEWS[view])
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        contexts.append(context)
        return page

    contexts: list = []
    yield open_tab, outside, errors
    for context in contexts:
        context.close()


def test_preview_opens_on_its_changes_with_links_to_the_changed_pages(preview, offline):
    open_tab, outside, errors = offline
    for view, scheme in (("phone", "dark"), ("desktop", "light")):
        page = open_tab(view, scheme)
        page.goto((preview / "index.html").as_uri())
        assert page.get_by_role("heading", level=1).inner_text() == "Changes in this preview"
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"preview-changes-{view}-{scheme}.png"), full_page=True)
        assert outside == [] and errors == []
        violations = run_axe(page)
        assert violations == [], format_violations(violations)
        page.wait_for_timeout(500)
        errors.clear()  # axe-core itself reads the stylesheets, which a file:// page may not
    main = page.get_by_role("main")
    assert main.get_by_role("heading", level=2).all_inner_texts() == ["Barnet CCG"]
    assert "refreshing [added: and publishing] the Quality Strategy" in re.sub(r"\s+", " ", main.inner_text())
    assert "Look twice" in main.inner_text()
    link = main.get_by_role("link", name=re.compile(r'^action 1 "Patients must always come first'))
    link.click()
    page.wait_for_url("**/organisations/barnet/index.html#action-1")
    assert page.locator("#action-1").is_visible()
    assert outside == [] and errors == []


def test_every_page_opens_and_asks_no_other_server(preview, offline):
    open_tab, outside, errors = offline
    page = open_tab()
    pages = sorted(p for p in preview.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 20
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.get_by_role("heading", level=1).count() >= 1, path
    assert outside == [] and errors == []


def test_navigation_and_search_work_from_the_files(preview, offline):
    open_tab, outside, errors = offline
    page = open_tab()
    page.goto((preview / "index.html").as_uri())
    nav = page.get_by_role("navigation", name="Navigation")
    nav.get_by_role("link", name="Home", exact=True).first.click()
    page.wait_for_url("**/home.html")
    assert page.get_by_role("heading", level=1).inner_text() == "Francis Report responses"
    nav.get_by_role("link", name="Organisations").first.click()
    page.wait_for_url("**/organisations/index.html")
    page.locator("body").press("s")
    page.keyboard.type("Barnet", delay=15)
    page.locator(".md-search-result__meta").filter(has_text=re.compile("matching document")).wait_for(timeout=10_000)
    first = page.locator(".md-search-result__item > .md-search-result__link").first
    assert first.locator("article > h1").inner_text().strip() == "Barnet CCG"
    first.click()
    page.wait_for_url("**/organisations/barnet/index.html*")
    assert page.get_by_role("heading", level=1).inner_text() == "Barnet CCG"
    assert outside == [] and errors == []


def test_the_side_by_side_comparison_works_from_the_files(preview, offline):
    """Browsers refuse to fetch data from file://: the preview carries the comparison data as
    scripts, so choosing organisations works there as on the published site."""
    open_tab, outside, errors = offline
    page = open_tab()
    page.goto((preview / "compare" / "index.html").as_uri() + "?orgs=barnet,lewisham")
    board = page.locator("#side-by-side")
    board.get_by_text("Comparing Barnet CCG, NHS Lewisham CCG").wait_for(timeout=10_000)
    assert board.get_by_role("heading", name="Recommendation 2").count() >= 1
    assert "Agree how we publish and when we publish our response to Francis" in board.inner_text()
    assert outside == [] and errors == []
