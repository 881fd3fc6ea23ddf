"""Reads for board reporting, scoped to the person's organisation, and the report itself."""

from __future__ import annotations

from django.db.models import QuerySet

from qijourney.measures.analysis import ENGINE_COLUMNS, metrics_frame
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import scoped
from qijourney.reporting.models import BoardReport, IssuedReport
from qijourney.reports import Report, build_report

# Drill-down order: the organisation first, then its directorates, then wards.
LEVELS = {
    Organisation.Kind.ORGANISATION: 0,
    Organisation.Kind.DIRECTORATE: 1,
    Organisation.Kind.TEAM: 2,
}
CANDIDATES_SHOWN = 300


def board_metrics(person: Person) -> QuerySet[Measure]:
    return (
        scoped(Measure.objects.filter(on_board_report=True), person)
        .select_related("reporting_unit")
        .order_by("domain", "name")
    )


def candidates(person: Person) -> QuerySet[Measure]:
    """Measures not yet on the board's list, which could be promoted to it."""
    measures = scoped(Measure.objects.filter(on_board_report=False), person)
    return measures.select_related("project").order_by("name")[:CANDIDATES_SHOWN]


def same_metric_elsewhere(person: Person, metric: Measure) -> list[Measure]:
    """The metric at every place that measures it (by its metric code): the organisation,
    then directorates, then wards, each level by name."""
    if not metric.metric_code:
        related = [metric]
    else:
        related = list(
            scoped(Measure.objects.filter(metric_code=metric.metric_code), person).select_related(
                "reporting_unit"
            )
        )

    def place(m: Measure):
        unit = m.reporting_unit
        return (LEVELS.get(unit.kind, len(LEVELS)), unit.name) if unit else (len(LEVELS), "")

    return sorted(related, key=place)


def reports(person: Person) -> QuerySet[BoardReport]:
    return scoped(BoardReport.objects.all(), person)


def chosen_metrics(report: BoardReport | None) -> dict[int, int]:
    """``{measure id: order}`` of the metrics a report holds (empty for a new report)."""
    if report is None:
        return {}
    items = report.items.filter(
        measure__deleted_at__isnull=True, measure__project__deleted_at__isnull=True
    )
    return {item.measure_id: item.order for item in items}


def issued(person: Person) -> QuerySet[IssuedReport]:
    return scoped(IssuedReport.objects.all(), person).defer("html", "pdf", "xlsx")


def issued_copies(report: BoardReport, limit: int = 20) -> QuerySet[IssuedReport]:
    return report.issued.defer("html", "pdf", "xlsx")[:limit]


def build(report: BoardReport, *, with_charts: bool = True) -> Report:
    # Through the report's items, past the manager that hides deleted rows: ask it here.
    items = report.items.filter(
        measure__deleted_at__isnull=True, measure__project__deleted_at__isnull=True
    )
    measures = [
        item.measure
        for item in items.select_related("measure__reporting_unit").order_by("order", "id")
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
