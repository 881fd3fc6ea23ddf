"""The board report as a print-quality PDF: A4 landscape, a contents page, page numbers, and
every chart and icon drawn as vectors (reportlab, pure Python: no browser, no system
libraries). The look it shares with the other reports' PDFs is in reports/pdf_style.py."""

from __future__ import annotations

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from qijourney import palette
from qijourney.charts.icons import ASSURANCE_STYLE, VARIATION_STYLE
from qijourney.charts.sparkline import positions, shared_scale
from qijourney.formatting import number
from qijourney.reports.model import GRID_ASSURANCE, SHORT_TEXT, MetricRow, Report
from qijourney.reports.pdf_style import (
    MARGIN,
    PAGE,
    RULE,
    TEXT,
    build_pdf,
    cover,
    heading,
    markup,
    ruled,
    styles,
)
from qijourney.spc.icons import ICON_TEXT

# The same colours and letters as the HTML icons; common cause draws a level line.
ICON_STYLE = {
    name: (colour, letter or "-")
    for name, (colour, letter) in {**VARIATION_STYLE, **ASSURANCE_STYLE}.items()
}


def icon_drawing(name: str, size: float = 16) -> Drawing:
    """The MDC icon as vector shapes: a coloured ring with its letter (a dash: common cause)."""
    drawing = Drawing(size, size)
    if name not in ICON_STYLE:
        return drawing
    colour, letter = ICON_STYLE[name]
    ink = colors.HexColor(colour)
    r = size / 2
    drawing.add(Circle(r, r, r - 1, strokeColor=ink, strokeWidth=1.6, fillColor=colors.white))
    if letter == "-":
        drawing.add(Line(r * 0.5, r, r * 1.5, r, strokeColor=ink, strokeWidth=1.4))
    else:
        drawing.add(
            String(
                r,
                r * 0.62,
                letter,
                fontName="Helvetica-Bold",
                fontSize=size * 0.55,
                fillColor=ink,
                textAnchor="middle",
            )
        )
    return drawing


def spc_drawing(
    row: MetricRow,
    width: float,
    height: float,
    *,
    axes: bool = False,
    shared: tuple[float, float, int] | None = None,
) -> Drawing:
    """A small (or, with axes, a full) SPC chart: limits, centre line, values, coloured
    special-cause points, and the target when there is one. ``shared``: the small
    multiples' common scale (``charts.sparkline.shared_scale``)."""
    drawing = Drawing(width, height)
    values = row.values
    finite = np.isfinite(values)
    if not finite.any():
        return drawing
    lines = [row.centre_line, row.lower_line, row.upper_line]
    pool = [values[finite]] + [a[np.isfinite(a)] for a in lines]
    if row.target == row.target and row.target is not None and axes:
        pool.append(np.array([row.target]))
    low, high = (
        float(min(p.min() for p in pool if p.size)),
        float(max(p.max() for p in pool if p.size)),
    )
    if shared is not None:
        low, high = shared[0], shared[1]
    if high == low:
        high, low = high + 1, low - 1
    left = 34 if axes else 2
    bottom = 14 if axes else 2
    n = values.size
    xs = positions(n, shared[2] if shared else None, left, width - 3)

    def y(a):
        return bottom + (height - bottom - 3) * (np.asarray(a, dtype=float) - low) / (high - low)

    def polyline(xv, yv, colour, width_=0.8, dash=None):
        if xv.size < 2:
            return
        points = [float(c) for pair in zip(xv, yv, strict=True) for c in pair]
        drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=width_, strokeDashArray=dash))

    limit = colors.HexColor(palette.PROCESS_LIMIT_GREY)
    for line, dash in ((row.lower_line, [2, 1.5]), (row.upper_line, [2, 1.5])):
        ok = np.isfinite(line)
        polyline(xs[ok], y(line[ok]), limit, 0.7, dash)
    ok = np.isfinite(row.centre_line)
    polyline(xs[ok], y(row.centre_line[ok]), colors.HexColor(palette.CENTRE_LINE_BLACK), 0.7)
    if axes and row.target == row.target and row.target is not None:
        ty = float(y(row.target))
        drawing.add(
            Line(
                left,
                ty,
                width - 3,
                ty,
                strokeColor=colors.HexColor(palette.TARGET_RED),
                strokeWidth=0.8,
                strokeDashArray=[1, 1.5],
            )
        )
    polyline(xs[finite], y(values[finite]), colors.HexColor(palette.VALUE_LINE_GREY), 0.9)
    radius = 1.8 if axes else 1.2
    for x, v, kind in zip(
        xs[finite], y(values[finite]), np.asarray(row.point_types)[finite], strict=True
    ):
        if kind != "common_cause" or axes:
            colour = palette.MDC_POINT_COLOURS.get(kind, palette.COMMON_CAUSE_GREY)
            drawing.add(
                Circle(
                    float(x), float(v), radius, fillColor=colors.HexColor(colour), strokeColor=None
                )
            )
    if axes:
        for value in (low, (low + high) / 2, high):
            drawing.add(
                String(
                    left - 3,
                    float(y(value)) - 2.5,
                    number(value),
                    fontSize=6.5,
                    fontName="Helvetica",
                    textAnchor="end",
                    fillColor=TEXT,
                )
            )
        drawing.add(Line(left, bottom, left, height - 3, strokeColor=RULE, strokeWidth=0.5))
        for k in sorted({0, n // 2, n - 1}) if row.periods else ():
            drawing.add(
                String(
                    float(xs[k]),
                    3,
                    row.periods[k],
                    fontSize=6.5,
                    fontName="Helvetica",
                    textAnchor="middle",
                    fillColor=TEXT,
                )
            )
    return drawing


def to_pdf(report: Report, *, charts: bool = True) -> bytes:
    st = styles()
    story = [
        *cover(
            report.title,
            f"Data to {markup(report.period or 'the latest period')} · produced "
            f"{report.generated:%d %B %Y} with qijourney (Making Data Count SPC)",
            st,
        ),
        heading("Summary: variation and assurance", st["h1"]),
        summary_grid(report, st),
        Spacer(1, 4 * mm),
        Paragraph(
            "Icons: the first letter says which way a special cause points (H higher, L "
            "lower); blue is improvement, orange concern, purple neither, grey common "
            "cause. Assurance: P the target will consistently be met, F it will "
            "consistently be missed, ? hit or miss.",
            st["small"],
        ),
    ]
    for domain, rows in report.domains:
        story += [PageBreak(), heading(domain, st["h1"]), domain_table(rows, st)]
    if charts:
        story += [PageBreak(), heading("Charts", st["h1"])]
        for domain, rows in report.domains:
            story.append(heading(domain, st["h2"]))
            story += [chart_block(row, st) for row in rows]
    return build_pdf(report.title, report.period, f"Data to {report.period}", story)


def summary_grid(report: Report, st) -> Table:
    header = [Paragraph("Variation", st["head"])] + [
        icon_cell(a, st) if a else Paragraph("No assurance icon", st["head"])
        for a in GRID_ASSURANCE
    ]
    data = [header]
    for variation, counts in report.grid():
        if not sum(counts):
            continue
        label = (
            icon_cell(variation, st)
            if variation
            else Paragraph("No icon (too few points)", st["body"])
        )
        data.append([label] + [Paragraph(str(c) if c else "", st["num"]) for c in counts])
    widths = [70 * mm] + [38 * mm] * len(GRID_ASSURANCE)
    return ruled(data, widths)


def icon_cell(name: str, st) -> Table:
    """An icon with its words beside it: the text alternative is printed, not hidden."""
    cell = Table(
        [[icon_drawing(name), Paragraph(markup(SHORT_TEXT.get(name, name)), st["body"])]],
        colWidths=[6 * mm, None],
    )
    cell.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return cell


COLUMNS = [
    ("Metric", 62),
    ("Latest", 17),
    ("Value", 16),
    ("Target", 16),
    ("Mean", 16),
    ("Lower", 16),
    ("Upper", 16),
    ("Variation", 34),
    ("Assurance", 34),
    ("Trend", 40),
]


def domain_table(
    rows: list[MetricRow], st, *, shared_axis: bool = False, first_heading: str = "Metric"
) -> Table:
    """The metrics' table with their small charts; ``shared_axis``: every chart on one scale
    (small multiples of one indicator across places, each row a place: ``first_heading``)."""
    shared = shared_scale(rows) if shared_axis else None
    header = [
        Paragraph(
            first_heading if i == 0 else name,
            st["head"]
            if i < 2 or i > 6
            else ParagraphStyle("h", parent=st["head"], alignment=TA_RIGHT),
        )
        for i, (name, _) in enumerate(COLUMNS)
    ]
    data = [header]
    for row in rows:
        name = markup(row.name) + (
            f"<br/><font size=6.5 color='{palette.SECONDARY_TEXT}'>{markup(row.warning)}</font>"
            if row.warning
            else ""
        )
        data.append(
            [
                Paragraph(name, st["body"]),
                Paragraph(markup(row.latest_date), st["body"]),
                *[
                    Paragraph(number(v), st["num"])
                    for v in (row.latest_value, row.target, row.centre, row.lower, row.upper)
                ],
                icon_cell(row.variation, st) if row.variation else Paragraph("None", st["small"]),
                icon_cell(row.assurance, st) if row.assurance else Paragraph("None", st["small"]),
                spc_drawing(row, 38 * mm, 9 * mm, shared=shared),
            ]
        )
    return ruled(data, [w * mm for _, w in COLUMNS], padding=2)


def chart_block(row: MetricRow, st) -> KeepTogether:
    words = [ICON_TEXT[n] for n in (row.variation, row.assurance) if n in ICON_TEXT]
    caption = (
        f"Latest {row.latest_date}: {number(row.latest_value)}. Mean "
        f"{number(row.centre)}, limits {number(row.lower)} to {number(row.upper)}"
        + (
            f", target {number(row.target)}"
            if row.target == row.target and row.target is not None
            else ""
        )
        + ". "
        + ". ".join(words)
    )
    return KeepTogether(
        [
            Paragraph(
                markup(row.name),
                ParagraphStyle("chart", parent=st["head"], fontSize=9.5, spaceBefore=6),
            ),
            spc_drawing(row, PAGE[0] - 2 * MARGIN, 52 * mm, axes=True),
            Paragraph(markup(caption), st["small"]),
        ]
    )
