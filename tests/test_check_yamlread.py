"""Strict YAML reading: no YAML 1.1 surprises, duplicate keys and syntax errors at their line."""
from __future__ import annotations

import pytest
from workcount import lines_run

from macros.plans import dates, yamlread


def read(text: str) -> yamlread.Document:
    return yamlread.read("p.yaml", text)


def lines(doc: yamlread.Document) -> list[str]:
    return [p.format() for p in doc.problems]


def test_yaml_1_1_surprises_stay_text_exactly_as_written():
    doc = read("a: no\nb: yes\nc: on\nd: off\ne: 9:30\nf: 0012\ng: 2014-03-31\nh: 2014-02-30\n"
               "i: 1e3\nj: 0x1F\nk: .inf\nl: 2014/15\nm: Yes\nn: 12.50\n")
    assert doc.data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "9:30", "f": "0012",
                        "g": "2014-03-31", "h": "2014-02-30", "i": "1e3", "j": "0x1F", "k": ".inf",
                        "l": "2014/15", "m": "Yes", "n": "12.50"}
    assert doc.problems == []


def test_only_plain_whole_numbers_true_false_and_null_are_not_text():
    doc = read('a: 12\nb: "12"\nc: true\nd: false\ne: null\nf: ~\ng:\nh: 0\n')
    assert doc.data == {"a": 12, "b": "12", "c": True, "d": False, "h": 0}
    assert doc.empty == {("e",), ("f",), ("g",)}


def test_a_comment_after_a_value_is_kept_out_and_warned_about():
    doc = read("owner: see #3 # note\n")
    assert doc.data == {"owner": "see"}
    assert lines(doc) == ["p.yaml:1:12: warning: the text after ' #' on this line is a YAML comment and "
                          "is not published: if it is part of the value, put the whole value in double quotes"]


def test_duplicate_keys_name_both_lines():
    doc = read("id: a\nname: one\nactions: []\nname: two\n")
    assert lines(doc) == ["p.yaml:4:1: error: field 'name' appears twice in the same block (lines 2 and 4); "
                          "YAML would silently keep only the last one: delete or rename one of them"]
    assert doc.data["name"] == "one"


def test_positions_of_keys_and_values_are_one_based():
    doc = read("# comment\nprovenance:\n  title: \"T\"\nactions:\n  - workstream: quality\n")
    assert doc.key_at[("provenance", "title")] == (3, 3)
    assert doc.value_at[("provenance", "title")] == (3, 10)
    assert doc.value_at[("actions", 0)] == (5, 5)


@pytest.mark.parametrize("text, expected", [
    ('id: x\nname: "NHS Riverside CCG\nas_at: "2014-03"\n',
     "p.yaml:2:7: error: the double quote (\") that starts this value is never closed: put a \" at the end "
     "of the value"),
    ("id: x\nname: 'NHS Riverside\n",
     "p.yaml:2:7: error: the single quote (') that starts this value is never closed: put a ' at the end "
     "of the value"),
    ('name: "NHS" Riverside\n',
     "p.yaml:1:13: error: there is text after the closing quote: put the whole value inside the quotes"),
    ("provenance:\n  title: x\n   meeting: y\n",
     "p.yaml:3:4: error: this line starts in column 4, but the field on line 2 above it starts in column 3: "
     "fields of the same block must start in the same column: if this line belongs with it, move it to "
     "column 3 (indent with spaces)"),
    ("id:x\nname: y\n", "p.yaml:1:4: error: put a space after the colon: 'id: ...'"),
    ("action: Review: every month\n",
     "p.yaml:1:15: error: a ': ' (colon and space) inside a value confuses YAML: put the whole value in "
     "double quotes, or start it on the next line after '|-'"),
    ("owner: @team\n", "p.yaml:1:8: error: a value cannot start with '@' unless it is in quotes: put the "
                       "whole value in double quotes"),
    ("owner: `team`\n", "p.yaml:1:8: error: a value cannot start with '`' unless it is in quotes: put the "
                        "whole value in double quotes"),
    ("owner: *bold*\n", "p.yaml:1:8: error: a value cannot start with '*' unless it is in quotes: put the "
                        "whole value in double quotes"),
    ("owner: & co\n", "p.yaml:1:8: error: a value cannot start with '&' unless it is in quotes: put the "
                      "whole value in double quotes"),
    ("authors: [a, b\nname: x\n",
     "p.yaml:2:5: error: a value that starts with '[' or '{' must be closed on the same line: if it is "
     "text, put the whole value in double quotes"),
    ("provenance:\n\ttitle: x\n", "p.yaml:2:1: error: a tab character is not allowed in YAML: indent with "
                                  "spaces instead"),
    ("a: b\n\x07\n", "p.yaml:2:1: error: this file contains a character that is not allowed in a plan (a "
                     "control character, often pasted from a PDF or Word): delete it and type it again"),
])
def test_syntax_errors_are_explained_at_their_line(text, expected):
    doc = read(text)
    assert lines(doc) == [expected]
    assert doc.data is None


def test_tags_are_refused_and_never_constructed():
    doc = read("owner: !!python/object/apply:os.system [\"echo hi\"]\nforum: !!str 2\nstatus: !custom x\n")
    assert [p.line for p in doc.problems] == [1, 2, 3]
    assert all("YAML tags such as" in p.message for p in doc.problems)
    assert doc.data["owner"] == ["echo hi"]  # plain data: nothing was run


def test_a_billion_laughs_is_refused_without_being_expanded(monkeypatch):
    """Nine lines whose aliases of aliases would expand to 10**9 values: each value written in
    the file is converted once (an alias is never followed again) and the whole read runs a
    couple of thousand lines of yamlread, counted, so a busy machine cannot fail it."""
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    written = 1 + 9 + 9 * 10  # the document, its nine lists, and ten items in each
    converted = []
    convert = yamlread._Converter.convert
    monkeypatch.setattr(yamlread._Converter, "convert",
                        lambda self, node, at: converted.append(at) or convert(self, node, at))
    doc, ran = lines_run(yamlread, read, text, budget=20_000)  # about 1,600 lines; expanded: billions
    assert len(converted) <= written
    assert [p.line for p in doc.problems] == list(range(1, 10))
    assert all("anchors and aliases" in p.message for p in doc.problems)


def test_a_second_document_is_refused():
    doc = read("id: a\n---\nid: b\n")
    assert lines(doc) == ["p.yaml:3:1: error: a plan is one YAML document: remove the '---' line and what "
                          "follows"]


def test_merge_keys_and_non_text_field_names_are_refused():
    doc = read("base: {a: 1}\nother:\n  <<: {a: 1}\n? [x]\n: y\n")
    assert [(p.line, p.col) for p in doc.problems] == [(3, 3), (4, 3)]


@pytest.mark.parametrize("value", ["2014-03-31", "2014-02-28", "2016-02-29", "2014-03", "2014-12", "2014/15",
                                   "1999/00"])
def test_accepted_dates(value):
    assert dates.problem(value) is None


@pytest.mark.parametrize("value, why", [
    ("2014-02-30", "February 2014 has 28 days: check the day"),
    ("2015-02-29", "February 2015 has 28 days: check the day"),
    ("2014-04-31", "April 2014 has 30 days: check the day"),
    ("2014-13-01", "there is no month 13: check the month (the middle number)"),
    ("2014-00", "there is no month 0: check the month (the last number)"),
    ("2014/16", "a financial year runs from 1 April of one year to 31 March of the next, so it is written "
                "2014/15"),
    ("March 2014", "it is not in an accepted form"),
    ("31/03/2014", "it is not in an accepted form"),
    ("2014", "it is not in an accepted form"),
])
def test_rejected_dates_say_why(value, why):
    assert dates.problem(value) == why


def test_the_accepted_forms_are_spelled_out():
    assert dates.ACCEPTED == "a date (2014-03-31), a month (2014-03) or a financial year (2014/15)"


def test_several_syntax_mistakes_are_each_reported_once():
    doc = read('a: "open\nb: x\nc:d\n\te: 1\nf: [1, 2\ng: ok\n')
    assert lines(doc) == [
        'p.yaml:1:4: error: the double quote (") that starts this value is never closed: put a " at the end '
        'of the value',
        "p.yaml:3:3: error: put a space after the colon: 'c: ...'",
        "p.yaml:4:1: error: a tab character is not allowed in YAML: indent with spaces instead",
        "p.yaml:6:2: error: a value that starts with '[' or '{' must be closed on the same line: if it is "
        "text, put the whole value in double quotes",
    ]
    assert doc.data is None


def test_syntax_mistakes_stop_at_a_cap():
    doc = read("a: 1\n" + "\tb: 2\n" * 50)
    assert len(doc.problems) == yamlread.MAX_SYNTAX_PROBLEMS
    assert all("tab character" in p.message for p in doc.problems)


def test_lines_of_a_text_block_that_look_like_fields_are_noted():
    doc = read("x:\n  action: |-\n    Do it.\n    owner: Someone\n    Note: this is text\n  due: 2014\n")
    assert doc.field_like == [(("x", "action"), 4, 4, "owner"), (("x", "action"), 5, 4, "Note")]
    assert doc.data == {"x": {"action": "Do it.\nowner: Someone\nNote: this is text", "due": 2014}}
