"""Putting an earlier version of a training record back (from its History page): each a new
version, audited as a restore, refused on a concurrent edit, with what it names checked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.services import restore_version
from qijourney.capability.models import Cohort, Evaluation
from qijourney.capability.services.training import refuse_a_used_name, trained_organisation
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import require_references_within


@transaction.atomic
def restore_cohort_version(*, actor: Person, item: Cohort, row, version: str = "") -> dict:
    """Write one of a cohort's versions back (its name, dates, facilitator, places): a new
    version, audited as a restore; refused with EditConflict when the cohort changed after
    the person saw it. It stays with its programme, its facilitator must still be of the
    organisation and its name unused by another cohort of the programme."""
    programme = item.programme
    trained_organisation(actor, programme)
    if row.id != item.pk or row.programme_id != programme.pk:
        raise ValidationError("That version is of another cohort")
    if row.facilitator_id is not None:
        facilitator = Person.objects.filter(pk=row.facilitator_id).first()
        if facilitator is None:
            raise ValidationError("The facilitator of that version is no longer here")
        require_references_within(programme, {"facilitator": facilitator})
    refuse_a_used_name(
        Cohort.objects.filter(programme=programme),
        item,
        {"name": row.name},
        "The programme already has a cohort of this name",
    )
    return restore_version(
        actor=actor, instance=item, row=row, provider=programme.provider, version=version
    )


@transaction.atomic
def restore_evaluation_version(*, actor: Person, item: Evaluation, row, version: str = "") -> dict:
    """Put an evaluation's earlier score (and date, comment) back: a new version, audited as
    a restore; refused with EditConflict when it changed after the person saw it. It stays
    the same trainee's at the same level."""
    programme = item.enrolment.cohort.programme
    trained_organisation(actor, programme)
    if row.id != item.pk or (row.enrolment_id, row.level) != (item.enrolment_id, item.level):
        raise ValidationError("That version is of another evaluation")
    return restore_version(
        actor=actor, instance=item, row=row, provider=programme.provider, version=version
    )
