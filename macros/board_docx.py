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
from lxml import etree
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
    _Body(doc, paper).write(paper.blocks)
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


def _el(parent, tag: str, **attrs):
    """A WordprocessingML element ``w:<tag>`` added to ``parent``, with w: attributes."""
    el = etree.SubElement(parent, qn(f"w:{tag}"))
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    return el


class _Body:
    """Writes the paper's blocks as WordprocessingML into the document's body, directly (python-docx's
    paragraph and table objects look a style up by name for every paragraph: ten times slower).
    Headings use the Heading 1-4 styles, captions the Caption style, tables Table Grid."""

    def __init__(self, doc, paper: Paper):
        self.doc, self.paper = doc, paper
        self.end = doc.element.body.sectPr  # blocks go before the section's properties
        self.style = {name: doc.styles[name].style_id for name in
                      ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption", "Table Grid")}
        self.fills = {mark: colour.lstrip("#").upper() for mark, colour in paper.marks.items()}

    def write(self, blocks) -> None:
        for block in blocks:
            if block.kind == "heading":
                p = self._p(self.style[f"Heading {block.level}"])
                self._run(p, block.text)
            elif block.kind == "para":
                p = self._p(box=block.style == "box",
                            after={"kicker": 40, "subtitle": 160}.get(block.style))
                size = PARA_SIZES.get(block.style)
                for r in block.runs:
                    self._runs_of(p, r, size)
            elif block.kind == "table":
                self._table(block)
            else:
                p = self._p()
                _el(_el(p, "r"), "br", type="page")

    def _add(self, el):
        self.end.addprevious(el)
        return el

    def _p(self, style: str | None = None, box: bool = False, after: int | None = None, parent=None):
        p = etree.Element(qn("w:p"))
        if parent is None:
            self._add(p)
        else:
            parent.append(p)
        if style or box or after is not None:
            ppr = _el(p, "pPr")
            if style:
                _el(ppr, "pStyle", val=style)
            if box:
                borders = _el(ppr, "pBdr")
                for side in ("top", "left", "bottom", "right"):
                    _el(borders, side, val="single", sz=12, space=4, color="1B1B1B")
            if after is not None:
                _el(ppr, "spacing", after=after)
        return p

    def _run(self, p, text: str, bold=False, italic=False, size=None, fill=None):
        r = _el(p, "r")
        if bold or italic or size or fill:
            rpr = _el(r, "rPr")
            if bold:
                _el(rpr, "b")
            if italic:
                _el(rpr, "i")
            if size:
                _el(rpr, "sz", val=int(size * 2))
            if fill:
                _el(rpr, "shd", val="clear", color="auto", fill=fill)
        t = _el(r, "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return r

    def _runs_of(self, p, r, size=None) -> None:
        self._run(p, r.text, r.bold, r.italic, size, self.fills[r.mark] if r.mark else None)
        if r.ref:
            self._run(p, f" [{r.ref}]", size=size)

    def _table(self, block) -> None:
        if block.caption:
            self._run(self._p(self.style["Caption"]), block.caption)
        widths = [int(TEXT_WIDTH * w / 100) // 635 for w in block.widths]  # twentieths of a point
        tbl = self._add(etree.Element(qn("w:tbl")))
        pr = _el(tbl, "tblPr")
        _el(pr, "tblStyle", val=self.style["Table Grid"])
        _el(pr, "tblW", w=sum(widths), type="dxa")
        _el(pr, "tblLayout", type="fixed")
        _el(pr, "tblCellMar").extend([_cell_margin("top", 30), _cell_margin("bottom", 30)])
        _el(pr, "tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=1, lastColumn=0, noHBand=0, noVBand=1)
        grid = _el(tbl, "tblGrid")
        for w in widths:
            _el(grid, "gridCol", w=w)
        if block.head and block.head[0]:
            tr = self._tr(tbl, header=True)
            for text, w in zip(block.head, widths):
                tc = self._tc(tr, w, "EEEEEE")
                self._run(self._p(parent=tc), text, bold=True)
        link_column = 2 if block.style == "list" and block.rows and block.rows[0].anchor.startswith("ref-") else None
        for row in block.rows:
            tr = self._tr(tbl)
            for i, (lines, w) in enumerate(zip(row.cells, widths)):
                tc = self._tc(tr, w, "F2F2F2" if block.row_headers and i == 0 and block.style == "cover" else None)
                for runs in lines or ((),):
                    p = self._p(parent=tc, after=20)
                    if i == link_column and len(runs) == 1 and runs[0].text.startswith(("https://", "http://")):
                        self._hyperlink(p, runs[0].text)
                    else:
                        for r in runs:
                            self._runs_of(p, r)
        self._p(after=40)  # (a table is followed by a paragraph, as Word expects, and a little space)

    def _tr(self, tbl, header: bool = False):
        tr = _el(tbl, "tr")
        pr = _el(tr, "trPr")
        _el(pr, "cantSplit")  # a row is never cut across pages
        if header:
            _el(pr, "tblHeader")  # repeated at the top of every page
        return tr

    def _tc(self, tr, width: int, fill: str | None):
        tc = _el(tr, "tc")
        pr = _el(tc, "tcPr")
        _el(pr, "tcW", w=width, type="dxa")
        if fill:
            _el(pr, "shd", val="clear", color="auto", fill=fill)
        return tc

    def _hyperlink(self, p, url: str) -> None:
        """The address as a working link (the text is the address in full)."""
        link = _el(p, "hyperlink")
        link.set(qn("r:id"), self.doc.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        r = _el(link, "r")
        rpr = _el(r, "rPr")
        _el(rpr, "color", val=str(LINK))
        _el(rpr, "u", val="single")
        t = _el(r, "t")
        t.text = url


def _cell_margin(side: str, twips: int):
    el = etree.Element(qn(f"w:{side}"))
    el.set(qn("w:w"), str(twips))
    el.set(qn("w:type"), "dxa")
    return el
