"""The look every qijourney PDF shares: A4 landscape pages numbered in the footer, a cover
with the contents, the paragraph styles and ruled tables, in the NHS colours of the palette.
The board report (reports/pdf.py), the capability and the self-assessment reports use it.

Text of any length prints in full. A table cell's text taller than ``ROW_PIECE_HEIGHT`` is
cut into pieces, each in a row of its own (``ruled``), so no row outgrows a page (reportlab
stops with a LayoutError when one does); a heading split over pages is one entry in the
contents (``heading``); the contents and the footer shorten what would not fit them. Text
goes into a paragraph through ``markup``, so markup characters print as written."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from qijourney import palette
from qijourney.domain.exports import xml_text

PAGE = landscape(A4)
MARGIN = 14 * mm
NHS_BLUE = colors.HexColor(palette.NHS_BLUE)
TEXT = colors.HexColor(palette.TEXT)
RULE = colors.HexColor(palette.RULE)
SECONDARY_TEXT = colors.HexColor(palette.SECONDARY_TEXT)
# A cell's text taller than this (nine lines of body text) carries on in rows below, so a row
# never outgrows a page and a page is left at most this much short; shorter rows move to the
# next page whole, as they always did.
ROW_PIECE_HEIGHT = 96
CELL_SIDE_PADDING = 6  # points left and right of a table cell's text (reportlab's default)
CONTENTS_ENTRY_MAX = 200  # characters of a heading shown in the contents; the heading has all


def markup(text: str) -> str:
    """``text`` for a reportlab Paragraph, printed as written: &, < and > escaped, and the
    characters a PDF's text cannot hold replaced by U+FFFD (see domain/exports.py).

    >>> markup("A&E <4 hours"), markup("pasted\\x0b") == "pasted\\ufffd"
    ('A&amp;E &lt;4 hours', True)
    """
    return escape(xml_text(text))


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fitted(text: str, width: float, font: str, size: float) -> str:
    """``text`` cut (with an ellipsis) to fit ``width`` points in one line."""
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start of the text that fits, with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def styles():
    sheet = getSampleStyleSheet()
    base = ParagraphStyle(
        "base",
        parent=sheet["BodyText"],
        fontName="Helvetica",
        fontSize=8.5,
        leading=10.5,
        textColor=TEXT,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=sheet["Title"],
            fontName="Helvetica-Bold",
            fontSize=22,
            leading=26,
            textColor=TEXT,
            alignment=0,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=sheet["Heading1"],
            fontName="Helvetica-Bold",
            fontSize=15,
            leading=19,
            textColor=NHS_BLUE,
            spaceBefore=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sheet["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=10.5,
            leading=13,
            textColor=TEXT,
        ),
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=7.5, leading=9, textColor=SECONDARY_TEXT
        ),
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName="Helvetica-Bold"),
    }


def page_furniture(title: str, period: str):
    # The title and period on the left, cut to leave room for the page number on the right.
    footer = fitted(
        xml_text(f"{title} · {period}"), PAGE[0] - 2 * MARGIN - 40 * mm, "Helvetica", 7.5
    )

    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(SECONDARY_TEXT)
        canvas.drawString(MARGIN, 8 * mm, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    return draw


class Heading(Paragraph):
    """A heading (style h1 or h2) listed once in the contents, however many pages it is split
    over: reportlab makes the parts of a split paragraph with its class, and only the first
    part keeps the entry."""

    def __init__(self, text, style, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.entry: tuple[int, str, str] | None = None  # level, text, bookmark

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].entry, parts[1].entry = self.entry, None
        return parts


def heading(text: str, style: ParagraphStyle) -> Heading:
    """``text`` as written, as a heading in ``style`` (h1 or h2) and an entry in the contents,
    where a long one is shortened."""
    made = Heading(markup(text), style)
    level = 0 if style.name == "h1" else 1
    made.entry = (level, markup(shortened(text, CONTENTS_ENTRY_MAX)), f"heading-{id(made)}")
    return made


class ReportDocument(BaseDocTemplate):
    """Headings (``heading``) go into the contents page."""

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading) and flowable.entry is not None:
            level, text, key = flowable.entry
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (level, text, self.page, key))


def build_pdf(title: str, period: str, subject: str, story: list) -> bytes:
    """An A4 landscape document in the reports' shared style; ``story`` may hold a
    ``TableOfContents`` (from ``contents()``), filled from its h1 and h2 headings."""
    buffer = io.BytesIO()
    document = ReportDocument(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="qijourney",
        subject=subject,
    )
    frame = Frame(
        MARGIN, MARGIN + 4 * mm, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - 4 * mm, id="body"
    )
    document.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=page_furniture(title, period))]
    )
    document.multiBuild(story)
    return buffer.getvalue()


def cover(title: str, subtitle: str, st) -> list:
    """The first page of every report: title, what it covers, and the contents."""
    return [
        Paragraph(markup(title), st["title"]),
        Paragraph(subtitle, st["small"]),
        Spacer(1, 6 * mm),
        heading("Contents", st["h2"]),
        contents(),
        PageBreak(),
    ]


def ruled(
    data: list[list],
    widths: list[float],
    *,
    numeric_from: int | None = None,
    padding: float | None = None,
    **options,
) -> Table:
    """The reports' table: the first row is the header, repeated on every page; a rule under
    each row, a heavier one under the header; columns from ``numeric_from`` on are figures,
    aligned right; ``padding`` above and below each cell if given. A row with text taller
    than ``ROW_PIECE_HEIGHT`` carries on in rows below it, with no rule between them, so text
    of any length prints in full over as many pages as it needs."""
    rows: list[list] = [data[0]]
    spans: list[tuple[int, int]] = []  # the first and last table row of each data row
    for row in data[1:]:
        pieces = _pieces(row, widths)
        spans.append((len(rows), len(rows) + len(pieces) - 1))
        rows += pieces
    whole = all(first == last for first, last in spans)
    rules = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        *(
            [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]
            if whole
            else [("LINEBELOW", (0, last), (-1, last), 0.4, RULE) for _, last in spans]
        ),
        ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if numeric_from is not None:
        rules.append(("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"))
    if padding is not None:
        rules += [("TOPPADDING", (0, 0), (-1, -1), padding)]
        rules += [("BOTTOMPADDING", (0, 0), (-1, -1), padding)]
    for first, last in spans:
        if first != last:  # the pieces read on from the top of each, with no gap between
            rules += [
                ("VALIGN", (0, first), (-1, last), "TOP"),
                ("BOTTOMPADDING", (0, first), (-1, last - 1), 0),
                ("TOPPADDING", (0, first + 1), (-1, last), 0),
            ]
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(rules), **options)


def _pieces(row: list, widths: list[float]) -> list[list]:
    """One data row as table rows: each paragraph cut into pieces no taller than
    ``ROW_PIECE_HEIGHT``, the other cells (figures, icons, small charts) in the first."""
    cells = [
        _text_pieces(cell, width - 2 * CELL_SIDE_PADDING) if isinstance(cell, Paragraph) else [cell]
        for cell, width in zip(row, widths, strict=True)
    ]
    depth = max(len(pieces) for pieces in cells)
    return [[pieces[i] if i < len(pieces) else "" for pieces in cells] for i in range(depth)]


def _text_pieces(paragraph: Paragraph, width: float) -> list[Paragraph]:
    pieces = []
    rest = paragraph
    while rest.wrap(width, ROW_PIECE_HEIGHT)[1] > ROW_PIECE_HEIGHT:
        parts = rest.split(width, ROW_PIECE_HEIGHT)
        if len(parts) < 2:  # nothing reportlab can cut: leave it whole
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def contents() -> TableOfContents:
    table = TableOfContents()
    table.levelStyles = [
        ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=10, leading=14, leftIndent=0),
        ParagraphStyle("toc1", fontName="Helvetica", fontSize=8.5, leading=11, leftIndent=14),
    ]
    return table
