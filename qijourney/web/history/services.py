"""Undo, through the services of the app each item belongs to (which ask the permission and
write the version and its audit event in one transaction)."""

from __future__ import annotations

from qijourney.assessment import services as assessment_services
from qijourney.assessment.models import Action, AssessmentRound
from qijourney.capability.models import Cohort, DosingTarget, Evaluation, StaffMember
from qijourney.capability.services import plan as plan_services
from qijourney.capability.services import restores
from qijourney.capability.services import staff as staff_services
from qijourney.measures import services as measure_services
from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import Person
from qijourney.projects import services as project_services
from qijourney.system.models import Indicator
from qijourney.system.services import catalogue as catalogue_services


def _services(item):
    if isinstance(item, Measure | DataPoint):
        return measure_services
    return project_services


def delete_item(*, actor: Person, item) -> None:
    if isinstance(item, DosingTarget):
        return plan_services.delete_target(actor=actor, target=item)
    _services(item).delete_item(actor=actor, item=item)


def restore_item(*, actor: Person, item) -> None:
    if isinstance(item, DosingTarget):
        return plan_services.restore_target(actor=actor, target=item)
    _services(item).restore_item(actor=actor, item=item)


def restore_version(*, actor: Person, item, row, version: str = "") -> dict:
    if isinstance(item, StaffMember):
        return staff_services.restore_staff_version(
            actor=actor, item=item, row=row, version=version
        )
    if isinstance(item, Cohort):
        return restores.restore_cohort_version(actor=actor, item=item, row=row, version=version)
    if isinstance(item, Evaluation):
        return restores.restore_evaluation_version(actor=actor, item=item, row=row, version=version)
    if isinstance(item, Action):
        return assessment_services.restore_action_version(
            actor=actor, item=item, row=row, version=version
        )
    if isinstance(item, Indicator):
        return catalogue_services.restore_indicator_version(
            actor=actor, item=item, row=row, version=version
        )
    if isinstance(item, AssessmentRound):
        return assessment_services.restore_round_version(
            actor=actor, item=item, row=row, version=version
        )
    return _services(item).restore_item_version(actor=actor, item=item, row=row, version=version)


def purge_expired() -> int:
    """Remove for good what was deleted longer ago than the retention period, each with its
    audit event (by no one: the system). Parts first, so each has an event of its own."""
    from django.db import transaction

    from qijourney.audit.history import restorable_since
    from qijourney.audit.services import provider_of, purge
    from qijourney.web.history.kinds import KINDS

    since = restorable_since()
    removed = 0
    for slug in ("points", "boxes", "pdsa-cycles", "measures", "projects", "targets"):
        model = KINDS[slug].model
        for pk in list(model.all_objects.filter(deleted_at__lt=since).values_list("pk", flat=True)):
            with transaction.atomic():
                item = model.all_objects.filter(pk=pk).first()
                if item is None:  # gone with what held it
                    continue
                purge(actor=None, instance=item, provider=provider_of(item), label=str(item))
                removed += 1
    return removed
