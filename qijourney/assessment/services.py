"""Writes to self-assessment: installing the shipped frameworks, starting, closing and sharing
rounds, recording answers, and the action plan. Reads are in selectors.py."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.assessment import content
from qijourney.assessment.models import (
    Action,
    AssessmentRound,
    Domain,
    Framework,
    Level,
    Response,
    Statement,
)
from qijourney.assessment.selectors import frameworks_for, is_open
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, restore_version, update_and_record
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission, require, require_references_within


@transaction.atomic
def install_frameworks() -> list[Framework]:
    """Create the shipped frameworks once (they have no provider); safe to call again."""
    return install(Framework, Domain, Statement, Level)


def install(framework_model, domain_model, statement_model, level_model) -> list:
    """The shipped frameworks into the given models (a migration passes its historical ones)."""
    installed = []
    for key, (name, description, domains) in content.FRAMEWORKS.items():
        framework, created = framework_model.objects.get_or_create(
            provider=None, key=key, defaults={"name": name, "description": description}
        )
        installed.append(framework)
        if not created:
            continue
        for d, (domain_name, statements) in enumerate(domains.items()):
            domain = domain_model.objects.create(framework=framework, name=domain_name, order=d)
            for s, text in enumerate(statements):
                statement = statement_model.objects.create(domain=domain, text=text, order=s)
                level_model.objects.bulk_create(
                    level_model(statement=statement, rank=rank, name=level, descriptor=descriptor)
                    for rank, (level, descriptor) in enumerate(content.LEVELS, start=1)
                )
    return installed


@transaction.atomic
def respond(*, assessment: AssessmentRound, respondent, answers: dict[int, int]) -> int:
    """Record (or replace) one respondent's answers: statement id -> level rank."""
    if not is_open(assessment):
        raise ValueError(
            f"The round closed on {assessment.closed:%d %B %Y}: its answers no longer change"
        )
    valid = dict(
        Statement.objects.filter(
            domain__framework=assessment.framework, pk__in=answers
        ).values_list("pk", "pk")
    )
    bad = set(answers) - set(valid)
    if bad:
        raise ValueError(f"Statements {sorted(bad)} are not in {assessment.framework}")
    top = len(content.LEVELS)
    if any(not 1 <= rank <= top for rank in answers.values()):
        raise ValueError(f"Ranks run from 1 to {top}")
    for statement_id, rank in answers.items():
        Response.objects.update_or_create(
            round=assessment,
            respondent=respondent,
            statement_id=statement_id,
            defaults={"rank": rank},
        )
    record(
        actor=respondent,
        action=AuditEvent.Action.UPDATE,
        subject=assessment,
        provider=assessment.provider,
        changes={"answers": [None, len(answers)]},
        whole_write=True,  # each answer saved is a version, part of this one change
    )
    return len(answers)


@transaction.atomic
def start_round(
    *,
    actor: Person,
    framework: Framework,
    name: str,
    opened: dt.date,
    shared_with_system: bool = False,
    **fields,
) -> AssessmentRound:
    require(actor, Permission.START_ROUND)
    if not frameworks_for(actor).filter(pk=framework.pk).exists():
        raise ValidationError(
            {"framework": "Use a shipped framework or one of your organisation's own"}
        )
    assessment = AssessmentRound(
        provider_id=actor.provider_id, framework=framework, name=name, opened=opened, **fields
    )
    assessment.full_clean()
    assessment.save()
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        subject=assessment,
        provider=assessment.provider,
    )
    if shared_with_system:
        set_sharing(actor=actor, assessment=assessment, shared=True)
    return assessment


@transaction.atomic
def update_round(*, actor: Person, assessment: AssessmentRound, fields: dict) -> dict:
    """Change a round's name, dates or sharing (its framework stays: the answers belong to
    it)."""
    require(actor, Permission.RUN_ASSESSMENTS, assessment)
    fields = dict(fields)
    if "shared_with_system" in fields:
        set_sharing(actor=actor, assessment=assessment, shared=fields.pop("shared_with_system"))
    framework = fields.pop("framework", assessment.framework)
    if framework.pk != assessment.framework_id:
        raise ValidationError({"framework": "A round keeps its framework; start a new round"})
    return update_and_record(
        actor=actor, instance=assessment, fields=fields, provider=assessment.provider
    )


@transaction.atomic
def set_closed(*, actor: Person, assessment: AssessmentRound, closed: bool) -> None:
    """Close the round today (its results stand as answered), or open it again."""
    require(actor, Permission.RUN_ASSESSMENTS, assessment)
    update_and_record(
        actor=actor,
        instance=assessment,
        fields={"closed": dt.date.today() if closed else None},
        provider=assessment.provider,
    )


@transaction.atomic
def set_sharing(*, actor: Person, assessment: AssessmentRound, shared: bool) -> bool:
    """Share a round's results with the organisation's system, or stop; True if it changed."""
    require(actor, Permission.RUN_ASSESSMENTS, assessment)
    changes = update_and_record(
        actor=actor,
        instance=assessment,
        fields={"shared_with_system": shared},
        provider=assessment.provider,
    )
    return bool(changes)


@transaction.atomic
def add_action(*, actor: Person, assessment: AssessmentRound, fields: dict) -> Action:
    """A new action on the round's action plan."""
    require(actor, Permission.RUN_ASSESSMENTS, assessment)
    require_references_within(assessment, fields)
    action = Action(round=assessment, **fields)
    action.full_clean()
    action.save()
    record(
        actor=actor, action=AuditEvent.Action.CREATE, subject=action, provider=assessment.provider
    )
    return action


@transaction.atomic
def update_action(*, actor: Person, action: Action, fields: dict) -> dict:
    """Move an action on (status, owner, due date, text); returns what changed."""
    # Read it afresh: a bound form has already written its values into the caller's copy.
    current = Action.objects.select_related("round__provider").get(pk=action.pk)
    require(actor, Permission.CHANGE_ACTION, current)
    require_references_within(current, fields)
    return update_and_record(
        actor=actor, instance=current, fields=fields, provider=current.round.provider
    )


@transaction.atomic
def restore_action_version(*, actor: Person, item: Action, row, version: str = "") -> dict:
    """Write one of an action's versions back (its text, owner, due date, status, domain): a
    new version, audited as a restore; refused with EditConflict when the action changed
    after the person saw it. It stays on its round; its owner must still be of the
    organisation, its domain of the round's framework."""
    current = Action.objects.select_related("round__provider").get(pk=item.pk)
    require(actor, Permission.CHANGE_ACTION, current)
    if row.id != current.pk or row.round_id != current.round_id:
        raise ValidationError("That version is of another action")
    if not current.round.framework.domains.filter(pk=row.domain_id).exists():
        raise ValidationError("The domain of that version is no longer the round's")
    if row.owner_id is not None:
        owner = Person.objects.filter(pk=row.owner_id).first()
        if owner is None:
            raise ValidationError("The owner of that version is no longer here")
        require_references_within(current, {"owner": owner})
    return restore_version(
        actor=actor, instance=current, row=row, provider=current.round.provider, version=version
    )


@transaction.atomic
def restore_round_version(*, actor: Person, item: AssessmentRound, row, version: str = "") -> dict:
    """Write one of the round's versions back (its name, dates, sharing): a new version,
    audited as a restore; refused with EditConflict when the round changed after the person
    saw it. The framework stays: the answers belong to it."""
    require(actor, Permission.RUN_ASSESSMENTS, item)
    if row.id != item.pk or row.framework_id != item.framework_id:
        raise ValidationError("That version is of another round")
    return restore_version(
        actor=actor, instance=item, row=row, provider=item.provider, version=version
    )
