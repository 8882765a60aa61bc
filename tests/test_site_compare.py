"""Issue 4: recommendation, work-stream and comparison pages agree with the data."""
from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from htmltext import links_and_ids, norm, visible_text
from macros.views import views


@pytest.fixture(scope="module")
def actions(built_site):
    return list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8-sig")  # (CSV files start with a byte-order mark)


def pairs(actions):
    return sorted({(r["organisation_id"], int(r["recommendation"])) for r in actions if r["recommendation"]})


def compare_data(site, org_id=None):
    return json.loads(read(site, f"data/compare/{org_id}.json" if org_id else "data/compare.json"))


def test_every_pair_on_recommendation_page_and_in_compare_data(built_site, seed_site, actions):
    names = {o.id: o.name for o in seed_site.organisations}
    index = {o["id"]: o for o in compare_data(built_site)["organisations"]}
    assert pairs(actions), "the seed plans reference recommendations"
    for org_id, number in pairs(actions):
        page = read(built_site, f"recommendations/{number}/index.html")
        responses = visible_text(page, "responses")
        assert names[org_id] in responses, (org_id, number)
        assert names[org_id] not in visible_text(page, "not-addressed")
        assert f'href="../../organisations/{org_id}/"' in page
        assert number in index[org_id]["recs"], (org_id, number)
        assert any(number in a["recs"] for a in compare_data(built_site, org_id)["actions"]), (org_id, number)


def test_compare_data_and_coverage_have_exactly_the_pairs(built_site, seed_site, actions):
    expected = Counter(n for _, n in pairs(actions))
    index = compare_data(built_site)["organisations"]
    assert sorted((o["id"], n) for o in index for n in o["recs"]) == pairs(actions)
    cells = re.findall(r'<li class="fr-cov__cell fr-cov--(\d)">(.*?)</li>', read(built_site, "compare/index.html"), re.S)
    assert len(cells) == 290
    most = max(expected.values())
    for number, (shade, cell) in enumerate(cells, start=1):
        text = re.sub(r" :", ":", visible_text(cell))
        assert text.startswith(f"Recommendation {number}: {expected.get(number, 0)} organisation"), text
        assert int(shade) == (0 if not expected.get(number) else max(1, -(-expected[number] * 4 // most)))
        assert ("not supported by the Government" in text) == (number in (19, 61, 64, 137, 145, 183, 209, 212, 213))
        assert f'href="../recommendations/{number}/"' in cell or not (built_site / f"recommendations/{number}").exists()


def test_priority_and_status_in_compare_data(built_site):
    lewisham = compare_data(built_site, "lewisham")
    on_137 = [a for a in lewisham["actions"] if 137 in a["recs"]]
    assert on_137 and on_137[0]["priority"] == "2" and on_137[0]["not_supported"]
    assert all(a["status"] == "none" for a in lewisham["actions"])  # the seed plans carry no updates
    page = read(built_site, "organisations/lewisham/index.html")
    assert all(f'id="{a["anchor"]}"' in page for a in lewisham["actions"])


def test_counts_match_the_csv(built_site, seed_site, actions):
    per_org = Counter((r["organisation_id"], r["workstream"]) for r in actions)
    index = {o["id"]: o for o in compare_data(built_site)["organisations"]}
    for org in seed_site.organisations:
        expected = [per_org[(org.id, w.key)] for w in seed_site.workstreams]
        assert index[org.id]["counts"] == expected and index[org.id]["total"] == sum(expected), org.id
        assert sum(sum(by.values()) for by in index[org.id]["by"]) == sum(expected)
    by_ws = Counter(r["workstream"] for r in actions)
    total_row = re.search(r"<tfoot><tr>(.*?)</tr></tfoot>", read(built_site, "index.html"), re.S).group(1)
    assert _numbers(total_row) == [by_ws[w.key] for w in seed_site.workstreams] + [len(actions)]
    listing = visible_text(read(built_site, "organisations/index.html"))
    for org in seed_site.organisations:
        n = sum(1 for r in actions if r["organisation_id"] == org.id)
        assert f"{org.name} — {n} action" in listing


def test_compare_page_lists_every_organisation_without_javascript(built_site, seed_site):
    page = read(built_site, "compare/index.html")
    listing = visible_text(page, "list")
    for org in seed_site.organisations:
        assert org.name in listing and f'href="../organisations/{org.id}/"' in page
    script = read(built_site, "javascripts/compare.js")
    assert "textContent" in script  # plan text reaches the page as text, never as markup
    assert not re.search(r"innerHTML\s*\+?=|outerHTML|insertAdjacentHTML|document\.write", script)


def _numbers(row_html):
    return [int(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row_html)]


def test_recommendations_index_lists_all_290(built_site, actions):
    page = read(built_site, "recommendations/index.html")
    rows = re.findall(r'<tr id="r(\d+)">(.*?)</tr>', page, re.S)
    assert [int(n) for n, _ in rows] == list(range(1, 291))
    responding = Counter(n for _, n in pairs(actions))
    for number, row in rows:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        assert int(cells[-1]) == responding.get(int(number), 0), number
    assert "Commissioners access to complaints information" in page  # Tower Hamlets' short title


def test_recommendation_pages_for_catalogue_and_references(built_site, seed_site, actions):
    wanted = set(seed_site.catalogue) | {n for _, n in pairs(actions)}
    made = {int(p.parent.name) for p in (built_site / "recommendations").glob("*/index.html")}
    assert made == wanted


def test_recommendation_page_content(built_site, seed_site):
    page = read(built_site, "recommendations/124/index.html")
    text = visible_text(page)
    assert "Recommendation 124: Duty to require and monitor delivery of fundamental standards" in text
    assert "DoH response: Accepted in principle." in text
    rec = seed_site.catalogue[124]
    assert norm(rec.text) in text
    for org in seed_site.organisations:
        if not any(a.recommendation == 124 for a in org.all_actions):
            assert org.name in visible_text(page, "not-addressed")


def test_not_supported_flagged_wherever_it_appears(built_site):
    flag = "Not supported by the Government"
    assert flag in visible_text(read(built_site, "recommendations/137/index.html"))
    org = read(built_site, "organisations/lewisham/index.html")
    # each action's card is folded in a <details> carrying its anchor
    card = re.search(r'<details class="fr-fold" id="(action-[a-z0-9.-]+)">((?:(?!</details>).)*Recommendation 137(?:(?!</details>).)*)</details>', org, re.S)
    assert card and flag in visible_text(card.group(2))
    assert flag in " ".join(visible_text(p.read_text(encoding="utf-8"), None)
                            for p in (built_site / "workstreams/quality").glob("*/index.html"))
    # and only there: an action on a supported recommendation is not flagged
    for p in (built_site / "workstreams/engagement").rglob("index.html"):
        assert flag not in visible_text(p.read_text(encoding="utf-8"))


def test_workstream_pages(built_site, seed_site, actions):
    from macros.views.workstream_views import initial
    for ws in seed_site.workstreams:
        page = read(built_site, f"workstreams/{ws.key}/index.html")
        text = visible_text(page)
        assert f"Work stream {ws.number}: {ws.name}" in text and ws.description in text
        assert f"fr-ws--{ws.key}" in page
        for org in seed_site.organisations:
            views_ = [v for v in views.action_views(seed_site, org) if v.workstream.key == ws.key]
            if not views_:
                continue
            # one click from the stream's page to the organisation's actions in the stream
            assert f"{org.name} ({len(views_)})" in visible_text(page, f"org-{org.id}")
            assert f'href="../../organisations/{org.id}/#ws-{ws.key}"' in page
            letter = read(built_site, f"workstreams/{ws.key}/{initial(org.name)}/index.html")
            assert f'href="{initial(org.name)}/"' in page
            assert f"{org.name} ({len(views_)})" in visible_text(letter, f"org-{org.id}")
            letter_text = visible_text(letter)
            for v in views_:  # every action listed on its initial's page, linking to its full entry
                assert f'href="../../../organisations/{org.id}/#{v.anchor}"' in letter
                assert norm(v.action.action or v.action.current_position)[:60] in letter_text


def test_every_internal_link_resolves(built_site):
    pages = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    ids = {rel: links_and_ids(html)[1] for rel, html in pages.items()}
    broken, checked = [], 0
    for rel, html in pages.items():
        for tag, link in links_and_ids(html)[0]:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or link.startswith("mailto:"):
                continue
            checked += 1
            if parts.path.startswith("/"):  # root-relative (404.html, built without site_url)
                target = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path))) if parts.path else rel
            if target == ".":
                target = "index.html"
            elif parts.path.endswith("/") or (built_site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (built_site / target).is_file():
                broken.append((rel, link))
            elif parts.fragment and target.endswith(".html") and parts.fragment not in ids.get(target, set()):
                broken.append((rel, link))
    assert not broken, broken[:10]
    assert checked > 20 * len(pages)  # the crawl really followed the pages' links


def test_search_index_has_organisations_numbers_and_actions(built_site):
    from macros.site import search
    text = " ".join(d["meta"]["title"] + " " + d["content"] for d in search.fragments(built_site / "pagefind"))
    assert "NHS Tower Hamlets CCG" in text
    assert "Recommendation 124" in text
    assert "Agree how we publish and when we publish our response to Francis" in text


def test_navigation_stays_small(built_site):
    page = read(built_site, "organisations/lewisham/index.html")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', page, re.S).group(0)
    assert nav.count("md-nav__link") < 25
    assert "organisations/barnet/" not in nav and "recommendations/124/" not in nav


def test_downloads(built_site, seed_site):
    page = read(built_site, "downloads/index.html")
    for href in ("../data/actions.csv", "../data/plans.json", "../data/recommendations.csv"):
        assert f'href="{href}"' in page
    for column in ("organisation_id", "organisations_responding", "schema_version"):
        assert f"<code>{column}</code>" in page
    plans = json.loads(read(built_site, "data/plans.json"))
    assert plans["schema_version"] == 2
    assert sorted(o["id"] for o in plans["organisations"]) == sorted(o.id for o in seed_site.organisations)
    assert plans["joint_responses"][0]["members"] == ["east-leicestershire-and-rutland", "leicester-city",
                                                      "west-leicestershire"]
    recs = list(csv.DictReader(io.StringIO(read(built_site, "data/recommendations.csv"))))
    assert [int(r["number"]) for r in recs] == list(range(1, 291))
    assert sorted(int(r["number"]) for r in recs if r["government_supported"] == "false") == \
        [19, 61, 64, 137, 145, 183, 209, 212, 213]


def test_home_page(built_site, seed_site):
    text = visible_text(read(built_site, "index.html"))
    assert "290 recommendations" in text and "Recommendation 1" in text
    assert f"{len(seed_site.organisations)} organisations" in text


def test_compare_page_stays_light(built_site):
    assert (built_site / "compare" / "index.html").stat().st_size < 300_000
