"""Display of the system view: what an indicator's data type and direction mean, in words;
the comparison's choices and periods in words (the overdispersion's are ``spread_words``),
outliers as sentences, and the chart definitions with their text alternatives. Tested
without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from qijourney.charts import chart_definition
from qijourney.charts.funnel import funnel_chart_definition
from qijourney.charts.icons import icon_svg, icon_text
from qijourney.formatting import number
from qijourney.measures.models import Measure
from qijourney.reports.build import build_report
from qijourney.reports.system import ComparisonReport, Place
from qijourney.system.comparison import (
    LIMITS,
    RUNNING_TOTAL,
    SR_METHODS,
    Funnel,
    FunnelRow,
    chart_of,
    running_total,
    unique_names,
)
from qijourney.system.models import Indicator
from qijourney.system.spread_words import dispersion_sentences, widened_words
from qijourney.system.windows import span_label

# What each data type's numerator and denominator are, in words (pages and messages).
MEANING = {
    Indicator.DataType.STANDARDISED_RATIO: (
        "Observed over expected: the numerator is what happened (a whole count, such as deaths) "
        "and the denominator what a model expected for these patients (it may have decimals). "
        "1 means as expected."
    ),
    Indicator.DataType.PROPORTION: (
        "Part of a whole: the numerator counts the cases that had the event and the denominator "
        "all the cases, so the numerator is never more than the denominator; both whole numbers."
    ),
    Indicator.DataType.RATIO_OF_COUNTS: (
        "A ratio of two counts: the numerator counts events (a whole number) against a "
        "denominator of like size, such as prescribing items against STAR-PU-years. For a rate "
        "per bed day or per patient, use a standardised ratio instead: the events against "
        "those expected at a reference rate (its limits would otherwise be far too narrow)."
    ),
}

DIRECTION = {
    Measure.Direction.INCREASE: "Higher is better",
    Measure.Direction.DECREASE: "Lower is better",
    Measure.Direction.NEUTRAL: "Neither way is better",
}


def data_type_words(indicator: Indicator) -> str:
    return MEANING[Indicator.DataType(indicator.data_type)]


def direction_words(indicator: Indicator) -> str:
    return DIRECTION[Measure.Direction(indicator.direction)]


def scale(indicator: Indicator) -> str:
    """How the figure is shown: "ratio × 1,000, per 1,000 bed days"."""
    shown = (
        "the ratio" if indicator.multiplier == 1 else f"the ratio × {number(indicator.multiplier)}"
    )
    return f"{shown}{', ' + indicator.unit if indicator.unit else ''}"


def target_words(indicator: Indicator) -> str:
    if indicator.target is None:
        return "No target"
    return f"{number(indicator.target)}{' ' + indicator.unit if indicator.unit else ''}"


PERIOD_CHOICES = {
    "month": "Latest month",
    "quarter": "Latest quarter",
    "year": "Rolling 12 months",
}
DEFAULT_PERIOD = "year"
SR_METHOD_TEXT = {
    "SHMI": "SHMI (log scale, the most extreme 10% at each end set aside to estimate the spread)",
    "CQC": "CQC (square-root scale, the most extreme 10% at each end pulled in)",
}


@dataclass(frozen=True)
class Choices:
    """What the person chose to compare (each checked against what is offered)."""

    period: str
    level: str
    sr_method: str
    limit: int

    def query(self, **changes) -> str:
        """The query string of these choices with ``changes``, for links."""
        values = {
            "period": self.period,
            "level": self.level,
            "method": self.sr_method,
            "limit": self.limit,
            **changes,
        }
        return "&".join(f"{key}={value}" for key, value in values.items())


def choices_from(
    query: Mapping[str, str], levels: Sequence[str], periods: Mapping[str, str] = PERIOD_CHOICES
) -> Choices:
    """The person's choices from the page's query string; anything not offered falls back to
    the default (12 months, the first level with figures, SHMI, 99.8%)."""
    period = query.get("period", DEFAULT_PERIOD)
    level = query.get("level", "")
    method = query.get("method", "SHMI")
    limit = query.get("limit", "99")
    return Choices(
        period=period if period in periods else DEFAULT_PERIOD,
        level=level if level in levels else (levels[0] if levels else ""),
        sr_method=method if method in SR_METHODS else "SHMI",
        limit=int(limit) if limit in ("95", "99") else 99,
    )


def combined_words(indicator) -> str:
    """How the period's figures were made from each month's (or quarter's)."""
    if indicator.combine == Indicator.Combine.LATEST:
        return "each place's latest figures in the period, running totals never added up"
    return "numerators and denominators summed"


def window_sentence(window, indicator) -> str:
    """What the funnel's figures are, under its period's name."""
    count = len(window.periods)
    noun = window.noun if count == 1 else f"{count} {window.noun}s"
    if indicator.combine == Indicator.Combine.LATEST:
        return (
            "The indicator is a running total (or a snapshot), so each place's figures are its "
            f"latest in {'this' if count == 1 else 'these'} {noun}, never added up."
        )
    if count == 1:
        return f"Each place's numerator and denominator for this {noun}."
    return f"Each place's numerators and denominators are summed over these {noun}."


def later_sentence(window) -> str:
    """Why figures after the comparison's period are left out ("" when none are)."""
    if window is None or window.later is None:
        return ""
    noun = window.noun
    later = span_label(window.later, window.later, window.months_per_period)
    some = "1 place has" if window.ahead == 1 else f"{window.ahead} places have"
    return (
        f"{some} figures for a later {noun} (to {later}), left out until at least half the "
        f"places (and at least 3) have that {noun}'s figures: the comparison ends at the "
        f"latest {noun} that many have."
    )


def periods_label(indicator) -> str:
    """The column of how many periods a place has figures for."""
    return f"{indicator.period_noun.capitalize()}s"


def periods_offered(indicator) -> dict[str, str]:
    """The periods a comparison may take: a quarterly indicator has no months."""
    if indicator.months_per_period == 3:
        return {"quarter": "Latest quarter", "year": "Rolling 12 months (4 quarters)"}
    return PERIOD_CHOICES


def value_label(indicator) -> str:
    """The axis title of the indicator's value: its name and unit."""
    if indicator.unit:
        return f"{indicator.name} ({indicator.unit})"
    if indicator.data_type == "SR":
        return f"{indicator.name} (ratio × {number(indicator.multiplier)})"
    return indicator.name


def position(row: FunnelRow) -> str:
    """Where a place lies against the limits: "Above the 99.8% limit (outlier)"."""
    if not row.beyond:
        return "Within both"
    return f"{row.beyond_side.capitalize()} the {row.beyond} limit" + (
        " (outlier)" if row.outlier else ""
    )


def outlier_sentence(row: FunnelRow, limit: int) -> str:
    """E.g. "Riverside Dale is above the 99.8% limit (173 against 135)"."""
    if not row.beyond:
        return f"{row.name} is within the 95% and 99.8% limits."
    return (
        f"{row.name} is {row.beyond_side} the {row.beyond} limit "
        f"({number(row.ratio)} against {number(row.crossed)})."
    )


def funnel_description(result: Funnel, indicator, period: str) -> str:
    """The funnel plot's text alternative."""
    if not result.rows:
        return result.problem
    outliers = result.outliers
    text = (
        f"Funnel plot of {indicator.name}, {period}: {len(result.rows)} places plotted by "
        f"their {indicator.denominator_definition or 'denominator'} against the "
        f"value, centre line {number(result.centre)}, with 95% and 99.8% limits"
        f"{widened_words(result)}. "
    )
    if outliers:
        return (
            text
            + "Outside the chosen limit: "
            + " ".join(outlier_sentence(row, result.limit) for row in outliers)
        )
    return text + f"No place lies outside the {LIMITS[result.limit]} limits."


def funnel_spec(result: Funnel, indicator, *, period: str) -> dict:
    """The funnel plot (the charts' one definition), the viewer's own places ringed and named,
    with the page's own text alternative."""
    spec = funnel_chart_definition(
        result.table,
        result.facts,
        group="name",
        title=f"{indicator.name}, {period}",
        value_label=value_label(indicator),
        highlight=[row.name for row in result.rows if row.yours],
        denominator_label=indicator.denominator_definition or None,
    )
    spec["description"] = funnel_description(result, indicator, period)
    if not any(row.yours for row in result.rows):
        # No ring to draw: an empty mark layer reads as an unlabelled graphic (axe:
        # svg-img-alt), so the ring's layer goes when nothing is highlighted.
        ring = {"filter": "datum.highlighted"}
        spec["layer"] = [part for part in spec["layer"] if ring not in part.get("transform", [])]
    return spec


def small_multiples_spec(points: pd.DataFrame, summary: pd.DataFrame, indicator) -> dict:
    """Each place's SPC chart side by side on a common y axis, so that their levels compare
    at a glance."""
    spec = chart_definition(
        points,
        summary.drop(columns=["unit"]),
        series=("place",),
        date="period",
        value_label=value_label(indicator),
    )
    if "facet" in spec:
        spec["resolve"] = {"scale": {"y": "shared", "x": "shared"}}
    return spec


def unit_spec(points: pd.DataFrame, summary: pd.DataFrame, indicator, name: str) -> dict:
    """One place's SPC chart."""
    return chart_definition(
        points.drop(columns=["place"]),
        summary.drop(columns=["unit", "place"]),
        date="period",
        value_label=value_label(indicator),
        name=name,
    )


@dataclass(frozen=True)
class Icon:
    svg: str
    text: str


def icons(row: Mapping) -> list[Icon]:
    """A summary row's variation and assurance icons with their text alternatives."""
    return [
        Icon(icon_svg(str(row[key]), 30), icon_text(str(row[key])))
        for key in ("variation_icon", "assurance_icon")
        if row.get(key)
    ]


def comparison_report(compared, indicator, *, system: str, level: str, today=None):
    """The comparison as the reports draw it (PDF and the offline page)."""
    result = compared.funnel
    period = compared.window.label if compared.window else ""
    spc = []
    frame = compared.frame
    if len(frame) and not running_total(indicator):
        board = build_report(
            frame.assign(place=unique_names(frame)),
            series=("place",),
            date="period",
            numerator="numerator",
            denominator="denominator",
            chart=chart_of(indicator),
            improvement=indicator.direction,
            target=indicator.target,
            multiplier=float(indicator.multiplier),
            with_charts=False,
        )
        spc = board.rows
    lines = compared.lines
    return ComparisonReport(
        title=indicator.name,
        system=system,
        level=level,
        period=period,
        combined=combined_words(indicator),
        periods_label=periods_label(indicator),
        generated=today or dt.date.today(),
        definition=indicator.definition,
        value_label=value_label(indicator),
        denominator_label=indicator.denominator_definition,
        centre=result.centre,
        places=[
            Place(
                name=row.name,
                numerator=row.numerator,
                denominator=row.denominator,
                periods=row.periods,
                value=row.ratio,
                lower_95=row.lower_95,
                upper_95=row.upper_95,
                lower_998=row.lower_998,
                upper_998=row.upper_998,
                position=position(row),
                outlier=row.outlier,
                yours=row.yours,
            )
            for row in result.rows
        ],
        lines={c: [float(v) for v in lines[c]] for c in lines.columns} if len(lines) else {},
        dispersion=dispersion_sentences(result),
        outliers=[outlier_sentence(row, result.limit) for row in result.outliers],
        description=funnel_description(result, indicator, period),
        spc=spc,
        spc_note=RUNNING_TOTAL if running_total(indicator) else "",
        problem=result.problem,
    )


def icon_markup(name: str, size: int = 28) -> str:
    """An icon's SVG (with its title as the text alternative); empty for no icon."""
    return icon_svg(name, size) if name else ""
