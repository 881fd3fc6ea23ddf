"""Writes to organisations and people's accounts: each in one transaction, audited inside it."""

from __future__ import annotations

from django.db import transaction

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record
from qijourney.domain.constants import IHI_SCALE
from qijourney.organisations.models import Organisation, Person, ProgressScaleLevel


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
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        subject=organisation,
        provider=organisation.provider,
    )
    return organisation


def signed_in(person: Person) -> None:
    """Audit a sign-in (the session itself is Django's)."""
    record(actor=person, action=AuditEvent.Action.SIGN_IN, subject=person, provider=person.provider)


def signing_out(person: Person) -> None:
    """Audit a sign-out, before the session ends."""
    record(
        actor=person, action=AuditEvent.Action.SIGN_OUT, subject=person, provider=person.provider
    )


@transaction.atomic
def replace_api_key(*, person: Person) -> str:
    """A new API key for ``person`` (any old one stops working); returned once, to show once."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=person).delete()
    key = Token.objects.create(user=person).key
    record(
        actor=person,
        action=AuditEvent.Action.CREATE,
        subject=person,
        provider=person.provider,
        label=f"API key for {person}",
    )
    return key
