"""Issue 22: meeting files (scripts/board-packs --meeting FILE) are read as strictly as plans and
checked against the schema, with every problem at file:line and the fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.model import Link
from macros.plans import meeting
from macros.views import fieldref

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "meetings" / "governing-body-2016-12-14.yaml"
MINIMAL = '''meeting: "Governing Body"
date: "2016-12-14"
agenda_item: "7.2"
author: "Jo Example"
executive_lead: "Sam Example"
purpose: information
paper: private
status: draft
'''


def read_text(tmp_path, text: str):
    path = tmp_path / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    return meeting.read(path)


def errors(problems) -> list[str]:
    return [p.format() for p in problems if p.level == "error"]


def test_a_good_meeting_file():
    m, problems = meeting.read(GOOD)
    assert not problems and m is not None
    assert (m.meeting, m.date, m.agenda_item, m.purpose, m.paper, m.status) == (
        "Governing Body (meeting in public)", "2016-12-14", "7.2", "assurance", "public", "final")
    assert m.risks == (Link("BAF 3.2: quality of commissioned services",
                            "https://www.example.nhs.uk/board/assurance-framework.pdf"),
                       Link("Corporate risk register, risk 118", ""))
    assert [k for k, _ in m.implications] == ["quality", "finance"]
    assert m.recommendation.startswith("The Governing Body is asked to note")


def test_optional_keys_may_be_left_out_and_an_agenda_item_may_be_a_number(tmp_path):
    m, problems = read_text(tmp_path, MINIMAL.replace('agenda_item: "7.2"', "agenda_item: 7"))
    assert not problems and m.agenda_item == "7"
    assert (m.title, m.recommendation, m.assurance_level, m.risks, m.implications, m.previously_considered_by) == (
        "", "", "", (), (), "")


@pytest.mark.parametrize("change, line, says", [
    (("purpose: information", "purpose: approval"), 6, "purpose must be one of: decision, assurance, information, "
                                                        "discussion; found 'approval'"),
    (("purpose: information", "purpose: Assurance"), 6, "(did you mean 'assurance'?)"),
    (('date: "2016-12-14"', 'date: "14 December 2016"'), 2,
     "meeting date must be a date written year-month-day, like 2015-06-30; found '14 December 2016'"),
    (('date: "2016-12-14"', 'date: "2016-02-30"'), 2, "meeting date '2016-02-30' is not a real date"),
    (('date: "2016-12-14"', "date: 2016-12"), 2, "meeting date must be a date written year-month-day"),
    (('meeting: "Governing Body"\n', ""), 1, "the meeting file has no meeting, which is required: add a line "
                                             "like this: meeting: \"Governing Body\""),
    (("paper: private", "paper: secret"), 7, "public or private must be one of: public, private; found 'secret'"),
    (("status: draft", "status: draft\nexecutive: x"), 9, "unknown field 'executive' in the meeting file"),
    (('author: "Jo Example"', 'author: ""'), 4, "the author is empty"),
    (('author: "Jo Example"', "author:"), 4, "author is required but empty"),
    (("status: draft", "status: draft\nstatus: final"), 9, "status"),
    (("status: draft", "status: draft\nrisks:\n  - title: BAF\n    url: javascript:alert(1)"), 11,
     "risk 1: risk web address must start with https:// or http://"),
    (("status: draft", "status: draft\nimplications:\n  money: none"), 10, "unknown field 'money' in implications"),
])
def test_bad_meeting_files_get_clear_errors_at_their_line(tmp_path, change, line, says):
    m, problems = read_text(tmp_path, MINIMAL.replace(*change))
    assert m is None
    found = errors(problems)
    assert any(f"meeting.yaml:{line}:" in e and says in e for e in found), found


def test_not_a_meeting_file_missing_files_and_bad_bytes(tmp_path):
    m, problems = read_text(tmp_path, "- meeting: x\n")
    assert m is None and "this is not a meeting file" in errors(problems)[0]
    m, problems = meeting.read(tmp_path / "nowhere.yaml")
    assert m is None and "the meeting file does not exist" in errors(problems)[0]
    m, problems = read_text(tmp_path, MINIMAL.replace("Jo Example", "Jo\u202eExample"))
    assert m is None and "U+202E RIGHT-TO-LEFT OVERRIDE" in errors(problems)[0]
    m, problems = read_text(tmp_path, MINIMAL + "extra: !!python/object:os.system x\n")
    assert m is None and errors(problems)


def test_the_field_reference_documents_the_meeting_file():
    sections = {section[0]: section for section in fieldref.reference()["sections"]}
    rows = {r["name"]: r for r in sections["meeting-file"][3]}
    assert rows["purpose"]["allowed"] == "decision, assurance, information, discussion" and rows["purpose"]["required"]
    assert not rows["assurance_level"]["required"] and "implications.equality" in rows and "risks[].url" in rows
