"""Issue 10 in a real browser, on synthetic plans with years of updates (built with AS_OF):
the home page's progress, an organisation page's status summary, a progress report and the
reporting register pass axe-core (light and dark, desktop and 375 px) and do not scroll
sideways at 375 px; the register sorts by any column with the mouse and the keyboard, and
says how it is sorted (aria-sort)."""
from __future__ import annotations


import pytest

from sitebuild import built_synthetic_site

from .browserkit import SCHEMES, VIEWS, Tab, format_violations, run_axe, serve
from .test_browser_pages import OVERFLOW_CHECK


AS_OF = "2016-06-30"


@pytest.fixture(scope="module")
def progress_site(tmp_path_factory):
    _, out = built_synthetic_site(tmp_path_factory.mktemp("browser-progress"), 8, seed=11, as_of=AS_OF)
    busiest = max((p for p in (out / "organisations").iterdir() if (p / "progress").is_dir()),
                  key=lambda p: (p / "progress" / "index.html").stat().st_size)
    return out, {"home": "", "organisation": f"organisations/{busiest.name}/",
                 "progress": f"organisations/{busiest.name}/progress/", "reporting": "reporting/"}


@pytest.fixture(scope="module")
def progress_tabs(browser, progress_site):
    out, _ = progress_site
    cache = {}
    with serve(out) as base:

        def get(view="desktop", scheme="light"):
            if (view, scheme) not in cache:
                context = browser.new_context(color_scheme=scheme, service_workers="block", **VIEWS[view])
                tab = Tab(context.new_page(), base, view, scheme)
                tab.attach()
                cache[view, scheme] = tab
            tab = cache[view, scheme]
            tab.reset()
            return tab

        yield get
        for tab in cache.values():
            tab.page.context.close()


PAGES = ["home", "organisation", "progress", "reporting"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("view", ["desktop", "phone"])
@pytest.mark.parametrize("ptype", PAGES)
def test_progress_pages_axe(progress_tabs, progress_site, ptype, view, scheme):
    _, paths = progress_site
    tab = progress_tabs(view, scheme)
    page = tab.open(paths[ptype])
    violations = run_axe(page)
    tab.screenshot(f"progress-{ptype}")
    assert not violations, f"/{paths[ptype]} ({view}, {scheme}):\n{format_violations(violations)}"
    assert not tab.problems(), tab.problems()


@pytest.mark.parametrize("ptype", PAGES)
def test_progress_pages_fit_a_phone(progress_tabs, progress_site, ptype):
    _, paths = progress_site
    page = progress_tabs("phone", "light").open(paths[ptype])
    problems = page.evaluate(OVERFLOW_CHECK)
    assert not problems, f"/{paths[ptype]} at 375px:\n" + "\n".join(problems[:20])


ROWS = """(col) => [...document.querySelectorAll('table.fr-register tbody tr')].map(
    tr => tr.children[col].getAttribute('data-sort') ?? tr.children[col].textContent.trim())"""
SORT = """() => [...document.querySelectorAll('table.fr-register thead th')].map(th => th.getAttribute('aria-sort'))"""


def test_register_sorts_by_any_column(progress_tabs, progress_site):
    _, paths = progress_site
    page = progress_tabs("desktop", "light").open(paths["reporting"])
    names = page.evaluate(ROWS, 0)
    assert names == sorted(names, key=str.lower)  # without a click: by name
    assert page.evaluate(SORT)[0] == "ascending"
    months = page.locator("table.fr-register thead th").nth(3).locator("button")
    months.click()
    got = [float(v) for v in page.evaluate(ROWS, 3)]
    assert got == sorted(got) and page.evaluate(SORT)[3] == "ascending" and page.evaluate(SORT)[0] is None
    months.click()
    got = [float(v) for v in page.evaluate(ROWS, 3)]
    assert got == sorted(got, reverse=True) and page.evaluate(SORT)[3] == "descending"
    assert "(sorted by Months since (since the plan where none), descending)" in page.locator("table.fr-register caption").inner_text()
    # the keyboard: the heading's button takes focus and Enter sorts
    button = page.locator("table.fr-register thead th").nth(2).locator("button")
    button.focus()
    page.keyboard.press("Enter")
    dates = page.evaluate(ROWS, 2)
    assert dates == sorted(dates) and page.evaluate(SORT)[2] == "ascending"
