"""The visibility rule of the system view (selectors.catalogue.visible_feeds), on whichever
database the suite runs: own feeds always; another organisation's only while shared, and only
within the same system; the system's own feeds to everyone in the system."""

from __future__ import annotations

import datetime as dt

import pytest

from qijourney.organisations.models import Organisation
from qijourney.system.models import IndicatorFeed, IndicatorValue
from qijourney.system.selectors.catalogue import (
    catalogue,
    feeders,
    figures,
    visible_feeds,
)
from tests.factories import MeasureFactory, PersonFactory

APRIL = dt.date(2025, 4, 1)


@pytest.fixture
def feeds(world):
    made = {
        "a": IndicatorFeed.objects.create(indicator=world.indicator, provider=world.a.provider),
        "b": IndicatorFeed.objects.create(
            indicator=world.indicator, provider=world.b.provider, shared_with_system=True
        ),
        "ics": IndicatorFeed.objects.create(indicator=world.indicator, provider=world.ics),
        "c": IndicatorFeed.objects.create(
            indicator=world.far_indicator, provider=world.c.provider, shared_with_system=True
        ),
    }
    for key, unit in (("a", world.a.ward), ("b", world.b.provider), ("ics", world.practices[0])):
        IndicatorValue.objects.create(
            feed=made[key], unit=unit, period=APRIL, numerator=3, denominator=1000
        )
    return made


def seen(person, indicator=None) -> set[str]:
    return {f.provider.name for f in visible_feeds(person, indicator)}


def test_each_sees_its_own_the_shared_and_the_systems(world, feeds):
    a, b, ics, c = (
        world.a.provider.name,
        world.b.provider.name,
        world.ics.name,
        "Coastal Hospitals",
    )
    assert seen(world.lead_a) == {a, b, ics}  # B shares; the system's own are the system's
    assert seen(world.nurse_a) == {a, b, ics}  # seeing is not feeding: any role
    assert seen(world.exec_b) == {b, ics}  # A does not share
    assert seen(world.ics_lead) == {b, ics}
    assert seen(world.ics_viewer) == {b, ics}
    assert seen(world.lead_c) == {c}  # another system: nothing of Vale's, shared or not
    practice_person = PersonFactory(provider=world.practices[1])
    assert seen(practice_person) == {b, ics}


def test_sharing_stops_at_once_and_filters_by_indicator(world, feeds):
    feeds["b"].shared_with_system = False
    feeds["b"].save()
    assert seen(world.lead_a) == {world.a.provider.name, world.ics.name}
    assert seen(world.exec_b) == {world.b.provider.name, world.ics.name}
    assert seen(world.lead_a, world.far_indicator) == set()


def test_a_trust_that_left_the_system_is_no_longer_seen_by_it(world, feeds):
    world.b.provider.parent = world.far_ics
    world.b.provider.save()
    assert world.b.provider.name not in seen(world.lead_a)
    assert world.b.provider.name in seen(world.exec_b)  # its own, always


def test_nobody_outside_a_system_sees_anything_but_their_own(world, feeds):
    lone = Organisation.objects.create(name="Lone Trust", kind=Organisation.Kind.ORGANISATION)
    assert seen(PersonFactory(provider=lone)) == set()
    assert seen(PersonFactory(provider=None)) == set()
    assert list(catalogue(PersonFactory(provider=lone))) == []


def test_the_catalogue_is_the_systems_for_everyone_in_it(world):
    assert list(catalogue(world.nurse_a)) == [world.indicator]
    assert list(catalogue(world.ics_viewer)) == [world.indicator]
    assert list(catalogue(PersonFactory(provider=world.practices[0]))) == [world.indicator]
    assert list(catalogue(world.lead_c)) == [world.far_indicator]


def test_feeders_count_every_feed_but_name_only_the_visible(world, feeds):
    told = feeders(world.exec_b, [world.indicator])[world.indicator.pk]
    assert told.total == 3
    assert told.named == sorted([world.b.provider.name, world.ics.name])


def test_figures_of_a_mapped_metric_follow_its_points(world, feeds):
    metric = MeasureFactory(
        project=None,
        provider=world.a.provider,
        on_board_report=True,
        chart_type="u",
        reporting_unit=world.a.directorate,
    )
    for day, num, den in ((1, 2, 400), (15, 1, 300), (40, 5, 900)):
        metric.points.create(
            date=APRIL + dt.timedelta(days=day - 1), numerator=num, denominator=den
        )
    feeds["a"].measure = metric
    feeds["a"].save()
    found = [f for f in figures(visible_feeds(world.lead_a)) if f.feed_id == feeds["a"].pk]
    assert [(f.unit_id, f.period, f.numerator, f.denominator) for f in found] == [
        (world.a.directorate.pk, APRIL, 3, 700),
        (world.a.directorate.pk, dt.date(2025, 5, 1), 5, 900),
    ]
    metric.points.filter(date=APRIL).update(numerator=4)  # live: no copy to refresh
    found = [f for f in figures(visible_feeds(world.lead_a)) if f.feed_id == feeds["a"].pk]
    assert found[0].numerator == 5
    shown = {f.feed_id for f in figures(visible_feeds(world.exec_b))}
    assert shown == {feeds["b"].pk, feeds["ics"].pk}
