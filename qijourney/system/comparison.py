"""Providers compared through the engine, the one way every page and report does it: the
funnel of one period's summed figures, and each unit's monthly SPC chart (p chart for a
proportion, u chart for a ratio), with the multiplier, direction and target of the indicator.

Plain frames in (from ``selectors.comparison``), plain results out: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qijourney.spc import SPCInputError, analyse
from qijourney.spc.funnel_limits import all_limits
from qijourney.spc.funnel_table import funnel_table
from qijourney.system.windows import MIN_UNITS, Window, summed, window  # the periods compared

LIMITS = {95: "95%", 99: "99.8%"}  # "99" is the 99.8% limit, as in FunnelPlotR and SHMI
SR_METHODS = ("SHMI", "CQC")


@dataclass
class FunnelRow:
    """One unit's place in the funnel."""

    unit: int
    name: str  # unique within the comparison (the organisation is added to a repeated name)
    organisation: int
    organisation_name: str
    numerator: float
    denominator: float
    periods: int  # of the window's periods with figures
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
    target: float = float("nan")  # the same, as a ratio
    multiplier: float = 1.0
    phi: float = float("nan")
    tau2: float = float("nan")
    adjusted: bool = False  # limits widened for overdispersion
    data_type: str = "SR"
    sr_method: str = "SHMI"
    limit: int = 99
    problem: str = ""
    table: pd.DataFrame | None = None  # the engine's funnel_table and facts, for the chart
    facts: pd.DataFrame | None = None

    @property
    def outliers(self) -> list[FunnelRow]:
        return [row for row in self.rows if row.outlier]

    @property
    def estimable(self) -> bool:
        """Whether φ and τ² are numbers (a place with no events on the SHMI's log scale makes
        them infinite, as in FunnelPlotR, and the limits widened by them 0 to infinity)."""
        return bool(np.isfinite(self.phi) and np.isfinite(self.tau2))


def chart_of(indicator) -> str:
    """The SPC chart of an indicator's monthly series: p for a proportion, else u."""
    return "p" if indicator.data_type == "PR" else "u"


def unique_names(frame: pd.DataFrame) -> pd.Series:
    """Each unit's name, made unique among the frame's units (keyed by unit id): its
    organisation's name is added where two units share one (Ward 1), and where the name still
    repeats (two wards of one trust both "Ward 1"), the unit's ODS code (``unit_code``, when
    the frame has one) or, failing that, its id."""
    names = frame.drop_duplicates("unit").set_index("unit")
    label = names["unit_name"].astype(str)
    repeated = label.duplicated(keep=False)
    organisation = names["organisation_name"].astype(str)
    label = label.where(~repeated, label + " (" + organisation + ")")
    still = label.duplicated(keep=False)
    if still.any():
        codes = (
            names["unit_code"].fillna("").astype(str).str.strip()
            if "unit_code" in names
            else pd.Series("", index=names.index)
        )
        usable = (codes != "") & ~codes.duplicated(keep=False)  # a code names one place
        ids = pd.Series(names.index, index=names.index).astype(str)
        tag = ("ODS code " + codes).where(usable, "id " + ids)
        label = label.where(
            ~still, names["unit_name"].astype(str) + " (" + organisation + ", " + tag + ")"
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
    """The funnel of ``summed`` (one row per unit: numerator, denominator, periods): each
    unit's ratio, its 95% and 99.8% limits (widened when the units are overdispersed), and
    whether it lies outside the ``limit`` chosen. ``yours`` is the viewer's organisation."""
    data_type = indicator.data_type
    result = Funnel(
        data_type=data_type,
        sr_method=sr_method,
        limit=limit,
        multiplier=float(indicator.multiplier),
    )
    usable = summed[(summed["denominator"] > 0) & (summed["numerator"] >= 0)]
    if len(usable) < MIN_UNITS:
        result.problem = (
            f"A funnel plot needs at least {MIN_UNITS} places with figures for the period; "
            f"there {'is' if len(usable) == 1 else 'are'} {len(usable)}."
        )
        return result
    usable = usable.assign(name=unique_names(usable)).reset_index(drop=True)
    try:
        table, facts = funnel_table(
            usable,
            numerator="numerator",
            denominator="denominator",
            group="name",
            data_type=data_type,
            sr_method=sr_method,
            limit=limit,
            multiplier=float(indicator.multiplier),
        )
    except SPCInputError as error:
        result.problem = f"The funnel cannot be drawn: {error}"
        return result
    result.table, result.facts = table, facts
    fact = facts.iloc[0]
    result.centre, result.target = float(fact["centre"]), float(fact["target"])
    result.phi, result.tau2 = float(fact["phi"]), float(fact["tau2"])
    result.adjusted = bool(fact["adjusted"])
    # The limits drawn (and judged by): widened when the places are overdispersed.
    drawn = {
        name: table[f"{name}_adjusted" if result.adjusted else name].to_numpy(float)
        for name in ("lower_95", "upper_95", "lower_998", "upper_998")
    }
    upper = drawn["upper_95" if limit == 95 else "upper_998"]
    for i, unit in enumerate(usable.itertuples()):
        ratio = float(table["ratio"].iloc[i])
        limits = {name: float(values[i]) for name, values in drawn.items()}
        outside_998 = not limits["lower_998"] <= ratio <= limits["upper_998"]
        outside_95 = not limits["lower_95"] <= ratio <= limits["upper_95"]
        outlier = bool(table["outlier"].iloc[i])
        result.rows.append(
            FunnelRow(
                unit=int(unit.unit),
                name=str(unit.name),
                organisation=int(unit.organisation),
                organisation_name=str(unit.organisation_name),
                numerator=float(unit.numerator),
                denominator=float(table["denominator"].iloc[i]),
                periods=int(unit.periods),
                ratio=ratio,
                **limits,
                outlier=outlier,
                side=("above" if ratio > upper[i] else "below") if outlier else "",
                beyond="99.8%" if outside_998 else ("95%" if outside_95 else ""),
                yours=yours is not None and int(unit.organisation) == yours,
            )
        )
    return result


def funnel_lines(result: Funnel, points: int = 60) -> pd.DataFrame:
    """The funnel's 95% and 99.8% limits over the range of denominators, for drawing:
    columns denominator, lower_95, upper_95, lower_998, upper_998 (the limits the rows were
    judged by: widened when overdispersed)."""
    if not result.rows:
        return pd.DataFrame()
    denominators = [row.denominator for row in result.rows]
    grid = np.geomspace(max(min(denominators) * 0.8, 1e-3), max(denominators) * 1.1, points)
    limits = all_limits(
        grid,
        tau2=result.tau2,
        data_type=result.data_type,
        sr_method=result.sr_method,
        target=result.target,
        multiplier=result.multiplier,
    )
    suffix = "_adjusted" if result.adjusted else ""
    names = ("lower_95", "upper_95", "lower_998", "upper_998")
    return pd.DataFrame({"denominator": grid, **{n: limits[n + suffix] for n in names}})


@dataclass
class SPC:
    """Each unit's monthly chart: the engine's points and summary, keyed by ``place``."""

    points: pd.DataFrame | None
    summary: pd.DataFrame | None
    problem: str = ""
    refused: str = ""  # the engine's refusal in a sentence, when it refused the figures


RUNNING_TOTAL = (
    "This indicator is a running total (each figure holds its season so far, and starts again "
    "each season), so it is compared at its latest figure, on the funnel, and is not charted "
    "over time: its rise through every season would read as special cause for a process that "
    "has not changed."
)


def running_total(indicator) -> bool:
    """Whether the indicator's figures are running totals (or snapshots), taken at their
    latest over a period (``combine == "latest"``): no SPC chart is drawn of them."""
    return getattr(indicator, "combine", "sum") == "latest"


def engine_problem(error: Exception) -> str:
    """The engine's refusal in a sentence: its headline and its first case."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return "The engine could not chart the figures."
    details = [re.sub(r"^- (row \d+ )?", "", line) for line in lines[1:]]
    details = [re.sub(r"^\(?series place=([^):]*)\)?", r"\1", d) for d in details]
    shown = [d for d in details if not d.startswith("...")]
    more = len(shown) - 1
    more += sum(int(n) for d in details for n in re.findall(r"^\.\.\. and (\d+) more", d))
    headline = lines[0].rstrip(".")
    if not shown:
        return f"{headline}."
    return f"{headline} ({shown[0]}{f', and {more} more' if more > 0 else ''})."


def plain_points(frame: pd.DataFrame, indicator) -> pd.DataFrame:
    """Each period's figures and value (times the multiplier), with no limits: what a place's
    page lists of a running total, which is not charted."""
    frame = frame[frame["denominator"] > 0].sort_values("period")
    return pd.DataFrame(
        {
            "period": pd.to_datetime(frame["period"]).to_numpy(),
            "numerator": frame["numerator"].to_numpy(float),
            "denominator": frame["denominator"].to_numpy(float),
            "value": (frame["numerator"] / frame["denominator"]).to_numpy(float)
            * float(indicator.multiplier),
            "lower_limit": np.nan,
            "upper_limit": np.nan,
            "point_type": "",
        }
    )


def spc_of(frame: pd.DataFrame, indicator) -> SPC:
    """Every unit's monthly series of ``frame`` through the engine in one call; none of a
    running total (see :data:`RUNNING_TOTAL`)."""
    if running_total(indicator):
        return SPC(None, None, RUNNING_TOTAL)
    frame = frame[frame["denominator"] > 0]
    if frame.empty:
        return SPC(None, None, "No figures to chart yet.")
    frame = frame.assign(place=unique_names(frame)).sort_values(["place", "period"])
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
        return SPC(None, None, f"The charts cannot be drawn: {error}", engine_problem(error))
    units = frame.drop_duplicates("place").set_index("place")["unit"]
    summary = result.summary.assign(unit=result.summary["place"].map(units))
    return SPC(result.points, summary)


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
    chosen = window(frame, period, indicator.months_per_period)
    if chosen is None:
        empty = Funnel(problem="There are no figures to compare yet.")
        return Compared(frame, None, empty, pd.DataFrame(), spc_of(frame, indicator))
    result = funnel_of(
        summed(frame, chosen, indicator.combine),
        indicator,
        sr_method=sr_method,
        limit=limit,
        yours=yours,
    )
    return Compared(frame, chosen, result, funnel_lines(result), spc_of(frame, indicator))
