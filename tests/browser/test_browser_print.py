"""Issues 6, 10 and 22: printing and board reports. The print stylesheet drops the site's chrome and
keeps the work-stream colours, the page's address and the plan's as-at date; scripts/board-packs
writes a board report per organisation, a PDF and a DOCX with the same content: a cover sheet (a
meeting's, with --meeting), a summary, the exceptions, what changed in the reporting period (as
the web progress page has it), assurance, and every action of its plan. The PDFs, and the DOCX
converted to PDF by LibreOffice, are rendered to PNG in test-artifacts/board-reports/ to look at."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from .browserkit import PAGE_TYPES, ROOT, SITE, norm
from macros.plans import dates
from macros.views import views

CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
          ".md-footer", ".md-content__button", ".fr-download"]

PRINT_FACTS = r"""(chrome) => {
  const shown = el => { for (let e = el; e; e = e.parentElement) { if (getComputedStyle(e).display === 'none') return false; } return true; };
  const hidden = {};
  for (const sel of chrome) hidden[sel] = [...document.querySelectorAll(sel)].every(el => !shown(el));
  const url = document.querySelector('.fr-print-url');
  const text = getComputedStyle(document.querySelector('.md-typeset')).color;
  const streams = [...document.querySelectorAll('.fr-stream__title, .fr-badge')].filter(shown).map(el => ({
    cls: el.closest('[class*="fr-ws--"]').className, bg: getComputedStyle(el).backgroundColor, adjust: getComputedStyle(el).printColorAdjust,
    text: el.innerText.replace(/\s+/g, ' ').trim()}));
  const rows = [...document.querySelectorAll('.md-typeset tr')].map(tr => getComputedStyle(tr).breakInside);
  return {hidden, url: url && shown(url) ? url.innerText : null, textColour: text,
          bodyBg: getComputedStyle(document.body).backgroundColor, streams, rows,
          lede: (document.querySelector('.fr-lede') || {}).innerText || ''};
}"""


def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def luminance(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("ptype", [t for t in PAGE_TYPES if t != "not-found"])  # nobody prints a 404
def test_print_stylesheet(tabs, base_url, ptype, scheme):
    tab = tabs("desktop", scheme)
    page = tab.open(PAGE_TYPES[ptype])
    page.emulate_media(media="print")
    try:
        facts = page.evaluate(PRINT_FACTS, CHROME)
    finally:
        page.emulate_media(media="screen")
    assert all(facts["hidden"].values()), f"shown in print: {[s for s, h in facts['hidden'].items() if not h]}"
    # the page's address (here the local server's, as the site is built without SITE_URL)
    assert facts["url"] == f"Printed from {base_url}{PAGE_TYPES[ptype]}"
    # dark text on white paper, whatever the screen's colour scheme
    assert luminance(facts["textColour"]) < 0.2 and facts["bodyBg"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert all(b == "avoid" for b in facts["rows"]), "table rows may be cut across pages"
    colours = {w.key: (rgb(w.colour), f"{w.number}. {w.name}", f"{w.number}: {w.name}") for w in SITE.workstreams}
    for el in facts["streams"]:
        key = re.search(r"fr-ws--(\w+)", el["cls"]).group(1)
        colour, label, heading = colours[key]
        assert el["bg"] == colour and el["adjust"] == "exact", el
        assert label in el["text"] or heading in el["text"], el
    if ptype.startswith("organisation") and ptype != "organisations":
        org = next(o for o in SITE.organisations if PAGE_TYPES[ptype] == f"organisations/{o.id}/")
        assert f"as at {dates.display(org.as_at)}" in facts["lede"]
        assert {re.search(r"fr-ws--(\w+)", e["cls"]).group(1) for e in facts["streams"]} == set(colours)


# ---- board packs ----

REPORTS = ROOT / "test-artifacts" / "board-reports"  # PNGs of the pages, to look at


def pdf_text(path, *args) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, f"pdftotext cannot read {path}: {result.stderr}"
    return result.stdout


def squash(text: str) -> str:
    """Text as letters and digits only, so line breaks, bullets and spacing do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(?m)^\s*-\s+", "", text)
    return re.sub(r"[\W_]+", "", text).lower()


@pytest.fixture(scope="module")
def pdftotext():
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install poppler-utils (.ci/run does)")


def report_pages(pdf) -> list[str]:
    """The text of each page of a board report (margins included)."""
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), pdf
    return [p for p in pdf_text(pdf).split("\f") if p.strip()]


def stem(org, when: str) -> str:
    return f"{org.id}-board-report-{when}"


def page_fill(pdf) -> list[float]:
    """How far down each page the body text reaches, as a share of the body's height (margins
    left out): a near-empty page is one whose text stops near its top."""
    boxes = pdf_text(pdf, "-bbox")
    fills = []
    for page in re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", boxes, re.S):
        height = float(page[1])
        top, bottom = 18 / 25.4 * 72, height - 16 / 25.4 * 72  # the body between the margins
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page[2])]
        body = [y for y in ys if top < y < bottom]
        fills.append((max(body) - top) / (bottom - top) if body else 0.0)
    return fills


def assert_no_near_empty_pages(pdf, breaks_after: tuple = ()) -> None:
    """Every page but the last (and a cover sheet, which ends with a page break) is at least half
    full; a cover sheet at least a third."""
    fills = page_fill(pdf)
    for i, fill in enumerate(fills[:-1], 1):
        least = 0.33 if i in breaks_after else 0.5
        assert fill >= least, f"{pdf.name}: page {i} of {len(fills)} is near-empty ({fill:.0%} full): {fills}"


def look(pdf, name: str) -> list[Path]:
    """The PDF's pages as PNGs in test-artifacts/board-reports/ (to look at)."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    for old in REPORTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(REPORTS / name)], check=True, timeout=120)
    pngs = sorted(REPORTS.glob(f"{name}-*.png"))
    assert pngs and all(p.stat().st_size > 2000 for p in pngs), name
    return pngs


def check_report_frame(pdf, org, as_of: str, url: str, title: str = "Response to the Francis Report: progress report",
                       header: str | None = None) -> list[str]:
    """What every board report has: tagged, bookmarks, margins on every page, A4 portrait pages,
    every action's id in the table of every action, the sections in order, no near-empty page.
    Returns the pages' text."""
    reader = PdfReader(pdf)
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    bookmarks = [b.title for b in reader.outline if not isinstance(b, list)]
    assert bookmarks and squash(bookmarks[0]) == squash(title), bookmarks[:3]
    pages = report_pages(pdf)
    assert len(pages) == len(reader.pages)
    when = dates.display(as_of)
    header = header or f"Board report: response to the Francis Report, statuses as of {when}"
    for i, page in enumerate(pages, 1):
        assert org.name in norm(page) and header in norm(page), f"page {i}"
        assert f"Page {i} of {len(pages)}" in page and url in page.splitlines(), f"page {i}"
    for i, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842), f"page {i + 1} is not A4 portrait"
    text = "\n".join(pages)
    order = [text.index(h) for h in ("Cover sheet", "Summary", "1. Exceptions", "2. What changed",
                                     "3. Assurance of completed actions", "every action, by work stream")]
    assert order == sorted(order)
    table = text[text.index("every action, by work stream"):]
    missing = [a.id for a in org.all_actions if not re.search(rf"(?m)^{re.escape(a.id)}$", table)]
    assert not missing, f"action ids not in the table: {missing}"
    return pages


def margins(org, as_of: str, url: str, header: str | None = None) -> tuple[str, str, str]:
    """A board report's margins: organisation, heading (top); address (bottom, before the page number)."""
    return org.name, header or f"Board report: response to the Francis Report, statuses as of {dates.display(as_of)}", url


def body_pages(pages: list[str], margin: tuple) -> list[str]:
    """Each page's text without its margins: the lines at its top that spell the organisation and
    the heading (however a renderer wraps them), the address and "Page n of m" (the last such lines:
    pdftotext does not always put the footer last)."""
    org, header, url = margin
    out = []
    for n, page in enumerate(pages, 1):
        lines = [line for line in page.splitlines() if line.strip()]
        if org in lines and header in lines:  # Chromium's margins: a line each (pdftotext may put them anywhere)
            lines.remove(org)
            lines.remove(header)
        else:  # LibreOffice's: on one line, the heading wrapped
            top, taken = squash(org + header), ""
            while lines and top.startswith(taken + squash(lines[0])) and taken != top:
                taken += squash(lines.pop(0))
        numbers = [i for i, line in enumerate(lines) if line.strip() == f"Page {n} of {len(pages)}"]
        if numbers:
            del lines[numbers[-1]]
        addresses = [i for i, line in enumerate(lines) if line.strip() == url]  # (pdftotext may put it anywhere)
        if addresses:
            del lines[addresses[-1]]
        out.append("\n".join(lines))
    return out


def assert_no_table_starts_alone(pages: list[str], margin: tuple, word: Path) -> None:
    """No page ends with a table's headings and none of its rows (the rows start the next page)."""
    import docx
    heads = [[" ".join(c.text.split()) for c in t.rows[0].cells] for t in docx.Document(str(word)).tables if t.rows]
    for n, body in enumerate(body_pages(pages, margin), 1):
        tail = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
        for head in heads:
            assert tail[-len(head):] != head, f"page {n} ends with the headings of a table alone: {head}"


def body_text(pages: list[str], margin: tuple) -> str:
    return "\n".join(body_pages(pages, margin))


@pytest.mark.parametrize("org", SITE.organisations, ids=lambda o: o.id)
def test_board_report_of_a_plan_without_progress(packed_site, pdftotext, org):
    """The seed plans have no progress updates: the report says so once and still lists every
    action, with totals, the exceptions (no lead, no update in 12 months) and no status column."""
    pdf = packed_site / "organisations" / org.id / f"{stem(org, SITE.as_of)}.pdf"
    url = f"https://example.org/francis-responses/organisations/{org.id}/"
    pages = check_report_frame(pdf, org, SITE.as_of, url)
    assert_no_near_empty_pages(pdf)
    text = norm(" ".join(pages))
    assert text.count("No progress update has been published") == 1
    total = len(org.all_actions)
    assert f"No update published {total} No progress update on this action" in text
    assert f"All actions {total}" in text
    # no update since the plan, years ago: the organisation as a whole is an exception
    assert ("No progress update in the last 12 months: none has been published since the plan" in text if org.as_at
            or org.provenance.date else "Progress reporting in the last 12 months not known" in text)
    table = text[text.index("every action, by work stream"):]
    assert "No update" not in table and "Status Latest update" not in table
    assert text.count("not stated") <= 1, "blanks repeat 'not stated'"
    # the PDF holds the DOCX's text, letter for letter (pdftotext interleaves cells side by side, so
    # the actions are looked for in the DOCX): every action's text, shortened in the table and in
    # full in an appendix, and every lead
    word = pdf.with_suffix(".docx")
    assert_same_text(body_text(pages, margins(org, SITE.as_of, url)), word, len(pages))
    body = squash(" ".join(docx_text(word)))
    missing = [a.id for a in org.all_actions if a.action and squash(a.action) not in body]
    assert not missing, f"action text missing: {missing}"
    for a in org.all_actions:
        if a.owner:
            assert squash(a.owner) in body


@pytest.fixture(scope="module")
def synthetic_reports(tmp_path_factory):
    """Synthetic plans with years of updates (benchmarks/synthetic.py), built and reported as of
    the progress-report date with the most kinds of change since the report before it (one with a
    revised due date where there is a choice)."""
    from macros import progress
    from macros.plans import load
    root = tmp_path_factory.mktemp("synthetic-reports")
    plans, out = root / "plans", root / "site"
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--orgs", "4", "--out", str(plans)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    later, problems = load.check(plans, as_of="2100-01-01")
    assert later is not None, [p.format() for p in problems]
    candidates = []
    for org in later.organisations:
        for i, report in enumerate(org.reports):
            found = progress.changes_between(org.all_actions, org.reports[i - 1].date if i else "", report.date)
            candidates.append((bool(found["revised"]), sum(bool(v) for v in found.values()),
                               sum(map(len, found.values())), report.date))
    as_of = max(candidates)[-1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOARD_PACKS": "true", "PLANS_DIR": str(plans), "AS_OF": as_of}
    env.pop("SITE_URL", None)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    packs = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(out)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert packs.returncode == 0, packs.stderr
    assert f"as of {as_of}" in packs.stdout
    site, problems = load.check(plans, as_of=as_of)
    assert site is not None, [p.format() for p in problems]
    return site, out, env


def test_board_reports_with_progress(synthetic_reports, pdftotext):
    """With years of updates: the summary's totals, the exceptions with their leads and due dates,
    what changed and every action's id, each where it belongs; no near-empty page."""
    from macros import progress
    site, out, _ = synthetic_reports
    seen = {"past_due": 0, "changes": 0, "assured": 0}
    for org in site.organisations:
        pdf = out / "organisations" / org.id / f"{stem(org, site.as_of)}.pdf"
        url = f"organisations/{org.id}/"  # built without SITE_URL, printed without --site-url
        pages = check_report_frame(pdf, org, site.as_of, url)
        assert_no_near_empty_pages(pdf)
        margin = margins(org, site.as_of, url)
        states = {a.id + str(a.joint): progress.of(a, site.as_of) for a in org.all_actions}
        text = norm(body_text(pages, margin))
        summary = text[text.index("Summary"):text.index("1. Exceptions")]
        for status in site.statuses:
            count = sum(p.status == status.key for p in states.values())
            assert f"{status.symbol} {status.label} {count} {status.definition}" in summary, status.key
        none = sum(p.status is None for p in states.values())
        assert f"No update published {none} " in summary
        past_due = sum(p.overdue for p in states.values())
        assert f"Past the due date, not complete {past_due} Worked out from the dates" in summary
        passed = sum(p.due_passed_no_update for p in states.values())  # never called overdue (issue 24)
        assert f"Due date passed, no progress update published {passed} Worked out from the dates" in summary
        assured = sum(p.assured for p in states.values())
        done = sum(p.status == "complete" for p in states.values())
        if done:
            assert f"of which assured {assured} " in summary and f"of which not yet assured {done - assured} " in summary
            seen["assured"] += assured
        exceptions = text[text.index("1. Exceptions"):text.index("2. What changed")]
        assert f"1.1 Past the due date and not complete ({past_due})" in exceptions
        seen["past_due"] += past_due
        # (table cells side by side come out of pdftotext interleaved: the rows are read from the DOCX,
        # which holds the same text, letter for letter)
        word = out / "organisations" / org.id / f"{stem(org, site.as_of)}.docx"
        assert_same_text(text, word, len(pages))
        assert_no_table_starts_alone(pages, margin, word)
        rows = docx_table_after(word, f"1.1 Past the due date and not complete ({past_due})")
        assert sorted(r[0] for r in rows) == sorted(a.id for a in org.all_actions if states[a.id + str(a.joint)].overdue)
        for a in org.all_actions:
            state = states[a.id + str(a.joint)]
            if state.overdue:
                cells = next(r for r in rows if r[0] == a.id)
                assert squash(a.action)[:200] in squash(cells[1]) and squash(a.owner or "None named") == squash(cells[2])
                if state.status == "on-track":  # said in words
                    assert f"Reported on track on {dates.display(state.last_update)}" in cells[4]
        changes = text[text.index("2. What changed"):text.index("3. Assurance of completed actions")]
        seen["changes"] += "Completed (" in changes
    assert seen["past_due"] and seen["changes"] and seen["assured"], seen


def test_no_table_starts_at_the_foot_of_a_page_with_its_headings_alone(tmp_path, pdftotext):
    """Twelve synthetic plans as of 2017-06-30 (one of them, with 27 actions, once left the table of
    its exceptions' headings alone at the foot of page 2): in every paper each table's headings go
    to the page of its first row."""
    from macros.plans import load
    from sitebuild import built_synthetic_site
    plans, out = built_synthetic_site(tmp_path, 12, seed=11, as_of="2017-06-30")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANS_DIR": str(plans), "AS_OF": "2017-06-30"}
    env.pop("SITE_URL", None)
    packs = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(out), "--out", str(tmp_path / "papers")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert packs.returncode == 0, packs.stderr
    site, _ = load.check(plans, as_of="2017-06-30")
    for org in site.organisations:
        pdf = tmp_path / "papers" / f"{stem(org, site.as_of)}.pdf"
        margin = margins(org, site.as_of, f"organisations/{org.id}/")
        assert_no_table_starts_alone(report_pages(pdf), margin, pdf.with_suffix(".docx"))


def docx_text(path) -> list[str]:
    """Every paragraph of the DOCX, table cells included, in order (read back by python-docx)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out: list[str] = []  # (the margins are left out, as body_text leaves them out of the PDF's text)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            out.extend(p.text for row in Table(child, document).rows for c in row.cells for p in c.paragraphs)
    return out


def docx_table_after(path, heading: str) -> list[list[str]]:
    """The rows (cells' text, paragraphs joined by spaces) of the first table after ``heading``, header row left out."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    seen = False
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p" and Paragraph(child, document).text == heading:
            seen = True
        elif tag == "tbl" and seen:
            return [[" ".join(p.text for p in c.paragraphs) for c in row.cells] for row in Table(child, document).rows[1:]]
        elif tag == "p" and seen and Paragraph(child, document).style.name.startswith("Heading"):
            return []
    return []


def docx_sections(path) -> dict:
    """What changed, as the DOCX has it: {period number: {kind heading: [action ids]}} (one period: 1)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out: dict = {}
    period, heading, inside = 1, None, False
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            if p.style.name.startswith("Heading"):
                heading = None
                if p.text == "2. What changed":
                    inside = True
                elif p.style.name == "Heading 2":
                    inside = False
                elif inside and (m := re.fullmatch(r"2\.(\d+) .*", p.text)):
                    period = int(m.group(1))
                else:
                    heading = p.text
        elif tag == "tbl" and inside and heading and (m := re.fullmatch(r"(.+) \((\d+)\)", heading)):
            rows = Table(child, document).rows[1:]
            out.setdefault(period, {})[m.group(1)] = [r.cells[0].paragraphs[0].text for r in rows]
            assert len(rows) == int(m.group(2)), heading
            heading = None
    return out


def web_periods(html_text: str) -> list[tuple[str, dict]]:
    """The web progress page's periods, newest first: (id, {kind heading: [action ids]})."""
    out = []
    for pid, body in re.findall(r'<section class="fr-period" id="([^"]+)"(.*?)</section>', html_text, re.S):
        kinds = {}
        for heading, items in re.findall(r'<h3 id="[^"]+">([^<]+) \(\d+\)</h3>\s*<ul class="fr-changes"[^>]*>(.*?)</ul>',
                                         body, re.S):
            kinds[heading] = re.findall(r'<li><a href="\.\./#(?:action|joint)-([^"]+)">', items)
        out.append((pid, kinds))
    return out


def test_what_changed_agrees_with_the_web_progress_page(synthetic_reports):
    """The site and the papers built from one set of plans: each paper's "what changed" is the web
    progress page's period of the latest report (and its "since the last report" period where there
    is one), action for action."""
    site, out, _ = synthetic_reports
    compared = 0
    for org in site.organisations:
        page = (out / "organisations" / org.id / "progress" / "index.html").read_text(encoding="utf-8")
        periods = web_periods(page)
        report = next((p for p in periods if p[0] != "period-latest"), None)
        expected = ([report] if report else []) + [p for p in periods if p[0] == "period-latest"]
        found = docx_sections(out / "organisations" / org.id / f"{stem(org, site.as_of)}.docx")
        assert len(expected) == max(len(found), 1)
        for number, (pid, kinds) in enumerate(expected, 1):
            assert found.get(number, {}) == kinds, (org.id, pid)
            compared += sum(map(len, kinds.values()))
    assert compared, "no change to compare"


MEETING_FILE = """# A meeting file (macros/schema.json#/definitions/meeting)
meeting: "Governing Body (meeting in public)"
date: "{date}"
agenda_item: "7.2"
author: "Jo Example, Head of Quality"
executive_lead: "Sam Example, Director of Nursing and Quality"
purpose: assurance
recommendation: "The Governing Body is asked to note the progress and the exceptions."
risks:
  - title: "BAF 3.2: quality of commissioned services"
    url: "https://www.example.nhs.uk/board/assurance-framework.pdf"
implications:
  quality: "The actions answer the Francis Report's recommendations on commissioning for quality."
paper: private
status: draft
"""


def soffice_pdf(docx_file: Path, out: Path) -> Path:
    """The DOCX converted to PDF by LibreOffice headless (its own profile, so it never waits on another)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice not found: install Debian's libreoffice-writer-nogui (scripts/system-packages does)")
    profile = out / "lo-profile"
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), str(docx_file)], capture_output=True, text=True, timeout=300)
    converted = out / (docx_file.stem + ".pdf")
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    return converted


def letters(text: str) -> "collections.Counter":
    import collections
    return collections.Counter(squash(text))


def assert_same_text(printed: str, word: Path, pages: int) -> None:
    """A printed PDF's body text holds the DOCX's text (read back by python-docx), letter for letter,
    and nothing more than table header rows repeated at the top of pages (the order of table cells
    side by side is pdftotext's, so letters are compared, not lines)."""
    import docx

    document = docx.Document(str(word))
    heads = " ".join(c.text for t in document.tables for c in t.rows[0].cells if t.rows[0]._tr.find(".//{*}tblHeader") is not None)
    ours, theirs = letters(printed), letters(" ".join(docx_text(word)))
    missing = theirs - ours
    assert not missing, f"{word.name}: the printed PDF lacks text of the DOCX: {dict(missing)}"
    extra, allowed = ours - theirs, letters(heads)
    assert all(n <= allowed[ch] * pages for ch, n in extra.items()), \
        f"{word.name}: the printed PDF has text the DOCX has not: {dict(extra)}"


def test_a_paper_for_a_meeting_as_pdf_and_docx(synthetic_reports, tmp_path, pdftotext):
    """A board secretary's paper: --org and --meeting. The cover sheet has the meeting's details;
    the PDF and the DOCX are named after the organisation and the meeting's date and say the same
    thing; LibreOffice opens the DOCX and prints it; the pages are looked at as PNGs."""
    site, out, env = synthetic_reports
    org = max(site.organisations, key=lambda o: len(o.all_actions))
    meeting = tmp_path / "governing-body.yaml"
    meeting.write_text(MEETING_FILE.format(date=site.as_of), encoding="utf-8")
    papers = tmp_path / "papers"
    made = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(out), "--org", org.id, "--meeting", str(meeting),
                           "--out", str(papers)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    assert "1 board report(s)" in made.stdout
    pdf, word = papers / f"{stem(org, site.as_of)}.pdf", papers / f"{stem(org, site.as_of)}.docx"
    assert sorted(p.name for p in papers.iterdir()) == [word.name, pdf.name]
    header = f"DRAFT · Governing Body (meeting in public), {dates.display(site.as_of)}, item 7.2; statuses as of " \
             f"{dates.display(site.as_of)}"
    url = f"organisations/{org.id}/"
    pages = check_report_frame(pdf, org, site.as_of, url, header=header)
    assert_no_near_empty_pages(pdf, breaks_after=(1,))
    cover = norm(pages[0])
    for field in ("Meeting Governing Body (meeting in public)", f"Date of meeting {dates.display(site.as_of)}",
                  "Agenda item 7.2", "Author Jo Example, Head of Quality",
                  "Executive lead Sam Example, Director of Nursing and Quality", "☒ Assurance",
                  "The board is asked to The Governing Body is asked to note the progress and the exceptions.",
                  "Assurance level None stated", "BAF 3.2: quality of commissioned services [1]",
                  "Implications: finance None stated", "Previously considered by None stated",
                  "Public or private Private: for the meeting held in private", "Paper status Draft"):
        assert field in cover, field
    assert "Summary" not in cover, "the cover sheet is a page of its own"
    text = "\n".join(pages)
    assert "https://www.example.nhs.uk/board/assurance-framework.pdf" in text  # the reference, in full
    # the DOCX: the same content (read back by python-docx), printed by LibreOffice
    import docx
    document = docx.Document(str(word))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "Response to the Francis Report: progress report"]
    converted = soffice_pdf(word, tmp_path)
    assert_no_near_empty_pages(converted, breaks_after=(1,))
    lo_pages = report_pages(converted)
    margin = margins(org, site.as_of, url, header)
    assert_same_text(body_text(pages, margin), word, len(pages))  # Chromium's PDF
    assert_same_text(body_text(lo_pages, margin), word, len(lo_pages))  # the DOCX, printed by LibreOffice
    assert len(look(pdf, "meeting-paper-pdf")) == len(pages)
    look(converted, "meeting-paper-docx")


@pytest.mark.parametrize("args, code, says", [
    (["--meeting", "m.yaml"], 2, "--meeting needs --org"),
    (["--org", "nobody"], 1, "no organisation 'nobody' in the plans"),
    (["--org", "{org}", "--meeting", "{bad}"], 1, "bad.yaml:7:10: error: purpose must be one of: decision, assurance, "
                                                   "information, discussion; found 'approval'"),
    (["--org", "{org}", "--meeting", "{early}"], 1, "the meeting is on 1 January 2014, before the date statuses are "
                                                    "judged as of"),
])
def test_board_packs_refuses_bad_input_clearly(synthetic_reports, tmp_path, args, code, says):
    site, out, env = synthetic_reports
    org = site.organisations[0]
    (tmp_path / "bad.yaml").write_text(MEETING_FILE.format(date=site.as_of).replace("purpose: assurance",
                                                                                     "purpose: approval"))
    (tmp_path / "early.yaml").write_text(MEETING_FILE.format(date="2014-01-01"))
    args = [a.format(org=org.id, bad=tmp_path / "bad.yaml", early=tmp_path / "early.yaml") for a in args]
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(out), *args, "--out", str(tmp_path / "o")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == code and says in result.stderr, result.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_board_report_rejects_plans_with_errors(tmp_path, packed_site):
    """Plans with an error give no report: the problems are printed and the command fails."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    (plans / "barnet.yaml").write_text("id: barnet\nname: [unclosed\n", encoding="utf-8")
    env = {**os.environ, "PLANS_DIR": str(plans)}
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(packed_site)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "barnet.yaml:" in result.stderr and "the plans have errors" in result.stderr


def test_board_report_refuses_a_date_other_than_the_sites(packed_site):
    """A report as of another date than the site it sits in would contradict the page it links from."""
    env = {**os.environ, "AS_OF": "2015-01-01"}
    before = {p: p.stat().st_mtime_ns for p in packed_site.rglob("*-board-report-*")}
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(packed_site), "--org", "barnet"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"the site was built with statuses as of {SITE.as_of}, this report would be as of 2015-01-01" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in packed_site.rglob("*-board-report-*")} == before


def test_organisation_pages_link_to_their_board_reports(tabs, packed_site):
    tab = tabs("desktop", "light")
    types = {".pdf": ("application/pdf", b"%PDF-"),
             ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK")}
    for org in SITE.organisations:
        page = tab.open(f"organisations/{org.id}/")
        for name, suffix in (("Board report (PDF)", ".pdf"), ("Board report (Word, DOCX)", ".docx")):
            link = page.get_by_role("link", name=name)
            assert link.count() == 1 and link.is_visible()
            href = link.get_attribute("href")
            assert href == stem(org, SITE.as_of) + suffix
            with urllib.request.urlopen(page.url + href) as response:
                content_type, start = types[suffix]
                assert response.status == 200 and response.headers["Content-Type"] == content_type
                assert response.read(len(start)) == start


def test_no_board_pack_link_when_built_without_packs(tmp_path):
    """A build without BOARD_PACKS must not link to reports that do not exist."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOARD_PACKS": "false"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path / "s")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for org in SITE.organisations:
        html = (tmp_path / "s" / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        assert "-board-report-" not in html and "Board report" not in html
        from macros.views.views import anchor
        assert "At a glance" in html and f'id="{anchor(org.all_actions[0])}"' in html  # the page itself is there
    assert not list((tmp_path / "s").rglob("*.pdf")) and not list((tmp_path / "s").rglob("*.docx"))


def test_board_packs_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "BOARD_PACKS=true scripts/build site" in readme and "scripts/board-packs site" in readme
    assert "--meeting" in readme and "--org" in readme
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), "--help"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "-board-report-" in result.stdout and "--site-url" in result.stdout
    assert "--meeting FILE" in result.stdout and "--org ID" in result.stdout and "--brag" in result.stdout


def test_board_packs_command_rejects_a_folder_that_is_not_a_site(tmp_path):
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "not a built site" in result.stderr
