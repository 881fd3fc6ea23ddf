"""The figures a person may compare on one indicator: every unit's numerators and denominators
at one level (trusts, their sites, their wards, GP practices), read only through the one
visibility rule (``catalogue.visible_feeds``), from the fed values and, for feeds mapped to a
board metric, from that metric's live points."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.http import Http404

from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import is_system_level
from qijourney.organisations.selectors import system_of
from qijourney.system.models import Indicator, IndicatorFeed
from qijourney.system.selectors.catalogue import catalogue, members_of, visible_feeds
from qijourney.system.selectors.catalogue import figures as catalogue_figures


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


def indicator_or_404(person: Person, pk: int) -> Indicator:
    """An indicator of the person's system's catalogue; any other is not found."""
    found = catalogue(person).filter(pk=pk).first()
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


def figures(person: Person, indicator: Indicator) -> pd.DataFrame:
    """Every figure of the indicator the comparison shows the person, at every level: unit,
    its organisation, period (a month's first day), numerator, denominator and level. Read
    through the catalogue's ``figures`` (a mapped metric's points as they are now)."""
    found = catalogue_figures(comparison_feeds(person, indicator))
    rows = pd.DataFrame(
        [(f.unit_id, f.provider_id, f.period, f.numerator, f.denominator) for f in found],
        columns=["unit", "feeder", "period", "numerator", "denominator"],
    )
    if rows.empty:
        return pd.DataFrame(columns=[*COLUMNS, "level"])
    units = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=rows["unit"].unique()).select_related(
            "provider"
        )
    }
    levels = {pk: LEVEL_OF_KIND.get(o.kind) for pk, o in units.items()}
    # A figure counts only for a place of the organisation that fed it (the system feeds its
    # GP practices): a metric mapped across organisations would never show as another's.
    own = [
        levels.get(unit) is not None
        and (
            units[unit].provider_id == feeder
            or (feeder == indicator.provider_id and units[unit].kind == Organisation.Kind.PRACTICE)
        )
        for unit, feeder in zip(rows["unit"], rows["feeder"], strict=True)
    ]
    rows = rows[own]
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


def system_providers(person: Person) -> list[Organisation]:
    """The trusts and GP practices of the person's system."""
    system = system_of(person.provider)
    return [] if system is None else list(members_of(system))


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
