"""Display of organisations and strategy, tested without a database where possible."""

from __future__ import annotations

from dataclasses import dataclass

from qijourney.organisations.models import Organisation, Person


@dataclass
class PriorityRow:
    pk: int
    title: str
    description: str
    projects: int


@dataclass
class OrganisationPage:
    name: str
    vision: str
    priorities: list[PriorityRow]
    unaligned: int
    directorates: list[tuple[str, list[str]]]


def organisation_page(person: Person) -> OrganisationPage | None:
    provider = person.provider
    if provider is None:
        return None
    from django.db.models import Count, Q

    from qijourney.projects.models import Project

    priorities = provider.priorities.annotate(
        n=Count("projects", filter=Q(projects__status=Project.Status.ACTIVE))
    )
    unaligned = Project.objects.filter(
        provider=provider, priority__isnull=True, status=Project.Status.ACTIVE
    ).count()
    directorates = [
        (d.name, [t.name for t in d.children.all()])
        for d in Organisation.objects.filter(parent=provider).prefetch_related("children")
    ]
    return OrganisationPage(
        name=provider.name,
        vision=provider.improvement_vision,
        priorities=[PriorityRow(p.pk, p.title, p.description, p.n) for p in priorities],
        unaligned=unaligned,
        directorates=directorates,
    )
