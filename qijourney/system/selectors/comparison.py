"""The figures a person may compare on one indicator: every unit's numerators and denominators
at one level (trusts, their sites, their wards, GP practices), read only through the one
visibility rule, from the fed values and, for feeds mapped to a board metric, from that
metric's live points."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import Q
from django.http import Http404

from qijourney.measures.models import DataPoint
from qijourney.organisations.models import PROVIDER_KINDS, Organisation, Person
from qijourney.organisations.permissions import is_system_level
from qijourney.organisations.selectors import system_of
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue


@dataclass(frozen=True)
class Level:
    slug: str
    kind: str
    label: str  # "Trusts"
    singular: str  # "trust"


LEVELS = (
    Level("trusts", Organisation.Kind.ORGANISATION, "Trusts", "trust"),
    Level("sites", Organisation.Kind.DIRECTORATE, "Directorates and sites", "directorate or site"),
    Level("wards", Organisation.Kind.TEAM, "Wards and teams", "ward or team"),
    Level("practices", Organisation.Kind.PRACTICE, "GP practices", "GP practice"),
)
LEVEL_OF_KIND = {level.kind: level for level in LEVELS}
COLUMNS = [
    "unit",
    "unit_name",
    "organisation",
    "organisation_name",
    "period",
    "numerator",
    "denominator",
]


def visible_feeds(person: Person, indicator: Indicator | None = None):
    """The feeds whose figures ``person`` may see (temporary: the catalogue's selector of the
    same name replaces it). Its own always; the system's own feeds (its GP practices) for
    everyone of the system; another organisation's only when shared with the system."""
    feeds = IndicatorFeed.objects.all()
    if indicator is not None:
        feeds = feeds.filter(indicator=indicator)
    if person.is_superuser:
        return feeds
    system = system_of(person.provider)
    if system is None:
        return feeds.none()
    return feeds.filter(indicator__provider=system).filter(
        Q(provider_id=person.provider_id) | Q(provider=system) | Q(shared_with_system=True)
    )


def indicator_or_404(person: Person, pk: int) -> Indicator:
    """An indicator of the person's system's catalogue; any other is not found."""
    indicators = Indicator.objects.filter(pk=pk)
    if not person.is_superuser:
        indicators = indicators.filter(provider=system_of(person.provider))
    found = indicators.first()
    if found is None:
        raise Http404("No such indicator in your system's catalogue")
    return found


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


def _value_rows(feeds) -> list[tuple]:
    return list(
        IndicatorValue.objects.filter(feed__in=feeds).values_list(
            "feed_id", "unit_id", "period", "numerator", "denominator"
        )
    )


def _measure_rows(feeds) -> list[tuple]:
    """Each mapped metric's live points with a numerator and denominator, at the metric's
    reporting unit (or its organisation), one row per month."""
    mapped = {
        feed.measure_id: (feed.pk, feed.measure.reporting_unit_id or feed.measure.provider_id)
        for feed in feeds.filter(measure__isnull=False).select_related("measure")
        # A metric of the feed's own organisation only.
        if feed.measure.provider_id == feed.provider_id
    }
    if not mapped:
        return []
    points = DataPoint.objects.filter(
        measure_id__in=mapped, numerator__isnull=False, denominator__isnull=False
    ).values_list("measure_id", "date", "numerator", "denominator")
    frame = pd.DataFrame.from_records(
        list(points), columns=["measure", "date", "numerator", "denominator"]
    )
    if frame.empty:
        return []
    frame["period"] = pd.to_datetime(frame["date"]).dt.to_period("M").dt.to_timestamp()
    monthly = frame.groupby(["measure", "period"], as_index=False)[
        ["numerator", "denominator"]
    ].sum()
    return [
        (*mapped[int(row.measure)], row.period.date(), row.numerator, row.denominator)
        for row in monthly.itertuples()
    ]


def figures(person: Person, indicator: Indicator) -> pd.DataFrame:
    """Every figure of the indicator the comparison shows the person, at every level: unit,
    level, its organisation, period (a month's first day), numerator, denominator. A mapped
    metric's point replaces a fed value for the same unit and month."""
    feeds = comparison_feeds(person, indicator)
    values = pd.DataFrame.from_records(
        _value_rows(feeds), columns=["feed", "unit", "period", "numerator", "denominator"]
    ).assign(source=1)
    points = pd.DataFrame.from_records(
        _measure_rows(feeds), columns=["feed", "unit", "period", "numerator", "denominator"]
    ).assign(source=0)
    rows = pd.concat([points, values], ignore_index=True)
    if rows.empty:
        return pd.DataFrame(columns=[*COLUMNS, "level"])
    rows = rows.sort_values("source").drop_duplicates(["feed", "unit", "period"])
    units = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=rows["unit"].unique()).select_related(
            "provider"
        )
    }
    levels = {pk: LEVEL_OF_KIND.get(o.kind) for pk, o in units.items()}
    rows = rows[rows["unit"].map(lambda pk: levels.get(pk) is not None)]
    unit = rows["unit"]
    frame = pd.DataFrame(
        {
            "unit": unit.astype("int64"),
            "unit_name": unit.map(lambda pk: units[pk].name),
            "organisation": unit.map(lambda pk: units[pk].provider_id).astype("int64"),
            "organisation_name": unit.map(lambda pk: units[pk].provider.name),
            "period": pd.to_datetime(rows["period"]),
            "numerator": rows["numerator"].astype(float),
            "denominator": rows["denominator"].astype(float),
            "level": unit.map(lambda pk: levels[pk].slug),
        }
    )
    return frame.sort_values(["unit_name", "period"]).reset_index(drop=True)


def levels_offered(frame: pd.DataFrame) -> list[Level]:
    """The levels with figures, in the order of :data:`LEVELS`."""
    present = set(frame["level"]) if len(frame) else set()
    return [level for level in LEVELS if level.slug in present]


def values_frame(person: Person, indicator: Indicator, level: str) -> pd.DataFrame:
    """The figures the person may see at one level (``trusts``, ``sites``, ``wards``,
    ``practices``): unit, unit_name, organisation, organisation_name, period, numerator,
    denominator."""
    frame = figures(person, indicator)
    return frame[frame["level"] == level][COLUMNS].reset_index(drop=True)


def system_indicators(person: Person) -> list[Indicator]:
    """The catalogue of the person's system (everyone of the system sees it)."""
    system = system_of(person.provider)
    if system is None:
        return []
    return list(Indicator.objects.filter(provider=system))


def system_providers(person: Person) -> list[Organisation]:
    """The trusts and GP practices of the person's system."""
    system = system_of(person.provider)
    if system is None:
        return []
    return list(
        Organisation.objects.filter(kind__in=PROVIDER_KINDS).filter(
            Q(parent=system) | Q(parent__parent=system)
        )
    )


PERIODS = {
    "month": "Latest month",
    "quarter": "Latest quarter",
    "year": "Rolling 12 months",
}
QUARTER_ENDS = (3, 6, 9, 12)  # calendar quarters, which are also the NHS financial quarters


@dataclass(frozen=True)
class Window:
    """The months a comparison sums over."""

    choice: str
    months: tuple[pd.Timestamp, ...]

    @property
    def label(self) -> str:
        """``April 2025``, ``April to June 2025``, ``July 2024 to June 2025``."""
        first, last = self.months[0], self.months[-1]
        if first == last:
            return f"{first:%B %Y}"
        if first.year == last.year:
            return f"{first:%B} to {last:%B %Y}"
        return f"{first:%B %Y} to {last:%B %Y}"


def window(frame: pd.DataFrame, choice: str) -> Window | None:
    """The months of ``choice`` (``month``, ``quarter``, ``year``) up to the latest month with
    figures: that month; the latest full quarter (January to March, April to June...; the
    latest month's own quarter if no full one has figures); the 12 months to it."""
    if frame.empty:
        return None
    latest = pd.Timestamp(frame["period"].max()).to_period("M")
    if choice == "month":
        months = [latest]
    elif choice == "quarter":
        end = latest
        while end.month not in QUARTER_ENDS:
            end -= 1
        months = [end - 2, end - 1, end]
        present = set(pd.to_datetime(frame["period"]).dt.to_period("M"))
        if not present & set(months):  # no figures in that quarter: the latest month's own
            start = latest - (latest.month - 1) % 3
            months = [start + i for i in range(3)]
    elif choice == "year":
        months = [latest - i for i in range(11, -1, -1)]
    else:
        raise ValueError(f"Unknown period {choice!r}")
    return Window(choice, tuple(m.to_timestamp() for m in months))


def summed(frame: pd.DataFrame, chosen: Window) -> pd.DataFrame:
    """One row per unit: its numerators and denominators summed over the window's months, and
    how many of those months it has figures for."""
    inside = frame[frame["period"].isin(chosen.months)]
    keys = ["unit", "unit_name", "organisation", "organisation_name"]
    if inside.empty:
        return pd.DataFrame(columns=[*keys, "numerator", "denominator", "months"])
    return (
        inside.groupby(keys, as_index=False)
        .agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            months=("period", "nunique"),
        )
        .sort_values("unit_name")
        .reset_index(drop=True)
    )
