"""Reads for board reporting, scoped to the person's organisation, and the report itself."""

from __future__ import annotations

from django.db.models import QuerySet

from qijourney.measures.frames import ENGINE_COLUMNS, metrics_frame
from qijourney.measures.models import Measure
from qijourney.organisations.models import Person
from qijourney.organisations.scoping import scoped
from qijourney.reporting.models import BoardReport, IssuedReport
from qijourney.reports import Report, build_report


def board_metrics(person: Person) -> QuerySet[Measure]:
    return (
        scoped(Measure.objects.filter(on_board_report=True), person)
        .select_related("reporting_unit")
        .order_by("domain", "name")
    )


def reports(person: Person) -> QuerySet[BoardReport]:
    return scoped(BoardReport.objects.all(), person)


def issued(person: Person) -> QuerySet[IssuedReport]:
    return scoped(IssuedReport.objects.all(), person).defer("html", "pdf", "xlsx")


def build(report: BoardReport, *, with_charts: bool = True) -> Report:
    measures = [
        item.measure
        for item in report.items.select_related("measure__reporting_unit").order_by("order", "id")
    ]
    frame = metrics_frame(measures, report.period_end)
    return build_report(
        frame,
        series=["metric"],
        domain_column="domain",
        **ENGINE_COLUMNS,
        title=report.title,
        with_charts=with_charts,
    )
