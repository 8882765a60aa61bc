"""Issue 24, checks per document: every row of every source table, found by the source's own
line numbers, is in its plan word for word; every passage a plan quotes (context:) is in its
source word for word; recommendation texts match the catalogue's wording or one it keeps
attributed. No mkdocs: the plans and the seed documents only.

Only whitespace and markup are set aside: the seeds carry table cells with <p> and <ul> tags,
line breaks where the document broke a page, and tabs; plans write paragraphs as blank lines
and bullets as '- '. Every letter and punctuation mark must match.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sitebuild import PLANS

SEEDS = Path(__file__).resolve().parent / "fixtures" / "sources"  # copies of the five documents
CATALOGUE = Path(__file__).resolve().parent.parent / "macros" / "data" / "recommendations.yaml"

LEWISHAM, COVENTRY, LLR, TOWER_HAMLETS, BARNET = (
    "000_0fda4d0c6929bc1d.txt", "001_333da5ab216c5d58.txt", "002_2ef3c3ba660e9138.txt",
    "003_591d45c0c3b4f0cd.txt", "004_cac101438642336a.txt")


def norm(text: str) -> str:
    """Text without markup, bullet markers ('- ' at a line's start, as plans write them; '•' as
    the documents do) and runs of whitespace."""
    text = re.sub(r"<[^>]+>", " ", text or "").replace("•", " ")
    text = re.sub(r"(?m)^\s*- ", " ", text)
    return " ".join(text.split())


def line(document: str, number: int) -> str:
    """Line ``number`` (1-based, as `cat -n` counts) of a seed document."""
    return (SEEDS / document).read_text(encoding="utf-8").split("\n")[number - 1]


def cells(document: str, number: int) -> list[str]:
    return line(document, number).split("\t")


def plan(name: str) -> dict:
    return yaml.safe_load((PLANS / f"{name}.yaml").read_text(encoding="utf-8"))


def merged_rows(document: str, rows: list[tuple[int, ...]]) -> list[list[str]]:
    """Table rows, each given by its line numbers (a row the document broke across a page is
    given by both lines): the cells of its lines joined."""
    out = []
    for numbers in rows:
        parts = [cells(document, n) for n in numbers]
        width = max(map(len, parts))
        out.append([" ".join(p[i] for p in parts if i < len(p)) for i in range(width)])
    return out


# Lewisham: the four work-stream tables (Rec No., Recommendation, CCG Priority, Action, Who by,
# Completion date). Row 12 runs on at line 157; recommendation 40 is listed twice.
LEWISHAM_ROWS = [(149,), (150,), (151,), (152,), (153,), (154, 157), (158,), (159,), (164,), (165,),
                 (170,), (171,), (172,), (173,), (174,), (175,), (176,), (179,), (180,), (181,), (182,),
                 (183,), (188,), (189,), (190,), (191,), (192,)]


def test_every_row_of_lewishams_tables_is_in_its_plan():
    actions = plan("lewisham")["actions"]
    rows = merged_rows(LEWISHAM, LEWISHAM_ROWS)
    assert len(rows) == len(actions) == 27
    for row, action in zip(rows, actions):  # the plan keeps the source's order
        number, text, priority, what, who, when = (row + [""] * 6)[:6]
        where = f"line {LEWISHAM_ROWS[rows.index(row)]}"
        assert action["recommendation"] == int(number), where
        assert norm(action["recommendation_text"]) == norm(text), where
        assert action["priority"] == priority.strip(), where
        assert norm(action["action"]) == norm(what), where
        assert not who.strip() and not when.strip() and "owner" not in action and "due" not in action, where


def test_lewishams_priority_scale_and_work_streams_are_the_sources():
    data = plan("lewisham")
    for value, meaning in ((1, 100), (2, 102), (3, 104), (4, 106), (5, 108)):
        assert line(LEWISHAM, meaning) == f"{value} = " + dict((s["value"], s["meaning"]) for s in data["priority_scale"])[str(value)]
    for key, number in (("cultural", 141), ("engagement", 142), ("quality", 143), ("information", 144)):
        assert norm(data["workstream_descriptions"][key]) == norm(cells(LEWISHAM, number)[1])[3:]  # after "1. "


# Tower Hamlets: Key Themes and recommendations, Government Response, Current Position, Actions;
# a row broken across a page continues on the line after the repeated header.
TOWER_HAMLETS_ROWS = [(7,), (8, 11), (12,), (16,), (17, 20), (21,), (22, 25), (26,), (27, 30), (31,), (33, 36),
                      (37, 40), (42,), (45,), (46,), (47, 50), (51,)]


def test_every_row_of_tower_hamlets_table_is_in_its_plan():
    actions = plan("tower-hamlets")["actions"]
    rows = merged_rows(TOWER_HAMLETS, TOWER_HAMLETS_ROWS)
    assert len(rows) == len(actions) == 17
    for numbers, row, action in zip(TOWER_HAMLETS_ROWS, rows, actions):
        recommendation, response, position, what = (row + [""] * 4)[:4]
        n = action["recommendation"]
        expected = f"{n}. {action['recommendation_title']}. {action['recommendation_text']}"
        assert norm(recommendation) == norm(expected), numbers
        assert norm(response) == norm(action.get("government_response", "")), numbers
        assert norm(position) == norm(action.get("current_position", "")), numbers
        assert norm(what) == norm(action.get("action", "")), numbers


def test_every_key_action_of_coventry_is_in_its_plan():
    actions = plan("coventry-and-rugby")["actions"]
    found = {}
    for number in range(64, 82):
        parts = cells(COVENTRY, number)
        if parts[0].strip().isdigit():
            found[parts[0].strip()] = parts[1]
        elif len(parts) > 1 and parts[1].strip():  # "3 ... by" runs on two lines down
            found[max(found, key=int)] += " " + parts[1]
    assert sorted(found, key=int) == [a["ref"] for a in actions] == [str(n) for n in range(1, 13)]
    for action in actions:
        assert norm(action["action"]) == norm(found[action["ref"]]), action["ref"]


def test_every_joint_work_area_theme_and_priority_of_llr_is_in_its_plans():
    joint = plan("llr")
    for (area, leads), work in zip(((98, 99), (100, 101), (102, 103)), joint["joint_work"]):
        assert norm(line(LLR, area)) == norm(work["action"])
        label, _, value = line(LLR, leads).partition(": ")
        assert label == "Proposed leads (and Forum)" and joint["owner_label"] == "Proposed leads"
        assert value == f"{work['owner']} ({work['forum']})"
    themes = norm(" ".join(line(LLR, n) for n in range(76, 85)))
    for theme in joint["themes"]:
        assert norm(theme["description"]) in themes and theme["name"] in themes
    partners = {p["organisation"]: p["priorities"] for p in joint["partner_priorities"]}
    for number in (109, 110, 114):
        text = line(LLR, number)
        name = next(n for n in partners if n in text)
        assert text.endswith(partners[name])
    for member, number in (("leicester-city", 111), ("east-leicestershire-and-rutland", 112),
                           ("west-leicestershire", 113)):
        data = plan(member)
        text = line(LLR, number)
        description = data["grouping"]["groups"][0]["description"]
        assert text.endswith(" " + description), member
        pieces = [re.sub(r"^and ", "", p) for p in description.removeprefix("has prioritised ").rstrip(".").split("; ")]
        assert [a["action"] for a in data["actions"]] == pieces, member
        assert [a["ref"] for a in data["actions"]] == [str(i) for i in range(1, len(pieces) + 1)]
        assert any(m["field"] == "ref" for m in data["editors_supplied"]), "the numbers are the editors'"


def test_barnets_priorities_and_commitments_are_in_its_plan():
    actions = {a["id"]: a for a in plan("barnet")["actions"]}
    for number in range(304, 309):
        ref, _, text = line(BARNET, number).partition(". ")
        assert norm(actions[ref]["action"]) == norm(text), number
    commitment = norm(line(BARNET, 63) + " " + line(BARNET, 65))
    assert norm(actions["10.5"]["action"]) in commitment
    assert norm(actions["13.6"]["action"]) in norm(line(BARNET, 300))


@pytest.mark.parametrize("name, document", [("lewisham", LEWISHAM), ("coventry-and-rugby", COVENTRY),
                                            ("llr", LLR), ("barnet", BARNET)])
def test_every_passage_a_plan_quotes_is_in_its_source_word_for_word(name, document):
    passages = plan(name).get("context", [])
    assert passages, f"{name} quotes the passages its readers expect"
    source = norm((SEEDS / document).read_text(encoding="utf-8"))
    for p in passages:
        for paragraph in p["text"].split("\n\n"):  # a passage may leave out a figure between paragraphs
            assert norm(paragraph) in source, (name, p["heading"], paragraph[:60])
        if p.get("section"):
            first = p["section"].split("-")[0]
            assert first in source and (norm(p["text"]).startswith(first) or p["section"] in ("11.0",)), p


def test_the_listed_passages_are_published():
    sections = {name: {p.get("section") or p["heading"] for p in plan(name)["context"]}
                for name in ("lewisham", "coventry-and-rugby", "llr", "barnet")}
    assert {"1.1", "4.3", "6"} <= sections["lewisham"]  # approval, monitoring committees, next steps
    assert {"3.2", "4.1", "5.3-5.6", "8.1", "9.1"} <= sections["llr"]
    assert {"11.0", "10.7"} <= sections["barnet"]
    coventry = " ".join(p["text"] for p in plan("coventry-and-rugby")["context"])
    for commitment in ("1st July 2013", "assurance framework", "Job Descriptions"):
        assert commitment in coventry


def test_every_quoted_recommendation_text_is_the_catalogues_or_kept_attributed():
    catalogue = {r["number"]: r for r in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["recommendations"]}
    seen = 0
    for name in ("lewisham", "tower-hamlets"):
        for action in plan(name)["actions"]:
            if "recommendation_text" not in action:
                continue
            entry = catalogue[action["recommendation"]]
            wordings = [entry["text"]] + [q["text"] for q in entry.get("other_quotes", [])]
            assert action["recommendation_text"] in wordings, (name, action["id"])
            seen += 1
    assert seen == 44
    assert "When groups are too small to acquire such support" in catalogue[128]["text"]
    for number in (1, 2, 4, 7, 8, 12, 36, 40, 132, 138, 173, 255, 256, 263):
        response = catalogue[number]["government_response"]
        assert response["supported"] and "all but nine" in response["summary"], number
        assert "section 3.4" in response["source"]
