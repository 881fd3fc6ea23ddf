"""The report's table as an Excel workbook: the metrics by domain with their icons in words and
MDC colours, and the variation × assurance summary. Every text cell is written as text, never
a formula, with only characters Excel can hold (domain/exports.py)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qijourney import palette
from qijourney.domain.exports import excel_row
from qijourney.reports.model import GRID_ASSURANCE, SHORT_TEXT, Report


def excel_colour(colour: str) -> str:
    """A palette colour as openpyxl writes it: RRGGBB in capitals, no #."""
    return colour.removeprefix("#").upper()


# An icon's cell is filled by the start of its name: the MDC colour of what it means (pass as
# improvement, fail as concern, hit or miss as common cause).
FILLS = {
    "improvement": excel_colour(palette.IMPROVEMENT_BLUE),
    "concern": excel_colour(palette.CONCERN_ORANGE),
    "neutral": excel_colour(palette.NEUTRAL_PURPLE),
    "common_cause": excel_colour(palette.COMMON_CAUSE_GREY),
    "pass": excel_colour(palette.IMPROVEMENT_BLUE),
    "fail": excel_colour(palette.CONCERN_ORANGE),
    "hit_or_miss": excel_colour(palette.COMMON_CAUSE_GREY),
}
ON_FILL = excel_colour(palette.NHS_WHITE)  # the words on a filled cell
HEADERS = [
    "Domain",
    "Metric",
    "Latest period",
    "Latest value",
    "Target",
    "Mean",
    "Lower limit",
    "Upper limit",
    "Variation",
    "Assurance",
    "Warning",
]


def fill_for(icon: str) -> PatternFill | None:
    key = next((k for k in FILLS if icon.startswith(k)), None)
    if key is None:
        return None
    return PatternFill("solid", fgColor=FILLS[key])


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append(excel_row(sheet, [report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        excel_row(sheet, [f"Data to {report.period}", f"produced {report.generated:%d %B %Y}"])
    )
    sheet.append([])
    sheet.append(excel_row(sheet, HEADERS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for domain, rows in report.domains:
        for row in rows:
            values = [
                domain,
                row.name,
                row.latest_date,
                _num(row.latest_value),
                _num(row.target),
                _num(row.centre),
                _num(row.lower),
                _num(row.upper),
                SHORT_TEXT.get(row.variation, row.variation),
                SHORT_TEXT.get(row.assurance, row.assurance),
                row.warning,
            ]
            sheet.append(excel_row(sheet, values))
            for column, icon in ((9, row.variation), (10, row.assurance)):
                fill = fill_for(icon)
                if fill is not None:
                    cell = sheet.cell(row=sheet.max_row, column=column)
                    cell.fill = fill
                    cell.font = Font(color=ON_FILL, bold=True)
    sheet.freeze_panes = "C5"
    sheet.auto_filter.ref = f"A4:{get_column_letter(len(HEADERS))}{sheet.max_row}"
    for index, width in enumerate([16, 40, 13, 12, 10, 10, 11, 11, 20, 20, 40], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    grid = book.create_sheet("Summary")
    header = [
        SHORT_TEXT.get(a, "No assurance icon") if a else "No assurance icon" for a in GRID_ASSURANCE
    ]
    grid.append(excel_row(grid, ["Variation \\ Assurance", *header]))
    for cell in grid[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for variation, counts in report.grid():
        if sum(counts):
            label = (
                SHORT_TEXT.get(variation, "No variation icon")
                if variation
                else "No variation icon (too few points)"
            )
            grid.append(excel_row(grid, [label, *counts]))
    grid.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _num(value):
    return None if value is None or value != value else float(value)
