"""Display of the system view: what an indicator's data type and direction mean, in words."""

from __future__ import annotations

from qijourney.formatting import number
from qijourney.measures.models import Measure
from qijourney.system.models import Indicator

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
        "A rate: the numerator counts events (a whole number) and the denominator the exposure "
        "they happened in, such as bed days or the population."
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
