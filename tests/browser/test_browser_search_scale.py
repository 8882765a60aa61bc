"""Search on a national-scale site (211 synthetic organisations, years of progress updates):
a reader's queries bring the page they mean first, as on the seed site (issue 11)."""
from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
import yaml

from .browserkit import ROOT, VIEWS, Tab, serve

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

from sitebuild import build_site  # noqa: E402

ORGS = 211
WORD = re.compile(r"[A-Za-z]{6,}")


@pytest.fixture(scope="module")
def national(tmp_path_factory, browser):
    plans = tmp_path_factory.mktemp("national-plans") / "plans"
    synthetic.generate(ORGS, plans, seed=2013)
    out = tmp_path_factory.mktemp("national-site")
    build_site(out, plans, extra_env={"AS_OF": "2019-06-30"})

    plans_data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(plans.glob("*.yaml"))]
    with serve(out) as url:
        context = browser.new_context(service_workers="block", **VIEWS["desktop"])
        tab = Tab(context.new_page(), url, "desktop", "light")
        tab.attach()
        yield tab.open(""), [d for d in plans_data if d.get("kind") != "joint"]
        context.close()


def first_results(page, query: str, expected) -> list[str]:
    """Type ``query`` into the search box; wait (at most 30 s: the index of a national site takes
    a while to load) until the first result is ``expected`` (a regular expression), then return
    the result titles. Waiting for the answer, not for a fixed time, keeps this reliable on a
    busy machine; when the answer never comes, the titles shown are in the failure."""
    page.keyboard.press("Escape")
    page.locator("body").press("s")
    box = page.locator(".md-search__input")
    box.fill("")
    page.keyboard.type(query, delay=15)
    titles = page.locator(".md-search-result__item > .md-search-result__link > article > h1")
    try:
        page.wait_for_function(
            """(pattern) => { const t = document.querySelector(
                   '.md-search-result__item > .md-search-result__link > article > h1');
               return t && new RegExp(pattern).test(t.textContent.replace(/\\s+/g, ' ').trim()); }""",
            arg=expected, timeout=30_000)
    except Exception:  # the assertion below shows what came first instead
        pass
    return [" ".join(t.split()) for t in titles.all_text_contents()]


@pytest.mark.parametrize("query,number", [("recommendation 1", 1), ("rec 1", 1), ("rec 124", 124),
                                          ("Recommendation 12", 12)])
def test_a_recommendation_number_brings_its_page_first(national, query, number):
    page, _ = national
    pattern = rf"^Recommendation {number}(?!\d)"
    titles = first_results(page, query, pattern)
    assert titles and re.match(pattern, titles[0]), (query, titles[:5])


@pytest.mark.parametrize("index", [0, 40, 150])
def test_an_organisations_name_brings_its_page_first(national, index):
    page, plans = national
    name = plans[index]["name"]
    titles = first_results(page, name, "^" + re.escape(name) + "$")
    assert titles and titles[0] == name, (name, titles[:5])


def test_a_word_and_an_organisations_name_find_its_actions(national):
    page, plans = national
    counts = Counter(w.lower() for d in plans for a in d["actions"] for w in set(WORD.findall(a.get("action", ""))))
    org = plans[40]
    word = min({w for a in org["actions"] for w in WORD.findall(a.get("action", ""))}, key=lambda w: counts[w.lower()])
    assert counts[word.lower()] > 1  # the word is in other organisations' actions too
    place = next(w for w in org["name"].split() if w not in ("NHS", "CCG", "Clinical", "Commissioning", "Group", "and"))
    page.keyboard.press("Escape")
    page.locator("body").press("s")
    box = page.locator(".md-search__input")
    box.fill("")
    page.keyboard.type(f"{word} {place}", delay=15)
    first = page.locator(".md-search-result__item").first
    try:  # (see first_results: wait for the answer, not for a fixed time)
        first.locator(".fr-search-result__org").filter(has_text=org["name"]).wait_for(timeout=30_000)
    except Exception:
        pass
    found = [" ".join(t.split()) for t in page.locator(".md-search-result__item").all_text_contents()]
    assert found and first.locator(".fr-search-result__org").text_content() == org["name"], (word, place, found[:3])
    # an action of that organisation, opened at its own anchor, with the word highlighted
    assert re.search(rf"/organisations/{re.escape(org['id'])}/#(action|joint)-", first.locator("a").first.get_attribute("href"))
    marked = {m.lower() for m in first.locator("mark").all_text_contents()}
    assert any(word.lower() in m for m in marked), (word, marked)  # (a word of "cross-cutting" marks it whole)
