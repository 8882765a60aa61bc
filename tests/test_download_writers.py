"""The downloads' faster writers give the bytes the earlier ones gave: the workbooks those
openpyxl 3.1.5 wrote (write-only, one object per cell), the CSV tables and plans.json those of
the plainer code. The earlier writers are kept here as the reference; the workbooks are also
read back with openpyxl and compared cell by cell (value, type, bold), sheet and panes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from macros.site import export, xlsx
from macros.views import compare_views, views
from macros.plans.problems import escape

from sitebuild import checked_synthetic_site

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FIXED = (1980, 1, 1, 0, 0, 0)


# The earlier writers ---------------------------------------------------------------------

def openpyxl_workbook(sheet: str, header: list[str], rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    book.properties.created = book.properties.modified = dt.datetime(*FIXED)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([_openpyxl_cell(ws, name, bold) for name in header])
    for row in rows:
        ws.append([_openpyxl_cell(ws, value) for value in row])
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _openpyxl_cell(ws, value, font=None) -> WriteOnlyCell:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = "" if value is None else str(value)
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub(lambda m: escape(m.group()), text))
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    return cell


def earlier_csv_table(header: list[str], rows) -> str:
    def cell(text):
        return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\r\n') else text
    return "\n".join(",".join(cell(export.neutralise(v)) for v in row) for row in [header, *rows]) + "\n"


def earlier_clean(value):
    if dataclasses.is_dataclass(value):
        return {f.name: earlier_clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("source", "line", "joint") and getattr(value, f.name) not in ("", None, (), {})}
    if isinstance(value, (list, tuple)):
        return [earlier_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: earlier_clean(v) for k, v in value.items()}
    return value


# A small national-scale build ------------------------------------------------------------

@pytest.fixture(scope="module")
def site30(tmp_path_factory):
    return checked_synthetic_site(tmp_path_factory.mktemp("synthetic") / "plans", 30, seed=5)


def cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = [(ws.title, ws.freeze_panes, ws.max_row, ws.max_column,
               [[(c.value, c.data_type, bool(c.font.b)) for c in row] for row in ws.iter_rows()])
              for ws in book.worksheets]
    return book.sheetnames, sheets


def test_the_workbooks_of_a_synthetic_build_are_what_openpyxl_wrote(site30):
    responding = {n: len(r) for n, r in views.responses_by_recommendation(site30).items()}
    files = export.tables(site30, responding)
    assert files.keys() == {f"data/{name}.{kind}" for name in ("actions", "updates", "recommendations", "passages",
                                                                "successors")
                            for kind in ("csv", "xlsx")}
    for name, header, rows in export._tables(site30, responding):
        made, earlier = files[f"data/{name}.xlsx"], openpyxl_workbook(name, header, rows)
        assert cells(made) == cells(earlier)
        assert made == earlier
        sheetnames, [(title, panes, height, width, table)] = cells(made)
        assert sheetnames == [name] and panes == "A2" and (height, width) == (len(rows) + 1, len(header))
        assert [c[0] for c in table[0]] == header and all(bold for _, _, bold in table[0])
        assert not any(bold for row in table[1:] for _, _, bold in row)
        assert {t for row in table for v, t, _ in row if v is not None} <= {"s", "n"}
        assert files[f"data/{name}.csv"] == earlier_csv_table(header, rows)
    assert export.workbooks(site30, responding) == {k: v for k, v in files.items() if k.endswith(".xlsx")}


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["=1+1", "#N/A", " lead", "trail\t", "\x1c", "a\rb", "<&>\"'", "]]>", "Café – Łódź", "😀", "\ufffe",
     "\ud800", "\u00a0", "\x7f\x85", "", "x" * 40000, "\x00" * 9000])
VALUE = TEXT | st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats() | st.sampled_from([0, -0.0])
ROWS = st.lists(st.lists(VALUE, max_size=6), max_size=6)


@SETTINGS
@given(header=st.lists(TEXT | st.integers(0, 99), min_size=1, max_size=6), rows=ROWS)
def test_any_cells_give_openpyxl_bytes(header, rows):
    try:
        earlier = openpyxl_workbook("s", header, rows)
    except ValueError:  # U+FFFE, U+FFFF, a lone surrogate: XML cannot carry them
        with pytest.raises(ValueError):
            xlsx.workbook("s", header, rows)
        return
    assert xlsx.workbook("s", header, rows) == earlier


def test_a_text_longer_than_a_cell_is_cut_as_openpyxl_cut_it():
    rows = [["x" * 40000, " " + "y" * 40000, "\x01" * 20000]]
    assert xlsx.workbook("s", ["a", "b", "c"], rows) == openpyxl_workbook("s", ["a", "b", "c"], rows)
    assert len(openpyxl.load_workbook(io.BytesIO(xlsx.workbook("s", ["a"], rows)))["s"]["A2"].value) == xlsx.MAX_CELL


@SETTINGS
@given(header=st.lists(TEXT, min_size=1, max_size=4), rows=ROWS)
def test_any_cells_give_the_same_csv(header, rows):
    assert export.csv_table(header, rows) == earlier_csv_table(header, rows)


def test_the_not_responding_files_and_plans_json_are_unchanged(site30, monkeypatch):
    responses = views.responses_by_recommendation(site30)
    numbers = set(views.recommendation_numbers(site30, responses))
    files = compare_views.not_responding_files(site30, responses, numbers)
    assert len(files) == len(numbers) + 1 and len(numbers) > 100  # and data/not-numbering.csv
    for n in numbers:
        rows = ([n, o.id, o.name] for o in compare_views.not_responding(site30, responses, n))
        earlier = earlier_csv_table([c for c, _ in compare_views.NOT_RESPONDING_COLUMNS], rows)
        made = files[f"data/not-responding/{n}.csv"]
        assert made == compare_views.not_responding_csv(site30, responses, n) == earlier
    made = export.plans_json(site30)
    monkeypatch.setattr(export, "_clean", earlier_clean)
    assert made == export.plans_json(site30)
    assert json.loads(made)["organisations"]
