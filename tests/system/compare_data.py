"""A small integrated care system for the comparison tests: twelve trusts (one of which keeps
its figures to itself), their sites and wards, two GP practices the system feeds, a
standardised ratio with a high outlier, a proportion, and a trust whose feed is its board
metric."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue
from tests.factories import OrganisationTree, PersonFactory

MONTHS = [dt.date(2023 + (m // 12), m % 12 + 1, 1) for m in range(6, 30)]  # Jul 2023-Jun 2025
TRUSTS = ["Abbey", "Brook", "Castle", "Dale", "Elm", "Fenn", "Grange", "Heath", "Isle", "Jura"]
TRUSTS += ["Kings", "Lea"]
SHARING = set(TRUSTS) - {"Elm"}  # Elm keeps its figures to itself
OUTLIER = "Dale"  # its deaths run at 1.6 times the expected
MAPPED = "Castle"  # feeds the proportion from its board metric


@dataclass
class System:
    system: Organisation
    trusts: dict[str, OrganisationTree]
    practices: list[Organisation]
    ratio: Indicator
    proportion: Indicator
    measure: Measure
    people: dict[str, Person] = field(default_factory=dict)


def build(name: str = "Riverside") -> System:
    rng = np.random.default_rng(11)
    system = Organisation.objects.create(name=f"{name} ICS", kind=Organisation.Kind.SYSTEM)
    trusts = {}
    for trust in TRUSTS:
        tree = OrganisationTree.build(f"{name} {trust}")
        tree.provider.parent = system
        tree.provider.save()
        trusts[trust] = tree
    pcn = Organisation.objects.create(
        name=f"{name} North PCN", kind=Organisation.Kind.PRIMARY_CARE_NETWORK, parent=system
    )
    practices = [
        Organisation.objects.create(
            name=f"{name} Surgery {i}", kind=Organisation.Kind.PRACTICE, parent=pcn
        )
        for i in (1, 2)
    ]
    ratio = Indicator.objects.create(
        provider=system,
        name="Hospital mortality ratio",
        definition="Deaths against the expected",
        numerator_definition="Deaths",
        denominator_definition="Expected deaths",
        data_type=Indicator.DataType.STANDARDISED_RATIO,
        direction="decrease",
        multiplier=100,
    )
    proportion = Indicator.objects.create(
        provider=system,
        name="Pressure ulcers",
        definition="Patients with a new pressure ulcer",
        numerator_definition="Patients with an ulcer",
        denominator_definition="Patients",
        data_type=Indicator.DataType.PROPORTION,
        direction="decrease",
        multiplier=100,
        unit="%",
    )
    values = []
    measure = None
    for trust, tree in trusts.items():
        shared = trust in SHARING
        feed = IndicatorFeed.objects.create(
            indicator=ratio, provider=tree.provider, shared_with_system=shared
        )
        expected = rng.uniform(40, 90)
        level = 1.6 if trust == OUTLIER else 1.0
        for month in MONTHS:
            e = round(expected * rng.uniform(0.9, 1.1), 1)
            values.append(
                IndicatorValue(
                    feed=feed,
                    unit=tree.provider,
                    period=month,
                    numerator=float(rng.poisson(e * level)),
                    denominator=e,
                )
            )
            for unit in (tree.directorate, tree.ward):
                part = round(e / 3, 1)
                values.append(
                    IndicatorValue(
                        feed=feed,
                        unit=unit,
                        period=month,
                        numerator=float(rng.poisson(part * level)),
                        denominator=part,
                    )
                )
        ulcers = IndicatorFeed.objects.create(
            indicator=proportion, provider=tree.provider, shared_with_system=shared
        )
        if trust == MAPPED:
            measure = Measure.objects.create(
                provider=tree.provider,
                name="New pressure ulcers",
                chart_type="p",
                reporting_unit=tree.provider,
                on_board_report=True,
            )
            ulcers.measure = measure
            ulcers.save()
            DataPoint.objects.bulk_create(
                DataPoint(
                    measure=measure,
                    date=month,
                    numerator=float(rng.binomial(400, 0.05)),
                    denominator=400.0,
                )
                for month in MONTHS
            )
        else:
            values += [
                IndicatorValue(
                    feed=ulcers,
                    unit=tree.provider,
                    period=month,
                    numerator=float(rng.binomial(500, 0.04)),
                    denominator=500.0,
                )
                for month in MONTHS
            ]
    practice_feed = IndicatorFeed.objects.create(indicator=proportion, provider=system)
    values += [
        IndicatorValue(
            feed=practice_feed,
            unit=practice,
            period=month,
            numerator=float(rng.binomial(80, 0.1)),
            denominator=80.0,
        )
        for practice in practices
        for month in MONTHS
    ]
    IndicatorValue.objects.bulk_create(values)
    built = System(system, trusts, practices, ratio, proportion, measure)
    built.people = {
        "ics": PersonFactory(provider=system, roles=["central_qi_team"], full_name="Ira Lead"),
        "sharing": PersonFactory(
            provider=trusts["Abbey"].provider, roles=["central_qi_team"], full_name="Sam Share"
        ),
        "private": PersonFactory(
            provider=trusts["Elm"].provider, roles=["central_qi_team"], full_name="Pat Private"
        ),
    }
    return built
