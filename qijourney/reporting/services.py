"""Writes for board reporting: configurations, promotions to the board, issuing a report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, update_and_record
from qijourney.measures.models import Measure
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import (
    Permission,
    require,
    require_references_within,
    require_same_organisation,
)
from qijourney.reporting.models import BoardReport, BoardReportItem, IssuedReport
from qijourney.reporting.selectors import build
from qijourney.reports.excel import to_xlsx
from qijourney.reports.html import fragment_and_page
from qijourney.reports.pdf import to_pdf


@transaction.atomic
def promote(*, actor: Person, measure: Measure, domain: str, metric_code: str = "") -> Measure:
    """Put a measure (a project's, or a metric of its own) on the board's list."""
    require(actor, Permission.MANAGE_BOARD_REPORTS, measure)
    fields = {
        "on_board_report": True,
        "domain": domain,
        "metric_code": metric_code or measure.metric_code,
    }
    if measure.reporting_unit_id is None:
        fields["reporting_unit"] = measure.project.unit if measure.project_id else measure.provider
    # Validated, and audited with exactly what changed (domain, code, place).
    update_and_record(actor=actor, instance=measure, fields=fields, provider=measure.provider)
    return measure


@transaction.atomic
def create_board_metric(*, actor: Person, fields: dict) -> Measure:
    """A metric of the organisation (or one of its directorates or wards) for the board."""
    require(actor, Permission.MANAGE_BOARD_REPORTS)
    require_references_within(actor, fields)
    measure = Measure(provider=actor.provider, on_board_report=True, **fields)
    if measure.reporting_unit_id is None:
        measure.reporting_unit = actor.provider
    measure.full_clean()
    measure.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=measure, provider=measure.provider)
    return measure


@transaction.atomic
def save_report(
    *, actor: Person, report: BoardReport | None, title: str, period_end, measures: list[Measure]
) -> BoardReport:
    require(actor, Permission.MANAGE_BOARD_REPORTS, report)
    require_same_organisation(actor, *measures)
    if not all(m.on_board_report for m in measures):
        raise ValidationError("Reports hold board metrics only: promote the measure first")
    creating = report is None
    report = report or BoardReport(provider=actor.provider)
    report.title, report.period_end = title, period_end
    report.save()
    report.items.all().delete()
    BoardReportItem.objects.bulk_create(
        BoardReportItem(report=report, measure=m, order=i) for i, m in enumerate(measures)
    )
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        subject=report,
        provider=report.provider,
        changes={"metrics": [None, len(measures)]},
    )
    return report


@transaction.atomic
def issue(*, actor: Person, report: BoardReport) -> IssuedReport:
    """Freeze today's report: HTML, PDF and Excel, stored as they are now, for good."""
    require(actor, Permission.MANAGE_BOARD_REPORTS, report)
    built = build(report)
    fragment, page = fragment_and_page(built)  # the body drawn once for both
    issued = IssuedReport.objects.create(
        report=report,
        provider=report.provider,
        title=report.title,
        period=built.period,
        issued_by=actor,
        html_fragment=fragment,
        html=page,
        pdf=to_pdf(built),
        xlsx=to_xlsx(built),
    )
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=issued, provider=report.provider)
    return issued
