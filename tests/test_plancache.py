"""The cache of read-and-checked plans (macros/plans/plancache.py): a check that reuses it reports
exactly what a check without it reports, and re-reads a file only when its bytes, its place,
the code or the reference data change."""
from __future__ import annotations

import functools
import gc
import shutil

import pytest

from macros.plans import load, plancache
from sitebuild import PLANS, ROOT

REFERENCE = ROOT / "macros" / "data"


@pytest.fixture
def cache(monkeypatch):
    fresh = plancache.PlanCache(enabled=True)
    monkeypatch.setattr(plancache, "CACHE", fresh)
    return fresh


def uncached(folder, reference=REFERENCE):
    saved, plancache.CACHE = plancache.CACHE, plancache.PlanCache(enabled=False)
    try:
        return load.check(folder, reference)
    finally:
        plancache.CACHE = saved


def test_cached_check_equals_uncached_and_reads_only_what_changed(cache, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    files = len(list(plans.glob("*.yaml")))
    first = load.check(plans)
    assert first == uncached(plans) and (cache.hits, cache.misses) == (0, files)
    assert load.check(plans) == first and (cache.hits, cache.misses) == (files, files)
    # an edit that breaks a plan: only that file is read again, and its error is reported
    text = (plans / "barnet.yaml").read_text(encoding="utf-8")
    (plans / "barnet.yaml").write_text(text.replace("workstream: quality", "workstream: qualty", 1), encoding="utf-8")
    site, problems = load.check(plans)
    assert cache.misses == files + 1 and site is None
    assert (site, problems) == uncached(plans)
    assert any("barnet.yaml" in p.path and p.level == "error" for p in problems)


def test_reference_data_is_part_of_the_key(cache, tmp_path):
    reference = tmp_path / "data"
    shutil.copytree(REFERENCE, reference)
    load.check(PLANS, reference)
    misses = cache.misses
    load.check(PLANS, reference)
    assert cache.misses == misses
    catalogue = reference / "recommendations.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load.check(PLANS, reference)
    assert cache.misses == 2 * misses  # every plan read again


def test_each_check_gets_its_own_copy(cache, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    load.check(plans)
    path = sorted(plans.glob("*.yaml"))[0]
    read = functools.partial(load._read_plan, statuses=[])
    file, data, kind, valid = cache.read(path, load.display_path(path), path.read_bytes(), "x", read)
    data["name"] = "changed by a caller"
    again = cache.read(path, load.display_path(path), path.read_bytes(), "x", read)[1]
    assert again["name"] != "changed by a caller"


def test_disabled_cache_keeps_nothing(monkeypatch):
    off = plancache.PlanCache(enabled=False)
    monkeypatch.setattr(plancache, "CACHE", off)
    load.check(PLANS)
    assert not off.entries and off.hits == off.misses == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_check_leaves_the_cycle_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        load.check(PLANS)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_an_unchanged_plan_gives_the_same_record_while_serving(cache, tmp_path):
    """plancache.made: the same Organisation object for a plan whose file (and joint response)
    did not change, so that views worked out from it can be kept (views/kept.py); a new one
    for an edited plan and for the members of an edited joint response."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    first = {o.id: o for o in load.check(plans)[0].organisations}
    barnet = plans / "barnet.yaml"
    barnet.write_text(barnet.read_text(encoding="utf-8").replace("Patients must always come first.",
                                                                  "Edited. Patients must always come first.", 1),
                      encoding="utf-8")
    second = {o.id: o for o in load.check(plans)[0].organisations}
    assert second["barnet"] is not first["barnet"] and second["barnet"] != first["barnet"]
    assert all(second[i] is first[i] for i in first if i != "barnet")

    llr = plans / "llr.yaml"
    llr.write_text(llr.read_text(encoding="utf-8").replace('Rutland health community"', 'Rutland health community (edited)"', 1),
                   encoding="utf-8")
    third = {o.id: o for o in load.check(plans)[0].organisations}
    members = {i for i, o in third.items() if o.joint}
    assert members == {"east-leicestershire-and-rutland", "leicester-city", "west-leicestershire"}
    assert all(third[i] is not second[i] and third[i].joint.name.endswith("(edited)") for i in members)
    assert all(third[i] is second[i] for i in third if i not in members)
    assert load.check(plans) == uncached(plans)

    (plans / "barnet.yaml").unlink()  # a deleted plan: nothing of it is kept
    load.check(plans)
    assert not any("barnet" in name for name in [*cache.latest, *cache.built, *cache.entries])


def test_without_the_cache_every_check_makes_new_records(tmp_path):
    off = plancache.PlanCache(enabled=False)
    saved, plancache.CACHE = plancache.CACHE, off
    try:
        a, b = load.check(PLANS)[0], load.check(PLANS)[0]
    finally:
        plancache.CACHE = saved
    assert a == b and all(x is not y for x, y in zip(a.organisations, b.organisations))
