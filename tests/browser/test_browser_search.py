"""Issue 6: the site's search, used as a person would: open it from the keyboard, type, read
the results. The site's search (macros/site/search.py, overrides/assets/javascripts/fr-search.js)
runs Pagefind over the records of macros/views/search_views.py, in the theme's search box."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from .browserkit import PAGE_TYPES, SITE, norm
from macros.views import views

WORD = re.compile(r"[A-Za-z]{4,}")


def search(page, query: str) -> list[str]:
    """Open the search with the keyboard, type the query, return the titles of the pages found."""
    page.keyboard.press("Escape")
    page.locator("body").press("s")  # the theme's shortcut: focus the search box
    box = page.locator(".md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "the 's' key did not open the search"
    box.fill("")  # an empty query clears the previous results
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
    page.keyboard.type(query, delay=15)
    page.locator(".md-search-result__meta").filter(
        has_text=re.compile(r"matching (result|document)|No matching")).wait_for(timeout=10_000)  # (the preview: material's)
    titles = page.locator(".md-search-result__item > .md-search-result__link > article > h1")
    # the worker answers each keystroke: read until two readings 250 ms apart agree
    seen, now = None, [norm(t) for t in titles.all_text_contents()]
    for _ in range(20):
        if now == seen:
            break
        page.wait_for_timeout(250)
        seen, now = now, [norm(t) for t in titles.all_text_contents()]
    return now


def results(page) -> list[dict]:
    """The results shown: title, organisation (for an action), status, link and marked words."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(li => {
        const text = sel => { const e = li.querySelector(sel); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''; };
        return {title: text('article > h1'), organisation: text('.fr-search-result__org'),
                status: text('.fr-search-result__meta .fr-status'), href: li.querySelector('a').href,
                marks: [...li.querySelectorAll('mark')].map(m => m.textContent.toLowerCase())};
    })""")


@pytest.fixture(scope="module")
def search_page(tabs):
    tab = tabs("desktop", "light")
    page = tab.open("")
    yield page
    page.keyboard.press("Escape")


@pytest.mark.parametrize("org", SITE.organisations, ids=lambda o: o.id)
def test_search_finds_an_organisation(search_page, org):
    query = " ".join(w for w in org.name.split() if w not in ("NHS", "CCG"))
    titles = search(search_page, query)
    assert titles and titles[0] == org.name, f"{query!r}: {titles[:5]}"


def test_search_finds_a_recommendation_by_number(search_page):
    number = PAGE_TYPES["recommendation"].split("/")[1]
    titles = search(search_page, number)
    assert titles and titles[0].startswith(f"Recommendation {number}"), titles[:5]


def distinctive_phrase(org) -> tuple[str, str]:
    """Four consecutive words of one of the organisation's actions, the rarest elsewhere."""
    elsewhere = Counter(w.lower() for o in SITE.organisations if o.id != org.id
                        for v in views.action_views(SITE, o) for w in WORD.findall(v.action.action))
    best = None
    for v in views.action_views(SITE, org):
        words = v.action.action.split()
        for i in range(len(words) - 3):
            window = words[i:i + 4]
            if not all(WORD.fullmatch(w.strip(".,;:()\"'“”")) for w in window):
                continue
            score = sum(elsewhere[w.strip(".,;:()\"'“”").lower()] for w in window)
            if best is None or score < best[0]:
                best = (score, " ".join(w.strip(".,;:()\"'“”") for w in window), v.action.action)
    assert best is not None
    return best[1], best[2]


@pytest.mark.parametrize("org", [SITE.organisations[0], SITE.organisations[-1]], ids=lambda o: o.id)
def test_search_finds_a_phrase_from_an_action(search_page, org):
    phrase, action = distinctive_phrase(org)
    search(search_page, phrase)
    found = results(search_page)
    assert found and found[0]["organisation"] == org.name, f"{phrase!r} (from {action[:80]!r}): {found[:3]}"
    # the result opens the action itself, and shows its words highlighted
    anchor = next(v.anchor for v in views.action_views(SITE, org) if v.action.action == action)
    assert found[0]["href"].endswith(f"/organisations/{org.id}/#{anchor}"), found[0]
    assert set(found[0]["marks"]) & {w.lower() for w in phrase.split()}, found[0]


def test_the_search_button_shows_only_where_the_search_box_does_not(tabs):
    """A phone gets the header's search button (a real button: a label may not be given the
    button role); a desktop has the search box in the header instead, and no button beside it."""
    assert tabs("desktop", "light").open("").locator("[data-fr-search-button]").is_hidden()
    button = tabs("phone", "light").open("").locator("[data-fr-search-button]")
    assert button.is_visible() and button.evaluate("b => b.tagName") == "BUTTON"
    button.click()
    tabs("phone", "light").page.get_by_role("dialog", name="Search this site").get_by_role(
        "textbox", name="Search").wait_for(state="visible")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_on_a_phone_by_keyboard_narrows_and_opens_the_action(tabs, scheme):
    """At 375 px: nothing of the search engine is fetched until the search is opened; the
    search button opens it from the keyboard; the results can be narrowed by organisation, work
    stream and status; the arrow keys and Enter open an action at its own anchor; axe finds
    nothing on the open search."""
    from .browserkit import format_violations, run_axe
    tab = tabs("phone", scheme)
    fetched = []
    tab.page.on("request", lambda r: fetched.append(r.url))
    page = tab.open("")
    assert not [u for u in fetched if "/pagefind/" in u], "the search engine was fetched before it was used"
    button = page.locator("[data-fr-search-button]")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Search this site")
    box = dialog.get_by_role("textbox", name="Search")
    box.wait_for(state="visible")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("complaints", delay=15)
    page.locator(".md-search-result__meta").filter(has_text=re.compile("matching result")).wait_for(timeout=10_000)
    assert [u for u in fetched if "/pagefind/" in u], "the search engine is fetched once the search is used"
    # (wait for the whole word's results: on a busy machine a pause in the typing shows a part's first)
    page.wait_for_function("() => new Set([...document.querySelectorAll('.md-search-result__item .fr-search-result__org')]"
                           ".map(e => e.textContent)).size > 1", timeout=10_000)
    everyone = results(page)
    assert len({r["organisation"] for r in everyone if r["organisation"]}) > 1, everyone

    narrow = dialog.locator("details[data-fr-filters]")
    assert not [u for u in fetched if "/pagefind/filter/" in u], "the filters are fetched only when used"
    narrow.locator("summary").focus()
    page.keyboard.press("Enter")
    organisation = dialog.get_by_label("Organisation")
    assert organisation.is_visible()
    lewisham = next(o.name for o in SITE.organisations if o.id == "lewisham")
    option = organisation.locator("option").filter(has_text=lewisham).get_attribute("value")
    organisation.select_option(value=option)
    page.wait_for_function("(name) => { const items = [...document.querySelectorAll('.fr-search-result__org')];"
                           " return items.length > 0 && items.every(e => e.textContent === name); }", arg=lewisham)
    statuses = dialog.get_by_label("Status").locator("option").all_text_contents()
    assert statuses[0] == "Any" and len(statuses) > 1, statuses
    streams = dialog.get_by_label("Work stream").locator("option").all_text_contents()
    stream = streams[1].rsplit(" (", 1)[0]
    dialog.get_by_label("Work stream").select_option(value=stream)
    page.wait_for_function("(ws) => { const items = [...document.querySelectorAll('.fr-search-result__ws')];"
                           " return items.length > 0 && items.every(e => e.textContent === 'Work stream ' + ws); }",
                           arg=stream)
    assert "(2 chosen)" in narrow.locator("summary").inner_text()
    tab.screenshot("search-filtered")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)

    first = results(page)[0]
    box.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/organisations/lewisham/#(action|joint)-"))
    assert page.url == first["href"]
    anchor = first["href"].split("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()
    assert not page.locator("#__search").is_checked()  # the search closed
    assert tab.problems() == []


def test_a_name_with_markup_shows_in_results_as_text(browser, tmp_path_factory):
    """A name with markup that got past the check (the refusal switched off in a child build)
    is shown in the results as the characters it is: no element made from it, no script run."""
    import yaml

    from sitebuild import build_in_child

    from .browserkit import ROOT, VIEWS, Tab, serve
    plans = ROOT / "tests" / "fixtures" / "hostile" / "markup-in-name" / "plans"
    name = yaml.safe_load((plans / "riverside.yaml").read_text(encoding="utf-8"))["name"]
    out = tmp_path_factory.mktemp("hostile-search") / "site"
    build_in_child("from macros.plans import schema\nschema.schema()['definitions']['plain_name'].pop('pattern')\n", "",
                   out, out.parent / "unused", plans_dir=plans)
    with serve(out) as url:
        context = browser.new_context(service_workers="block", **VIEWS["desktop"])
        try:
            tab = Tab(context.new_page(), url, "desktop", "light")
            tab.attach()
            dialogs = []
            tab.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page = tab.open("")
            search(page, "Riverside")
            found = results(page)
            assert found and found[0]["title"] == name, found[:3]
            assert any(r["organisation"] == name for r in found)
            assert page.locator(".md-search-result img, .md-search-result script").count() == 0
            page.wait_for_timeout(300)
            assert dialogs == [] and tab.console_errors == []
        finally:
            context.close()
