"""Similar organisations: for each organisation, the five whose responses are most alike.

Alike means: the recommendations they address (Jaccard similarity of the two sets, weight
``REC_WEIGHT``) and their mix of work streams (cosine similarity of the shares of their
actions in each work stream, the rest of the weight).

All pairs would cost organisations squared. Instead candidates come from an inverted index
(recommendation -> organisations addressing it), visited from each organisation's rarest
recommendation to its commonest, and the visits per organisation are capped at
``VISITS_PER_RECOMMENDATION`` x the number of recommendations in the catalogue (290): the
work grows as organisations x recommendations, never as organisations squared. Rare shared
recommendations say most about likeness, so the cap drops only the least telling candidates.
Where fewer than five share a recommendation, the first ``FALLBACK`` organisations by name
are compared too (a constant number, so the bound holds).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ..model import Organisation, Site
from . import views

TOP = 5
REC_WEIGHT = 0.7
VISITS_PER_RECOMMENDATION = 8
FALLBACK = 50


@dataclass(frozen=True)
class Profile:
    id: str
    recs: frozenset
    shares: tuple  # share of the organisation's actions in each work stream, in work-stream order


@dataclass(frozen=True)
class Match:
    """A similar organisation as its page prints it: its id and name, not the whole record, so
    that (while serving) an edit to one plan leaves the pages that list it as similar alone."""

    id: str
    name: str
    score: float  # 0-1
    shared: int  # recommendations both address


def profile(site: Site, org: Organisation) -> Profile:
    counts = [0] * len(site.workstreams)
    index = {w.key: i for i, w in enumerate(site.workstreams)}
    for a in org.all_actions:
        counts[index[a.workstream]] += 1
    total = sum(counts) or 1
    return Profile(org.id, frozenset(n for a in org.all_actions for n in a.recommendations),
                   tuple(c / total for c in counts))


def cosine(a: tuple, b: tuple) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


def score(a: Profile, b: Profile, shared: int) -> float:
    union = len(a.recs) + len(b.recs) - shared
    jaccard = shared / union if union else 0.0
    return REC_WEIGHT * jaccard + (1 - REC_WEIGHT) * cosine(a.shares, b.shares)


class Work:
    """Counts the posting-list entries visited (tests check the bound with it)."""

    visits = 0


def most_similar(profiles: list[Profile], top: int = TOP, budget: int | None = None,
                 work: Work | None = None) -> dict[str, list[tuple[str, float, int]]]:
    """id -> [(other id, score, shared recommendations)], best first (ties by list order)."""
    budget = budget if budget is not None else VISITS_PER_RECOMMENDATION * len(views.RECOMMENDATIONS)
    work = work or Work()
    postings: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for n in p.recs:
            postings[n].append(i)
    result = {}
    for i, p in enumerate(profiles):
        shared: dict[int, int] = defaultdict(int)
        visits = 0
        for n in sorted(p.recs, key=lambda n: (len(postings[n]), n)):
            posting = postings[n]
            if visits + len(posting) > budget:
                break
            visits += len(posting)
            for j in posting:
                shared[j] += 1
        work.visits += visits
        shared.pop(i, None)
        if len(shared) < top:  # too few share a recommendation: compare the mix with a few more
            for j in range(min(FALLBACK, len(profiles))):
                if j != i:
                    shared.setdefault(j, 0)
        ranked = sorted(((score(p, profiles[j], s), -j, j, s) for j, s in shared.items()), reverse=True)[:top]
        result[p.id] = [(profiles[j].id, round(sc, 3), s) for sc, _, j, s in ranked]
    return result


def similar_organisations(site: Site) -> dict[str, list[Match]]:
    """organisation id -> its five most alike organisations."""
    by_id = {o.id: o for o in site.organisations}
    found = most_similar([profile(site, o) for o in site.organisations])
    return {oid: [Match(other, by_id[other].name, sc, s) for other, sc, s in matches] for oid, matches in found.items()}


def brute_force(profiles: list[Profile], top: int = TOP) -> dict[str, list[tuple[str, float, int]]]:
    """Every pair, for tests: what most_similar gives when its budget is never reached."""
    result = {}
    for i, p in enumerate(profiles):
        candidates = [j for j, q in enumerate(profiles) if j != i and p.recs & q.recs]
        if len(candidates) < top:
            candidates = sorted(set(candidates) | {j for j in range(min(FALLBACK, len(profiles))) if j != i})
        ranked = sorted(((score(p, profiles[j], len(p.recs & profiles[j].recs)), -j, j) for j in candidates),
                        reverse=True)[:top]
        result[p.id] = [(profiles[j].id, round(sc, 3), len(p.recs & profiles[j].recs)) for sc, _, j in ranked]
    return result
