"""Issue 21 in a real browser: pages that answer first, tables that fit, fewer empty words.

- An organisation page with 30-40 actions is at most 15 phone screens with every action folded;
  any action opens two taps from the top (its work stream in the contents, then its line); the
  lines open and close by keyboard; the status and work-stream filters, by keyboard, show only
  what matches and say how many; a link to an action opens it.
- The reporting register shows its first group of rows, more on request, and finds a name in
  every group; the organisations list filters by name.
- No data table is cut off at 1280 px; no page shifts by more than 0.1 as it loads.
No timings: these are behaviours, measured by benchmarks/ where speed matters.
"""
from __future__ import annotations

import re

import pytest

from sitebuild import built_synthetic_site

from .browserkit import PAGE_TYPES, SITE, VIEWS, Tab, serve
from .test_browser_pages import OVERFLOW_CHECK

AS_OF = "2017-06-30"
LAYOUT_SHIFT = """() => new Promise(done => { let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 400); })"""
CUT_TABLES = """() => [...document.querySelectorAll('article table')].filter(t => {
  const box = (t.closest('.fr-scroll') || t.parentElement).getBoundingClientRect();
  return t.getBoundingClientRect().right > box.right + 1 || box.right > document.documentElement.clientWidth + 1;
}).map(t => (t.querySelector('caption') || {}).textContent || t.className)"""
SHOWN_LINES = "() => [...document.querySelectorAll('#actions .fr-line')].filter(l => l.offsetParent !== null).length"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """12 synthetic organisations with years of updates (one has 36 actions), served."""
    plans, out = built_synthetic_site(tmp_path_factory.mktemp("answer-first"), 12, seed=11, as_of=AS_OF)
    from macros.plans import load
    site, problems = load.check(plans, as_of=AS_OF)
    assert site is not None, problems
    with serve(out) as url:
        yield site, out, url


@pytest.fixture(scope="module")
def synthetic_tab(browser, synthetic):
    tabs = {}

    def get(view="phone"):
        if view not in tabs:
            context = browser.new_context(service_workers="block", **VIEWS[view])
            tabs[view] = Tab(context.new_page(), synthetic[2], view, "light")
            tabs[view].attach()
        tabs[view].reset()
        return tabs[view]

    yield get
    for tab in tabs.values():
        tab.page.context.close()


def biggest(site):
    return max(site.organisations, key=lambda o: len(o.all_actions))


def test_organisation_with_30_to_40_actions_is_at_most_15_phone_screens(synthetic, synthetic_tab):
    site = synthetic[0]
    org = biggest(site)
    assert 30 <= len(org.all_actions) <= 40
    tab = synthetic_tab("phone")
    page = tab.open(f"organisations/{org.id}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 15 * VIEWS["phone"]["viewport"]["height"], f"{height / 740:.1f} screens"
    assert page.locator("details.fr-fold[open]").count() == 0
    assert page.locator("details.fr-fold").count() == len(org.all_actions)
    # at a glance, before the actions: how many, complete, overdue, delayed, when it last reported
    glance = page.locator("#summary").inner_text()
    assert f"{len(org.all_actions)} actions" in glance and "Complete" in glance and "Overdue" in glance
    assert "delayed" in glance and ("Last progress update" in glance or "No progress update" in glance)
    assert page.evaluate(OVERFLOW_CHECK) == [] and page.evaluate("document.documentElement.scrollWidth") <= 375
    assert tab.problems() == []


def test_any_action_two_taps_from_the_top(synthetic, synthetic_tab):
    site = synthetic[0]
    org = biggest(site)
    tab = synthetic_tab("phone")
    page = tab.open(f"organisations/{org.id}/")
    last = org.all_actions[-1]
    anchor = ("joint-" if last.joint else "action-") + last.id
    ws = site.workstream(last.workstream)
    contents = page.locator("nav.fr-contents")
    assert contents.is_visible()  # the page's own contents: the theme's never shows on a phone
    contents.get_by_role("link", name=f"{ws.number}. {ws.name}", exact=True).tap()  # tap 1
    page.locator(f"#{anchor} > summary").tap()  # tap 2
    card = page.locator(f"#{anchor} .fr-action")
    assert card.is_visible() and page.locator(f"#{anchor}").get_attribute("open") is not None


def test_lines_open_and_close_by_keyboard_and_filters_work_by_keyboard(synthetic, synthetic_tab):
    site = synthetic[0]
    org = biggest(site)
    tab = synthetic_tab("phone")
    page = tab.open(f"organisations/{org.id}/")
    first = page.locator("details.fr-fold").first
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is not None and first.locator(".fr-action").is_visible()
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is None
    page.keyboard.press("Space")
    assert first.get_attribute("open") is not None
    page.keyboard.press("Space")
    # the work-stream filter, by keyboard: only that stream's lines show, and the count says so
    total = len(org.all_actions)
    counts = {w.key: sum(a.workstream == w.key for a in org.all_actions) for w in site.workstreams}
    page.locator("#fr-af-ws").focus()
    page.keyboard.press("ArrowDown")  # the first work stream
    first_ws = site.workstreams[0]
    assert page.locator("#fr-af-ws").input_value() == first_ws.key
    assert page.evaluate(SHOWN_LINES) == counts[first_ws.key]
    assert page.locator("#fr-af-count").inner_text() == f"{counts[first_ws.key]} action{'s' if counts[first_ws.key] != 1 else ''} of {total} match the filters."
    for w in site.workstreams[1:]:
        assert page.locator(f"#ws-{w.key}").is_hidden()
    # and the status filter, with every stream again: each status shows exactly its actions
    page.locator("#fr-af-ws").select_option("")
    from macros import progress
    views = {a.id: progress.of(a, AS_OF) for a in org.all_actions}
    for key in [s.key for s in site.statuses] + ["none", "overdue"]:
        page.locator("#fr-af-status").select_option(key)
        want = sum((p.overdue if key == "overdue" else (p.status or "none") == key) for p in views.values())
        assert page.evaluate(SHOWN_LINES) == want, key
        lines = page.locator("#actions .fr-line:visible")
        for i in range(min(lines.count(), 3)):
            line = lines.nth(i)
            assert key == "overdue" and line.get_attribute("data-overdue") is not None or line.get_attribute("data-status") == key
    page.locator("#fr-action-filters button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('fr-af-count').textContent.startsWith('All')")
    assert page.evaluate(SHOWN_LINES) == total
    assert tab.problems() == []


def test_a_link_to_an_action_opens_it(synthetic, synthetic_tab):
    org = biggest(synthetic[0])
    action = org.actions[len(org.actions) // 2]
    tab = synthetic_tab("desktop")
    page = tab.open(f"organisations/{org.id}/#action-{action.id}")
    fold = page.locator(f"#action-{action.id}")
    assert fold.get_attribute("open") is not None
    assert page.evaluate(f"() => {{ const r = document.getElementById('action-{action.id}').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }}")
    # the filters never hide the action asked for
    own = page.locator(f"li.fr-line:has(#action-{action.id})").get_attribute("data-status")
    page.locator("#fr-af-status").select_option("complete" if own != "complete" else "not-started")
    assert page.locator(f"#action-{action.id}").is_hidden()
    page.evaluate(f"() => {{ location.hash = 'top'; location.hash = 'action-{action.id}'; }}")
    page.wait_for_function(f"() => document.getElementById('action-{action.id}').offsetParent !== null")
    assert page.locator(f"#action-{action.id}").get_attribute("open") is not None


def test_without_javascript_every_line_opens_and_no_filter_shows(browser, synthetic):
    site, _, url = synthetic
    org = biggest(site)
    context = browser.new_context(java_script_enabled=False, **VIEWS["phone"])
    try:
        page = context.new_page()
        page.goto(url + f"organisations/{org.id}/")
        assert page.locator("#fr-action-filters").is_hidden()
        fold = page.locator("details.fr-fold").last
        fold.locator("summary").click()
        assert fold.locator(".fr-action").is_visible()
        page.goto(url + "reporting/")
        assert page.locator("table.fr-register tbody tr:visible").count() == len(site.organisations)
        assert page.locator("#fr-register-filter").is_hidden()
    finally:
        context.close()


def test_register_shows_a_group_of_rows_then_more_and_finds_a_name(synthetic, synthetic_tab, monkeypatch):
    """The register's groups with a group size of 5 (100 on the site): the real template, script
    and stylesheet, served from the built site."""
    site, out, _ = synthetic
    from macros import render
    from macros.views import progress_views
    monkeypatch.setattr(progress_views, "REGISTER_CHUNK", 5)
    body = render.render("reporting.html", base="../", page_url="", **progress_views.reporting_page(site))
    built = (out / "reporting" / "index.html").read_text(encoding="utf-8")
    start, end = built.index('<article class="md-content__inner md-typeset">'), built.index("</article>")
    (out / "paged-register").mkdir(exist_ok=True)
    (out / "paged-register" / "index.html").write_text(
        built[:start] + '<article class="md-content__inner md-typeset">' + body + built[end:], encoding="utf-8")
    tab = synthetic_tab("desktop")
    page = tab.open("paged-register/")
    rows = "table.fr-register tbody tr"
    names = sorted((o.name for o in site.organisations), key=str.lower)
    assert page.locator(f"{rows}:visible").count() == 5
    assert page.locator("#fr-register-count").inner_text() == f"Showing 5 of {len(names)} organisations."
    page.locator("#fr-register-more").focus()
    page.keyboard.press("Enter")
    assert page.locator(f"{rows}:visible").count() == 10
    # a name from the last group is found while only the first groups show
    last = site.organisations[-1].name
    page.locator("#fr-rf-name").fill(last)
    visible = page.locator(f"{rows}:visible th").all_inner_texts()
    assert last in visible and all(last.lower() in v.lower() for v in visible)
    page.locator("#fr-rf-name").fill("")
    # sorting sorts every row, across the groups, and the groups keep their sizes
    page.locator("table.fr-register thead th").first.locator("button").click()  # by name, descending
    page.locator("#fr-register-all").click()
    shown = page.locator(f"{rows}:visible th").all_inner_texts()
    assert shown == names[::-1]
    assert page.locator("#fr-register-more").is_hidden() and page.locator("#fr-register-all").is_hidden()
    assert tab.problems() == []


def test_organisations_list_filters_by_name(tabs):
    tab = tabs("phone", "light")
    page = tab.open(PAGE_TYPES["organisations"])
    box = page.get_by_label("Organisation name contains")
    box.focus()
    page.keyboard.type("leic")
    want = [o.name for o in SITE.organisations if "leic" in o.name.lower()]
    assert page.locator("ul.fr-org-list > li:visible a").all_inner_texts() == want
    assert page.locator("#fr-of-count").inner_text() == f"{len(want)} organisations of {len(SITE.organisations)} match."
    box.fill("")
    assert page.locator("ul.fr-org-list > li:visible").count() == len(SITE.organisations)


@pytest.mark.parametrize("ptype", ["home", "organisation", "organisation-joint", "reporting", "compare", "progress"])
def test_no_data_table_is_cut_off_at_1280(tabs, ptype):
    page = tabs("desktop", "light").open(PAGE_TYPES[ptype])
    assert page.evaluate(CUT_TABLES) == []


def test_no_data_table_is_cut_off_at_1280_on_a_synthetic_site(synthetic, synthetic_tab):
    org = biggest(synthetic[0])
    tab = synthetic_tab("desktop")
    for path in ("reporting/", f"organisations/{org.id}/", "compare/"):
        page = tab.open(path)
        assert page.evaluate(CUT_TABLES) == [], path


@pytest.mark.parametrize("view", ["desktop", "phone"])
@pytest.mark.parametrize("ptype", [t for t in PAGE_TYPES if t != "not-found"])
def test_no_layout_shift_above_a_tenth(tabs, ptype, view):
    page = tabs(view, "light").open(PAGE_TYPES[ptype])
    assert page.evaluate(LAYOUT_SHIFT) <= 0.1


def test_recommendation_page_wording_and_linked_names(tabs):
    # the busiest recommendation may be addressed by every organisation that numbers them: take
    # one some organisation did not address, so the list of them is on the page
    from macros.views import views
    responses = views.responses_by_recommendation(SITE)
    numbering = {o.id for o in SITE.organisations if any(a.recommendations for a in o.all_actions)}
    some_missing = next(n for n in sorted(responses, key=lambda n: -len(responses[n]))
                        if 0 < len({o.id for o, *_ in responses[n]} & numbering) < len(numbering))
    page = tabs("desktop", "light").open(f"recommendations/{some_missing}/")
    text = page.locator("article").inner_text()
    assert "Who has not responded" not in text and "did not address" in text
    page.locator("#not-addressed summary").click()
    names = page.locator("#not-addressed details li a")
    for i in range(names.count()):
        assert re.fullmatch(r"\.\./\.\./organisations/[a-z0-9-]+/", names.nth(i).get_attribute("href"))


def test_recommendations_index_says_once_what_is_not_transcribed(tabs):
    page = tabs("desktop", "light").open(PAGE_TYPES["recommendations"])
    text = page.locator("article").inner_text()
    assert text.count("not stated") == 0
    assert text.count("have no short title here") == 1 and "recommendations.yaml" in text
