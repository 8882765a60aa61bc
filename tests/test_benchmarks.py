"""The national-scale benchmark's tools: the synthetic plan generator and the build benchmark.

These check behaviour, not speed: the figures are in benchmarks/README.md.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from macros.plans import load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def plans60(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "plans"
    synthetic.generate(60, out, seed=7)
    return out


@pytest.fixture(scope="module")
def site60(plans60):
    site, problems = load.check(plans60)
    assert site is not None, "\n".join(p.format() for p in problems if p.level == "error")
    return site


def test_same_seed_same_files_other_seed_other_files(tmp_path, plans60):
    again = tmp_path / "again"
    synthetic.generate(60, again, seed=7)
    first = {p.name: p.read_bytes() for p in plans60.iterdir()}
    assert first == {p.name: p.read_bytes() for p in again.iterdir()}
    other = tmp_path / "other"
    synthetic.generate(60, other, seed=8)
    assert first != {p.name: p.read_bytes() for p in other.iterdir()}


def test_command_line_writes_plans_that_pass_the_check(tmp_path):
    out = tmp_path / "plans"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--orgs", "5", "--out", str(out),
                          "--seed", "3"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([sys.executable, "-m", "macros", "check", str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 error(s)" in check.stdout and "5 organisation plan(s) ready to publish" in check.stdout


def test_every_plan_passes_the_check(site60, plans60):
    assert len(site60.organisations) == 60
    assert len(list(plans60.glob("*.yaml"))) > 60  # joint responses besides the 60 plans
    for path in plans60.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../macros/schema.json\n")


def test_every_organisation_has_all_four_work_streams(site60):
    keys = {w.key for w in site60.workstreams}
    for org in site60.organisations:
        assert {a.workstream for a in org.all_actions} == keys, org.id


def test_recommendations_spread_over_the_whole_range(site60):
    numbers = Counter(a.recommendation for o in site60.organisations for a in o.all_actions if a.recommendation)
    assert min(numbers) <= 10 and max(numbers) >= 280
    assert len(numbers) > 150  # most of the 290 are answered by someone
    for low in range(1, 291, 50):  # no empty stretch of 50
        assert any(low <= n < low + 50 for n in numbers), low
    without = [o for o in site60.organisations if not any(a.recommendation for a in o.all_actions)]
    assert without and len(without) < len(site60.organisations)
    assert all(not o.numbers_recommendations for o in without)  # issue 24: they say so


def test_groupings_priorities_owners_dates_and_joint_responses(site60):
    orgs = site60.organisations
    assert any(o.groups for o in orgs) and any(not o.groups for o in orgs)
    assert all(a.group in {g.id for g in o.groups} for o in orgs for a in o.actions if a.group)
    assert any(o.priority_scale for o in orgs)
    assert any(a.priority and not o.priority_scale for o in orgs for a in o.actions)
    actions = [a for o in orgs for a in o.all_actions]
    assert any(a.owner for a in actions) and any(not a.owner for a in actions)
    dues = {a.due for a in actions if a.due}
    assert any(len(d) == 10 for d in dues) and any(len(d) == 7 and "-" in d for d in dues) \
        and any("/" in d for d in dues)
    assert any(o.joint for o in orgs)
    assert any(o.workstream_descriptions for o in orgs)


def test_text_has_non_ascii_and_realistic_shapes(site60, plans60):
    names = [o.name for o in site60.organisations]
    assert any(not n.isascii() for n in names)
    texts = [a.action for o in site60.organisations for a in o.all_actions]
    assert sum(not t.isascii() for t in texts) > 10
    assert any("\n\n" in t for o in site60.organisations for a in o.actions
               for t in (a.current_position, a.recommendation_text, a.action))
    lengths = sorted(len(t.split()) for t in texts)
    assert lengths[0] >= 1 and lengths[len(lengths) // 2] >= 5 and lengths[-1] >= 40
    seed_words = {w for w in synthetic.Seeds().vocabulary}
    words = [w.strip(".") for t in texts for w in t.split() if w != "-"]
    assert sum(w in seed_words or w in synthetic.NON_ASCII_WORDS for w in words) / len(words) > 0.95


def test_build_benchmark_runs_end_to_end_and_prints_the_figures(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "build.py"), "--orgs", "3", "--only",
                          "--runs", "1", "--work", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    for key in ("project_s", "project_cpu_s", "floor_s", "floor_cpu_s", "reference_s", "reference_cpu_s", "ratio",
                "wall_ratio", "reference_ratio", "check_s", "pages", "site_bytes", "largest_page_bytes",
                "largest_page", "pages_over_300kb", "peak_rss_mb", "search_index_bytes", "phases_cpu_s", "growth",
                "faster_than_organisations", "load_average"):
        assert key in report, key
    assert report["orgs"] == 3 and [g["orgs"] for g in report["growth"]] == [3]
    assert report["project_cpu_s"] > 0 and report["floor_cpu_s"] > 0 and report["reference_cpu_s"] > 0
    # the headline ratio is against the floor, in CPU seconds; the reference is a second figure
    assert report["ratio"] == pytest.approx(report["project_cpu_s"] / report["floor_cpu_s"], rel=0.01)
    assert report["reference_ratio"] == pytest.approx(report["project_cpu_s"] / report["reference_cpu_s"], rel=0.01)
    assert report["peak_rss_mb"] > 10
    assert report["phases_cpu_s"]["load.check (plans read and validated)"] > 0
    # user and system CPU apart, adding up to the CPU seconds of the best runs
    for kind in ("project", "floor"):
        user, system = report[f"{kind}_user_system_s"]
        assert user > 0 and system >= 0 and user + system == pytest.approx(report[f"{kind}_cpu_s"], abs=0.01)
    assert report["user_ratio"] == pytest.approx(report["project_user_system_s"][0] / report["floor_user_system_s"][0],
                                                 rel=0.01)
    assert len(report["project_cpu_s_runs"]) == len(report["floor_cpu_s_runs"]) == 1
    assert report["median_ratio"] == pytest.approx(report["ratio"], rel=0.01)  # (one run: its median is its best)
    # each timed build had a folder of its own; only the last run's sites are kept, as the sites
    assert not list(tmp_path.glob("*-run*"))
    # The floor: a one-page navigation, each page's content put in place by a hook.
    floor = (tmp_path / "reference-3" / "floor.yml").read_text(encoding="utf-8")
    assert "floor_hook.py" in floor and "- index.md" in floor
    # The reference holds the same pages as the project's site, content included.
    project, reference = tmp_path / "site-3", tmp_path / "reference-site-3"
    assert report["pages"] == len(list(project.rglob("*.html"))) - 1  # less the 404 page
    org_pages = sorted(p.relative_to(project) for p in (project / "organisations").glob("*/index.html"))
    assert len(org_pages) == 3
    for rel in org_pages:
        assert (reference / rel).is_file()
        heading = (project / rel).read_text(encoding="utf-8").split('<h1 id="top">', 1)[1].split("</h1>")[0]
        assert f'<h1 id="top">{heading}</h1>' in (reference / rel).read_text(encoding="utf-8")
    largest = project / report["largest_page"] / "index.html"
    assert largest.stat().st_size == report["largest_page_bytes"]


def test_growth_names_what_grows_faster_than_organisations():
    import build  # benchmarks/build.py

    def size(orgs, cpu, check, html):
        return {"orgs": orgs, "project_cpu_s": cpu, "floor_cpu_s": cpu / 2, "check_s": check, "html_bytes": html,
                "search_index_bytes": html / 10, "largest_page_bytes": 1000, "peak_rss_mb": 50,
                "phases_cpu_s": {"load.check (plans read and validated)": check, "tiny": 0.001 * orgs}}

    # 10x the organisations: the build 10x (linear), the check 100x (quadratic), the html 5x
    found = build.faster_than_organisations([size(100, 2.0, 0.1, 1e6), size(1000, 20.0, 10.0, 5e6)])
    named = {f["figure"] for f in found}
    assert named == {"check_s", "phase: load.check (plans read and validated)"}
    assert all(f["exponent"] == 2.0 and (f["from"], f["to"]) == (100, 1000) for f in found)


def test_serve_latency_sees_an_edit_in_plans_dir_and_serves_the_same_search_index(tmp_path):
    """mkdocs serve with PLANS_DIR elsewhere rebuilds on an edit there, and the rebuilt search
    index (reusing unchanged pages' entries) equals a fresh build's."""
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_latency.py"), "--orgs", "3", "--edits", "2",
                          "--timeout", "120", "--verify"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert len(report["latencies_s"]) == 2 and all(s > 0 for s in report["latencies_s"])
    assert report["builds"] >= 3  # the first build and one per edit
    assert report["search_index_matches_build"] is True


def test_serve_latency_in_the_browser_follows_the_live_reload():
    """--browser: the page open in headless Chromium shows the edit after mkdocs' live reload."""
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_latency.py"), "--orgs", "3", "--edits", "1",
                          "--timeout", "120", "--browser"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert len(report["latencies_s"]) == 1 and report["latencies_s"][0] > 0
    assert "Chromium" in report["shown_in"] and report["builds"] >= 2


def test_reader_benchmark_measures_a_small_site_as_a_phone(tmp_path):
    """benchmarks/reader.py on 3 synthetic organisations: every figure is there and plausible
    (first visits, both searches answered, every page kind measured)."""
    out = tmp_path / "reader.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "reader.py"), "--orgs", "3", "--quiet", "0.4",
                          "--work", str(tmp_path), "--json", str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert report == json.loads(out.read_text(encoding="utf-8"))
    assert report["cpu_slowdown"] == 4 and report["viewport"] == {"width": 375, "height": 667}
    (result,) = report["results"]
    assert result["orgs"] == 3
    for kind in ("home", "organisation"):
        visit = result["first_visit"][kind]
        assert 0 < visit["gzip_bytes"] < visit["bytes"] and visit["requests"] >= 2 and visit["settled"], visit
    name = result["organisation"]["name"]
    assert result["search"]["name"]["query"] == name
    for kind in ("name", "word"):
        found = result["search"][kind]
        assert found["answer_s"] is not None and found["answer_s"] >= found["first_result_s"] > 0, found
        assert name in found["first"], found
    assert {"home", "organisation", "compare", "reporting", "recommendation"} <= set(result["pages"])
    for kind, page in result["pages"].items():
        assert page["cls"] >= 0 and page["dom_elements"] > 50 and page["observer_error"] is None, (kind, page)
    org = result["organisation_page"]
    assert org["actions"] > 0 and org["screens"] > 1
    assert "first visit" in run.stderr and "longest ms" in run.stderr  # the readable table
