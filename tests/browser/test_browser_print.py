"""Issues 6 and 10: printing and board reports. The print stylesheet drops the site's chrome and
keeps the work-stream colours, the page's address and the plan's as-at date; scripts/board-packs
writes one board report (PDF) per organisation: a front sheet, the exceptions, the changes since
the last report and every action of its plan."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import urllib.request

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


def check_report_frame(pdf, org, as_of: str, url: str) -> list[str]:
    """What every board report has: tagged, bookmarks, margins on every page, landscape table
    pages and portrait others, every action's id in the table. Returns the pages' text."""
    reader = PdfReader(pdf)
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    bookmarks = [b.title for b in reader.outline if not isinstance(b, list)]
    assert bookmarks and squash(bookmarks[0]) == squash(org.name), bookmarks[:3]
    pages = report_pages(pdf)
    assert len(pages) == len(reader.pages)
    when = dates.display(as_of)
    for i, page in enumerate(pages, 1):
        assert org.name in norm(page) and f"statuses as of {when}" in norm(page), f"page {i}"
        assert f"Page {i} of {len(pages)}" in page and url in page.splitlines(), f"page {i}"
    front = norm(pages[0])
    assert front.startswith(f"{org.name} Board report: response to the Francis Report, statuses as of {when}")
    assert f"Statuses as of {when}" in front and "The board is asked to note" in front
    assert squash(org.provenance.title) in squash(pages[0]), "the source is not on the front sheet"
    # the table of every action is on landscape pages, everything else on portrait ones
    table = [i for i, p in enumerate(pages) if "Every action, by work stream" in p][0]
    end = next((i for i, p in enumerate(pages) if "Full texts of shortened entries" in p), len(pages))
    for i, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        landscape = table <= i < end
        assert (width > height) == landscape, f"page {i + 1} is {width}x{height}"
        assert {round(width), round(height)} == {595, 842}, "not A4"
    rows = "\n".join(pages[table:end])
    missing = [a.id for a in org.all_actions if not re.search(rf"(?m)^{re.escape(a.id)}$", rows)]
    assert not missing, f"action ids not in the table: {missing}"
    # the section order: front sheet, exceptions, changes, then the table
    text = "\n".join(pages)
    order = [text.index(h) for h in ("The board is asked to note", "Exceptions: overdue and delayed actions",
                                      "What changed since", "Every action, by work stream")]
    assert order == sorted(order)
    assert "Exceptions: overdue and delayed actions" in pages[1], "the front sheet is not a page of its own"
    return pages


def margins(org, as_of: str, url: str) -> set[str]:
    """The lines of a board report's margins: organisation, date, address (page numbers apart)."""
    return {org.name, f"Board report: response to the Francis Report, statuses as of {dates.display(as_of)}", url}


def body_pages(pages: list[str], margin: set[str]) -> list[str]:
    """Each page's text without its margins."""
    return ["\n".join(line for line in p.splitlines()
                      if line not in margin and not re.fullmatch(r"Page \d+ of \d+", line)) for p in pages]


def body_text(pages: list[str], margin: set[str]) -> str:
    return "\n".join(body_pages(pages, margin))


@pytest.mark.parametrize("org", SITE.organisations, ids=lambda o: o.id)
def test_board_report_of_a_plan_without_progress(packed_site, pdftotext, org):
    """The seed plans have no progress updates: the report says so once and still lists
    every action, with totals, exceptions from the dates and no status column."""
    pdf = packed_site / "organisations" / org.id / "board-pack.pdf"
    url = f"https://example.org/francis-responses/organisations/{org.id}/"
    pages = check_report_frame(pdf, org, SITE.as_of, url)
    text = norm(" ".join(pages))
    assert text.count("No progress update has been published") == 1
    assert "No update published" in norm(pages[0])  # the totals row, with its definition
    total = len(org.all_actions)
    assert f"No update published {total} No progress update on this action" in norm(pages[0])
    assert f"All actions {total}" in norm(pages[0])
    table = text[text.index("Every action, by work stream"):]
    assert "No update" not in table and "Status Latest update" not in table
    assert text.count("not stated") <= 1, "blanks repeat 'not stated'"
    # every action's text is in the report (shortened in the table, in full at its end)
    body = squash(body_text(pages, margins(org, SITE.as_of, url)))
    missing = [a.id for a in org.all_actions if squash(a.action) not in body]
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
    return site, out


def test_board_reports_with_progress(synthetic_reports, pdftotext):
    """With years of updates: the front sheet's totals, the exceptions with their leads and due
    dates, the changes since the last report and every action's id, each where it belongs."""
    from macros import progress
    site, out = synthetic_reports
    seen = {"exceptions": 0, "changes": 0, "revised": 0}
    for org in site.organisations:
        pdf = out / "organisations" / org.id / "board-pack.pdf"
        url = f"organisations/{org.id}/"  # built without SITE_URL, printed without --site-url
        pages = check_report_frame(pdf, org, site.as_of, url)
        margin = margins(org, site.as_of, url)
        states = {a.id + str(a.joint): progress.of(a, site.as_of) for a in org.all_actions}
        front = norm(body_pages(pages, margin)[0])
        for status in site.statuses:
            count = sum(p.status == status.key for p in states.values())
            assert f"{status.symbol} {status.label} {count} {status.definition}" in front, status.key
        none = sum(p.status is None for p in states.values())
        assert f"No update published {none} " in front
        overdue = sum(p.overdue for p in states.values())
        assert f"Overdue {overdue} Worked out from the dates" in front
        passed = sum(p.due_passed_no_update for p in states.values())
        assert f"Due date passed, no update published {passed} Worked out from the dates" in front
        text = body_text(pages, margin)
        exceptions = norm(text[text.index("Exceptions: overdue and delayed actions"):text.index("What changed since")])
        flagged = [a for a in org.all_actions if states[a.id + str(a.joint)].overdue
                   or states[a.id + str(a.joint)].status == "delayed"]
        if flagged:
            assert f"{len(flagged)} action{'s' if len(flagged) != 1 else ''}, overdue first" in exceptions
            seen["exceptions"] += 1
        else:
            assert "No action is overdue or delayed" in exceptions
        for a in flagged:
            state = states[a.id + str(a.joint)]
            assert squash(f"{a.id} {a.action[:60]}") in squash(exceptions), a.id
            if a.owner:
                assert squash(a.owner) in squash(exceptions)
            if state.revised_due:
                assert f"revised to {dates.display(state.revised_due)}" in exceptions
        # what changed since the report before this date (or since the plan)
        earlier = [r for r in org.reports if r.date < site.as_of]
        found = progress.changes_between(org.all_actions, earlier[-1].date if earlier else "", site.as_of)
        changes = norm(text[text.index("What changed since"):text.index("Every action, by work stream")])
        if earlier:
            assert changes.startswith(f"What changed since the last progress report, {norm(earlier[-1].title)}")
        else:
            assert changes.startswith("What changed since the plan")
        for kind, heading in progress.KINDS:
            assert f"{heading} {len(found[kind])}" in changes
            if found[kind]:
                assert f"{heading} ({len(found[kind])})" in changes
                seen["changes"] += 1
                seen["revised"] += kind == "revised"
    # the fixture's date gives every part something to show
    assert seen["exceptions"] and seen["changes"] >= 3 and seen["revised"], seen


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
    before = {p: p.stat().st_mtime_ns for p in packed_site.rglob("board-pack.pdf")}
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(packed_site)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"the site was built with statuses as of {SITE.as_of}, this report would be as of 2015-01-01" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in packed_site.rglob("board-pack.pdf")} == before


def test_organisation_pages_link_to_their_board_pack(tabs, packed_site):
    tab = tabs("desktop", "light")
    for org in SITE.organisations:
        page = tab.open(f"organisations/{org.id}/")
        link = page.get_by_role("link", name="Board report (PDF)")
        assert link.count() == 1 and link.is_visible()
        href = link.get_attribute("href")
        assert href == "board-pack.pdf"
        with urllib.request.urlopen(page.url + href) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "application/pdf"
            assert response.read(5) == b"%PDF-"


def test_no_board_pack_link_when_built_without_packs(tmp_path):
    """A build without BOARD_PACKS must not link to PDFs that do not exist."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOARD_PACKS": "false"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path / "s")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for org in SITE.organisations:
        html = (tmp_path / "s" / "organisations" / org.id / "index.html").read_text(encoding="utf-8")
        assert "board-pack.pdf" not in html and "Board report" not in html
        assert "Actions per work stream" in html  # the page itself is there
    assert not list((tmp_path / "s").rglob("*.pdf"))


def test_board_packs_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "BOARD_PACKS=true scripts/build site" in readme and "scripts/board-packs site" in readme
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), "--help"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "board-pack.pdf" in result.stdout and "--site-url" in result.stdout


def test_board_packs_command_rejects_a_folder_that_is_not_a_site(tmp_path):
    result = subprocess.run([str(ROOT / "scripts" / "board-packs"), str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "not a built site" in result.stderr
