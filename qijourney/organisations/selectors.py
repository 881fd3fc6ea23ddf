"""Reads of organisations and people, scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet

from qijourney.organisations.models import (
    Organisation,
    Person,
    ProgressScaleLevel,
    StrategicPriority,
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
    if organisation.kind == Organisation.Kind.SYSTEM:
        return organisation
    parent = organisation.parent
    return parent if parent is not None and parent.kind == Organisation.Kind.SYSTEM else None


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
