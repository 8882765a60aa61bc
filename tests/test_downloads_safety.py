"""The downloads are opened in spreadsheets: no cell runs as a formula, every row stays one
row, nothing is lost (ref and current position included), and the .xlsx workbooks hold the
exact text in text cells (tests/test_downloads_typed.py checks every cell's type)."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from macros.plans import load
from macros.site import export, xlsx
from macros.views.downloads import TEXT, Column, Table
from sitebuild import ROOT

TEMPLATE = (ROOT / "tests" / "fixtures" / "broken" / "javascript-url" / "plans" / "riverside.yaml").read_text(
    encoding="utf-8").replace("javascript:alert(1)", "https://www.riverside.nhs.uk/f.pdf")
FORMULAS = ["=HYPERLINK(\"http://x.example\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]


def hostile_site(tmp_path):
    """The Riverside plan with an action per formula-like text (as owner, action and ref), a bare
    carriage return inside a text, and a row with only a current position."""
    rows = "".join(f"  - id: \"{i}\"\n    workstream: quality\n    ref: {json.dumps(f)}\n    owner: {json.dumps(f)}\n"
                   f"    action: {json.dumps(f + ' – Café')}\n" for i, f in enumerate(FORMULAS))
    rows += '  - id: c1\n    workstream: cultural\n    action: "one\\rtwo, \\"three\\"\\nfour"\n'
    rows += '  - id: i1\n    workstream: information\n    ref: "9"\n    current_position: "Service alerts in place"\n'
    text = TEMPLATE.split("actions:\n")[0] + "actions:\n" + rows
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "riverside.yaml").write_text(text, encoding="utf-8")
    return load.check(plans)


def test_the_checker_refuses_control_characters_that_would_reach_a_cell(tmp_path):
    site, problems = hostile_site(tmp_path)
    assert site is None
    assert {p.message.split(" contains ")[1].split(",")[0] for p in problems if " contains U+" in p.message} == {
        "U+0009 CHARACTER TABULATION (tab)", "U+000D CARRIAGE RETURN"}


@pytest.fixture
def site(tmp_path):
    """The same cells, minus what the checker refuses: what can really reach the downloads."""
    rows = "".join(f"  - id: \"{i}\"\n    workstream: quality\n    ref: {json.dumps(f)}\n    owner: {json.dumps(f)}\n"
                   f"    action: {json.dumps(f + ' – Café')}\n" for i, f in enumerate(FORMULAS[:4]))
    rows += '  - id: c1\n    workstream: cultural\n    action: "one, \\"three\\"\\nfour"\n'
    rows += '  - id: i1\n    workstream: information\n    ref: "9"\n    current_position: "Service alerts in place"\n'
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "riverside.yaml").write_text(TEMPLATE.split("actions:\n")[0] + "actions:\n" + rows, encoding="utf-8")
    site, problems = load.check(plans)
    assert site is not None, [p.format() for p in problems]
    return site


def test_csv_cells_that_look_like_formulas_get_a_quote(site):
    rows = list(csv.DictReader(io.StringIO(export.actions_csv(site))))
    assert len(rows) == 6  # every action is one row, whatever its cells hold
    for row, formula in zip(rows, FORMULAS[:4]):
        assert row["owner"] == "'" + formula and row["ref"] == "'" + formula
        assert row["action"] == "'" + formula + " – Café"
    assert rows[4]["action"] == 'one, "three"\nfour'
    assert rows[5]["current_position"] == "Service alerts in place" and rows[5]["ref"] == "9"


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("x=1", "x=1"), (" =1", " =1"), (124, "124"), ("", ""), ("Café", "Café"),
])
def test_neutralise(value, cell):
    assert export.neutralise(value) == cell


def test_a_bare_carriage_return_is_quoted_so_the_row_stays_whole():
    text = export.csv_table(["a", "b"], [["one\rtwo", "x"], ["y", 'say "hi", then\nleave']])
    assert text == 'a,b\n"one\rtwo",x\ny,"say ""hi"", then\nleave"\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b"], ["one\rtwo", "x"],
                                                                ["y", 'say "hi", then\nleave']]


def test_json_keeps_the_exact_text(site):
    plans = json.loads(export.plans_json(site))
    owners = [a.get("owner") for a in plans["organisations"][0]["actions"]]
    assert owners[:4] == FORMULAS[:4]


def test_xlsx_cells_are_text_never_formulas_with_exact_text(site):
    data = export.workbooks(site, {})
    book = openpyxl.load_workbook(io.BytesIO(data["data/actions.xlsx"]))
    sheet = book["Actions"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    order = [export.ACTIONS.columns[i] for i in export.ACTIONS.sheet_order()]
    assert rows[0] == [c.title for c in order] and rows[1] == [c.key for c in order]  # headings in words, then keys
    owner, ref = rows[1].index("owner"), rows[1].index("ref")
    assert [r[owner] for r in rows[2:6]] == FORMULAS[:4] and [r[ref] for r in rows[2:6]] == FORMULAS[:4]
    assert rows[2][rows[1].index("action")] == FORMULAS[0] + " – Café"  # accents intact
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=3, max_row=6) for c in row
               if isinstance(c.value, str))
    with zipfile.ZipFile(io.BytesIO(data["data/actions.xlsx"])) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    recs = openpyxl.load_workbook(io.BytesIO(data["data/recommendations.xlsx"]))["Recommendations"]
    assert recs.max_row == 292 and recs.cell(row=3, column=1).value == 1


def test_xlsx_bytes_do_not_depend_on_when_they_are_made():
    rows = [["=1", "Łódź"]]
    table = Table("s", "S", "One row.", (Column("a", "A", TEXT, "A.", None), Column("b", "B", TEXT, "B.", None)))
    made = xlsx.workbook([(table, rows)], [("About", "x")], "2019-06-30", "t")
    assert made == xlsx.workbook([(table, rows)], [("About", "x")], "2019-06-30", "t")


def test_the_downloads_page_lists_the_workbooks_and_says_how_cells_are_neutralised(built_site):
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("actions.xlsx", "recommendations.xlsx"):
        assert f'href="../data/{name}"' in html
        assert (built_site / "data" / name).stat().st_size > 1000
    assert "as OWASP advises" in html
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"))))
    tower = [r for r in rows if r["organisation_id"] == "tower-hamlets"]
    assert tower and all(r["action"] or r["current_position"] for r in tower)  # no row left empty
