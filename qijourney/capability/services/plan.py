"""The dosing plan, sharing the capability summary with the system, and coaching logs."""

from __future__ import annotations

from django.db import transaction

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, soft_delete, undelete, update_and_record
from qijourney.capability.models import CoachingLog, DosingTarget, Sharing
from qijourney.capability.services.training import trained_organisation
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission, require, require_references_within
from qijourney.projects.models import Project


@transaction.atomic
def save_target(*, actor: Person, fields: dict) -> DosingTarget:
    provider = trained_organisation(actor)
    require_references_within(provider, fields)
    target = DosingTarget(provider=provider, **fields)
    target.full_clean()
    target.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=target, provider=provider)
    return target


@transaction.atomic
def delete_target(*, actor: Person, target: DosingTarget) -> None:
    """Take a target off the plan; it may be put back from Recently deleted."""
    trained_organisation(actor, target)
    soft_delete(actor=actor, instance=target, provider=target.provider, label=str(target))


@transaction.atomic
def restore_target(*, actor: Person, target: DosingTarget) -> None:
    trained_organisation(actor, target)
    undelete(actor=actor, instance=target, provider=target.provider, label=str(target))


@transaction.atomic
def set_sharing(*, actor: Person, shared: bool) -> Sharing:
    """Show (or stop showing) the organisation's capability summary to its system."""
    provider = trained_organisation(actor)
    sharing, _ = Sharing.objects.get_or_create(provider=provider)
    update_and_record(
        actor=actor, instance=sharing, fields={"shared_with_system": shared}, provider=provider
    )
    return sharing


@transaction.atomic
def log_coaching(*, actor: Person, project: Project, fields: dict) -> CoachingLog:
    require(actor, Permission.LOG_COACHING, project)
    coach = fields.pop("coach", None) or actor
    require_references_within(project, {"coach": coach, **fields})
    entry = CoachingLog(project=project, coach=coach, **fields)
    entry.full_clean()
    entry.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=entry, provider=project.provider)
    return entry
