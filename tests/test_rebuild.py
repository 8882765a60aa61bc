"""`mkdocs serve` rebuilds reuse what has not changed (macros/plans/plancache.py, macros/site/reuse.py):
read-and-checked plans, generated pages' content, the theme's output and search entries. Each
rebuild must give, byte for byte, the site a fresh `mkdocs build` gives for the same plans:
after an edit to one plan, an edit to a joint response, a rename and a deletion.

The rebuilds run in this process, as `mkdocs serve` runs them (a fresh configuration each
time, after on_startup with command "serve"); the fresh builds run in a child process.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros.plans import plancache
from macros.site import deferred, pages, reuse, search
from macros.views import kept
from sitebuild import PLANS, ROOT, build_site

SITE_URL = "http://127.0.0.1:8000/"


# Pagefind names its filter and metadata files by a hash that varies from run to run, and
# numbers the records in the order its threads read them: those files are left out (their
# number is compared), the rest compared byte for byte. The fragments, compared byte for byte,
# hold every record's text, metadata and filter values; the index chunks every word.
UNSTABLE = re.compile(r"^pagefind/(filter/.*|pagefind\.[^/]*\.pf_meta)$")


def tree(site: Path) -> dict[str, bytes]:
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    unstable = sorted(name for name in files if UNSTABLE.match(name))
    for name in unstable:
        del files[name]
    files["pagefind (filter and metadata files)"] = str(len(unstable)).encode()
    if "pagefind/pagefind-entry.json" in files:
        files["pagefind/pagefind-entry.json"] = re.sub(rb'"hash":"[^"]*"', b"", files["pagefind/pagefind-entry.json"])
    return files


def assert_same_site(rebuilt: Path, fresh: Path) -> None:
    a, b = tree(rebuilt), tree(fresh)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:10]


@pytest.fixture
def serving(monkeypatch, tmp_path):
    """Rebuild the site in this process as `mkdocs serve` does; restores the hooks' state after."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    monkeypatch.setenv("PLANS_DIR", str(plans))
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", SearchIndex.add_entry_from_context)
    for name in ("CACHE", "CONTENT", "OUTPUT"):
        monkeypatch.setattr(reuse, name, reuse.SearchEntries())
    monkeypatch.setattr(reuse, "SERVING", False)
    monkeypatch.setattr(plancache, "CACHE", plancache.PlanCache(enabled=False))
    for name, value in (("enabled", False), ("last", {}), ("now", {}), ("given", {})):
        monkeypatch.setattr(kept.KEPT, name, value)  # (on_startup turns it on; it is off again after)
    monkeypatch.setattr(pages.STATE, "serving", False)  # (likewise)
    monkeypatch.setattr(deferred, "NAMES", None)
    started = []

    def rebuild(site: Path) -> None:
        cwd = os.getcwd()
        os.chdir(ROOT)  # as `mkdocs serve` runs: plan names relative to the project
        try:
            config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
            if not started:
                config.plugins.on_startup(command="serve", dirty=False)
                started.append(True)
            build(config)
            deferred.wait()  # the downloads a rebuild writes after its pages
        finally:
            os.chdir(cwd)

    return plans, rebuild


def fresh(tmp_path: Path, plans: Path, name: str) -> Path:
    out = tmp_path / name
    build_site(out, plans, {"SITE_URL": SITE_URL})
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuilds_equal_fresh_builds_after_edit_rename_and_deletion(serving, tmp_path):
    plans, rebuild = serving
    rebuild(tmp_path / "serve-0")
    assert reuse.SERVING and plancache.CACHE.misses == len(list(plans.glob("*.yaml")))
    assert_same_site(tmp_path / "serve-0", fresh(tmp_path, plans, "fresh-0"))

    # One organisation's action text.
    edit(plans / "barnet.yaml", "      Patients must always come first.", "      Edited while serving. Patients must always come first.")
    misses, written = plancache.CACHE.misses, deferred.WRITTEN
    rebuild(tmp_path / "serve-1")
    assert plancache.CACHE.misses == misses + 1  # only the edited plan was read again
    assert deferred.WRITTEN == written + 1  # the downloads were written after the pages
    assert 0 < reuse.CONTENT.misses < reuse.CONTENT.hits / 3
    assert 0 < reuse.OUTPUT.misses < reuse.OUTPUT.hits / 3
    assert reuse.CACHE.misses == reuse.CACHE.hits == 0  # material's search is the preview's only (macros/site/search.py)
    assert search.STAGE is not None and len(search.fragments(tmp_path / "serve-1" / "pagefind")) > 100
    site = tmp_path / "serve-1"
    assert "Edited while serving." in (site / "organisations" / "barnet" / "index.html").read_text(encoding="utf-8")
    assert_same_site(site, fresh(tmp_path, plans, "fresh-1"))

    # The joint response three plans share.
    edit(plans / "llr.yaml", 'Rutland health community"', 'Rutland health community (edited)"')
    rebuild(tmp_path / "serve-2")
    assert_same_site(tmp_path / "serve-2", fresh(tmp_path, plans, "fresh-2"))

    # A rename: the file and its id.
    (plans / "lewisham.yaml").rename(plans / "lewisham-renamed.yaml")
    edit(plans / "lewisham-renamed.yaml", '\nid: "lewisham"\n', '\nid: "lewisham-renamed"\n')
    rebuild(tmp_path / "serve-3")
    assert (tmp_path / "serve-3" / "organisations" / "lewisham-renamed" / "index.html").is_file()
    assert not (tmp_path / "serve-3" / "organisations" / "lewisham").exists()
    assert_same_site(tmp_path / "serve-3", fresh(tmp_path, plans, "fresh-3"))

    # A deletion.
    (plans / "tower-hamlets.yaml").unlink()
    rebuild(tmp_path / "serve-4")
    assert not (tmp_path / "serve-4" / "organisations" / "tower-hamlets").exists()
    assert_same_site(tmp_path / "serve-4", fresh(tmp_path, plans, "fresh-4"))
    assert not any("tower-hamlets" in where for where in plancache.CACHE.entries)


def test_mkdocs_build_reuses_nothing(serving, tmp_path):
    """Without `mkdocs serve`, nothing is kept or reused: every build reads and renders everything."""
    plans, _ = serving
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i in range(2):
            config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / f"b{i}"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
    finally:
        os.chdir(cwd)
    assert not reuse.SERVING and not plancache.CACHE.enabled
    assert reuse.CONTENT.hits == reuse.OUTPUT.hits == reuse.CACHE.hits == 0
    assert plancache.CACHE.hits == 0 and not plancache.CACHE.entries


def test_serving_pauses_the_cycle_collector_only_while_a_build_runs(serving, tmp_path, monkeypatch):
    """macros/site/collector.py: paused from on_config until the pages are out, then one full
    collection (after the downloads, in their thread); never left paused, even by a failed build."""
    import gc

    from macros.site import collector

    plans, rebuild = serving
    seen = []
    specs = pages.page_specs
    monkeypatch.setattr(pages, "page_specs", lambda *a, **k: seen.append(gc.isenabled()) or specs(*a, **k))
    assert gc.isenabled()
    rebuild(tmp_path / "serve-0")
    edit(plans / "barnet.yaml", "      Patients must always come first.", "      Edited while serving. Patients must always come first.")
    rebuild(tmp_path / "serve-1")  # (waits for the downloads' thread)
    assert seen == [False, False] and gc.isenabled() and not collector.paused()

    (plans / "stray.yml").write_text("id: stray\n", encoding="utf-8")  # an error: this rebuild fails
    monkeypatch.setattr(pages.STATE, "last_good", None)  # (so it is not served from the last good site)
    with pytest.raises(Exception):
        rebuild(tmp_path / "serve-2")
    assert gc.isenabled() and not collector.paused()


def test_mkdocs_build_never_pauses_the_cycle_collector(tmp_path, monkeypatch):
    import gc

    seen = []
    specs = pages.page_specs
    monkeypatch.setattr(pages, "page_specs", lambda *a, **k: seen.append(gc.isenabled()) or specs(*a, **k))
    monkeypatch.setattr(pages.STATE, "serving", False)
    monkeypatch.setattr(deferred, "NAMES", None)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "b"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        os.chdir(cwd)
    assert seen == [True] and gc.isenabled()
