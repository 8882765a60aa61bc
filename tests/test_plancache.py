"""The cache of read-and-checked plans (macros/plans/plancache.py): a check that reuses it reports
exactly what a check without it reports, and re-reads a file only when its bytes, its place,
the code or the reference data change."""
from __future__ import annotations

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
    file, data, kind, valid = cache.read(path, load.display_path(path), path.read_bytes(), "x", load._read_plan)
    data["name"] = "changed by a caller"
    again = cache.read(path, load.display_path(path), path.read_bytes(), "x", load._read_plan)[1]
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
