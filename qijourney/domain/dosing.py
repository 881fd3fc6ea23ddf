"""Coverage against the dosing plan: who in each target's group has had the dose, now and at
every month end before, by directorate and by role group.

Pure arithmetic on whole arrays (staff × months), no database: a trust of 20,000 staff and a
plan of many targets costs a few array operations, not a loop over people. ``coverage.py``
loads the frames from the database.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

NO_DIRECTORATE = "Organisation-wide"
PER_YEAR = "per_year"  # the share who completed in the last 12 months (else: ever)


@dataclass(frozen=True)
class Target:
    """One target of the dosing plan, as the arithmetic needs it (capability/coverage.py
    makes these from the plan): a share of a group who have had a programme's dose, or a
    higher rung of the same ladder."""

    id: int
    programme: str  # its name, for display
    ladder: int  # the ladder's key: rungs are compared only within one ladder
    tier: int
    audience: str
    basis: str  # PER_YEAR, or anything else for "ever"
    basis_label: str
    percent: float
    role_group: str = ""
    managers_only: bool = False
    unit_id: int | None = None


@dataclass
class Breakdown:
    name: str
    population: int
    dosed: int
    target_percent: float

    @property
    def percent(self) -> float | None:
        return 100 * self.dosed / self.population if self.population else None

    @property
    def shortfall(self) -> int:
        """How many more people need the dose for this group to meet the target."""
        needed = math.ceil(self.population * self.target_percent / 100 - 1e-9)
        return max(needed - self.dosed, 0)


@dataclass
class TargetCoverage:
    target_id: int
    programme: str
    audience: str
    basis: str
    target_percent: float
    overall: Breakdown
    trend: list[tuple[dt.date, float | None]] = field(default_factory=list)
    by_directorate: list[Breakdown] = field(default_factory=list)
    by_role_group: list[Breakdown] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.programme}: {self.audience}"

    @property
    def met(self) -> bool:
        return self.overall.population > 0 and self.overall.shortfall == 0


def year_before(dates: np.ndarray) -> np.ndarray:
    """The same day a calendar year earlier (29 February steps back to the 28th), so "the
    last 12 months" means twelve months whatever the leap years.

    >>> year_before(np.array(["2028-02-29", "2026-11-27"], dtype="datetime64[D]"))
    array(['2027-02-28', '2025-11-27'], dtype='datetime64[D]')
    """
    shifted = pd.DatetimeIndex(dates) - pd.DateOffset(years=1)
    return shifted.values.astype("datetime64[D]")


def month_ends(as_of: dt.date, months: int) -> np.ndarray:
    """``months`` month ends up to ``as_of``, the last replaced by ``as_of`` itself."""
    ends = pd.date_range(end=pd.Timestamp(as_of), periods=months, freq="ME")
    if len(ends) == 0 or ends[-1].date() != as_of:
        ends = ends[1:].append(pd.DatetimeIndex([pd.Timestamp(as_of)]))
    return ends.values.astype("datetime64[D]")


def compute(
    targets: list[Target],
    staff: pd.DataFrame,
    completions: pd.DataFrame,
    *,
    as_of: dt.date,
    months: int = 24,
) -> list[TargetCoverage]:
    dates = month_ends(as_of, months)
    starts = staff["start"].to_numpy()
    ends = staff["end"].to_numpy()
    # employed[m, n]: on the staff list at month end m (NaT leaving dates compare False).
    employed = (starts[None, :] <= dates[:, None]) & ~(ends[None, :] <= dates[:, None])
    position = pd.Series(np.arange(len(staff)), index=staff["id"].to_numpy())
    out = []
    for target in targets:
        # A higher tier of the same ladder includes this dose.
        counted = completions[
            (completions["ladder"] == target.ladder) & (completions["tier"] >= target.tier)
        ]
        counted = counted[counted["staff_id"].isin(position.index)]
        who = position[counted["staff_id"].to_numpy()].to_numpy()
        when = counted["completed"].to_numpy()
        done_by = when[None, :] <= dates[:, None]
        if target.basis == PER_YEAR:
            done_by &= when[None, :] > year_before(dates)[:, None]
        dosed = np.zeros((len(dates), len(staff)), dtype=bool)
        m, c = np.nonzero(done_by)
        dosed[m, who[c]] = True
        group = _in_group(target, staff)
        population = employed & group[None, :]
        counts = population.sum(axis=1)
        hits = (population & dosed).sum(axis=1)
        share = float(target.percent)
        trend = [
            (d.astype(dt.date), (100 * h / n) if n else None)
            for d, h, n in zip(dates, hits, counts, strict=True)
        ]
        now_population, now_dosed = population[-1], dosed[-1] & population[-1]
        out.append(
            TargetCoverage(
                target_id=target.id,
                programme=target.programme,
                audience=target.audience,
                basis=target.basis_label,
                target_percent=share,
                overall=Breakdown("All", int(counts[-1]), int(hits[-1]), share),
                trend=trend,
                by_directorate=_breakdown(staff, "directorate", now_population, now_dosed, share),
                by_role_group=_breakdown(staff, "role_group", now_population, now_dosed, share),
            )
        )
    return out


def _in_group(target: Target, staff: pd.DataFrame) -> np.ndarray:
    group = np.ones(len(staff), dtype=bool)
    if target.role_group:
        group &= (staff["role_group"].str.casefold() == target.role_group.casefold()).to_numpy()
    if target.managers_only:
        group &= staff["is_manager"].to_numpy(dtype=bool)
    if target.unit_id:
        chains = staff.drop_duplicates("unit_id").set_index("unit_id")["units"]
        inside = [unit for unit, chain in chains.items() if target.unit_id in chain]
        group &= staff["unit_id"].isin(inside).to_numpy()
    return group


def _breakdown(
    staff: pd.DataFrame, column: str, population: np.ndarray, dosed: np.ndarray, share: float
) -> list[Breakdown]:
    frame = pd.DataFrame({"key": staff[column].to_numpy(), "n": population, "d": dosed})
    sums = frame[frame["n"]].groupby("key", sort=True)[["n", "d"]].sum()
    return [Breakdown(str(k), int(r.n), int(r.d), share) for k, r in sums.iterrows()]


def any_dose(
    staff: pd.DataFrame, completions: pd.DataFrame, *, as_of: dt.date
) -> tuple[int, int, int]:
    """(current staff, of them with any improvement training ever, in the last 12 months):
    a measure organisations with different ladders can compare."""
    today = np.datetime64(as_of, "D")
    current = staff["start"].to_numpy() <= today
    current &= ~(staff["end"].to_numpy() <= today)
    ids = staff["id"].to_numpy()[current]
    done = completions[completions["completed"].to_numpy() <= today]
    recent = done[done["completed"].to_numpy() > year_before(np.array([today]))[0]]
    ever = np.isin(ids, done["staff_id"].to_numpy()).sum()
    last_year = np.isin(ids, recent["staff_id"].to_numpy()).sum()
    return len(ids), int(ever), int(last_year)
