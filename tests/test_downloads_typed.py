"""Downloads that work in a spreadsheet and in open-data tools (issue 23): typed workbooks read
back with openpyxl (cell types, headings, widths, frozen and filtered headings, exact text), CSV
files with a byte-order mark, each organisation's own files holding exactly its rows, and the
data package validated by frictionless (the seed site and 211 synthetic organisations here; 1,000
in tests/browser/test_browser_downloads.py)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from macros.site import datapackage, export, pages, xlsx
from macros.views import downloads, views
from macros.views.downloads import ACTIONS, ORGANISATIONS, RECOMMENDATIONS, UPDATES, Column, Table

from sitebuild import checked_synthetic_site

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def site30(tmp_path_factory):
    return checked_synthetic_site(tmp_path_factory.mktemp("synthetic") / "plans", 30, seed=5)


@pytest.fixture(scope="module")
def files30(site30):
    responses = views.responses_by_recommendation(site30)
    return pages.data_files(site30, responses, "Francis Report responses", "https://example.org/francis/")


def rows_of(site, table: Table, responding=None) -> list[list]:
    if table is RECOMMENDATIONS:
        return export.recommendations_rows(site, responding or {})
    if table is ACTIONS:
        return export.actions_rows(site)
    if table is UPDATES:
        return export.updates_rows(site)
    return downloads.values(table, {ORGANISATIONS: downloads.organisation_rows, downloads.PASSAGES: downloads.passage_rows,
                                    downloads.SUCCESSORS: downloads.successor_rows}[table](site))


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith(export.BOM) and not text.startswith(export.BOM * 2)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def check_cell(cell, column: Column, value) -> None:
    """The cell holds ``value`` with the column's type."""
    where = f"{column.key} {cell.coordinate}: {value!r} -> {cell.value!r}"
    if value == "" or value is None:
        assert cell.value is None, where
    elif column.type == downloads.DATE:
        assert cell.is_date and cell.number_format == "yyyy-mm-dd", where
        assert cell.value.date() == dt.date.fromisoformat(value), where
    elif column.type == downloads.BOOLEAN:
        assert cell.data_type == "b" and cell.value is value, where
    elif column.type == downloads.INTEGER:
        assert cell.data_type == "n" and cell.value == value, where
    elif column.numeric_text and xlsx.whole_number(value) is not None:
        assert cell.data_type == "n" and cell.value == int(value) and str(cell.value) == value, where
    else:
        assert cell.data_type == "s" and cell.value == value[:xlsx.MAX_CELL], where


def check_sheet(sheet, table: Table, rows: list[list], leave_out: tuple = ()) -> None:
    """Headings in words, then keys; frozen below them; filter on the keys; widths; every cell."""
    order = table.sheet_order(leave_out)
    got = [[c for c in row] for row in sheet.iter_rows()]
    assert [c.value for c in got[0]] == [table.columns[i].title for i in order]
    assert [c.value for c in got[1]] == [table.columns[i].key for i in order]
    assert all(c.font.b for c in got[0])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{get_column_letter(len(order))}{max(len(rows) + 2, 3)}"
    assert len(got) == len(rows) + 2 or (not rows and len(got) == 2)
    widths = {n: d.width for d in sheet.column_dimensions.values() for n in range(d.min, d.max + 1)}
    for c, i in enumerate(order, 1):
        column = table.columns[i]
        width = widths[c]  # (adjacent columns of the same width are stored as one range)
        assert xlsx.MIN_WIDTH <= width <= xlsx.MAX_WIDTH + 1 and width >= len(column.key), (column.key, width)
        texts = [v for v in (row[i] for row in rows) if isinstance(v, str) and column.type == downloads.TEXT]
        if texts:  # as wide as the longest text, up to the limit
            assert width >= min(max(map(len, texts)), xlsx.MAX_WIDTH), (column.key, width)
    for row, cells in zip(rows, got[2:]):
        for i, cell in zip(order, cells):
            check_cell(cell, table.columns[i], row[i])


def test_whole_site_workbooks_are_typed_and_hold_every_value(site30, files30):
    responding = {n: len(r) for n, r in views.responses_by_recommendation(site30).items()}
    for table in downloads.TABLES:
        book = openpyxl.load_workbook(io.BytesIO(files30[f"data/{table.name}.xlsx"]))
        assert book.sheetnames == [table.title, "Columns", "About"]
        rows = rows_of(site30, table, responding)
        assert rows or table in (downloads.PASSAGES, downloads.SUCCESSORS)  # (no synthetic plan has these yet)
        check_sheet(book[table.title], table, rows)
        # the CSV holds the same rows, all columns, in the declared order
        assert read_csv(files30[f"data/{table.name}.csv"]) == [table.keys] + [
            next(csv.reader(io.StringIO(export.csv_line(r), newline=""))) for r in rows]
        columns = [[c.value for c in row] for row in book["Columns"].iter_rows(min_row=2)]
        assert columns == [[table.title, table.columns[i].title, table.columns[i].key, table.columns[i].holds,
                            table.columns[i].description] for i in table.sheet_order()]
        about = dict((r[0].value, r[1].value) for r in book["About"].iter_rows())
        assert about["Statuses as of"] == site30.as_of
        assert "Open Government Licence v3.0" in about["Licence"]
        assert about["How to cite"].endswith(f"https://example.org/francis/data/{table.name}.xlsx")
        assert book.properties.created == dt.datetime.fromisoformat(site30.as_of)
    # the types the issue asks for are all there
    actions = openpyxl.load_workbook(io.BytesIO(files30["data/actions.xlsx"]))["Actions"]
    kinds = {(c.data_type, c.is_date) for row in actions.iter_rows(min_row=3) for c in row if c.value is not None}
    assert kinds == {("s", False), ("n", False), ("d", True), ("b", False)}  # text, number, date, boolean


def test_labels_sit_beside_their_keys_and_dates_beside_the_dates_as_written():
    order = [ACTIONS.columns[i].key for i in ACTIONS.sheet_order()]
    assert order[order.index("current_status") + 1] == "current_status_label"
    assert order[order.index("due") + 1] == "due_date"
    assert order[order.index("revised_due") + 1] == "revised_due_date"
    assert "link" not in order and "as_of" not in order  # keys for programs, and the date on the About sheet
    updates = [UPDATES.columns[i].key for i in UPDATES.sheet_order()]
    assert updates[:5] == ["organisation_id", "organisation", "action_id", "action_ref", "action_text"]
    assert updates[updates.index("status") + 1] == "status_label"


def test_the_first_fifteen_actions_columns_never_change():
    """A public contract: columns are only added at the end."""
    assert ACTIONS.keys[:15] == ["organisation_id", "organisation", "workstream", "recommendation", "priority",
                                 "action", "owner", "due", "status", "ref", "current_position", "action_id",
                                 "current_status", "last_update", "overdue"]


def test_every_table_has_a_schema_made_from_its_columns(site30):
    enums = downloads.enums(site30)
    for table in (*downloads.TABLES, downloads.NOT_RESPONDING, downloads.NOT_NUMBERING):
        keys = [c.key for c in table.columns]
        assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[a-z][a-z_]*", k) for k in keys)
        assert all(c.title and c.description.endswith((".", ")")) for c in table.columns), table.name
        schema = datapackage.table_schema(table, enums)
        assert [f["name"] for f in schema["fields"]] == keys
        assert set(schema.get("primaryKey", [])) <= set(keys) and (schema.get("primaryKey") or table is downloads.PASSAGES)
    status = datapackage.field(ACTIONS.column("current_status"), enums)
    assert status["constraints"]["enum"] == [s.key for s in site30.statuses]
    assert datapackage.field(ACTIONS.column("overdue"), enums)["trueValues"] == ["true"]


@SETTINGS
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
       | st.sampled_from(["=1+1", "=HYPERLINK(\"http://x.example\",\"y\")", "+44 20", "-x", "@SUM(A1)", " lead",
                          "trail ", "<r><t>x</t></r>", "<r>a</r>", "<r><t>broken</r>", "_x0041_", "Café – Łódź",
                          "😀", "]]>", "<&>\"'", "\u00a0", "007", "12", "1.5", "1e5", "x" * 33000]))
def test_any_text_reads_back_exactly_as_text(text):
    """No text runs as a formula, turns into a number or a date, or changes; a numeric-text
    column makes a plain whole number a number, and only that."""
    table = Table("t", "T", "One row.", (
        Column("text", "Text", downloads.TEXT, "A text.", lambda r: r),
        Column("id", "Id", downloads.TEXT, "An id.", lambda r: r, numeric_text=True)))
    data = xlsx.workbook([(table, [[text, text]])], [("About", text)], "2019-06-30", "t", columns_sheet=False)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["T"]
    check_cell(sheet["A3"], table.columns[0], text)
    check_cell(sheet["B3"], table.columns[1], text)
    if text.strip() and xlsx.whole_number(text) is None:
        assert sheet["B3"].data_type == "s"


def test_workbooks_are_the_same_bytes_every_time(site30, files30):
    again = pages.data_files(site30, views.responses_by_recommendation(site30), "Francis Report responses",
                             "https://example.org/francis/")
    assert again.keys() == files30.keys()
    assert [name for name in files30 if files30[name] != again[name]] == []


def test_each_organisation_has_exactly_its_own_rows(site30, files30):
    actions = read_csv(files30["data/actions.csv"])
    updates = read_csv(files30["data/updates.csv"])
    plans = json.loads(files30["data/plans.json"])
    for org in site30.organisations:
        paths = export.organisation_files(org.id)
        mine = [r for r in actions[1:] if r[0] == org.id]
        assert len(mine) == len(org.all_actions) and read_csv(files30[paths["csv"]]) == [actions[0]] + mine
        theirs = [r for r in updates[1:] if r[0] == org.id]
        assert read_csv(files30[paths["updates_csv"]]) == [updates[0]] + theirs
        book = openpyxl.load_workbook(io.BytesIO(files30[paths["xlsx"]]))
        assert book.sheetnames == ["Actions", "Progress updates", "About"]
        leave_out = ("organisation_id", "organisation")
        check_sheet(book["Actions"], ACTIONS, [r for r in export.actions_rows(site30) if r[0] == org.id], leave_out)
        check_sheet(book["Progress updates"], UPDATES, [r for r in export.updates_rows(site30) if r[0] == org.id],
                    leave_out)
        about = dict((r[0].value, r[1].value) for r in book["About"].iter_rows())
        assert about["Organisation"] == org.name and about["Statuses as of"] == site30.as_of
        assert about["Page"] == f"https://example.org/francis/organisations/{org.id}/"
        own = json.loads(files30[paths["json"]])
        assert own["as_of"] == site30.as_of and own["organisation"]["id"] == org.id
        assert own["organisation"] == next(o for o in plans["organisations"] if o["id"] == org.id)
        if org.joint:
            assert own["joint_response"]["id"] == org.joint.id and org.id in own["joint_response"]["members"]
        else:
            assert "joint_response" not in own


def test_updates_can_be_read_alone(site30):
    rows = list(csv.DictReader(io.StringIO(export.updates_csv(site30))))
    assert rows
    by_link = {r["link"]: r for r in csv.DictReader(io.StringIO(export.actions_csv(site30)))}
    for row in rows:
        action = by_link[row["action_link"]]
        assert (row["organisation"], row["action_id"]) == (action["organisation"], action["action_id"])
        assert row["action_ref"] == action["ref"]
        start = " ".join((action["action"] or action["current_position"]).lstrip("'").split())
        assert row["action_text"] and start.startswith(row["action_text"].rstrip("…").lstrip("'"))
        assert row["status_label"] == site30.status(row["status"]).label


def frictionless_report(folder: Path, descriptor: str = "datapackage.json"):
    import frictionless
    return frictionless.validate(str(folder / descriptor))


def write(files: dict, folder: Path) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder / "data"


def errors(report) -> list:
    return [(e.type, e.note) for task in report.tasks for e in task.errors][:10] + \
        [(e.type, e.note) for e in report.errors][:10]


def test_the_data_package_of_211_organisations_is_valid(tmp_path_factory):
    """The package made by the same code as a build's (pages.data_files), without a whole mkdocs
    build: every value has its declared type, every key joins."""
    site = checked_synthetic_site(tmp_path_factory.mktemp("national") / "plans", 211, seed=2013)
    data = write(pages.data_files(site, views.responses_by_recommendation(site)), tmp_path_factory.mktemp("site211"))
    report = frictionless_report(data)
    assert report.valid, errors(report)
    assert [t.name for t in report.tasks] == [t.name for t in downloads.TABLES]
    assert sum(t.stats["rows"] for t in report.tasks if t.name == "actions") == \
        sum(len(o.all_actions) for o in site.organisations) > 2000


def test_the_seed_sites_package_is_valid_with_the_command_and_every_csv_has_a_schema(built_site, seed_site, tmp_path,
                                                                                     monkeypatch):
    import subprocess
    import sys
    data = built_site / "data"
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", "--json", "datapackage.json"]
    result = subprocess.run(command, cwd=data, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert json.loads(result.stdout)["valid"] is True
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert package["sources"] == datapackage.sources(seed_site)
    assert all(any(s["title"].startswith(o.provenance.title) for s in package["sources"]) for o in seed_site.organisations)
    import frictionless
    monkeypatch.chdir(data)  # frictionless reads relative paths only, as the Downloads page's example does
    listing = max(sorted(data.glob("not-responding/*.csv")), key=lambda p: len(p.read_bytes().splitlines()))
    listed = len(listing.read_bytes().splitlines()) - 1
    assert listed > 0
    for name, schema, rows in (("organisations/lewisham-actions.csv", "actions.json", 27),
                               ("organisations/leicester-city-updates.csv", "updates.json", 0),  # none yet
                               (f"not-responding/{listing.name}", "not-responding.json", listed),
                               ("not-numbering.csv", "not-numbering.json", 5)):
        report = frictionless.validate(name, schema=f"schemas/{schema}")
        assert report.valid and report.tasks[0].stats.get("rows", 0) == rows, (name, errors(report))
    assert {r["path"] for r in package["resources"]} == {f"{t.name}.csv" for t in downloads.TABLES}
    # a file that breaks its schema is found out
    broken = tmp_path / "data"
    broken.mkdir()
    for path in data.glob("*.csv"):
        (broken / path.name).write_bytes(path.read_bytes())
    text = (broken / "actions.csv").read_text(encoding="utf-8")
    (broken / "actions.csv").write_text(text.replace(",false,", ",maybe,", 1), encoding="utf-8")
    (broken / "datapackage.json").write_text(json.dumps({**package, "resources": [
        {k: v for k, v in r.items() if k not in ("bytes", "hash")} for r in package["resources"]]}), encoding="utf-8")
    report = frictionless_report(broken)
    assert not report.valid and ("type-error", ) == tuple({t for t, _ in errors(report)})


def test_csv_files_start_with_a_byte_order_mark(built_site):
    data = built_site / "data"
    paths = sorted(data.rglob("*.csv"))
    assert len(paths) > 40
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2), path
    rows = list(csv.DictReader(io.StringIO((data / "actions.csv").read_text(encoding="utf-8-sig"))))
    assert any("–" in r["action"] for r in rows)  # Excel reads the dash as a dash, not "â€“"


def test_each_organisation_page_links_its_own_files(built_site, seed_site):
    for org in seed_site.organisations:
        html = (built_site / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        for kind, path in export.organisation_files(org.id).items():
            assert f'href="../../{path}"' in html, (org.id, kind)
            assert (built_site / path).is_file()
        assert "This organisation's data, statuses as of" in html


def test_the_downloads_page_explains_every_column_from_the_schema(built_site):
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    text = unescape(html)
    for table in (*downloads.TABLES, downloads.NOT_RESPONDING, downloads.NOT_NUMBERING):
        for column in table.columns:
            assert f"<code>{column.key}</code>" in html, column.key
            assert column.description in text, column.key
    for name in ("datapackage.json", "organisations.xlsx", "updates.xlsx", "actions.xlsx"):
        assert f'href="../data/{name}"' in html
    assert "Open Government Licence v3.0" in html and "How to cite" in html
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in html
