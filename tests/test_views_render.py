"""Unit tests for the data-to-page functions: views (pure) and render (escaping). No mkdocs."""
from __future__ import annotations

import sys

import pytest
from markupsafe import Markup

from macros import export, render, views
from macros.model import Action, Organisation, Provenance, Recommendation, GovernmentResponse, Site, WorkStream


def make_site():
    ws = [WorkStream("cultural", 1, "Cultural changes/values", "d1", "#fff176", "yellow"),
          WorkStream("engagement", 2, "Public engagement", "d2", "#ffe082", "yellow"),
          WorkStream("quality", 3, "Quality assurance", "d3", "#ffb74d", "orange"),
          WorkStream("information", 4, "Use of information", "d4", "#90caf9", "blue")]
    catalogue = {137: Recommendation(137, "Powers", government_response=GovernmentResponse(False, "Not supported")),
                 124: Recommendation(124, "Standards", "Text")}
    a = Organisation("a-ccg", "A CCG", Provenance("Doc A"), actions=(
        Action("quality", id="1", recommendations=(124,), action="Review contracts", priority="2"),
        Action("quality", id="2", recommendations=(137,), action="Powers review"),
        Action("information", id="3", action="Dashboards", owner="Director", due="2014-03"),
    ), priority_scale=(("2", "priority for this year"),))
    b = Organisation("b-ccg", "B CCG", Provenance("Doc B"), actions=(
        Action("quality", id="r124", recommendations=(124,), action="Visit providers", priority="high"),
    ))
    return Site(organisations=[a, b], workstreams=ws, catalogue=catalogue, as_of="2015-01-01")


def test_organisation_page_groups_actions_by_stream_in_order():
    site = make_site()
    ctx = views.organisation_page(site, site.organisations[0])
    assert [w.key for w, _, _ in ctx["streams"]] == ["cultural", "engagement", "quality", "information"]
    assert ctx["counts"] == {"cultural": 0, "engagement": 0, "quality": 2, "information": 1}
    assert ctx["total"] == 3
    quality = ctx["streams"][2][1]
    assert [v.action.action for v in quality] == ["Review contracts", "Powers review"]
    assert quality[0].priority_meaning == "priority for this year"
    assert [v.not_supported for v in quality] == [False, True]
    assert [v.anchor for v in quality] == ["action-1", "action-2"]


def test_responses_by_recommendation_and_non_responders():
    site = make_site()
    responses = views.responses_by_recommendation(site)
    assert {n: [o.id for o, _ in r] for n, r in responses.items()} == {124: ["a-ccg", "b-ccg"], 137: ["a-ccg"]}
    page = views.recommendation_page(site, 137, responses)
    assert page["without"] == ["B CCG"]  # names only: the page prints nothing else of them
    assert views.recommendation_numbers(site, responses) == [124, 137]


def test_compare_matrix_and_totals():
    site = make_site()
    ctx = views.compare_page(site, views.responses_by_recommendation(site))
    assert ctx["totals"] == {"cultural": 0, "engagement": 0, "quality": 3, "information": 1}
    assert ctx["total"] == 4
    row124 = next(cells for n, _, cells in ctx["matrix"] if n == 124)
    assert [(o.id, prio) for o, _, prio in row124] == [("a-ccg", "2"), ("b-ccg", "high")]


def test_workstream_page_lists_only_its_actions():
    site = make_site()
    ctx = views.workstream_page(site, site.workstream("information"))
    assert [(o.id, [v.action.action for v in acts]) for o, acts in ctx["per_org"]] == [("a-ccg", ["Dashboards"])]
    assert [o.id for o in ctx["without"]] == ["b-ccg"]


def test_text_filter_paragraphs_bullets_and_escaping():
    html = render.text("First <b>para</b>\nsame para\n\n- one & two\n- {{ x }}\n\nlast")
    assert html == Markup("<p>First &lt;b&gt;para&lt;/b&gt; same para</p>"
                          "<ul><li>one &amp; two</li><li>{{ x }}</li></ul><p>last</p>")
    assert "not stated" in render.text("")
    assert render.inline("<i>") == Markup("&lt;i&gt;")


def test_templates_autoescape():
    site = make_site()
    org = site.organisations[0]
    evil = Organisation("x", "<script>x</script>", Provenance("<b>t</b>"), actions=(
        Action("cultural", action="<img src=x onerror=y>", owner="{{ 1+1 }}"),), )
    site.organisations.append(evil)
    html = render.render("organisation.html", base="../../", page_url="u", last_changed="",
                         board_pack="", **views.organisation_page(site, evil))
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=y&gt;" in html and "{{ 1+1 }}" in html
    assert "&lt;b&gt;t&lt;/b&gt;" in html


def test_data_layer_does_not_import_mkdocs():
    """A future move away from mkdocs should only touch pages.py."""
    import subprocess
    code = ("import sys, macros.load, macros.views, macros.render, macros.export, macros.__main__; "
            "bad = [n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material', 'mkdocs_macros')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=str(__import__("sitebuild").ROOT),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_csv_rows():
    site = make_site()
    lines = export.actions_csv(site).splitlines()
    assert lines[0] == "organisation_id,organisation,workstream,recommendation,priority,action,owner,due,status"
    assert lines[3] == "a-ccg,A CCG,information,,,Dashboards,Director,2014-03,"
    assert len(lines) == 5


def test_long_listings_split_into_parts_by_organisation():
    site = make_site()
    ws = site.workstream("quality")
    whole = views.workstream_page(site, ws)
    assert [p["part"] for p in views.in_parts(whole, "per_org", "workstreams/quality/")] == [1]  # short: one page
    parts = views.in_parts(whole, "per_org", "workstreams/quality/", size=1)
    assert [[o.id for o, _ in p["per_org"]] for p in parts] == [["a-ccg"], ["b-ccg"]]
    assert parts[1]["part_links"] == [(1, "workstreams/quality/", "A CCG", "A CCG"),
                                      (2, "workstreams/quality/2/", "B CCG", "B CCG")]
    assert all(p["listed"] == 2 and p["total"] == whole["total"] for p in parts)
    html = render.render("workstream.html", base="../../../", page_url="", **parts[1])
    assert '<strong aria-current="page">Part 2: B CCG to B CCG</strong>' in html
    assert '<a href="../../../workstreams/quality/">Part 1: A CCG to A CCG</a>' in html
    assert 'id="org-b-ccg"' in html and 'id="org-a-ccg"' not in html


def test_compare_parts_keep_each_parts_organisations_in_both_tables(monkeypatch):
    site = make_site()
    responses = views.responses_by_recommendation(site)
    assert len(views.compare_parts(site, responses)) == 1
    monkeypatch.setattr(views, "COMPARE_PART_SIZE", 1)
    first, second = views.compare_parts(site, responses)
    assert [o.id for o, _, _ in first["rows"]] == ["a-ccg"] and [o.id for o, _, _ in second["rows"]] == ["b-ccg"]
    assert {n: [o.id for o, _, _ in cells] for n, _, cells in first["matrix"]} == {124: ["a-ccg"], 137: ["a-ccg"]}
    assert {n: [o.id for o, _, _ in cells] for n, _, cells in second["matrix"]} == {124: ["b-ccg"]}
    assert first["totals"] == second["totals"] == views.compare_page(site, responses)["totals"]
