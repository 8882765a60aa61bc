"""The board paper as a Word document (DOCX), written with python-docx from the same blocks the
PDF is printed from (views/board_paper.py): real Word headings (so the navigation pane and a
pack's table of contents find them), real tables with a header row repeated on every page and
rows that never split, page breaks, and the organisation, meeting and page numbers in the
margins. A4 portrait, Arial (Liberation Sans where Arial is missing), dark text; colours are
shading behind text that says what it means.

A secretary drops it into a board pack as it is: the text is plain (no fields but the page
numbers), links are numbered references with their addresses in full in an appendix (each
address is also a working link there).
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .views.board_paper import Paper

FONT = "Arial"
INK = RGBColor(0x1B, 0x1B, 0x1B)
LINK = RGBColor(0x0B, 0x3D, 0x91)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(18), "bottom": Mm(16), "left": Mm(15), "right": Mm(15)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
SIZES = {"Normal": 9, "Heading 1": 18, "Heading 2": 13, "Heading 3": 10.5, "Heading 4": 9.5,
         "Header": 7.5, "Footer": 7.5, "Caption": 8.5}
PARA_SIZES = {"kicker": 9, "subtitle": 12, "legend": 8.5}  # points, by Para.style


def write(paper: Paper) -> bytes:
    """The DOCX file's bytes."""
    doc = Document()
    _styles(doc)
    _page(doc, paper)
    props = doc.core_properties
    props.title, props.subject, props.keywords = paper.title, paper.subject, paper.keywords
    props.author, props.language = paper.author or paper.organisation, "en-GB"
    props.comments = "Made from the published plans by scripts/board-packs."
    for block in paper.blocks:
        if block.kind == "heading":
            heading = doc.add_heading(level=block.level)
            heading.add_run(block.text)
        elif block.kind == "para":
            _paragraph(doc, block, paper)
        elif block.kind == "table":
            _table(doc, block, paper)
        else:
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _styles(doc) -> None:
    styles = doc.styles
    for name, size in SIZES.items():
        style = styles[name]
        font = style.font
        font.name, font.size, font.color.rgb = FONT, Pt(size), INK
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)  # a theme font would win over Arial
        rfonts.set(qn("w:cs"), FONT)
        if name.startswith("Heading"):
            font.bold, font.italic = True, False
            style.paragraph_format.space_before = Pt({1: 2, 2: 14, 3: 10, 4: 8}[int(name[-1])])
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
        if name == "Caption":
            font.bold, font.italic = True, False
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_after = Pt(2)
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)


def _page(doc, paper: Paper) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(8)
    _margin(section.header, paper.header_left, paper.header_right)
    _margin(section.footer, paper.footer_left, None)


def _margin(part, left: str, right: str | None) -> None:
    """Text at the left and at the right of a page's margin, each in its own cell of a table
    without borders (so a long one wraps in its place); the right: the page numbers when None."""
    widths = (int(TEXT_WIDTH * 0.4), TEXT_WIDTH - int(TEXT_WIDTH * 0.4))
    table = part.add_table(rows=1, cols=2, width=TEXT_WIDTH)
    table.autofit = False
    for c, w in zip(table.rows[0].cells, widths):
        c.width = w
    first, second = (c.paragraphs[0] for c in table.rows[0].cells)
    first.style = second.style = part.paragraphs[-1].style
    first.add_run(left)
    second.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if right is not None:
        second.add_run(right)
    else:
        second.add_run("Page ")
        _field(second, "PAGE")
        second.add_run(" of ")
        _field(second, "NUMPAGES")
    part.paragraphs[0]._p.addprevious(table._tbl)  # (a header ends with a paragraph, as Word expects)


def _field(paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _paragraph(doc, block, paper: Paper) -> None:
    p = doc.add_paragraph()
    size = PARA_SIZES.get(block.style)
    if block.style in ("kicker", "subtitle"):
        p.paragraph_format.space_after = Pt(2 if block.style == "kicker" else 8)
    if block.style == "box":
        _border(p)
    _runs(p, block.runs, paper, size=size)


def _runs(p, runs, paper: Paper, size=None) -> None:
    for r in runs:
        run = p.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
        if r.mark:
            _shade(run, paper.marks[r.mark])
        if r.ref:
            ref = p.add_run(f" [{r.ref}]")
            if size:
                ref.font.size = Pt(size)


def _shade(run, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    run._r.get_or_add_rPr().append(shd)


def _border(p) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "12")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), "1B1B1B")
        borders.append(edge)
    ppr.append(borders)


def _table(doc, block, paper: Paper) -> None:
    if block.caption:
        doc.add_paragraph(block.caption, style="Caption")
    head = bool(block.head and block.head[0])
    columns = len(block.widths)
    table = doc.add_table(rows=0, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = [int(TEXT_WIDTH * w / 100) for w in block.widths]
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths) // 635))  # EMU to twentieths of a point
    for column, w in zip(table.columns, widths):
        column.width = w
    if head:
        cells = _row(table, widths, header=True)
        for c, text in zip(cells, block.head):
            run = c.paragraphs[0].add_run(text)
            run.bold = True
            _cell_shade(c, "EEEEEE")
    for row in block.rows:
        cells = _row(table, widths)
        for i, (c, lines) in enumerate(zip(cells, row.cells)):
            if block.row_headers and i == 0 and block.style == "cover":
                _cell_shade(c, "F2F2F2")
            _cell(c, lines, paper, link=block.style == "list" and row.anchor.startswith("ref-") and i == 2)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _row(table, widths, header: bool = False) -> list:
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    cells = row.cells
    for c, w in zip(cells, widths):
        c.width = w
    return cells


def _cell_shade(c, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    c._tc.get_or_add_tcPr().append(shd)


def _cell(c, lines, paper: Paper, link: bool = False) -> None:
    for k, runs in enumerate(lines):
        p = c.paragraphs[0] if k == 0 else c.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        if link and len(runs) == 1 and runs[0].text.startswith(("https://", "http://")):
            _hyperlink(p, runs[0].text)
        else:
            _runs(p, runs, paper)


def _hyperlink(p, url: str) -> None:
    """The address as a working link (the text is the address in full)."""
    r_id = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    r_pr.append(colour)
    r_pr.append(underline)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = url
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    p._p.append(link)
