"""Issue 11: the comparison page used as a reader would, on the seed site and on a synthetic
national-scale site: choose organisations (by keyboard), filter, sort, share the address,
follow links; at 375 px the side-by-side columns stack; without JavaScript every organisation
is still listed; search answers "recommendation 1" and "rec 1" with recommendation 1."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .browserkit import ROOT, SCHEMES, SITE, VIEWS, Tab, format_violations, run_axe, serve
from .test_browser_pages import OVERFLOW_CHECK
from .test_browser_search import results, search
from macros.views import views

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

from sitebuild import build_site  # noqa: E402

COUNT = "#fr-count"


def wait_count(page, text: str):
    page.wait_for_function("([sel, t]) => document.querySelector(sel).textContent.startsWith(t)", arg=[COUNT, text])


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("#fr-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def chosen_in_address(page) -> list[str]:
    query = parse_qs(urlsplit(page.url).query).get("orgs", [""])[0]
    return [i for i in query.split(",") if i]


def test_choose_by_keyboard_share_and_follow(tabs):
    tab = tabs("desktop", "light")
    page = tab.open("compare/")
    orgs = SITE.organisations
    wait_count(page, f"{len(orgs)} of {len(orgs)} organisations shown")
    assert page.locator("#list").is_hidden() and page.locator("#table").is_visible()
    assert len(visible_rows(page)) == len(orgs)
    first, second = orgs[0], orgs[-1]
    for org in (first, second):  # tick the boxes from the keyboard
        page.get_by_label(f"Compare {org.name}", exact=True).focus()
        page.keyboard.press("Space")
    wait_count(page, f"{len(orgs)} of {len(orgs)} organisations shown; 2 chosen")
    assert chosen_in_address(page) == [first.id, second.id]
    page.locator(".fr-sbs__row").first.wait_for()
    labels = page.locator(".fr-sbs__org").all_text_contents()
    assert set(labels) == {first.name, second.name}
    # every action of both, once per recommendation it answers, each linking to its full entry
    for org in (first, second):
        for v in views.action_views(SITE, org):
            link = page.locator(f'#fr-sbs a[href$="organisations/{org.id}/#{v.anchor}"]')
            assert link.count() == max(1, len(v.action.recommendations)), (org.id, v.anchor)
    assert tab.problems() == []
    # the address is shareable: opened afresh it shows the same comparison
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.locator(".fr-sbs__row").first.wait_for()
    assert page.get_by_label(f"Compare {first.name}", exact=True).is_checked()
    # follow an action to its entry on the organisation's page
    v = views.action_views(SITE, second)[0]
    page.locator(f'#fr-sbs a[href$="organisations/{second.id}/#{v.anchor}"]').first.click()
    page.wait_for_url(re.compile(f"organisations/{second.id}/#{v.anchor}$"))
    assert page.locator(f"#{v.anchor}").is_visible()
    tab.settle()


def test_remove_and_limit_of_four(tabs):
    tab = tabs("desktop", "light")
    ids = [o.id for o in SITE.organisations]
    page = tab.open("compare/?orgs=" + ",".join(ids[:5]) + ",no-such-organisation")
    page.locator(".fr-sbs__row").first.wait_for()
    assert chosen_in_address(page) == ids[:4]  # at most four; unknown ids dropped
    fifth = SITE.organisations[4]
    assert page.get_by_label(f"Compare {fifth.name}", exact=True).is_disabled()
    page.get_by_role("button", name=f"Remove {SITE.organisations[0].name}").click()
    page.wait_for_function("() => !location.search.includes('%s')" % ids[0])
    assert chosen_in_address(page) == ids[1:4]
    assert page.get_by_label(f"Compare {fifth.name}", exact=True).is_enabled()
    assert tab.problems() == []


def test_filter_and_sort_the_table(tabs):
    tab = tabs("desktop", "light")
    page = tab.open("compare/")
    n = len(SITE.organisations)
    wait_count(page, f"{n} of {n}")
    lewisham = next(o for o in SITE.organisations if o.id == "lewisham")
    page.get_by_label("Organisation name contains").fill("lewis")
    wait_count(page, f"1 of {n} organisations shown")
    assert visible_rows(page) == ["lewisham"]
    page.get_by_role("button", name="Clear the filters").click()
    wait_count(page, f"{n} of {n}")
    # a recommendation: only the organisations addressing it
    page.get_by_label("Addresses recommendation (1–290)").fill("137")
    responses = views.responses_by_recommendation(SITE)
    expected = sorted(o.id for o, _ in responses[137])
    wait_count(page, f"{len(expected)} of {n}")
    assert sorted(visible_rows(page)) == expected and "lewisham" in expected
    page.get_by_label("Addresses recommendation (1–290)").fill("")
    # a work stream: the matching column counts that stream's actions and links to them
    ws = SITE.workstreams[2]
    page.get_by_label("Has actions in work stream").select_option(label=f"{ws.number}. {ws.name}")
    having = [o for o in SITE.organisations if any(a.workstream == ws.key for a in o.all_actions)]
    wait_count(page, f"{len(having)} of {n}")
    cell = page.locator('#fr-table tr[data-id="lewisham"] td.fr-match a')
    assert cell.text_content() == str(sum(1 for a in lewisham.all_actions if a.workstream == ws.key))
    assert cell.get_attribute("href").endswith(f"organisations/lewisham/#ws-{ws.key}")
    # sort by any column: by the matching count, most first
    header = page.locator("#fr-table th[data-sort=match]")
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    counts = [sum(1 for a in o.all_actions if a.workstream == ws.key) for o in having]
    shown = [int(t) for t in page.locator("#fr-table tbody tr:not([hidden]) td.fr-match").all_text_contents()]
    assert shown == sorted(counts, reverse=True)
    name = page.locator("#fr-table th[data-sort=name]")
    name.get_by_role("button").click()
    assert name.get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
    name.get_by_role("button").click()
    assert name.get_attribute("aria-sort") == "descending"
    names = page.locator("#fr-table tbody tr:not([hidden]) th a").all_text_contents()
    assert names == sorted(names, key=str.casefold, reverse=True)
    # the headings stay in view while the table scrolls
    assert page.eval_on_selector("#fr-table thead th", "th => getComputedStyle(th).position") == "sticky"
    assert tab.problems() == []


def test_phone_columns_stack_each_labelled(tabs):
    tab = tabs("phone", "light")
    a, b = SITE.organisations[0], SITE.organisations[1]
    page = tab.open(f"compare/?orgs={a.id},{b.id}")
    page.locator(".fr-sbs__row").first.wait_for()
    for row in page.locator(".fr-sbs__row").all()[:10]:
        cells = row.locator(".fr-sbs__cell").all()
        boxes = [c.bounding_box() for c in cells]
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1, "the columns should stack"
        assert [c.locator(".fr-sbs__org").text_content() for c in cells] == [a.name, b.name]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert page.evaluate(OVERFLOW_CHECK) == []
    assert tab.problems() == []


def test_without_javascript_every_organisation_is_listed(browser, base_url):
    context = browser.new_context(java_script_enabled=False, **VIEWS["desktop"])
    try:
        page = context.new_page()
        page.goto(base_url + "compare/")
        assert page.locator("#table").is_hidden() and page.locator("#side-by-side").is_hidden()
        links = page.locator("#list a")
        assert links.count() == len(SITE.organisations)
        # grouped by the body that answers for them now: the first link is any organisation's
        first = links.first.get_attribute("href")
        assert re.fullmatch(r"\.\./organisations/[a-z0-9-]+/", first), first
        links.first.click()
        page.wait_for_url(re.compile(re.escape(first.removeprefix("../")) + "$"))
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_axe_with_choices_and_filters(tabs, view, scheme):
    tab = tabs(view, scheme)
    a, b, c = SITE.organisations[:3]
    page = tab.open(f"compare/?orgs={a.id},{b.id},{c.id}")
    page.locator(".fr-sbs__row").first.wait_for()
    page.get_by_label("Has actions in work stream").select_option(index=1)
    wait_count(page, "")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_recommendation_page_leads_to_who_has_not_responded(tabs):
    tab = tabs("desktop", "light")
    page = tab.open("recommendations/137/")
    top = page.locator(".fr-not-responding")
    assert top.locator("a").first.text_content().startswith("Organisations that did not address it")
    top.locator("a").first.click()
    assert page.locator("#not-addressed").is_visible()
    href = top.locator("a[download]").get_attribute("href")
    assert href.endswith("data/not-responding/did-not-address-recommendation-137.csv")
    # every name in the list is a link to its organisation's page
    page.locator("#not-addressed summary").click()
    names = page.locator("#not-addressed details a")
    assert names.count() >= 1 and names.first.get_attribute("href").startswith("../../organisations/")
    csv = page.request.get(tab.base + "data/not-responding/did-not-address-recommendation-137.csv")
    assert csv.ok and csv.text().startswith("\ufeffrecommendation,organisation_id,organisation\n")  # a byte-order mark first, for Excel


def test_organisation_page_similar_and_coverage(tabs):
    tab = tabs("desktop", "light")
    page = tab.open("organisations/lewisham/")
    similar = page.locator("#similar li")
    assert similar.count() == 5 and similar.first.locator("a").first.text_content() == "NHS Tower Hamlets CCG"
    similar.first.get_by_role("link", name="compare the two side by side").click()
    page.locator(".fr-sbs__row").first.wait_for()
    assert chosen_in_address(page) == ["lewisham", "tower-hamlets"]
    page = tab.open("organisations/lewisham/")
    mine = sorted({n for a in next(o for o in SITE.organisations if o.id == "lewisham").all_actions
                   for n in a.recommendations})
    links = page.locator("#coverage li.fr-on a")
    assert [int(re.match(r"\d+", t).group()) for t in links.all_text_contents()] == mine
    assert page.locator("#coverage li").count() == 290
    tab.settle()


@pytest.mark.parametrize("query", ["recommendation 1", "rec 1", "Recommendation 12", "rec 124"])
def test_search_brings_the_recommendation_first(tabs, query):
    tab = tabs("desktop", "light")
    page = tab.open("")
    number = query.split()[-1]
    titles = search(page, query)
    assert titles and re.match(rf"Recommendation {number}\b(?!\d)", titles[0]), titles[:5]
    page.keyboard.press("Escape")


# ---- a synthetic national-scale site (years of updates: statuses and overdue actions) ----

@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    plans = tmp_path_factory.mktemp("synthetic-plans") / "plans"
    synthetic.generate(40, plans, seed=11)
    out = tmp_path_factory.mktemp("synthetic-site")
    build_site(out, plans, extra_env={"AS_OF": "2019-06-30"})

    with serve(out) as url:
        yield url, out


def test_synthetic_site_status_filter_sort_and_side_by_side(browser, synthetic_url):
    import json
    base, out = synthetic_url
    data = json.loads((out / "data" / "compare.json").read_text(encoding="utf-8"))["organisations"]
    context = browser.new_context(service_workers="block", **VIEWS["desktop"])
    tab = Tab(context.new_page(), base, "desktop", "light")
    tab.attach()
    try:
        page = tab.open("compare/")
        wait_count(page, f"{len(data)} of {len(data)}")
        page.get_by_label("Has actions with status").select_option(value="overdue")
        late = [o for o in data if o["overdue"]]
        assert late, "the synthetic plans have overdue actions"
        wait_count(page, f"{len(late)} of {len(data)}")
        header = page.locator("#fr-table th[data-sort=overdue]")
        header.get_by_role("button").click()
        assert header.get_attribute("aria-sort") == "descending"
        ids = visible_rows(page)
        assert [next(o["overdue"] for o in data if o["id"] == i) for i in ids] == sorted((o["overdue"] for o in late), reverse=True)
        for i in ids[:2]:
            name = next(o["name"] for o in data if o["id"] == i)
            page.get_by_label(f"Compare {name}", exact=True).check()
        page.locator(".fr-sbs__row").first.wait_for()
        assert page.locator("#fr-sbs .fr-flag--overdue").count() >= 1
        index = json.loads((out / "data" / "compare.json").read_text(encoding="utf-8"))
        labels = {s["key"]: s["label"] for s in index["statuses"]}
        expected = {labels[k] for i in ids[:2] for k in next(o for o in data if o["id"] == i)["statuses"]}
        shown = {re.sub(r"^\W+", "", t).strip() for t in page.locator("#fr-sbs .fr-sbs__cell .fr-status").all_text_contents()}
        assert shown == expected  # every status with its symbol and label, as the figures say
        # issue 24: actions past their due date with no update are a filter of their own, never overdue
        page.get_by_label("Has actions with status").select_option(value="due-passed-no-update")
        passed = [o for o in data if o["due_passed_no_update"]]
        assert passed, "the synthetic plans have actions past their due date with no update"
        wait_count(page, f"{len(passed)} of {len(data)}")
        page.locator("#fr-table th[data-sort=due-passed]").get_by_role("button").click()
        ids = visible_rows(page)
        assert [next(o["due_passed_no_update"] for o in data if o["id"] == i) for i in ids] == sorted(
            (o["due_passed_no_update"] for o in passed), reverse=True)
        assert tab.problems() == []
        violations = run_axe(page)
        assert not violations, format_violations(violations)
    finally:
        context.close()


def test_search_a_word_and_an_organisation_finds_its_actions(tabs):
    """"complaints Lewisham": that organisation's actions holding the word, each opening its own anchor."""
    tab = tabs("desktop", "light")
    page = tab.open("")
    org = next(o for o in SITE.organisations if o.id == "lewisham")
    word = "complaints"
    assert any(word in (a.action or "").lower() for a in org.all_actions)
    assert any(word in (a.action or "").lower() for o in SITE.organisations if o.id != org.id for a in o.all_actions)
    search(page, f"{word} Lewisham")
    found = results(page)
    assert found and found[0]["organisation"] == org.name, found[:3]
    assert all(r["organisation"] == org.name for r in found if r["organisation"]), found  # every action found is its
    assert "/organisations/lewisham/#action-" in found[0]["href"], found[0]
    assert word in found[0]["marks"] and "lewisham" in found[0]["marks"], found[0]
    page.keyboard.press("Escape")
