"""The PowerBI-SPC visual's own engine as an oracle: ``controlchartspy`` (a dev dependency)
runs the visual's JavaScript, and this module puts its answer beside ours, point by point.

What is compared: each point's value, centre and 1, 2 and 3 sigma lines; each rule's flag
(astronomical, shift, trend, two in three) as the visual names it (improvement,
deterioration, neutral_low, neutral_high); the dot's class (the visual colours a dot by
astronomical over two in three over trend over shift); and the variation and assurance icons
it draws (read from the chart's SVG)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.spc import analyse

controlchartspy = __import__("pytest").importorskip("controlchartspy")

RULES = {
    "astpoint": "astronomical",
    "shift": "shift",
    "trend": "trend",
    "two_in_three": "two_of_three",
}
PRECEDENCE = ("astpoint", "two_in_three", "trend", "shift")
LINES = {
    "target": "centre",
    "ll99": "lower_limit",
    "ul99": "upper_limit",
    "ll95": "lower_2_sigma",
    "ul95": "upper_2_sigma",
    "ll68": "lower_1_sigma",
    "ul68": "upper_1_sigma",
}
CLASS_OF_FLAG = {
    "none": "common_cause",
    "improvement": "improvement",
    "deterioration": "concern",
    "neutral_high": "neutral_high",
    "neutral_low": "neutral_low",
}
ICONS = {
    "commonCause": "common_cause",
    "improvementHigh": "improvement_high",
    "improvementLow": "improvement_low",
    "concernHigh": "concern_high",
    "concernLow": "concern_low",
    "neutralHigh": "neutral_high",
    "neutralLow": "neutral_low",
    "consistentPass": "pass",
    "consistentFail": "fail",
    "inconsistent": "hit_or_miss",
}
ASSURANCE = {"pass", "fail", "hit_or_miss"}
# Our chart codes by the visual's names.
OURS = {"i": "xmr", "pp": "pp", "up": "up"}


@dataclass
class Case:
    """One chart's data in both shapes: the visual's rows (one per date) and ours (one per
    observation for xbar and s)."""

    chart: str  # the visual's name
    theirs: pd.DataFrame  # date, numerator[, denominator][, sd][, group]
    ours: pd.DataFrame  # date, value or numerator/denominator[, recalculate]
    direction: str = "increase"
    target: float | None = None


def months(n: int) -> list[str]:
    return list(pd.date_range("2021-01-01", periods=n, freq="MS").strftime("%Y-%m-%d"))


def make_case(chart: str, seed: int, n: int = 30, split: int | None = None) -> Case:
    """Data for ``chart`` with a jump, a shift and a run up, so every rule has work; ``split``
    starts a new grouping (a recalculation) at that point."""
    rng = np.random.default_rng(seed)
    dates = months(n)
    level = np.ones(n)
    level[n // 2 : n // 2 + 8] = 1.35  # a shift
    level[n - 6 :] *= np.linspace(1.0, 1.5, 6)  # a run up at the end
    recalc = np.zeros(n, dtype=bool)
    if split is not None:
        recalc[split] = True
    group = np.cumsum(recalc)
    if chart in ("p", "pp"):
        den = rng.integers(80, 400, n).astype(float)
        num = rng.binomial(den.astype(int), np.clip(0.2 * level, 0, 0.95)).astype(float)
        num[seed % n] = min(den[seed % n], num[seed % n] * 2.2)  # a jump
        theirs = pd.DataFrame({"date": dates, "numerator": num, "denominator": den})
        ours = pd.DataFrame({"date": dates, "numerator": num, "denominator": den})
    elif chart in ("u", "up"):
        den = rng.uniform(50, 300, n).round(1)
        num = rng.poisson(den * 0.1 * level).astype(float)
        num[seed % n] *= 2.5
        theirs = pd.DataFrame({"date": dates, "numerator": num, "denominator": den})
        ours = theirs.copy()
    elif chart in ("xbar", "s"):
        sizes = rng.integers(3, 9, n)
        rows, means, sds = [], [], []
        for i, size in enumerate(sizes):
            obs = rng.normal(50 * level[i], 4 + (i == seed % n) * 8, size).round(2)
            rows += [(dates[i], v) for v in obs]
            means.append(obs.mean())
            sds.append(obs.std(ddof=1))
        ours = pd.DataFrame(rows, columns=["date", "value"])
        sd = np.array(sds)
        mean = np.array(means)
        theirs = pd.DataFrame(
            {
                "date": dates,
                "numerator": sd if chart == "s" else mean,
                "denominator": sizes.astype(float),
                "sd": sd,
            }
        )
    else:
        if chart in ("c",):
            y = rng.poisson(12 * level).astype(float)
        elif chart == "g":
            y = rng.geometric(0.08 / level).astype(float) - 1
        elif chart == "t":
            y = rng.exponential(20 / level).round(2) + 0.5
        else:
            y = rng.normal(100 * level, 6).round(1)
            y[(seed * 7) % n] += 45  # a jump the screening should catch
            y[3] = y[4]  # a repeat
        theirs = pd.DataFrame({"date": dates, "numerator": y})
        ours = pd.DataFrame({"date": dates, "value": y})
    if split is not None:
        theirs["group"] = group
        recalc_of = dict(zip(dates, recalc, strict=True))
        ours["recalculate"] = ours["date"].map(recalc_of)
    return Case(chart, theirs, ours)


def run_theirs(case: Case) -> tuple[pd.DataFrame, str, str]:
    """The visual's points, and the variation and assurance icons it draws."""
    frame = case.theirs
    options = {}
    if "denominator" in frame:
        options["denominators"] = "denominator"
    if "sd" in frame:
        options["xbar_sds"] = "sd"
    if "group" in frame:
        options["groupings"] = "group"
    lines = {"alt_target": case.target, "show_alt_target": True} if case.target is not None else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = controlchartspy.spc(
            frame,
            keys="date",
            numerators="numerator",
            spc_settings={"chart_type": case.chart, "perc_labels": "No"},
            outlier_settings={
                "astronomical": True,
                "shift": True,
                "trend": True,
                "two_in_three": True,
                "improvement_direction": case.direction,
            },
            nhs_icon_settings={"show_variation_icons": True, "show_assurance_icons": True},
            line_settings=lines or None,
            return_objs=("static_plot", "limits"),
            **options,
        )
    drawn = [ICONS[c] for c in re.findall(r'class="(\w+)"', result.static_plot.svg) if c in ICONS]
    variation = [i for i in drawn if i not in ASSURANCE]
    assurance = [i for i in drawn if i in ASSURANCE]
    points = pd.DataFrame(result.limits)
    return points, ",".join(variation), (assurance[0] if assurance else "")


def run_ours(case: Case):
    frame = case.ours.assign(date=pd.to_datetime(case.ours["date"]))
    columns = (
        {"numerator": "numerator", "denominator": "denominator"}
        if "numerator" in frame
        else {"value": "value"}
    )
    if "recalculate" in frame:
        columns["recalculate_column"] = "recalculate"
    result = analyse(
        frame,
        date="date",
        chart=OURS.get(case.chart, case.chart),
        improvement=case.direction,
        target=case.target,
        preset="powerbi-spc",
        **columns,
    )
    return result.points, result.summary.iloc[0]


def expected_class(row) -> str:
    """The class of the dot as the visual colours it."""
    for rule in PRECEDENCE:
        if row[rule] != "none":
            return CLASS_OF_FLAG[row[rule]]
    return "common_cause"


def flag_of(points: pd.DataFrame, rule: str, direction: str) -> pd.Series:
    """Our high/low flags of ``rule`` named as the visual names them."""
    high = points.get(f"{rule}_high", pd.Series(False, index=points.index)).astype(bool)
    low = points.get(f"{rule}_low", pd.Series(False, index=points.index)).astype(bool)
    names = {
        "increase": ("improvement", "deterioration"),
        "decrease": ("deterioration", "improvement"),
        "neutral": ("neutral_high", "neutral_low"),
    }[direction]
    return pd.Series(np.where(high, names[0], np.where(low, names[1], "none")), index=points.index)


def differences(case: Case, tolerance: float = 1e-9) -> list[str]:
    """Every way our answer differs from the visual's, in words (empty: they agree)."""
    theirs, their_variation, their_assurance = run_theirs(case)
    points, summary = run_ours(case)
    if case.chart == "mr":  # the visual drops each grouping's first point (it has no MR)
        first = points["segment"].ne(points["segment"].shift())
        points = points[~first]
    points = points.reset_index(drop=True)
    found = []
    if len(points) != len(theirs):
        return [f"{len(points)} points against the visual's {len(theirs)}"]
    value = points["moving_range"] if case.chart == "mr" else points["value"]
    pairs = {"value": value, **{k: points[v] for k, v in LINES.items()}}
    for name, ours in pairs.items():
        if name not in theirs:  # a run chart has no limits
            expected = np.full(len(theirs), np.nan)
        else:
            expected = theirs[name].astype(float).to_numpy()
        got = ours.astype(float).to_numpy()
        scale = np.maximum(1.0, np.abs(expected))
        bad = ~(
            np.isclose(got, expected, rtol=0, atol=0)
            | (np.abs(got - expected) <= tolerance * scale)
        )
        bad &= ~(np.isnan(got) & np.isnan(expected))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            found.append(f"{name} at point {i + 1}: ours {got[i]!r}, theirs {expected[i]!r}")
    for their_rule, our_rule in RULES.items():
        ours = flag_of(points, our_rule, case.direction)
        bad = ours.to_numpy() != theirs[their_rule].to_numpy()
        if bad.any():
            where = (np.flatnonzero(bad) + 1).tolist()
            found.append(f"{their_rule} differs at points {where}")
    classes = theirs.apply(expected_class, axis=1).to_numpy()
    bad = points["point_type"].to_numpy() != classes
    if bad.any():
        found.append(f"dot class differs at points {(np.flatnonzero(bad) + 1).tolist()}")
    if summary["variation_icon"] != their_variation:
        found.append(
            f"variation icon ours {summary['variation_icon']!r}, theirs {their_variation!r}"
        )
    if summary["assurance_icon"] != their_assurance:
        found.append(
            f"assurance icon ours {summary['assurance_icon']!r}, theirs {their_assurance!r}"
        )
    return found
