"""Providers compared through the engine, the one way every page and report does it: the
funnel of one period's summed figures, and each unit's monthly SPC chart (p chart for a
proportion, u chart for a ratio), with the multiplier, direction and target of the indicator.

Plain frames in (from ``selectors.comparison``), plain results out: no database."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qijourney.spc import SPCInputError, analyse
from qijourney.spc.funnel import funnel, overdispersed_limits, poisson_limits

LIMITS = {95: "95%", 99: "99.8%"}  # "99" is the 99.8% limit, as in FunnelPlotR and SHMI
SR_METHODS = ("SHMI", "CQC")
MIN_UNITS = 3  # fewer places than this cannot show how much they vary


@dataclass
class FunnelRow:
    """One unit's place in the funnel."""

    unit: int
    name: str  # unique within the comparison (the organisation is added to a repeated name)
    organisation: int
    organisation_name: str
    numerator: float
    denominator: float
    months: int
    ratio: float  # times the indicator's multiplier
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    outlier: bool  # outside the chosen limit
    side: str  # "above", "below" or "" (within the chosen limit)
    beyond: str  # the widest limit it lies outside: "99.8%", "95%" or ""
    yours: bool = False

    @property
    def crossed(self) -> float:
        """The widest limit it lies beyond (NaN within the 95% limits)."""
        if self.beyond == "99.8%":
            return self.upper_998 if self.ratio > self.upper_998 else self.lower_998
        if self.beyond == "95%":
            return self.upper_95 if self.ratio > self.upper_95 else self.lower_95
        return float("nan")

    @property
    def beyond_side(self) -> str:
        """ "above" or "below" the widest limit it lies beyond ("" within the 95% limits)."""
        if not self.beyond:
            return ""
        return "above" if self.ratio > self.crossed else "below"


@dataclass
class Funnel:
    """The funnel of one indicator at one level for one period."""

    rows: list[FunnelRow] = field(default_factory=list)
    centre: float = float("nan")  # the target line, times the multiplier
    phi: float = float("nan")
    tau2: float = float("nan")
    adjusted: bool = False  # limits widened for overdispersion
    data_type: str = "SR"
    sr_method: str = "SHMI"
    limit: int = 99
    problem: str = ""

    @property
    def outliers(self) -> list[FunnelRow]:
        return [row for row in self.rows if row.outlier]


def chart_of(indicator) -> str:
    """The SPC chart of an indicator's monthly series: p for a proportion, else u."""
    return "p" if indicator.data_type == "PR" else "u"


def unique_names(frame: pd.DataFrame) -> pd.Series:
    """Each unit's name, with its organisation's where two units share one (Ward 1)."""
    names = frame.drop_duplicates("unit").set_index("unit")
    repeated = names["unit_name"].duplicated(keep=False)
    label = names["unit_name"].where(
        ~repeated, names["unit_name"] + " (" + names["organisation_name"] + ")"
    )
    return frame["unit"].map(label)


def funnel_of(
    summed: pd.DataFrame,
    indicator,
    *,
    sr_method: str = "SHMI",
    limit: int = 99,
    yours: int | None = None,
) -> Funnel:
    """The funnel of ``summed`` (one row per unit: numerator, denominator, months): each
    unit's ratio, its 95% and 99.8% limits (widened when the units are overdispersed), and
    whether it lies outside the ``limit`` chosen. ``yours`` is the viewer's organisation."""
    data_type = indicator.data_type
    result = Funnel(data_type=data_type, sr_method=sr_method, limit=limit)
    usable = summed[(summed["denominator"] > 0) & (summed["numerator"] >= 0)]
    if len(usable) < MIN_UNITS:
        result.problem = (
            f"A funnel plot needs at least {MIN_UNITS} places with figures for the period; "
            f"there {'is' if len(usable) == 1 else 'are'} {len(usable)}."
        )
        return result
    usable = usable.assign(name=unique_names(usable)).reset_index(drop=True)
    options = dict(
        numerator="numerator",
        denominator="denominator",
        group="unit",
        data_type=data_type,
        sr_method=sr_method,
        multiplier=float(indicator.multiplier),
    )
    try:
        at_95, spread = funnel(usable, limit=95, **options)
        at_998, _ = funnel(usable, limit=99, **options)
    except SPCInputError as error:
        result.problem = f"The funnel cannot be drawn: {error}"
        return result
    multiplier = float(indicator.multiplier)
    o, e = usable["numerator"].to_numpy(float), usable["denominator"].to_numpy(float)
    result.centre = multiplier * (1.0 if data_type == "SR" else o.sum() / e.sum())
    result.phi, result.tau2 = float(spread.phi), float(spread.tau2)
    result.adjusted = bool(at_95["overdispersion_adjusted"].iloc[0])
    chosen = at_95 if limit == 95 else at_998
    for i, unit in enumerate(usable.itertuples()):
        ratio = float(at_95["ratio"].iloc[i])
        upper = chosen["upper_limit"].iloc[i]
        outside_998 = not at_998["lower_limit"].iloc[i] <= ratio <= at_998["upper_limit"].iloc[i]
        outside_95 = not at_95["lower_limit"].iloc[i] <= ratio <= at_95["upper_limit"].iloc[i]
        outlier = bool(chosen["outlier"].iloc[i])
        result.rows.append(
            FunnelRow(
                unit=int(unit.unit),
                name=str(unit.name),
                organisation=int(unit.organisation),
                organisation_name=str(unit.organisation_name),
                numerator=float(unit.numerator),
                denominator=float(unit.denominator),
                months=int(unit.months),
                ratio=ratio,
                lower_95=float(at_95["lower_limit"].iloc[i]),
                upper_95=float(at_95["upper_limit"].iloc[i]),
                lower_998=float(at_998["lower_limit"].iloc[i]),
                upper_998=float(at_998["upper_limit"].iloc[i]),
                outlier=outlier,
                side=("above" if ratio > upper else "below") if outlier else "",
                beyond="99.8%" if outside_998 else ("95%" if outside_95 else ""),
                yours=yours is not None and int(unit.organisation) == yours,
            )
        )
    return result


def funnel_lines(result: Funnel, indicator, points: int = 60) -> pd.DataFrame:
    """The funnel's 95% and 99.8% limits over the range of denominators, for drawing:
    columns denominator, lower_95, upper_95, lower_998, upper_998."""
    if not result.rows:
        return pd.DataFrame()
    denominators = [row.denominator for row in result.rows]
    low, high = max(min(denominators) * 0.8, 1e-3), max(denominators) * 1.1
    grid = np.geomspace(low, high, points)
    centre = result.centre / float(indicator.multiplier)
    lines = {"denominator": grid}
    for limit, name in ((95, "95"), (99, "998")):
        lower, upper = limits_at(grid, result, indicator, limit, centre)
        lines[f"lower_{name}"], lines[f"upper_{name}"] = lower, upper
    return pd.DataFrame(lines)


def limits_at(grid, result: Funnel, indicator, limit: int, centre: float):
    """The limits the funnel draws at each denominator of ``grid`` (through the engine)."""
    multiplier = float(indicator.multiplier)
    if result.adjusted:
        return overdispersed_limits(
            grid, limit, result.tau2, result.data_type, result.sr_method, centre, multiplier
        )
    if result.data_type == "SR":
        return poisson_limits(grid, limit, centre, multiplier)
    return overdispersed_limits(
        grid, limit, 0.0, result.data_type, result.sr_method, centre, multiplier
    )


@dataclass
class SPC:
    """Each unit's monthly chart: the engine's points and summary, keyed by ``place``."""

    points: pd.DataFrame | None
    summary: pd.DataFrame | None
    problem: str = ""


def spc_of(frame: pd.DataFrame, indicator) -> SPC:
    """Every unit's monthly series of ``frame`` through the engine in one call."""
    if frame.empty:
        return SPC(None, None, "No figures to chart yet.")
    frame = frame.assign(place=unique_names(frame)).sort_values(["place", "period"])
    frame = frame[frame["denominator"] > 0]
    try:
        result = analyse(
            frame,
            numerator="numerator",
            denominator="denominator",
            date="period",
            series="place",
            chart=chart_of(indicator),
            improvement=indicator.direction,
            target=indicator.target,
            multiplier=float(indicator.multiplier),
        )
    except SPCInputError as error:
        return SPC(None, None, f"The charts cannot be drawn: {error}")
    units = frame.drop_duplicates("place").set_index("place")["unit"]
    summary = result.summary.assign(unit=result.summary["place"].map(units))
    return SPC(result.points, summary)


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


@dataclass
class Compared:
    """Everything a comparison shows: the figures at the chosen level, the months summed,
    the funnel and its limits' lines, and each place's SPC chart."""

    frame: pd.DataFrame  # monthly figures at the level
    window: Window | None
    funnel: Funnel
    lines: pd.DataFrame
    spc: SPC


def compare(
    frame: pd.DataFrame,
    indicator,
    *,
    period: str,
    sr_method: str = "SHMI",
    limit: int = 99,
    yours: int | None = None,
) -> Compared:
    """The comparison of ``frame`` (one level's monthly figures) for ``period``."""
    chosen = window(frame, period)
    if chosen is None:
        empty = Funnel(problem="There are no figures to compare yet.")
        return Compared(frame, None, empty, pd.DataFrame(), spc_of(frame, indicator))
    result = funnel_of(
        summed(frame, chosen), indicator, sr_method=sr_method, limit=limit, yours=yours
    )
    return Compared(
        frame, chosen, result, funnel_lines(result, indicator), spc_of(frame, indicator)
    )
