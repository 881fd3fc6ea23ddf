"""The self-assessment report: maturity by domain over time, the latest round's results with
their change, and the actions due, as a PDF in the board report's style.

Pure: plain dataclasses in, PDF bytes out (reportlab; the chart is drawn as vectors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, Spacer, Table

from qijourney.charts.maturity import Series, score_text
from qijourney.palette import NHS_BLUE, NHS_MID_GREY, NHSUK_RED
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
    shortened,
    styles,
)

CHART_ROUNDS = 8  # the newest rounds drawn; more would make the bars too thin to read
CHART_HEIGHT = 120 * mm  # the chart's share of a landscape page, under its heading
OVERDUE_RED = NHSUK_RED  # 5.1:1 on white, and the word "Overdue" says it too


@dataclass(frozen=True)
class DomainRow:
    """One domain of the report's round: its score, and how it moved since the round before."""

    domain: str
    score: float | None
    change: float | None
    respondents: int


@dataclass(frozen=True)
class ActionDue:
    text: str
    domain: str
    owner: str  # empty: nobody named yet
    due: dt.date
    status: str
    overdue: bool


@dataclass(frozen=True)
class MaturityReport:
    """Everything the page and the PDF show, for one organisation and framework."""

    organisation: str
    framework: str
    round_name: str  # the round the report is as at (the newest it includes)
    generated: dt.date
    top: int  # the highest maturity rank
    domains: list[str]
    rounds: list[Series]  # every round up to the report's, oldest first
    latest: list[DomainRow]
    actions: list[ActionDue]
    horizon_days: int  # actions due within this many days are listed, with the overdue ones

    @property
    def title(self) -> str:
        return f"Self-assessment report: {self.organisation}"


def change_text(change: float | None) -> str:
    """The change with its sign in words as well as symbols, for print and screen readers."""
    if change is None:
        return "No earlier round"
    if change == 0:
        return "No change"
    return f"{change:+.1f}"


def to_pdf(report: MaturityReport) -> bytes:
    st = styles()
    story = [
        *cover(
            report.title,
            f"{markup(report.framework)} · as at the round {markup(report.round_name)} · "
            f"produced {report.generated:%d %B %Y} with qijourney",
            st,
        ),
        heading("Maturity by domain over time", st["h1"]),
        Paragraph(
            f"Mean maturity of each domain in each round, from 1 (starting out) to {report.top} "
            "(leading): every answer of every respondent to the domain's statements, averaged. "
            "The newest round is the blue bar; each bar is named and its score printed."
            + (
                f" The chart shows the newest {CHART_ROUNDS} rounds; the table after it has all."
                if len(report.rounds) > CHART_ROUNDS
                else ""
            ),
            st["body"],
        ),
        Spacer(1, 3 * mm),
        KeepInFrame(PAGE[0] - 2 * MARGIN, CHART_HEIGHT + 40, [maturity_drawing(report)]),
        PageBreak(),
        heading(f"Results of {report.round_name}", st["h1"]),
        results_table(report, st),
        Spacer(1, 6 * mm),
        heading("Every round by domain", st["h2"]),
        rounds_table(report, st),
        PageBreak(),
        heading("Actions due", st["h1"]),
        Paragraph(
            f"Open actions that are overdue or due within {report.horizon_days} days of "
            f"{report.generated:%d %B %Y}.",
            st["body"],
        ),
        Spacer(1, 3 * mm),
        actions_table(report, st),
    ]
    return build_pdf(report.title, report.round_name, report.framework, story)


def maturity_drawing(report: MaturityReport) -> Drawing:
    """Grouped horizontal bars: a group per domain, a bar per round (newest blue, others grey),
    with the round's name and score printed at each bar's end."""
    width = PAGE[0] - 2 * MARGIN
    rounds = report.rounds[-CHART_ROUNDS:]
    # Bars as thick as fit one page (9 points at most); the tables carry every number anyway.
    per_domain = CHART_HEIGHT / max(len(report.domains), 1) - 16
    bar = max(2.5, min(9.0, per_domain / max(len(rounds), 1)))
    group = bar * max(len(rounds), 1) + 16
    label_width = 70 * mm
    height = group * max(len(report.domains), 1) + 48
    drawing = Drawing(width, height)
    if not rounds or not report.domains:
        drawing.add(String(0, height - 12, "No rounds to chart yet.", fontName="Helvetica"))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 30
    chart.width, chart.height = width - label_width - 60 * mm, height - 48
    domains = report.domains
    # Within a domain reportlab stacks the first series at the bottom: newest first puts the
    # oldest round on top, so each group reads in time order like the page's chart.
    newest_first = list(reversed(rounds))
    chart.data = [
        [r.scores.get(d) if r.scores.get(d) is not None else 0 for d in domains]
        for r in newest_first
    ]
    chart.categoryAxis.categoryNames = [shortened(d, 48) for d in domains]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = TEXT
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.reverseDirection = 1  # reportlab starts at the bottom; read top-down
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, report.top
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labels.fillColor = TEXT
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.barWidth = bar
    chart.groupSpacing = 12
    chart.barSpacing = 1
    for index in range(len(rounds)):
        chart.bars[index].fillColor = colors.HexColor(NHS_BLUE if index == 0 else NHS_MID_GREY)
        chart.bars[index].strokeColor = None
    # Each bar's round and score, so neither colour nor order has to be decoded.
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = TEXT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelArray = [
        [f"{r.label}: {score_text(r.scores.get(d))}" for d in domains] for r in newest_first
    ]
    chart.barLabelFormat = "values"
    drawing.add(chart)
    drawing.add(
        String(
            chart.x + chart.width / 2,
            4,
            f"Mean maturity (1 to {report.top})",
            fontName="Helvetica",
            fontSize=8,
            fillColor=TEXT,
            textAnchor="middle",
        )
    )
    legend_y = height - 6
    for offset, (colour, words) in enumerate(
        ((NHS_BLUE, f"Newest round ({rounds[-1].label})"), (NHS_MID_GREY, "Earlier rounds"))
    ):
        if offset and len(rounds) == 1:
            break
        x = label_width + offset * 70 * mm
        drawing.add(
            Rect(x, legend_y - 6, 8, 8, fillColor=colors.HexColor(colour), strokeColor=None)
        )
        drawing.add(String(x + 11, legend_y - 5, words, fontName="Helvetica", fontSize=8))
    return drawing


def results_table(report: MaturityReport, st) -> Table:
    header = ["Domain", "Maturity", "Since the round before", "Respondents"]
    rows = [[Paragraph(h, st["head"]) for h in header]]
    for row in report.latest:
        rows.append(
            [
                Paragraph(markup(row.domain), st["body"]),
                Paragraph(score_text(row.score), st["num"]),
                Paragraph(change_text(row.change), st["num"]),
                Paragraph(str(row.respondents), st["num"]),
            ]
        )
    return ruled(rows, [120 * mm, 30 * mm, 45 * mm, 30 * mm])


def rounds_table(report: MaturityReport, st) -> Table:
    """The chart's numbers, for anyone who reads a table more easily than bars."""
    rows = [
        [Paragraph("Domain", st["head"])]
        + [Paragraph(markup(r.label), st["head"]) for r in report.rounds]
    ]
    for domain in report.domains:
        rows.append(
            [Paragraph(markup(domain), st["body"])]
            + [Paragraph(score_text(r.scores.get(domain)), st["num"]) for r in report.rounds]
        )
    spare = PAGE[0] - 2 * MARGIN - 100 * mm
    column = min(35 * mm, spare / max(len(report.rounds), 1))
    return ruled(rows, [100 * mm] + [column] * len(report.rounds))


def actions_table(report: MaturityReport, st):
    if not report.actions:
        return Paragraph("No open actions are overdue or due in that time.", st["body"])
    rows = [[Paragraph(h, st["head"]) for h in ("Action", "Domain", "Owner", "Due", "Status")]]
    for action in report.actions:
        due = f"{action.due:%d %b %Y}"
        if action.overdue:
            due = f"<font color='{OVERDUE_RED}'><b>Overdue</b></font> {due}"
        rows.append(
            [
                Paragraph(markup(action.text), st["body"]),
                Paragraph(markup(action.domain), st["body"]),
                Paragraph(markup(action.owner) or "Nobody named", st["body"]),
                Paragraph(due, st["body"]),
                Paragraph(markup(action.status), st["body"]),
            ]
        )
    return ruled(rows, [95 * mm, 60 * mm, 40 * mm, 38 * mm, 30 * mm])
