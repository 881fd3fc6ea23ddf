"""Reads of the catalogue and the feeds, and the one rule of who sees whose figures.

:func:`visible_feeds` is the visibility rule of the system view, written once: every page,
report and API answer that shows a feed's figures asks it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import PROVIDER_KINDS, Organisation, Person
from qijourney.organisations.permissions import is_system_level, scoped
from qijourney.organisations.selectors import system_of
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue


def system_of_person(person: Person) -> Organisation | None:
    """The integrated care system the person's organisation belongs to (or is)."""
    return system_of(person.provider)


def members_of(system: Organisation) -> QuerySet[Organisation]:
    """The organisations that own data in the system: its trusts and, through their primary
    care networks, its GP practices."""
    return Organisation.objects.filter(kind__in=PROVIDER_KINDS).filter(
        Q(parent=system) | Q(parent__parent=system)
    )


def catalogue(person: Person) -> QuerySet[Indicator]:
    """The indicators of the person's system: everyone in the system reads the catalogue."""
    if person.is_superuser:
        return Indicator.objects.order_by("id")
    system = system_of_person(person)
    if system is None:
        return Indicator.objects.none()
    return Indicator.objects.filter(provider=system).order_by("name", "id")


def indicator_in_catalogue(person: Person, pk: int) -> Indicator | None:
    return catalogue(person).filter(pk=pk).first()


def visible_feeds(person: Person, indicator: Indicator | None = None) -> QuerySet[IndicatorFeed]:
    """The feeds whose figures ``person`` may see (of ``indicator``, when given).

    The rule: an organisation always sees its own feeds; a feed of another organisation of
    the same system is seen by the system's people and the system's other organisations only
    while it is shared with the system; the feeds the system keeps itself (its GP practices'
    figures) are seen by the system's people and every organisation of the system. Nothing
    else is seen across organisations."""
    feeds = IndicatorFeed.objects.select_related("indicator", "provider", "measure")
    if indicator is not None:
        feeds = feeds.filter(indicator=indicator)
    if person.is_superuser:
        return feeds
    if person.provider_id is None:
        return feeds.none()
    own = Q(provider_id=person.provider_id)
    system = system_of_person(person)
    if system is None:
        return feeds.filter(own)
    in_system = Q(indicator__provider=system)
    shared = Q(shared_with_system=True, provider__in=members_of(system))
    kept_by_system = Q(provider=system)
    return feeds.filter(own | (in_system & (shared | kept_by_system)))


def takes_part(person: Person, indicator: Indicator) -> bool:
    """Whether the person's organisation compares with the others: the system's own people,
    an organisation that shares its figures for the indicator, and a GP practice (the
    system feeds its figures). Others see only their own figures."""
    if person.is_superuser or is_system_level(person):
        return True
    if person.provider is not None and person.provider.kind == Organisation.Kind.PRACTICE:
        return True
    return IndicatorFeed.objects.filter(
        indicator=indicator, provider_id=person.provider_id, shared_with_system=True
    ).exists()


def comparison_feeds(person: Person, indicator: Indicator):
    """The feeds the comparison shows the person: every visible one to those who take part,
    else only their own organisation's."""
    feeds = visible_feeds(person, indicator)
    if takes_part(person, indicator):
        return feeds
    return feeds.filter(provider_id=person.provider_id)


def feeds_of(person: Person) -> QuerySet[IndicatorFeed]:
    """The feeds of the person's own organisation (what it feeds and may share)."""
    return scoped(IndicatorFeed.objects.select_related("indicator", "measure"), person)


def own_feed(person: Person, pk: int) -> IndicatorFeed | None:
    """One of the person's organisation's feeds, by id (None: not theirs, or no such feed)."""
    return feeds_of(person).filter(pk=pk).first()


def own_values(person: Person, indicator_id: int | None = None) -> QuerySet[IndicatorValue]:
    """The stored figures of the person's organisation's feeds (of one indicator, if given)."""
    rows = scoped(IndicatorValue.objects.all(), person, "feed__provider")
    if indicator_id is not None:
        rows = rows.filter(feed__indicator_id=indicator_id)
    return rows.select_related("feed", "unit").order_by("id")


def feed_of(person: Person, indicator: Indicator) -> IndicatorFeed | None:
    """The person's organisation's feed of ``indicator``, if it has one."""
    return feeds_of(person).filter(indicator=indicator).first()


def indicator_feeds(indicator: Indicator) -> QuerySet[IndicatorFeed]:
    """Every feed of the indicator, for counting (who shares: :func:`sharing_names`)."""
    return indicator.feeds.select_related("provider")


@dataclass(frozen=True)
class Feeders:
    """Who feeds an indicator as a person may be told: how many organisations feed it, and the
    names of those the person's comparison shows (see :func:`comparison_feeds`)."""

    total: int
    named: list[str]


def feeders(person: Person, indicators) -> dict[int, Feeders]:
    """For each indicator id: how many organisations feed it and which may be named to
    ``person`` (a feed not shared is counted, never named)."""
    ids = [i.pk for i in indicators]
    counts: dict[int, int] = defaultdict(int)
    for indicator_id in IndicatorFeed.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", flat=True
    ):
        counts[indicator_id] += 1
    named = {
        i.pk: [f.provider.name for f in comparison_feeds(person, i).order_by("provider__name")]
        for i in indicators
    }
    return {pk: Feeders(counts[pk], named[pk]) for pk in ids}


def board_metrics_to_map(provider: Organisation | None) -> QuerySet[Measure]:
    """The organisation's board metrics (not a project's measures), any chart: the mapping
    form lists them all and the service refuses one without numerators and denominators."""
    if provider is None:
        return Measure.objects.none()
    return Measure.objects.filter(provider=provider, project__isnull=True, on_board_report=True)


def places_fed(feed_provider: Organisation) -> QuerySet[Organisation]:
    """Where a feed's figures may be for: the organisation itself and its directorates, sites
    and wards; for the system's own feed, its GP practices (the comparisons have no level
    for primary care networks, so their figures would be taken and never shown)."""
    if feed_provider.kind == Organisation.Kind.SYSTEM:
        return Organisation.objects.filter(
            Q(kind=Organisation.Kind.PRACTICE)
            & (Q(parent=feed_provider) | Q(parent__parent=feed_provider))
        )
    return Organisation.objects.filter(provider=feed_provider)


def stored_places_and_periods(feed: IndicatorFeed) -> tuple[dict[int, str], list[dt.date]]:
    """The places (by id, named) and the periods, newest first, the feed holds figures for."""
    places = dict(
        feed.values.order_by("unit__name").values_list("unit_id", "unit__name").distinct()
    )
    periods = list(feed.values.order_by("-period").values_list("period", flat=True).distinct())
    return places, periods


def chosen_values(feed: IndicatorFeed, unit_id: int | None, period) -> QuerySet[IndicatorValue]:
    """The feed's figures of one place, one period, or both (``None``: every one)."""
    chosen = feed.values.all()
    if unit_id is not None:
        chosen = chosen.filter(unit_id=unit_id)
    if period is not None:
        chosen = chosen.filter(period=period)
    return chosen


def count_chosen(feed: IndicatorFeed, unit_id: int | None, period) -> int:
    return chosen_values(feed, unit_id, period).count()


def stored_values(feed: IndicatorFeed) -> QuerySet[IndicatorValue]:
    return feed.values.select_related("unit").order_by("period", "unit__name")


@dataclass(frozen=True)
class Figure:
    """One period's figures of one place, as a feed gives them."""

    feed_id: int
    provider_id: int
    unit_id: int
    period: dt.date
    numerator: float
    denominator: float


def figures(feeds) -> list[Figure]:
    """The figures of ``feeds`` (already cut by :func:`visible_feeds`), oldest first: stored
    values, or for a feed mapped to a board metric that metric's points as they are now, at
    its reporting unit (or the organisation), summed by month."""
    feeds = list(feeds)
    found: list[Figure] = []
    uploaded = {f.pk: f.provider_id for f in feeds if f.measure_id is None}
    values = IndicatorValue.objects.filter(feed_id__in=list(uploaded)).values_list(
        "feed_id", "unit_id", "period", "numerator", "denominator"
    )
    for feed_id, unit_id, period, numerator, denominator in values:
        found.append(Figure(feed_id, uploaded[feed_id], unit_id, period, numerator, denominator))
    for feed in (f for f in feeds if f.measure_id is not None):
        found += metric_figures(feed)
    return sorted(found, key=lambda f: (f.period, f.feed_id, f.unit_id))


def metric_figures(feed: IndicatorFeed) -> list[Figure]:
    """A mapped board metric's points with a numerator and a denominator, one figure per
    period of the indicator: the points added up, or for an indicator of running totals
    the period's latest point."""
    measure = Measure.objects.filter(pk=feed.measure_id).first()
    if measure is None:  # the metric was deleted: it feeds nothing until restored
        return []
    indicator = feed.indicator
    latest = indicator.combine == Indicator.Combine.LATEST
    unit_id = measure.reporting_unit_id or measure.provider_id
    periods: dict[dt.date, list[float]] = {}
    points = (
        DataPoint.objects.filter(
            measure=measure, numerator__isnull=False, denominator__isnull=False
        )
        .order_by("date")
        .values_list("date", "numerator", "denominator")
    )
    for date, numerator, denominator in points:
        period = periods.setdefault(indicator.period_of(date), [0.0, 0.0])
        if latest:
            period[:] = [numerator, denominator]
        else:
            period[0] += numerator
            period[1] += denominator
    return [
        Figure(feed.pk, feed.provider_id, unit_id, period, num, den)
        for period, (num, den) in sorted(periods.items())
        if den > 0
    ]


def compare_rows(feed: IndicatorFeed, rows: list[dict], *, lock: bool = False):
    """Rows to import against what the feed holds: (new rows, [(stored value, row)] whose
    figures differ, unchanged rows). ``lock``: the stored values are locked (inside a write)."""
    stored = IndicatorValue.objects.filter(
        feed=feed, period__in={row["period"] for row in rows}
    ).order_by()
    if lock:
        stored = stored.select_for_update()
    held = {(v.unit_id, v.period): v for v in stored}
    new, changed, unchanged = [], [], []
    for row in rows:
        value = held.get((row["unit"], row["period"]))
        if value is None:
            new.append(row)
        elif (value.numerator, value.denominator) != (row["numerator"], row["denominator"]):
            changed.append((value, row))
        else:
            unchanged.append(row)
    return new, changed, unchanged


def place_names(feed: IndicatorFeed) -> dict[int, str]:
    """The names of the places a feed's figures may be for, by id (its pages' tables)."""
    if feed.provider_id is None:
        return {}
    return dict(places_fed(feed.provider).values_list("pk", "name"))


def shareable(feed: IndicatorFeed) -> bool:
    """Whether sharing means anything for the feed: the system's own figures are always the
    system's to show."""
    return feed.provider.kind != Organisation.Kind.SYSTEM
