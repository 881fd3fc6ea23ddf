"""Writes that span several models: organisations with their default progress scale."""

from __future__ import annotations

from django.db import transaction

from qijourney.audit.services import record
from qijourney.organisations.models import IHI_SCALE, Organisation, ProgressScaleLevel


@transaction.atomic
def create_organisation(
    *, actor, name: str, kind: str, parent: Organisation | None = None, code: str = ""
) -> Organisation:
    organisation = Organisation(name=name, kind=kind, parent=parent, code=code)
    organisation.full_clean(exclude=["provider"])
    organisation.save()
    if kind == Organisation.Kind.ORGANISATION:
        ProgressScaleLevel.objects.bulk_create(
            ProgressScaleLevel(provider=organisation, score=score, label=label)
            for score, label in IHI_SCALE
        )
    record(actor=actor, action="create", subject=organisation, provider=organisation.provider)
    return organisation
