"""The funnel's overdispersion in plain words (φ and τ², whether the limits were widened, and
why they cannot be estimated when a place has no events on the SHMI's log scale). Tested
without a database."""

from __future__ import annotations

import math

from qijourney.formatting import number
from qijourney.spc.funnel_dispersion import FEW_GROUPS
from qijourney.system.comparison import Funnel


def dispersion_sentences(result: Funnel) -> list[str]:
    """φ and τ² in plain words, and whether the limits were widened."""
    if result.problem or not result.rows:
        return []
    n = len(result.rows)
    if not result.estimable:
        return not_estimable_sentences(result)
    sentences = [
        f"φ (phi) = {number(result.phi)}: the {n} places vary "
        + (
            f"{number(result.phi)} times as much as chance alone would make them."
            if result.phi > 1
            else "no more than chance alone would make them."
        ),
        f"τ² (tau squared) = {number(result.tau2)}: the variance between places beyond "
        "chance, which is added to the limits so that they allow for it.",
    ]
    if n < FEW_GROUPS:
        sentences.append(
            f"Only {n} places: φ and τ² are rough estimates from so few (they settle from about "
            f"{FEW_GROUPS}), so read the widened limits, and any outlier, with care."
        )
    if result.adjusted:
        sentences.append(
            "The limits were widened for this overdispersion (a random-effects adjustment, "
            "as FunnelPlotR and NHS England's SHMI do), so a place outside them differs by "
            "more than the usual spread between places."
        )
    else:
        sentences.append("The limits were not widened: the places vary no more than chance allows.")
    return sentences


def not_estimable_sentences(result: Funnel) -> list[str]:
    """What to say when φ or τ² is not a number: the engine's figures, and why."""
    values = " and ".join(
        f"{name} is {'infinite' if math.isinf(value) else 'not a number'}"
        for name, value in (("φ (phi)", result.phi), ("τ² (tau squared)", result.tau2))
        if not math.isfinite(value)
    )
    zero = [row.name for row in result.rows if row.numerator == 0]
    endless = all(math.isinf(row.upper_998) for row in result.rows)
    if result.data_type == "SR" and result.sr_method == "SHMI" and zero:
        places = zero[0] if len(zero) == 1 else f"{len(zero)} places ({', '.join(zero[:3])}"
        places += "" if len(zero) == 1 else (", ...)" if len(zero) > 3 else ")")
        why = (
            f"{places} {'has' if len(zero) == 1 else 'have'} no events in the period, and the "
            "SHMI method measures the spread on the log scale, where 0 has no value. Try the "
            "CQC method (square-root scale), which takes a 0."
        )
    else:
        why = "The places' figures do not give it a value."
    return [
        f"The overdispersion cannot be estimated: {values}, as FunnelPlotR gives them too. " + why,
        "The limits cannot allow for how much the places vary: those in the table"
        + (" (0 to infinity)" if endless else "")
        + " say nothing, and no place is called an outlier on them.",
    ]


def widened_words(result: Funnel) -> str:
    """How the limits allow for overdispersion, after "with 95% and 99.8% limits"."""
    if not result.estimable:
        return " (the overdispersion cannot be estimated, so they say nothing)"
    return " widened for overdispersion" if result.adjusted else ""
