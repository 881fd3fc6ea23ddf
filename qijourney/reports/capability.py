"""The capability report as PDF, in the board report's style: coverage against the dosing
plan, each target's trend by month, gaps by directorate and role group, and coaching.

Pure: plain data in, bytes out (no database, no web framework)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table

from qijourney import palette
from qijourney.domain.dosing import Breakdown, TargetCoverage
from qijourney.formatting import percent
from qijourney.reports.pdf_style import (
    MARGIN,
    NHS_BLUE,
    PAGE,
    TEXT,
    build_pdf,
    cover,
    heading,
    markup,
    ruled,
    styles,
)

BELOW = colors.HexColor(palette.NHS_PINK)
TRACK = colors.HexColor(palette.NHSUK_GREY_5)  # the bar's full width, behind it
WIDTH = PAGE[0] - 2 * MARGIN


@dataclass
class CapabilityReport:
    organisation: str
    as_of: dt.date
    staff: int
    targets: list[TargetCoverage]
    coaches: dict[str, int] = field(default_factory=dict)
    # programme -> mean score (1-5) and how many evaluations, at Kirkpatrick levels 1-4
    evaluations: list[tuple[str, list[tuple[float | None, int]]]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.organisation}: improvement capability"


BARS_PER_DRAWING = 20  # 20 bars of 18 pt and the axis: well inside a landscape A4 frame (492 pt)


def coverage_drawings(rows: list[tuple[str, float | None, float]], width: float) -> list[Drawing]:
    """The coverage bars in drawings of at most :data:`BARS_PER_DRAWING`, so a plan with
    any number of targets flows over as many pages as it needs (one drawing never splits)."""
    return [
        coverage_drawing(rows[start : start + BARS_PER_DRAWING], width)
        for start in range(0, len(rows), BARS_PER_DRAWING)
    ]


def coverage_drawing(rows: list[tuple[str, float | None, float]], width: float) -> Drawing:
    """Horizontal bars (blue: meets the target, pink: below) with a black target tick and the
    figure written beside each bar."""
    bar, gap, label_width = 11, 7, 200
    height = len(rows) * (bar + gap) + 18
    drawing = Drawing(width, height)
    plot = width - label_width - 90
    for i, (label, value, target) in enumerate(rows):
        y = height - (i + 1) * (bar + gap)
        drawing.add(
            String(0, y + 2, label[:48], fontName="Helvetica", fontSize=7.5, fillColor=TEXT)
        )
        drawing.add(Rect(label_width, y, plot, bar, fillColor=TRACK, strokeColor=None))
        share = value or 0
        met = value is not None and value >= target
        drawing.add(
            Rect(
                label_width,
                y,
                plot * min(share, 100) / 100,
                bar,
                fillColor=NHS_BLUE if met else BELOW,
                strokeColor=None,
            )
        )
        x = label_width + plot * min(target, 100) / 100
        drawing.add(Line(x, y - 2, x, y + bar + 2, strokeColor=TEXT, strokeWidth=2))
        drawing.add(
            String(
                label_width + plot + 4,
                y + 2,
                f"{percent(value)} (target {percent(target)})",
                fontName="Helvetica",
                fontSize=7.5,
                fillColor=TEXT,
            )
        )
    for tick in (0, 50, 100):
        drawing.add(
            String(
                label_width + plot * tick / 100,
                0,
                f"{tick}%",
                fontName="Helvetica",
                fontSize=7,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
    return drawing


def trend_drawing(target: TargetCoverage, width: float, height: float = 120) -> Drawing:
    points = [(d, p) for d, p in target.trend if p is not None]
    drawing = Drawing(width, height)
    if len(points) < 2:
        drawing.add(String(0, height / 2, "Not enough months of data for a trend", fontSize=8))
        return drawing
    origin = points[0][0]
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 30, 18, width - 40, height - 28
    plot.data = [
        [((d - origin).days, p) for d, p in points],
        [(0, target.target_percent), ((points[-1][0] - origin).days, target.target_percent)],
    ]
    plot.lines[0].strokeColor = NHS_BLUE
    plot.lines[0].strokeWidth = 1.5
    plot.lines[1].strokeColor = TEXT
    plot.lines[1].strokeDashArray = [4, 3]
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = max(100, target.target_percent)
    plot.yValueAxis.valueStep = 25
    plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.labelTextFormat = "%d%%"
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = (points[-1][0] - origin).days
    plot.xValueAxis.valueSteps = [(d - origin).days for d, _ in points[:: max(len(points) // 6, 1)]]
    plot.xValueAxis.labelTextFormat = lambda days: f"{origin + dt.timedelta(days=days):%b %y}"
    plot.xValueAxis.labels.fontSize = 7
    drawing.add(plot)
    drawing.add(
        String(
            width - 4,
            height - 8,
            f"Target {percent(target.target_percent)} (dashed)",
            fontName="Helvetica",
            fontSize=7,
            fillColor=TEXT,
            textAnchor="end",
        )
    )
    return drawing


def breakdown_table(title: str, rows: list[Breakdown], st) -> Table:
    data = [
        [Paragraph(h, st["head"]) for h in (title, "Staff", "Had the dose", "Coverage", "Short by")]
    ]
    data += [
        [
            Paragraph(markup(r.name), st["body"]),
            str(r.population),
            str(r.dosed),
            percent(r.percent),
            str(r.shortfall),
        ]
        for r in rows
    ]
    widths = [WIDTH * 0.2, *[WIDTH * 0.07] * 4]
    return ruled(data, widths, numeric_from=1, hAlign="LEFT")


KIRKPATRICK = ("1. Reaction", "2. Learning", "3. Behaviour", "4. Results")


def evaluation_cell(mean: float | None, count: int) -> str:
    return "–" if mean is None else f"{mean:.1f} ({count})"


def evaluation_table(rows: list[tuple[str, list[tuple[float | None, int]]]], st) -> Table:
    data = [[Paragraph(h, st["head"]) for h in ("Programme", *KIRKPATRICK)]]
    data += [
        [Paragraph(markup(name), st["body"]), *(evaluation_cell(m, n) for m, n in levels)]
        for name, levels in rows
    ]
    widths = [WIDTH * 0.28, *[WIDTH * 0.1] * 4]
    return ruled(data, widths, numeric_from=1, hAlign="LEFT")


def summary_table(report: CapabilityReport, st) -> Table:
    head = ("Programme", "Group", "Counted", "Target", "Coverage", "Staff", "Short by", "Status")
    data = [[Paragraph(h, st["head"]) for h in head]]
    for t in report.targets:
        data.append(
            [
                Paragraph(markup(t.programme), st["body"]),
                Paragraph(markup(t.audience), st["body"]),
                Paragraph(markup(t.basis), st["body"]),
                f"{percent(t.target_percent)}",
                percent(t.overall.percent),
                str(t.overall.population),
                str(t.overall.shortfall),
                "Met" if t.met else "Not met",
            ]
        )
    widths = [0.2, 0.22, 0.16, 0.07, 0.08, 0.07, 0.08, 0.08]
    return ruled(data, [WIDTH * w for w in widths], numeric_from=3, hAlign="LEFT")


def to_pdf(report: CapabilityReport) -> bytes:
    st = styles()
    period = f"{report.as_of:%d %B %Y}"
    story = [
        *cover(
            report.title,
            f"Coverage against the dosing plan on {period} · {report.staff:,} staff on the "
            "staff list · produced with qijourney",
            st,
        ),
        heading("Coverage against the dosing plan", st["h1"]),
    ]
    if report.targets:
        story += [
            summary_table(report, st),
            Spacer(1, 5 * mm),
            *coverage_drawings(
                [(t.label, t.overall.percent, t.target_percent) for t in report.targets], WIDTH
            ),
            Paragraph(
                "Bars: the share of each group who have had the dose (blue meets the target, "
                "pink is below it); the black tick is the target. A higher tier of the same "
                "ladder counts as having had the lower doses.",
                st["small"],
            ),
        ]
    else:
        story.append(Paragraph("The organisation has no dosing plan yet.", st["body"]))
    if report.coaches:
        story += [Spacer(1, 5 * mm), heading("Coaches", st["h2"])]
        story += [
            Paragraph(f"{markup(status)}: {count}", st["body"])
            for status, count in report.coaches.items()
        ]
    if report.evaluations:
        story += [
            Spacer(1, 5 * mm),
            heading("Evaluation of the programmes (Kirkpatrick levels)", st["h2"]),
            evaluation_table(report.evaluations, st),
            Paragraph(
                "Mean score from 1 (poor) to 5 (excellent), with the number of evaluations: "
                "1 reaction, 2 learning, 3 behaviour at work, 4 results for care or services.",
                st["small"],
            ),
        ]
    for target in report.targets:
        story += [
            PageBreak(),
            heading(target.label, st["h1"]),
            Paragraph(
                f"Target {percent(target.target_percent)} {markup(target.basis)}; now "
                f"{percent(target.overall.percent)} ({target.overall.dosed} of "
                f"{target.overall.population}); {target.overall.shortfall} more needed.",
                st["body"],
            ),
            heading("Coverage by month", st["h2"]),
            trend_drawing(target, WIDTH * 0.6),
            KeepTogether(
                [
                    heading("By directorate", st["h2"]),
                    breakdown_table("Directorate", target.by_directorate, st),
                ]
            ),
            KeepTogether(
                [
                    heading("By role group", st["h2"]),
                    breakdown_table("Role group", target.by_role_group, st),
                ]
            ),
        ]
    return build_pdf(report.title, period, f"Capability on {period}", story)
