"""Issue 11: the comparison data, similar organisations, work-stream initials and the
who-has-not-responded downloads (pure functions; a synthetic national-scale set)."""
from __future__ import annotations

import dataclasses
import csv
import io
import random

import pytest

from macros.model import Organisation, Provenance
from macros.views import compare_views, similar, views, workstream_views

from sitebuild import checked_synthetic_site


@pytest.fixture(scope="module")
def site80(tmp_path_factory):
    return checked_synthetic_site(tmp_path_factory.mktemp("synthetic") / "plans", 80, seed=11)


def test_inverted_index_finds_what_every_pair_finds(site80):
    profiles = [similar.profile(site80, o) for o in site80.organisations]
    assert similar.most_similar(profiles) == similar.brute_force(profiles)
    found = similar.similar_organisations(site80)
    assert all(len(m) == similar.TOP for m in found.values())
    for org_id, matches in found.items():
        assert org_id not in {m.id for m in matches}
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_work_grows_as_organisations_times_recommendations():
    """Every organisation addresses the same 60 recommendations: all pairs would visit
    n x 60 x n posting entries; the budget keeps it at most n x budget."""
    rng = random.Random(3)
    for n in (200, 600):
        profiles = [similar.Profile(f"o{i}", frozenset(range(1, 61)), tuple(rng.random() for _ in range(4)))
                    for i in range(n)]
        work = similar.Work()
        similar.most_similar(profiles, work=work)
        assert 0 < work.visits <= n * similar.VISITS_PER_RECOMMENDATION * 290
        assert work.visits < n * 60 * n / 5  # all pairs: n x 60 x n


def test_similarity_prefers_shared_recommendations_and_mix():
    a = similar.Profile("a", frozenset({1, 2, 3}), (1.0, 0, 0, 0))
    b = similar.Profile("b", frozenset({1, 2, 3}), (1.0, 0, 0, 0))
    c = similar.Profile("c", frozenset({1, 9}), (0, 1.0, 0, 0))
    d = similar.Profile("d", frozenset({200}), (1.0, 0, 0, 0))
    found = similar.most_similar([a, b, c, d], top=3)
    assert found["a"][0] == ("b", 1.0, 3)
    assert [m[0] for m in found["a"]] == ["b", "d", "c"]  # d: same mix, no shared recommendation


def test_seed_site_similar_organisations(seed_site):
    found = similar.similar_organisations(seed_site)
    assert found["lewisham"][0].id == "tower-hamlets" and found["lewisham"][0].shared == 11
    assert len(found["lewisham"]) == 5


def test_compare_data_of_a_synthetic_site(site80):
    per_org = {o.id: views.action_views(site80, o) for o in site80.organisations}
    files = compare_views.data_files(site80, per_org)
    assert len(files) == len(site80.organisations) + 1
    import json
    index = json.loads(files["data/compare.json"])
    assert [s["key"] for s in index["statuses"]][-1] == "none"
    for row in index["organisations"]:
        views_ = per_org[row["id"]]
        assert row["total"] == len(views_) == sum(row["counts"]) == sum(sum(b.values()) for b in row["by"])
        assert row["overdue"] == sum(v.progress.overdue for v in views_) == sum(row["overdue_by"])
        detail = json.loads(files[f"data/compare/{row['id']}.json"])
        assert [a["anchor"] for a in detail["actions"]] == [v.anchor for v in views_]
        assert all(len(a["text"]) <= compare_views.BRIEF for a in detail["actions"])
    assert any(r["overdue"] for r in index["organisations"])  # the synthetic updates make some overdue


def test_not_responding_csv(seed_site):
    responses = views.responses_by_recommendation(seed_site)
    rows = list(csv.DictReader(io.StringIO(compare_views.not_responding_csv(seed_site, responses, 137))))
    addressing = {o.id for o, _ in responses[137]}
    apart = {"barnet", "coventry-and-rugby", "leicester-city", "east-leicestershire-and-rutland", "west-leicestershire"}
    assert {o.id for o in seed_site.organisations if not o.numbers_recommendations} == apart
    # issue 24: organisations whose documents do not number recommendations are never listed
    assert {r["organisation_id"] for r in rows} == {o.id for o in seed_site.organisations} - addressing - apart
    assert "lewisham" in addressing and all(r["recommendation"] == "137" for r in rows)
    listed = list(csv.DictReader(io.StringIO(compare_views.not_numbering_csv(seed_site))))
    assert {r["organisation_id"] for r in listed} == apart
    evil = Organisation("x", "=HYPERLINK(\"http://e\")", Provenance("t"), actions=())
    seed_site2 = dataclasses.replace(seed_site, organisations=[evil])
    text = compare_views.not_responding_csv(seed_site2, {}, 1)
    assert list(csv.reader(io.StringIO(text)))[1][2] == "'=HYPERLINK(\"http://e\")"


@pytest.mark.parametrize("name, letter", [("NHS Barnet CCG", "b"), ("Barnet CCG", "b"), ("Ōxby CCG", "o"),
                                          ("NHS", "n"), ("3 Rivers CCG", "other"), ("Écluse CCG", "e")])
def test_initial(name, letter):
    assert workstream_views.initial(name) == letter


def test_shades():
    assert [compare_views.shade(c, 8) for c in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert compare_views.shade(3, 0) == 0
