"""The look every qijourney PDF shares: A4 landscape pages numbered in the footer, a cover
with the contents, the paragraph styles and ruled tables, in the NHS colours of the palette.
The board report (reports/pdf.py), the capability and the self-assessment reports use it."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
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

PAGE = landscape(A4)
MARGIN = 14 * mm
NHS_BLUE = colors.HexColor(palette.NHS_BLUE)
TEXT = colors.HexColor(palette.TEXT)
RULE = colors.HexColor(palette.RULE)
SECONDARY_TEXT = colors.HexColor(palette.SECONDARY_TEXT)


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
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(SECONDARY_TEXT)
        canvas.drawString(MARGIN, 8 * mm, f"{title} · {period}")
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    return draw


class ReportDocument(BaseDocTemplate):
    """Headings of level h1 and h2 go into the contents page."""

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            key = f"heading-{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (level, escape(flowable.getPlainText()), self.page, key))


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
        Paragraph(escape(title), st["title"]),
        Paragraph(subtitle, st["small"]),
        Spacer(1, 6 * mm),
        Paragraph("Contents", st["h2"]),
        contents(),
        PageBreak(),
    ]


def ruled(table: Table, *, numeric_from: int | None = None) -> Table:
    """The reports' table look: a rule under each row, a heavier one under the header;
    columns from ``numeric_from`` on are figures, aligned right."""
    rules = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if numeric_from is not None:
        rules.append(("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(rules))
    return table


def contents() -> TableOfContents:
    table = TableOfContents()
    table.levelStyles = [
        ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=10, leading=14, leftIndent=0),
        ParagraphStyle("toc1", fontName="Helvetica", fontSize=8.5, leading=11, leftIndent=14),
    ]
    return table
