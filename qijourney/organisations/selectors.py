"""Reads of organisations and people, scoped to the person asking."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from qijourney.organisations.models import (
    PROVIDER_KINDS,
    Organisation,
    Person,
    ProgressScaleLevel,
    StrategicPriority,
    SystemSharing,
)
from qijourney.organisations.permissions import scoped


def units_of(person: Person) -> QuerySet[Organisation]:
    """Directorates and teams of the person's organisation, for choosing a unit."""
    return scoped(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.DIRECTORATE, Organisation.Kind.TEAM]
        ),
        person,
    )


def priorities_of(person: Person) -> QuerySet[StrategicPriority]:
    """The strategic priorities of the person's organisation, for linking a project."""
    return scoped(StrategicPriority.objects.all(), person)


def directorates_of(person: Person) -> QuerySet[Organisation]:
    return scoped(Organisation.objects.filter(kind=Organisation.Kind.DIRECTORATE), person)


def places_of(person: Person) -> QuerySet[Organisation]:
    """The organisation and its directorates and teams: where a board metric is measured."""
    return scoped(Organisation.objects.exclude(kind=Organisation.Kind.SYSTEM), person)


def people_of(person: Person) -> QuerySet[Person]:
    """The active people of the person's organisation, for choosing an owner, lead or coach."""
    return scoped(Person.objects.filter(is_active=True), person)


def system_of(organisation: Organisation | None) -> Organisation | None:
    """The integrated care system an organisation belongs to (a system's own staff: itself)."""
    if organisation is None:
        return None
    # A trust sits under its system, a GP practice under its primary care network.
    while organisation is not None and organisation.kind != Organisation.Kind.SYSTEM:
        organisation = organisation.parent
    return organisation


def sharing_of(provider: Organisation | None) -> SystemSharing:
    """What the organisation shows its system (an unsaved, private default if never set)."""
    if provider is None:
        return SystemSharing()
    return SystemSharing.objects.filter(provider=provider).first() or SystemSharing(
        provider=provider
    )


def providers_sharing(person: Person, topic: str) -> QuerySet[Organisation]:
    """The organisations of the person's system whose ``topic`` (``portfolio``, ``stories``)
    the person may see: those that share it, and always the person's own."""
    system = system_of(person.provider)
    if system is None:
        return Organisation.objects.none()
    members = Organisation.objects.filter(kind__in=PROVIDER_KINDS, provider__isnull=False).filter(
        Q(parent=system) | Q(parent__parent=system)
    )
    return members.filter(Q(**{f"system_sharing__{topic}": True}) | Q(pk=person.provider_id))


def scale_levels(person: Person) -> list[ProgressScaleLevel]:
    """The person's organisation's progress scale, lowest score first."""
    return list(scoped(ProgressScaleLevel.objects.all(), person).order_by("score"))


def directorates(provider: Organisation) -> list[tuple[str, list[str]]]:
    """Each directorate of the organisation with its teams' names."""
    return [
        (d.name, [t.name for t in d.children.all()])
        for d in Organisation.objects.filter(parent=provider).prefetch_related("children")
    ]


def has_api_key(person: Person) -> bool:
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=person).exists()
