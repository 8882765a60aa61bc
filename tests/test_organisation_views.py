"""Issue 21: the organisation page answers first. Its view-model (pure, no mkdocs): the figures
at a glance, one line per action, the card's link instead of the recommendation's text, the
contents; and the page it renders to."""
from __future__ import annotations

import re

from macros import render
from macros.model import Action, Organisation, Provenance, Recommendation, Site, Status, Update, WorkStream
from macros.views import compare_views, organisation_views, views

STATUSES = [Status("not-started", "Not started", "○", "circle", "#fff", "d"),
            Status("on-track", "In progress, on track", "◐", "half", "#fff", "d"),
            Status("delayed", "In progress, delayed", "▲", "triangle", "#fff", "d"),
            Status("complete", "Complete", "✔", "tick", "#fff", "d")]
WS = [WorkStream("cultural", 1, "Cultural changes/values", "d1", "#fff176", "yellow"),
      WorkStream("engagement", 2, "Public engagement", "d2", "#ffe082", "yellow"),
      WorkStream("quality", 3, "Quality assurance", "d3", "#ffb74d", "orange"),
      WorkStream("information", 4, "Use of information", "d4", "#90caf9", "blue")]
REC_TEXT = "Commissioners should require access to all complaints information."


def site(as_of="2016-06-30", actions=None, **org_fields):
    actions = actions if actions is not None else (
        Action("quality", id="r1", recommendations=(1,), recommendation_text=REC_TEXT,
               action="Review all contracts to ensure that they include fundamental standards of care for every patient",
               due="2015-03-31", updates=(Update("2015-01-10", "complete", "done"),)),
        Action("quality", id="r2", recommendations=(2,), recommendation_text="Our own reading of it",
               action="Visit providers", due="2014/15", updates=(Update("2015-02-01", "delayed", "late"),)),
        Action("information", id="3", ref="3", action="Dashboards", due="2014-03"),
        Action("cultural", id="4", action="Publish the plan", due="2015-01",
               updates=(Update("2014-12-01", "on-track", "going"),)),
    )
    org = Organisation("a-ccg", "A CCG", Provenance("Doc A", date="2013-12-11"), actions=tuple(actions), **org_fields)
    catalogue = {1: Recommendation(1, "Complaints", REC_TEXT), 2: Recommendation(2, "Other", "The catalogue's text")}
    return Site(organisations=[org], workstreams=WS, catalogue=catalogue, statuses=STATUSES, as_of=as_of)


def page_context(s):
    org = s.organisations[0]
    return {**organisation_views.organisation_page(s, org), "base": "../../", "page_url": "u", "last_changed": "",
            "board_pack": "", "org_coverage": compare_views.organisation_coverage(s, org), "rec_pages": {1, 2},
            "similar": []}


def test_glance_counts_and_last_report():
    s = site()
    g = organisation_views.organisation_page(s, s.organisations[0])["glance"]
    # r2 (delayed, due 2014/15) and 4 (on track, due January 2015) are overdue; 3 (due March 2014)
    # has no update: its due date has passed, it is not called overdue (issue 24)
    assert (g["total"], g["complete"], g["delayed"], g["overdue"], g["no_update"]) == (4, 1, 1, 2, 1)
    assert g["due_passed_no_update"] == 1
    assert g["last_update"] == "2015-02-01" and g["over_12_months"] is True
    g = organisation_views.organisation_page(site(as_of="2015-06-30"), site().organisations[0])["glance"]
    assert g["over_12_months"] is False


def test_lines_say_what_each_action_is_about_in_a_few_words():
    s = site()
    ctx = organisation_views.organisation_page(s, s.organisations[0])
    quality = dict((ws.key, lines) for ws, lines, _ in ctx["stream_lines"])["quality"]
    first, second = quality
    assert first.ref == "r1" and first.status_key == "complete"
    assert first.about == "Review all contracts to ensure that they include fundamental…"
    assert len(first.about.split()) == organisation_views.ABOUT_WORDS
    assert second.about == "Visit providers" and second.status_key == "delayed"
    assert first.title == "Action r1, on recommendation 1"
    info = dict((ws.key, lines) for ws, lines, _ in ctx["stream_lines"])["information"]
    assert info[0].status_key == "none" and info[0].title == "Action 3"
    # a joint work area's number repeats the organisation's own: its line says it is joint
    s = site(actions=(Action("quality", id="2", ref="2", action="Our own"),
                      Action("quality", id="2", ref="2", action="Shared work", joint=True)))
    own, joint = [organisation_views.action_line(v) for v in views.action_views(s, s.organisations[0])]
    assert (own.ref, joint.ref) == ("2", "Joint 2") and joint.title == "Joint work area 2"


def test_card_links_to_its_recommendation_instead_of_repeating_its_text():
    s = site()
    lines = {ln.ref: ln for _, ls, _ in organisation_views.organisation_page(s, s.organisations[0])["stream_lines"] for ln in ls}
    assert lines["r1"].own_recommendation_text == ""  # word for word the catalogue's: linked
    assert lines["r2"].own_recommendation_text == "Our own reading of it"  # the plan's own: shown
    html = render.render("organisation.html", **page_context(s))
    assert html.count(REC_TEXT) == 0 and "Our own reading of it" in html
    assert 'href="../../recommendations/1/"' in html and "Its full text is on the recommendation's page." in html


def test_page_order_answers_first_and_every_line_folds():
    s = site()
    html = render.render("organisation.html", **page_context(s))
    order = [html.index(f'id="{anchor}"') for anchor in ("summary", "contents-h", "actions", "status", "source", "coverage")]
    assert order == sorted(order)
    assert html.count('<details class="fr-fold"') == 4 and html.count("<summary>") >= 4
    for anchor in ("action-r1", "action-r2", "action-3", "action-4"):  # links to an action still land on it
        assert re.search(rf'<details class="fr-fold" id="{anchor}">', html)
    contents = re.search(r'<nav class="fr-contents".*?</nav>', html, re.S).group(0)
    for anchor, _ in organisation_views.organisation_page(s, s.organisations[0])["contents"]:
        assert f'href="#{anchor}"' in contents and f'id="{anchor}"' in html
    # filters: every status, "no update" and "overdue"; each line carries what they read
    assert 'data-status="complete"' in html and 'data-status="none"' in html and "data-overdue" in html
    assert '<option value="overdue">Overdue</option>' in html


def test_successor_printed_only_when_the_plan_has_one():
    s = site()
    html = render.render("organisation.html", **page_context(s))
    assert "Who answers for its promises now" not in html

    import dataclasses

    from macros.model import Link, Succession, SuccessionStep
    step = SuccessionStep("2022-07-01", "NHS South East London ICB", "Its functions passed to the ICB.",
                          sources=(Link("Order", "https://www.legislation.gov.uk/uksi/2022/1"),))
    s.organisations[0] = dataclasses.replace(s.organisations[0], succession=Succession(
        steps=(step,), current="NHS South East London ICB", checked="2026-11-30"))
    html = render.render("organisation.html", **page_context(s))
    assert ("Who answers for its promises now: <strong>NHS South East London ICB</strong> "
            '(<a href="#successor">what became of it, with sources</a>)') in html


def test_time_elements_carry_valid_dates_only():
    assert str(render.when("2014-03-31")) == '<time datetime="2014-03-31">31 March 2014</time>'
    assert str(render.when("2014-03")) == '<time datetime="2014-03">March 2014</time>'
    assert str(render.when("2014/15")) == "financial year 2014/15"  # no valid machine form: text
    assert "not stated" in render.when("")
    html = render.render("organisation.html", **page_context(site()))
    for value in re.findall(r'<time datetime="([^"]*)"', html):
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), value
