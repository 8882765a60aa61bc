"""Issue 6: the site's search, used as a person would: open it from the keyboard, type, read
the results. Material's search runs in a web worker over search/search_index.json."""
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
        has_text=re.compile(r"matching document|No matching")).wait_for(timeout=10_000)
    titles = page.locator(".md-search-result__item > .md-search-result__link > article > h1")
    # the worker answers each keystroke: read until two readings 250 ms apart agree
    seen, now = None, [norm(t) for t in titles.all_text_contents()]
    for _ in range(20):
        if now == seen:
            break
        page.wait_for_timeout(250)
        seen, now = now, [norm(t) for t in titles.all_text_contents()]
    return now


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
    titles = search(search_page, phrase)
    assert org.name in titles, f"{phrase!r} (from {action[:80]!r}): {titles}"
    # the matching section shows the action's words, highlighted
    marked = search_page.locator(".md-search-result mark").all_inner_texts()
    assert {m.lower() for m in marked} & {w.lower() for w in phrase.split()}, marked[:10]
