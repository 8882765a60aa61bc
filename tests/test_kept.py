"""views/kept.py: while serving, an organisation's action views and progress report are kept
from one build to the next under the record's identity and the site's reference data and
as-of date, and are what making them again gives."""
from __future__ import annotations

import dataclasses

import pytest

from macros.views import kept, progress_views, views
from sitebuild import checked_synthetic_site


@pytest.fixture
def keeping(monkeypatch):
    fresh = kept.Kept()
    fresh.enabled = True
    for module in (kept, views, progress_views):
        monkeypatch.setattr(module, "KEPT", fresh)
    return fresh


def rebuilt(site, **changes):
    """A new Site object with the same organisation records (as a serve rebuild of unchanged plans)."""
    return dataclasses.replace(site, **changes)


def test_kept_for_the_same_record_and_reference_data(keeping, tmp_path):
    site = checked_synthetic_site(tmp_path / "plans", 4, seed=5)
    org = site.organisations[0]
    report = progress_views.progress_page(site, org)
    keeping.new_build()
    again = rebuilt(site)
    assert progress_views.progress_page(again, org) is report
    assert views.action_views(again, org) == views.action_views(site, org)
    assert keeping.hits >= 2
    with_kept_off = kept.Kept()
    assert report == with_kept_off.get("progress_page", again, org, lambda: progress_views._progress_page(again, org))


def test_made_again_for_another_record_or_date(keeping, tmp_path):
    site = checked_synthetic_site(tmp_path / "plans", 4, seed=5)
    org = site.organisations[0]
    report = progress_views.progress_page(site, org)
    keeping.new_build()
    copy = dataclasses.replace(org)  # equal data, another record: not the same object
    assert progress_views.progress_page(rebuilt(site), copy) is not report
    later = rebuilt(site, as_of="2030-01-01")
    assert kept.site_key(later) != kept.site_key(site)
    assert progress_views.progress_page(later, org)["as_of"] == "2030-01-01"


def test_nothing_is_kept_when_off(tmp_path):
    site = checked_synthetic_site(tmp_path / "plans", 2, seed=5)
    off = kept.Kept()
    org = site.organisations[0]
    a = off.get("progress_page", site, org, lambda: progress_views._progress_page(site, org))
    b = off.get("progress_page", site, org, lambda: progress_views._progress_page(site, org))
    assert a == b and a is not b and not off.now


def test_a_kept_view_model_keeps_its_fingerprint(keeping, tmp_path, monkeypatch):
    from macros.site import reuse

    monkeypatch.setattr(reuse, "KEPT", keeping)
    site = checked_synthetic_site(tmp_path / "plans", 4, seed=5)
    org = site.organisations[0]
    report = progress_views.progress_page(site, org)
    first = reuse.Fingerprints()
    first.know_views(site)
    digest = first.of(report)
    assert first.values.now[id(report)] == (report, digest)

    keeping.new_build()
    again = rebuilt(site)
    assert progress_views.progress_page(again, org) is report
    later = reuse.Fingerprints(first)
    later.know_views(again)
    calls = []
    monkeypatch.setattr(later, "_of", lambda value: calls.append(value) or b"made again")
    assert later.of(report) == digest and not calls  # the last build's fingerprint, not pickled again
    views.action_views(again, org)  # (as page_specs does for every organisation first)
    fresh = reuse.Fingerprints()
    fresh.know_views(again)
    assert fresh._of(report) == digest  # and it is the one pickling it again gives
