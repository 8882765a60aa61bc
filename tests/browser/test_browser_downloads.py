"""The downloads opened in LibreOffice (Debian's libreoffice-calc-nogui, headless), and the data
package at national scale (issue 23). In the browser/print tier: LibreOffice takes seconds to
start, and 1,000 organisations' downloads take a while to make and to validate.

- LibreOffice converts actions.xlsx to CSV: every value matches the CSV download.
- LibreOffice opens actions.csv (UTF-8 import, as DESIGN.md notes) and keeps its accents and
  dashes; the byte-order mark is not read as part of the first heading.
- frictionless validates the package of 1,000 synthetic organisations, made by the same code
  as a build's (pages.data_files), without a whole mkdocs build.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from macros.site import export, pages
from macros.views import downloads, views
from macros.views.downloads import ACTIONS

from sitebuild import checked_synthetic_site

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def libreoffice(tmp: Path, *args: str) -> None:
    if not Path(SOFFICE).exists():
        pytest.fail("LibreOffice not found: install Debian's libreoffice-calc-nogui (scripts/system-packages does)")
    profile = tmp / "profile"  # its own profile: no lock shared with another LibreOffice
    result = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                             "--nolockcheck", *args, "--outdir", str(tmp)], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "HOME": str(tmp)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_libreoffice_reads_the_workbook_as_the_csv_download(built_site, tmp_path):
    shutil.copy(built_site / "data" / "actions.xlsx", tmp_path / "actions.xlsx")
    libreoffice(tmp_path, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", str(tmp_path / "actions.xlsx"))
    sheet = list(csv.reader(io.StringIO((tmp_path / "actions.csv").read_text(encoding="utf-8"), newline="")))
    download = list(csv.reader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"),
                                           newline="")))
    order = [ACTIONS.columns[i] for i in ACTIONS.sheet_order()]
    assert sheet[0] == [c.title for c in order] and sheet[1] == [c.key for c in order]
    assert len(sheet) - 2 == len(download) - 1 > 80
    index = {key: i for i, key in enumerate(download[0])}
    kinds = set()
    for shown, row in zip(sheet[2:], download[1:]):
        for column, value in zip(order, shown):
            expected = row[index[column.key]]
            if column.type == downloads.BOOLEAN:
                assert (value in ("TRUE", "FALSE") and value.lower() == expected
                        or value == expected == "" and not column.required), (column.key, value, expected)
            else:  # text the CSV neutralised against formulas has its ' there, not in the cell
                assert export.neutralise(value) == expected, (column.key, value, expected)
            kinds.add(column.type if value else "")
    assert kinds >= {downloads.TEXT, downloads.DATE, downloads.BOOLEAN}


def test_libreoffice_opens_the_csv_with_its_accents(built_site, tmp_path):
    shutil.copy(built_site / "data" / "actions.csv", tmp_path / "actions.csv")
    libreoffice(tmp_path, "--infilter=CSV:44,34,76,1,,2057", "--convert-to", "xlsx", str(tmp_path / "actions.csv"))
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "actions.xlsx").active.iter_rows()]
    download = list(csv.reader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8-sig"),
                                           newline="")))
    assert rows[0][0] == "organisation_id"  # the byte-order mark is not part of the heading
    action = download[0].index("action")
    dashed = [r[action] for r in download[1:] if "–" in r[action]]
    assert dashed and all(text in [r[action] for r in rows[1:]] for text in dashed)


def test_the_data_package_of_1000_organisations_is_valid(tmp_path_factory, monkeypatch):
    import frictionless
    from macros.site import xlsx
    site = checked_synthetic_site(tmp_path_factory.mktemp("thousand") / "plans", 1000, seed=2013)
    out = tmp_path_factory.mktemp("thousand-site")
    # the CSV files and the package as a build makes them; the workbooks and JSON files are not needed here
    monkeypatch.setattr(xlsx, "workbook", lambda *args, **kwargs: b"")
    monkeypatch.setattr(export, "organisation_json", lambda *args, **kwargs: "")
    for name, content in pages.data_files(site, views.responses_by_recommendation(site)).items():
        if name.startswith(("data/datapackage.json", *(f"data/{t.name}.csv" for t in downloads.TABLES))):
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    report = frictionless.validate(str(out / "data" / "datapackage.json"))
    assert report.valid, [(e.type, e.note) for t in report.tasks for e in t.errors][:10]
    # (a table with a header and no row, as synthetic plans' passages and successors, has no count)
    rows = {t.name: t.stats.get("rows", 0) for t in report.tasks}
    assert rows["actions"] == sum(len(o.all_actions) for o in site.organisations) > 10_000
    assert rows["organisations"] == 1000
