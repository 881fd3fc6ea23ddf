"""The figures a person may compare on one indicator: every unit's numerators and denominators
at one level (trusts, their sites, their wards, GP practices), read only through the one
visibility rule (``catalogue.visible_feeds``), from the fed values and, for feeds mapped to a
board metric, from that metric's live points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.http import Http404

from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.selectors import system_of
from qijourney.system.models import Indicator
from qijourney.system.selectors.catalogue import (
    catalogue,
    comparison_feeds,
    members_of,
    visible_feeds,
)
from qijourney.system.selectors.catalogue import figures as catalogue_figures


@dataclass(frozen=True)
class Level:
    slug: str
    kind: str
    label: str  # "Trusts"
    singular: str  # "trust"
    plural: str  # "trusts", as inside a sentence


LEVELS = (
    Level("trusts", Organisation.Kind.ORGANISATION, "Trusts", "trust", "trusts"),
    Level(
        "sites",
        Organisation.Kind.DIRECTORATE,
        "Directorates and sites",
        "directorate or site",
        "directorates and sites",
    ),
    Level("wards", Organisation.Kind.TEAM, "Wards and teams", "ward or team", "wards and teams"),
    Level("practices", Organisation.Kind.PRACTICE, "GP practices", "GP practice", "GP practices"),
)
LEVEL_OF_KIND = {level.kind: level for level in LEVELS}
COLUMNS = [
    "unit",
    "unit_name",
    "unit_code",  # its ODS code, which tells apart two places of one name
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
    # A GP practice may feed its own figures as well as the system: its own replace the
    # system's for that month, so no place is counted twice.
    by_owner = rows["feeder"].to_numpy() == np.array(
        [units[u].provider_id for u in rows["unit"]], dtype=np.int64
    )
    rows = (
        rows.assign(_owner=by_owner)
        .sort_values("_owner", ascending=False, kind="stable")
        .drop_duplicates(["unit", "period"])
        .drop(columns="_owner")
    )
    unit = rows["unit"]
    frame = pd.DataFrame(
        {
            "unit": unit.astype("int64"),
            "unit_name": unit.map(lambda pk: units[pk].name),
            "unit_code": unit.map(lambda pk: units[pk].code),
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


@dataclass
class MatrixFigures:
    """What the integrated report may show: each indicator's figures at the trusts and GP
    practices, and whose feeds the visibility rule shows the person."""

    indicators: list[Indicator]
    trusts: list[Organisation]
    practices: list[Organisation]
    frames: dict[int, pd.DataFrame]  # indicator id -> figures the comparison shows
    visible: dict[int, set[int]]  # indicator id -> organisations whose feed the rule shows
    yours: int | None


def matrix_figures(person: Person) -> MatrixFigures:
    indicators = list(catalogue(person)) if system_of(person.provider) else []
    members = system_providers(person)
    frames, visible = {}, {}
    for indicator in indicators:
        frame = figures(person, indicator)
        frames[indicator.pk] = frame[frame["level"].isin(["trusts", "practices"])]
        visible[indicator.pk] = set(
            visible_feeds(person, indicator).values_list("provider_id", flat=True)
        )
    return MatrixFigures(
        indicators=indicators,
        trusts=[m for m in members if m.kind == Organisation.Kind.ORGANISATION],
        practices=[m for m in members if m.kind == Organisation.Kind.PRACTICE],
        frames=frames,
        visible=visible,
        yours=person.provider_id,
    )
