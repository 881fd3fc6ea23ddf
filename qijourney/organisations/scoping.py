"""Who may see and change what. Every query a view makes goes through here.

A person sees their own organisation's items and nothing else; the central QI team changes
any of them; a project's team, sponsor and coach change their project.
"""

from __future__ import annotations

from django.db.models import QuerySet

from qijourney.organisations.models import Organisation, Person, Role


def scoped(queryset: QuerySet, person: Person, field: str = "provider") -> QuerySet:
    """``queryset`` cut down to the organisations ``person`` may see."""
    if person.is_superuser:
        return queryset
    if person.provider_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": person.provider_id})


def is_central_qi(person: Person) -> bool:
    return person.is_superuser or person.has_role(Role.CENTRAL_QI_TEAM)


def manages_organisation_data(person: Person) -> bool:
    """The central QI team and the executive lead: board metrics and board reports."""
    return person.is_superuser or (
        person.provider_id is not None
        and person.has_role(Role.CENTRAL_QI_TEAM, Role.EXECUTIVE_LEAD)
    )


def units_of(person: Person) -> QuerySet[Organisation]:
    """Directorates and teams of the person's organisation, for choosing a unit."""
    return scoped(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.DIRECTORATE, Organisation.Kind.TEAM]
        ),
        person,
    )


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
