"""The system's reports, in the board report's style: providers compared on one indicator
(funnel plot, every place against its limits, outliers, overdispersion in words, each place's
SPC row) and the integrated report (indicator × provider matrix of SPC icons). PDF and one
self-contained HTML page each.

Pure: plain data in, bytes or text out (no database, no web framework)."""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass, field

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from qijourney import palette
from qijourney.charts.sparkline import shared_scale, sparkline_svg
from qijourney.formatting import number
from qijourney.reports.html import environment, icon_markup
from qijourney.reports.model import SHORT_TEXT, MetricRow
from qijourney.reports.pdf import domain_table, icon_cell
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

WIDTH = PAGE[0] - 2 * MARGIN


@dataclass
class Place:
    """One place's row of the comparison."""

    name: str
    numerator: float
    denominator: float
    periods: int  # with figures in the window
    value: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    position: str  # "Above the 99.8% limit (outlier)", "Within both"
    outlier: bool
    yours: bool


@dataclass
class ComparisonReport:
    title: str  # the indicator's name
    system: str
    level: str  # "Trusts"
    period: str  # "July 2024 to June 2025"
    generated: dt.date
    definition: str
    value_label: str
    denominator_label: str
    centre: float
    places: list[Place]
    lines: dict[str, list[float]]  # denominator, lower_95, upper_95, lower_998, upper_998
    dispersion: list[str]
    outliers: list[str]
    description: str  # the funnel's text alternative
    spc: list[MetricRow] = field(default_factory=list)
    spc_note: str = ""  # why there is no SPC (a running total is not charted over time)
    problem: str = ""
    combined: str = "numerators and denominators summed"  # how the period's figures were made
    periods_label: str = "Months"  # or "Quarters"


NOT_SHARED_NOTE = (
    "No shared figures: the organisation does not feed the indicator or keeps its figures to "
    "itself (which of the two is its own to tell)."
)


@dataclass
class Cell:
    """One cell of the matrix: the place's icons, or why there are none."""

    indicator: int
    unit: int
    state: str  # "shown", "not_shared", "share_to_see", "no_figures", "not_charted"
    variation: str = ""
    assurance: str = ""
    latest_value: float = math.nan
    latest_date: str = ""

    @property
    def text(self) -> str:
        """The cell in words (its text alternative)."""
        if self.state == "not_shared":  # not fed, or fed and kept private: never told which
            return "No shared figures"
        if self.state == "share_to_see":
            return "Shared with those who share theirs"
        if self.state == "no_figures":
            return "No figures"
        if self.state == "not_charted":  # its indicator's note says why
            return "Not charted"
        words = [SHORT_TEXT.get(self.variation, "") if self.variation else "No icon yet"]
        if self.assurance:
            words.append(SHORT_TEXT[self.assurance])
        return "; ".join(w for w in words if w)


@dataclass
class MatrixTable:
    title: str
    row_heading: str  # "Indicator"
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    # (indicator, why its cells are not charted): a running total, or figures the engine
    # refused; on its row of the trusts' table, under the GP practices' one
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def row_notes(self) -> dict[str, str]:
        """Each row's note, when the rows are indicators."""
        return dict(self.notes) if self.row_heading == "Indicator" else {}


@dataclass
class MatrixReport:
    title: str
    system: str
    generated: dt.date
    tables: list[MatrixTable]


def funnel_drawing(report: ComparisonReport, width: float, height: float) -> Drawing:
    """The funnel plot as vectors: limits (95% dashed, 99.8% solid), the centre line, each
    place a dot (the viewer's own a pink diamond, outliers orange), axis titles and a key."""
    drawing = Drawing(width, height)
    lines = report.lines
    if not report.places or not lines.get("denominator"):
        return drawing
    xs = [p.denominator for p in report.places] + lines["denominator"]
    ys = [p.value for p in report.places] + [report.centre]
    for name in ("lower_998", "upper_998"):
        ys += [v for v in lines[name] if math.isfinite(v)]
    left, bottom, top = 40, 30, 16  # room for the x axis title below and the key above
    height -= top
    x_low, x_high = math.log(min(xs)), math.log(max(xs))
    y_low, y_high = min(ys), max(ys)
    pad = (y_high - y_low) * 0.05 or 1
    y_low, y_high = y_low - pad, y_high + pad

    def x(v):
        return left + (width - left - 6) * (math.log(v) - x_low) / ((x_high - x_low) or 1)

    def y(v):
        return bottom + (height - bottom - 6) * (v - y_low) / (y_high - y_low)

    grey = colors.HexColor(palette.NHS_DARK_GREY)
    for name, dash in (("95", [3, 2]), ("998", None)):
        for side in ("lower", "upper"):
            pairs = [
                c
                for d, v in zip(lines["denominator"], lines[f"{side}_{name}"], strict=True)
                if math.isfinite(v) and y_low <= v <= y_high
                for c in (x(d), y(v))
            ]
            if len(pairs) >= 4:
                drawing.add(
                    PolyLine(pairs, strokeColor=grey, strokeWidth=0.8, strokeDashArray=dash)
                )
    cy = y(report.centre)
    drawing.add(Line(left, cy, width - 6, cy, strokeColor=colors.HexColor(palette.TEXT)))
    for place in report.places:
        px, py = x(place.denominator), y(place.value)
        if place.yours:
            drawing.add(
                Polygon(
                    [px, py + 4, px + 4, py, px, py - 4, px - 4, py],
                    fillColor=colors.HexColor(palette.NHS_PINK),
                    strokeColor=None,
                )
            )
        else:
            colour = palette.CONCERN_ORANGE if place.outlier else palette.NHS_MID_GREY
            drawing.add(Circle(px, py, 2.6, fillColor=colors.HexColor(colour), strokeColor=None))
        if place.outlier or place.yours:
            drawing.add(String(px + 5, py + 2, place.name, fontSize=6.5, fillColor=TEXT))
    drawing.add(Line(left, bottom, left, height - 6, strokeColor=RULE, strokeWidth=0.5))
    drawing.add(Line(left, bottom, width - 6, bottom, strokeColor=RULE, strokeWidth=0.5))
    for value in (y_low + pad, report.centre, y_high - pad):
        drawing.add(String(left - 3, y(value) - 2.5, number(value), fontSize=6.5, textAnchor="end"))
    for value in (min(xs), math.exp((x_low + x_high) / 2), max(xs)):
        drawing.add(String(x(value), bottom - 10, number(value), fontSize=6.5, textAnchor="middle"))
    x_title = f"{report.denominator_label} (log scale)"
    drawing.add(String((left + width) / 2, 3, x_title, fontSize=7, textAnchor="middle"))
    key_y = height + 5
    drawing.add(String(left, key_y, report.value_label, fontSize=7, fillColor=TEXT))
    key = [("99.8% limits", None), ("95% limits", [3, 2])]
    at = width - 190
    for label, dash in key:
        drawing.add(Line(at, key_y + 2, at + 14, key_y + 2, strokeColor=grey, strokeDashArray=dash))
        drawing.add(String(at + 17, key_y, label, fontSize=6.5))
        at += 62
    orange = colors.HexColor(palette.CONCERN_ORANGE)
    drawing.add(Circle(at + 3, key_y + 2, 2.6, fillColor=orange, strokeColor=None))
    drawing.add(String(at + 8, key_y, "outlier", fontSize=6.5))
    return drawing


PLACE_COLUMNS = [
    ("Place", 62),
    ("Numerator", 24),
    ("Denominator", 26),
    ("Months", 15),
    ("Value", 18),
    ("95% limits", 32),
    ("99.8% limits", 32),
    ("Against the limits", 60),
]


def places_table(report: ComparisonReport, st):
    heads = [report.periods_label if name == "Months" else name for name, _ in PLACE_COLUMNS]
    data = [[Paragraph(name, st["head"]) for name in heads]]
    for p in report.places:
        name = markup(p.name) + (" <b>(yours)</b>" if p.yours else "")
        data.append(
            [
                Paragraph(name, st["body"]),
                *[
                    Paragraph(number(v), st["num"])
                    for v in (p.numerator, p.denominator, p.periods, p.value)
                ],
                Paragraph(f"{number(p.lower_95)} to {number(p.upper_95)}", st["num"]),
                Paragraph(f"{number(p.lower_998)} to {number(p.upper_998)}", st["num"]),
                Paragraph(markup(p.position), st["body"]),
            ]
        )
    return ruled(data, [w * mm for _, w in PLACE_COLUMNS], padding=2)


def comparison_pdf(report: ComparisonReport) -> bytes:
    st = styles()
    subtitle = (
        f"{markup(report.system)} · {markup(report.level)} · {markup(report.period)} "
        f"({markup(report.combined)}) · produced {report.generated:%d %B %Y} "
        "with qijourney"
    )
    story = [
        *cover(f"{report.title}: providers compared", subtitle, st),
        heading("Funnel plot", st["h1"]),
        Paragraph(markup(report.definition), st["body"]),
        Spacer(1, 3 * mm),
    ]
    if report.problem:
        story.append(Paragraph(markup(report.problem), st["body"]))
    else:
        story += [
            funnel_drawing(report, WIDTH * 0.75, 85 * mm),
            Paragraph(markup(report.description), st["small"]),
            heading("How much the places vary", st["h2"]),
            *[Paragraph(markup(s), st["body"]) for s in report.dispersion],
            heading("Outliers", st["h2"]),
            *[Paragraph(markup(s), st["body"]) for s in report.outliers or ["None."]],
            PageBreak(),
            heading("Every place against the limits", st["h1"]),
            places_table(report, st),
        ]
    if report.spc:
        story += [PageBreak(), heading("Each place over time (SPC)", st["h1"])]
        story.append(
            Paragraph(
                "Every small chart is on one scale, its latest month at the right edge, so the "
                "places' levels read against each other.",
                st["small"],
            )
        )
        story.append(domain_table(report.spc, st, shared_axis=True, first_heading="Place"))
    elif report.spc_note:
        story += [
            heading("Each place over time", st["h2"]),
            Paragraph(markup(report.spc_note), st["body"]),
        ]
    title = f"{report.title}: providers compared"
    return build_pdf(title, report.period, f"{report.level}, {report.period}", story)


def matrix_pdf(report: MatrixReport) -> bytes:
    st = styles()
    story = [
        *cover(
            report.title,
            f"{markup(report.system)} · each provider's monthly SPC icons · produced "
            f"{report.generated:%d %B %Y} with qijourney",
            st,
        )
    ]
    for table in report.tables:
        story += [heading(table.title, st["h1"]), matrix_table(table, st)]
        if not table.row_notes:
            story += [Paragraph(markup(f"{n}: {w}"), st["small"]) for n, w in table.notes]
        story.append(Spacer(1, 5 * mm))
    story.append(
        Paragraph(
            "Each cell: the variation icon, then the assurance icon where there is a target. "
            + NOT_SHARED_NOTE,
            st["small"],
        )
    )
    return build_pdf(report.title, f"{report.generated:%d %B %Y}", report.system, story)


def matrix_table(table: MatrixTable, st):
    first = 60 * mm
    width = (WIDTH - first) / max(len(table.columns), 1)
    data = [[Paragraph(markup(table.row_heading), st["head"])]]
    data[0] += [Paragraph(markup(c), st["head"]) for c in table.columns]
    notes = table.row_notes
    for label, cells in table.rows:
        row = [Paragraph(markup(label), st["body"])]
        if label in notes:
            row[0] = [row[0], Paragraph(markup(notes[label]), st["small"])]
        for cell in cells:
            if cell.state == "shown" and cell.variation:
                row.append(icon_cell(cell.variation, st))
                if cell.assurance:
                    row[-1] = [icon_cell(cell.variation, st), icon_cell(cell.assurance, st)]
            else:
                row.append(Paragraph(markup(cell.text), st["small"]))
        data.append(row)
    return ruled(data, [first] + [width] * len(table.columns), padding=2)


def comparison_html(report: ComparisonReport) -> str:
    """The comparison as one offline web page: the funnel (drawn as the PDF draws it, with its
    description) and tables, each place's SPC row with a small chart."""
    template = environment().get_template("system.html.jinja")
    funnel = ""
    if report.places and not report.problem:
        svg = renderSVG.drawToString(funnel_drawing(report, 720, 380))
        funnel = svg[svg.index("<svg") :]  # inline: no XML declaration or DOCTYPE
        title = f"<title>{html.escape(f'Funnel plot of {report.title}')}</title>"
        funnel = funnel.replace("<title>...</title>", title).replace("<desc>...</desc>", "")
    shared = shared_scale(report.spc)
    sparklines = {
        row.id: sparkline_svg(
            row.values,
            row.centre_line,
            row.lower_line,
            row.upper_line,
            row.point_types,
            label=f"Small chart of {row.name}, on the scale every place shares",
            shared=shared,
        )
        for row in report.spc
    }
    return template.render(
        kind="comparison", report=report, icon=icon_markup, sparklines=sparklines, funnel=funnel
    )


def matrix_html(report: MatrixReport) -> str:
    """The integrated report as one offline web page."""
    template = environment().get_template("system.html.jinja")
    return template.render(
        kind="matrix", report=report, icon=icon_markup, not_shared_note=NOT_SHARED_NOTE
    )
