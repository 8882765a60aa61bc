"""Fingerprints of view-models (macros/site/reuse.py): while serving, a generated page whose
template, address and fingerprint are those of the last build gets the last build's HTML. So a
fingerprint must change whenever what the page prints changes, and stay the same when nothing
it prints changed (or nothing would be reused).

Checked on synthetic plans with years of progress updates: two sites read from the same plans,
except that one organisation's plan was edited (an action's text, an update's status and a
report added); every page spec of the second site is rendered, and wherever its fingerprint
equals the first site's for the same page, the HTML must be the same.
"""
from __future__ import annotations

import dataclasses
import re

from macros import render
from macros.plans import load
from macros.site import pages, reuse
from macros.views import views
from sitebuild import synthetic_plans

AS_OF = "2019-06-30"


def site_and_specs(folder):
    site, problems = load.check(folder, as_of=AS_OF)
    assert site is not None, [p.format() for p in problems if p.level == "error"]
    specs = pages.page_specs(site, views.responses_by_recommendation(site))
    prints = reuse.Fingerprints()
    prints.know_views(site)
    return site, specs, {uri: prints.of(spec["context"]) for uri, spec in specs.items()}


def html(uri: str, spec: dict) -> str:
    url = uri.removesuffix("index.md")
    return render.render(spec["template"], base=render.base_for(url), page_url=url, **spec["context"])


def edited(text: str) -> str:
    text, n = re.subn(r"(?m)^(    action: )([A-Za-z])", r"\1Edited \2", text, count=1)
    assert n == 1
    text, n = re.subn(r"(?m)^(        status: )on-track$", r"\1delayed", text, count=1)
    assert n == 1
    return text


def test_equal_fingerprints_print_the_same(tmp_path):
    plans = synthetic_plans(tmp_path / "plans", 12, seed=7)
    _, before_specs, before = site_and_specs(plans)
    # a plan with an on-track progress update to edit (not every synthetic plan has updates)
    target = next(p for p in sorted(plans.glob("*.yaml"))[3:]
                  if re.search(r"(?m)^        status: on-track$", p.read_text(encoding="utf-8")))
    target.write_text(edited(target.read_text(encoding="utf-8")), encoding="utf-8")
    site, specs, after = site_and_specs(plans)

    assert None not in after.values()
    same = [uri for uri in specs if uri in before and before[uri] == after[uri]]
    changed = [uri for uri in specs if uri not in same]
    org = next(o for o in site.organisations if o.source.endswith(target.name))
    assert f"organisations/{org.id}/index.md" in changed
    assert f"organisations/{org.id}/progress/index.md" in changed
    assert 0 < len(changed) < len(same)  # most pages are reused, the edited ones are not
    for uri in same:  # a reused page prints what rendering it again would print
        assert html(uri, specs[uri]) == html(uri, before_specs[uri]), uri
    for uri in changed:  # (and the test can tell the two apart)
        if uri in before_specs and html(uri, specs[uri]) != html(uri, before_specs[uri]):
            break
    else:
        raise AssertionError("no changed fingerprint printed anything different")


def test_an_action_view_not_made_by_action_views_is_pickled_whole(tmp_path):
    plans = synthetic_plans(tmp_path / "plans", 3, seed=11)
    site, _, _ = site_and_specs(plans)
    prints = reuse.Fingerprints()
    prints.know_views(site)
    view = views.action_views(site, site.organisations[0])[0]
    altered = dataclasses.replace(view, priority_meaning=view.priority_meaning + " (altered)")
    assert prints.of([view]) == prints.of([view])
    other = views.action_views(site, site.organisations[1])[0]  # the same place in another plan
    assert prints.of([view]) != prints.of([other])
    assert prints.of([view]) != prints.of([altered])
    unknown = reuse.Fingerprints()  # views it was not told about: pickled whole, still told apart
    assert unknown.of([view]) != unknown.of([altered]) and unknown.of([view]) != prints.of([view])


def test_the_site_reference_data_is_in_every_view_fingerprint(tmp_path):
    plans = synthetic_plans(tmp_path / "plans", 3, seed=11)
    first, _, _ = site_and_specs(plans)
    later, problems = load.check(plans, as_of="2020-06-30")
    assert later is not None
    views.action_views(later, later.organisations[0])
    a, b = reuse.Fingerprints(), reuse.Fingerprints()
    a.know_views(first)
    b.know_views(later)
    assert a.site != b.site
    assert a.of(views.action_views(first, first.organisations[0])) != b.of(views.action_views(later, later.organisations[0]))
