"""The periods a comparison takes together: the latest month, quarter or 12 months up to the
latest period enough places have figures for, and each place's figures summed over them (or
taken at their latest, for a running total). Plain frames in and out: no database."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MIN_UNITS = 3  # fewer places than this cannot show how much they vary

QUARTER_ENDS = (3, 6, 9, 12)  # calendar quarters, which are also the NHS financial quarters


def span_label(first: pd.Timestamp, last_start: pd.Timestamp, months_per_period: int) -> str:
    """The months from ``first`` to the end of the period starting ``last_start``:
    ``April 2025``, ``April to June 2025``, ``July 2024 to June 2025``."""
    last = last_start + pd.DateOffset(months=months_per_period - 1)
    if first == last:
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


@dataclass(frozen=True)
class Window:
    """The periods a comparison takes together: each one's first day (a month's, or a
    quarter's for a quarterly indicator). ``later`` is the latest period some place has
    figures for beyond them (left out until enough places have theirs), ``ahead`` how many
    places have such figures and ``places`` how many had figures in the 12 months to them."""

    choice: str
    periods: tuple[pd.Timestamp, ...]
    months_per_period: int = 1
    later: pd.Timestamp | None = None
    ahead: int = 0
    places: int = 0

    @property
    def label(self) -> str:
        """``April 2025``, ``April to June 2025``, ``July 2024 to June 2025``."""
        return span_label(self.periods[0], self.periods[-1], self.months_per_period)

    @property
    def noun(self) -> str:
        """What one period is: ``month`` or ``quarter``."""
        return "quarter" if self.months_per_period == 3 else "month"


def latest_settled(frame: pd.DataFrame) -> tuple[pd.Period, int]:
    """The latest month (a quarter's first, for a quarterly indicator) in which at least half
    of the places with figures in the 12 months to it, and at least :data:`MIN_UNITS`, have
    figures; and how many places had figures in those 12 months. One trust's partial quarter,
    or its figure for a period yet to come, does not move everyone's comparison to it. With
    too few places for that rule, the latest month the most places have. A frame without a
    ``unit`` column is one place's."""
    months = pd.to_datetime(frame["period"]).dt.to_period("M")
    units = frame["unit"] if "unit" in frame else pd.Series(0, index=frame.index)
    seen = pd.DataFrame({"month": months.to_numpy(), "unit": units.to_numpy()})
    counts = seen.groupby("month")["unit"].nunique().sort_index(ascending=False)
    for month, count in counts.items():
        recent = seen[(seen["month"] > month - 12) & (seen["month"] <= month)]
        places = recent["unit"].nunique()
        if count >= max(MIN_UNITS, -(-places // 2)):
            return month, places
    month = counts.idxmax()  # the first (latest) of those with the most places
    recent = seen[(seen["month"] > month - 12) & (seen["month"] <= month)]
    return month, recent["unit"].nunique()


def window(frame: pd.DataFrame, choice: str, months_per_period: int = 1) -> Window | None:
    """The periods of ``choice`` (``month``, ``quarter``, ``year``) up to the latest period
    enough places have figures for (:func:`latest_settled`): that month; the latest full
    quarter (January to March, April to June...; the latest month's own quarter if no full
    one has figures); the 12 months to it. For a quarterly indicator (``months_per_period``
    3) a month is its quarter and a year is four quarters."""
    if frame.empty:
        return None
    if choice not in ("month", "quarter", "year"):
        raise ValueError(f"Unknown period {choice!r}")
    latest, places = latest_settled(frame)
    if months_per_period == 3:
        count = 4 if choice == "year" else 1
        months = [latest - 3 * i for i in range(count - 1, -1, -1)]
    elif choice == "month":
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
    else:
        months = [latest - i for i in range(11, -1, -1)]
    periods = pd.to_datetime(frame["period"])
    beyond = frame[periods.dt.to_period("M") > latest]
    later = pd.Timestamp(periods.max()) if len(beyond) else None
    ahead = (beyond["unit"].nunique() if "unit" in beyond else 1) if len(beyond) else 0
    return Window(
        choice,
        tuple(m.to_timestamp() for m in months),
        months_per_period,
        later=later,
        ahead=ahead,
        places=places,
    )


def summed(frame: pd.DataFrame, chosen: Window, combine: str = "sum") -> pd.DataFrame:
    """One row per unit: its numerators and denominators over the window (added up; for an
    indicator of running totals or snapshots, ``combine="latest"``, those of its latest period
    in the window) and how many of the window's periods it has figures for."""
    inside = frame[frame["period"].isin(chosen.periods)]
    keys = ["unit", "unit_name", "organisation", "organisation_name"]
    if "unit_code" in inside:  # kept, to tell apart two places of one name
        inside = inside.assign(unit_code=inside["unit_code"].fillna(""))
        keys.insert(2, "unit_code")
    if inside.empty:
        return pd.DataFrame(columns=[*keys, "numerator", "denominator", "periods"])
    take = "last" if combine == "latest" else "sum"
    return (
        inside.sort_values("period")
        .groupby(keys, as_index=False)
        .agg(
            numerator=("numerator", take),
            denominator=("denominator", take),
            periods=("period", "nunique"),
        )
        .sort_values("unit_name")
        .reset_index(drop=True)
    )
