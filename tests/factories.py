"""Model factories for tests (factory_boy)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import factory

from qijourney.domain.constants import IHI_SCALE
from qijourney.measures.models import Measure
from qijourney.organisations.models import (
    Organisation,
    Person,
    ProgressScaleLevel,
    RoleAssignment,
    StrategicPriority,
)
from qijourney.projects.models import ProgressScore, Project, TeamMember

PASSWORD = "correct-horse-battery"  # test accounts only


@dataclass
class OrganisationTree:
    provider: Organisation
    directorate: Organisation
    ward: Organisation
    priority: StrategicPriority

    @classmethod
    def build(cls, name: str) -> OrganisationTree:
        provider = Organisation.objects.create(
            name=name, kind=Organisation.Kind.ORGANISATION, code=name[:3].upper()
        )
        ProgressScaleLevel.objects.bulk_create(
            ProgressScaleLevel(provider=provider, score=s, label=label) for s, label in IHI_SCALE
        )
        directorate = Organisation.objects.create(
            name=f"{name} Medicine", kind=Organisation.Kind.DIRECTORATE, parent=provider
        )
        ward = Organisation.objects.create(
            name=f"{name} Ward 1", kind=Organisation.Kind.TEAM, parent=directorate
        )
        priority = StrategicPriority.objects.create(provider=provider, title=f"{name} safety")
        return cls(provider, directorate, ward, priority)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleAssignment.objects.create(person=self, role=role)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    provider = factory.LazyAttribute(lambda o: o.unit.provider)
    aim_what = "Reduce falls"
    progress_score = Decimal("1.0")

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if self.lead_id:
            TeamMember.objects.create(project=self, person=self.lead, role=TeamMember.Role.LEAD)
        ProgressScore.objects.create(
            project=self, score=self.progress_score, date=self.created.date()
        )


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    name = factory.Sequence(lambda n: f"Measure {n}")
    provider = factory.LazyAttribute(lambda o: o.project.provider)
    chart_type = "xmr"
    direction = Measure.Direction.DECREASE
