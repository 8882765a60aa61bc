"""Issue 6: printing and board packs. The print stylesheet drops the site's chrome and keeps
the work-stream colours, the page's address and the plan's as-at date; scripts/board-packs
writes one PDF per organisation containing every action of its plan."""
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
from macros import dates, views

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


@pytest.mark.parametrize("org", SITE.organisations, ids=lambda o: o.id)
def test_board_pack_has_cover_summary_streams_and_every_action(packed_site, pdftotext, org):
    pdf = packed_site / "organisations" / org.id / "board-pack.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), pdf
    reader = PdfReader(pdf)  # tagged, with bookmarks from the page's headings
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    bookmarks = [b.title for b in reader.outline if not isinstance(b, list)]
    assert bookmarks and squash(bookmarks[0]) == squash(org.name), bookmarks[:3]  # a wrapped title loses its space
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    as_at = dates.display(org.as_at)
    cover = norm(pages[0])
    assert org.name in cover and f"as at {as_at}" in cover and "Board pack" in cover
    assert squash(org.provenance.title) in squash(pages[0]), "the source document is not on the cover"
    assert "Work stream 1" not in cover, "the cover has work streams on it"
    # every page's margins name the organisation and the as-at date, with page numbers
    for i, page in enumerate(pages, 1):
        assert org.name in page and as_at in page and f"Page {i} of {len(pages)}" in page, f"page {i}"
    # summary before the work streams, each work stream from a new page, in order
    summary = next(i for i, p in enumerate(pages) if "Actions per work stream" in p)
    starts = []
    for w in SITE.workstreams:
        heading = f"Work stream {w.number}: {w.name}"
        found = [i for i, p in enumerate(pages) if heading in norm(p)]
        assert found, f"{heading} missing"
        body = norm(pdf_text(pdf, "-f", str(found[0] + 1), "-l", str(found[0] + 1), "-y", "60", "-H", "730", "-W", "600"))
        assert body.startswith(heading), f"{heading} does not start page {found[0] + 1}: {body[:100]!r}"
        starts.append(found[0])
    assert 0 < summary < starts[0] and starts == sorted(starts)
    # every action of the plan, word for word (the body only: margins cropped off)
    body = squash(pdf_text(pdf, "-y", "55", "-H", "735", "-W", "600"))
    missing = [v.action.action[:80] for v in views.action_views(SITE, org) if squash(v.action.action) not in body]
    assert not missing, f"{len(missing)} action(s) not in {pdf.name}: {missing[:3]}"
    for v in views.action_views(SITE, org):
        if v.action.owner:
            assert squash(v.action.owner) in body


def test_organisation_pages_link_to_their_board_pack(tabs, packed_site):
    tab = tabs("desktop", "light")
    for org in SITE.organisations:
        page = tab.open(f"organisations/{org.id}/")
        link = page.get_by_role("link", name="Board pack (PDF)")
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
        assert "board-pack.pdf" not in html and "Board pack" not in html
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
