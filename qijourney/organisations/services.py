"""Writes to organisations and people's accounts: each in one transaction, audited inside it."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, update_and_record
from qijourney.domain.constants import IHI_SCALE
from qijourney.organisations.models import (
    Organisation,
    Person,
    ProgressScaleLevel,
    Role,
    RoleAssignment,
    SystemSharing,
)
from qijourney.organisations.permissions import Permission, require


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


SET_UP_LOCK = 7_170_001  # a PostgreSQL advisory lock key: setting up an instance


@transaction.atomic
def set_up_instance(
    *,
    organisation_name: str,
    ods_code: str = "",
    system_name: str = "",
    email: str,
    full_name: str,
    password: str,
) -> Person:
    """A new instance's first organisation (under its integrated care system when one is
    named) and its first central QI team account, who can then add everyone else.

    Refused once any organisation exists: an instance is set up once.
    """
    if connection.vendor == "postgresql":
        # Two setups at once (two machines starting one database): one waits for the other
        # and then finds the organisation. SQLite's IMMEDIATE transactions already queue them.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SET_UP_LOCK])
    if Organisation.objects.exists():
        raise ValidationError("This instance is set up already: it has an organisation.")
    system = (
        create_organisation(actor=None, name=system_name, kind=Organisation.Kind.SYSTEM)
        if system_name
        else None
    )
    organisation = create_organisation(
        actor=None,
        name=organisation_name,
        kind=Organisation.Kind.ORGANISATION,
        parent=system,
        code=ods_code,
    )
    person = Person(
        email=Person.objects.normalize_email(email).lower(),
        full_name=full_name,
        provider=organisation,
        is_staff=True,
        is_superuser=True,
    )
    problems = {}
    try:
        person.full_clean(exclude=["password"])
    except ValidationError as error:
        problems.update(error.message_dict)
    try:
        validate_password(password, user=person)
    except ValidationError as error:
        problems["password"] = error.messages
    if problems:
        raise ValidationError(problems)
    person.set_password(password)
    person.save()
    RoleAssignment.objects.create(person=person, role=Role.CENTRAL_QI_TEAM)
    record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        subject=person,
        provider=organisation,
        label=f"{person} (first central QI team account)",
    )
    return person


@transaction.atomic
def set_system_sharing(*, actor: Person, provider: Organisation, **flags: bool) -> dict:
    """Share the organisation's portfolio roll-up or its stories with its system, or stop
    (``portfolio=``, ``stories=``; a flag left out keeps its setting). Returns what changed."""
    require(actor, Permission.SHARE_WITH_SYSTEM, provider)
    unknown = set(flags) - {"portfolio", "stories"}
    if unknown:
        raise ValueError(f"Nothing called {', '.join(sorted(unknown))} is shared")
    sharing, _ = SystemSharing.objects.select_for_update().get_or_create(provider=provider)
    return update_and_record(actor=actor, instance=sharing, fields=flags, provider=provider)
