"""Capability across the system, and the capability report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from qijourney.capability.coverage import completion_frame, coverage, staff_frame
from qijourney.capability.models import (
    Programme,
    Sharing,
)
from qijourney.capability.selectors.skills import CoachStatus, coach_counts
from qijourney.capability.selectors.training import current_staff, evaluation_summary
from qijourney.domain.dosing import any_dose
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.selectors import system_of
from qijourney.reports.capability import CapabilityReport


@dataclass
class ProviderSummary:
    """One organisation's capability, in terms any organisation's ladder can be compared on."""

    organisation: Organisation
    staff: int
    ever: int  # current staff with any improvement training
    last_year: int  # ... completed in the last 12 months
    coaches: int
    coaching: int  # of them, coaching now
    targets: list = field(default_factory=list)
    is_yours: bool = False

    @property
    def ever_percent(self) -> float | None:
        return 100 * self.ever / self.staff if self.staff else None

    @property
    def last_year_percent(self) -> float | None:
        return 100 * self.last_year / self.staff if self.staff else None

    @property
    def targets_met(self) -> int:
        return sum(t.met for t in self.targets)


def is_shared(provider: Organisation) -> bool:
    return Sharing.objects.filter(provider=provider, shared_with_system=True).exists()


def system_summaries(person: Person, *, today: dt.date | None = None) -> list[ProviderSummary]:
    """The person's own organisation, and every organisation of their system that shares."""
    today = today or dt.date.today()
    system = system_of(person.provider)
    if system is None:
        return []
    providers = Organisation.objects.filter(
        parent=system, kind=Organisation.Kind.ORGANISATION
    ).filter(Q(capability_sharing__shared_with_system=True) | Q(pk=person.provider_id))
    out = []
    for provider in providers.order_by("name"):
        staff, done = staff_frame(provider), completion_frame(provider)
        count, ever, last_year = any_dose(staff, done, as_of=today)
        coaches = coach_counts(provider, today=today)
        out.append(
            ProviderSummary(
                organisation=provider,
                staff=count,
                ever=ever,
                last_year=last_year,
                coaches=sum(coaches.values()),
                coaching=coaches[CoachStatus.COACHING],
                targets=coverage(provider, as_of=today, staff=staff, completions=done),
                is_yours=provider.pk == person.provider_id,
            )
        )
    return out


def capability_report(provider: Organisation, today: dt.date | None = None) -> CapabilityReport:
    """The capability report (coverage, gaps, trends, coaches, evaluations) as of today."""
    today = today or dt.date.today()
    return CapabilityReport(
        organisation=provider.name,
        as_of=today,
        staff=current_staff(provider, today).count(),
        targets=coverage(provider, as_of=today),
        evaluations=[
            (p.name, [(level.mean, level.responses) for level in evaluation_summary(p)])
            for p in Programme.objects.filter(provider=provider)
        ],
        coaches={status.label: n for status, n in coach_counts(provider, today=today).items()},
    )
