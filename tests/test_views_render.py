"""Unit tests for the data-to-page functions: views (pure) and render (escaping). No mkdocs."""
from __future__ import annotations

import sys

import pytest
from markupsafe import Markup

from macros import render
from macros.model import Action, Organisation, Provenance, Recommendation, GovernmentResponse, Site, WorkStream
from macros.site import export
from macros.views import compare_views, organisation_views, views, workstream_views


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
    assert page["without"] == [("b-ccg", "B CCG")]  # id and name only: the page prints nothing else of them
    assert page["download"] == "data/not-responding/did-not-address-recommendation-137.csv"
    assert views.recommendation_numbers(site, responses) == [124, 137]


def test_totals_and_coverage():
    site = make_site()
    ctx = views.home_summary(site)
    assert ctx["totals"] == {"cultural": 0, "engagement": 0, "quality": 3, "information": 1}
    assert ctx["total"] == 4
    cov = compare_views.coverage(site, views.responses_by_recommendation(site))
    cells = {n: (count, shade, ns) for n, count, shade, ns in cov["cells"]}
    assert len(cells) == 290 and cov["most"] == 2 and cov["addressed"] == 2
    assert cells[124] == (2, 4, False) and cells[137] == (1, 2, True) and cells[1] == (0, 0, False)


def test_workstream_page_lists_only_its_actions():
    site = make_site()
    per_org = {o.id: views.action_views(site, o) for o in site.organisations}
    ws = site.workstream("information")
    groups = workstream_views.by_initial(site, ws, per_org)
    ctx = workstream_views.stream_page(site, ws, groups, per_org)
    assert [(o.id, [v.action.action for v in acts]) for _, _, g, _ in ctx["letters"] for o, acts in g] == \
        [("a-ccg", ["Dashboards"])]
    assert [o.id for o in ctx["without"]] == ["b-ccg"]
    letter = workstream_views.letter_page(site, ws, groups, "a")
    assert letter["label"] == "A" and letter["previous"] is None and letter["next"] is None


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
                         board_pack="", **organisation_views.organisation_page(site, evil),
                         org_coverage=compare_views.organisation_coverage(site, evil), rec_pages=set(), similar=[])
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=y&gt;" in html and "{{ 1+1 }}" in html
    assert "&lt;b&gt;t&lt;/b&gt;" in html


def test_data_layer_does_not_import_mkdocs():
    """A future move away from mkdocs should only touch macros/site/pages.py."""
    import subprocess
    code = ("import sys, macros.plans.load, macros.views.views, macros.render, macros.site.export, "
            "macros.__main__; "
            "bad = [n for n in sys.modules if n.split('.')[0] in ('mkdocs', 'material', 'mkdocs_macros')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=str(__import__("sitebuild").ROOT),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_csv_rows():
    site = make_site()
    lines = export.actions_csv(site).splitlines()
    # the first columns as they always were (a public contract); new ones only after them
    assert lines[0].startswith("organisation_id,organisation,workstream,recommendation,priority,action,owner,due,status,"
                               "ref,current_position,action_id,current_status,last_update,overdue,due_passed_no_update,"
                               "forum,owner_label,editors_supplied,text_is_position,current_successor,")
    # no update and past its due date: not overdue (issue 24), the due date passed with no update
    assert lines[3].startswith("a-ccg,A CCG,information,,,Dashboards,Director,2014-03,,,,3,,,false,true,,,,false,,")
    assert lines[3].split(",")[21:] == ["No update published", "2014-03-31", "", "", "", "", "",
                                        "organisations/a-ccg/#action-3", site.as_of, "", "", "", "", "", "", ""]
    # issue 22's assurance, next step and forecast come last
    assert lines[0].endswith(",link,as_of,assured,assured_by,assured_on,assurance_minute,"
                             "assurance_evidence_location,next_step,forecast")
    assert len(lines) == 5
