"""The words beside a funnel plot: each panel's subtitle, the sentences a screen reader says
instead of the chart, the summary listed above it and the table of its groups."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from qijourney.charts.render import TableAlternative
from qijourney.formatting import number
from qijourney.spc.funnel_limits import LEVEL_LABELS, chosen_columns

NAMED_OUTLIERS = 10  # a sentence names this many outliers, then counts the rest
TABLE_ROWS = 2000  # the table alternative's rows at most (the full table is the CLI's output)
DATA_TYPE_NAMES = {"SR": "standardised ratio", "PR": "proportion", "RC": "ratio of counts"}


def panel_labels(facts: pd.DataFrame, indicator: str | None) -> list[str]:
    if indicator is None:
        return ["All groups"]
    return facts[indicator].astype(str).tolist()


def figure(value: float) -> str:
    return number(float(value), 4) if math.isfinite(value) else str(value)


def adjustment(fact: pd.Series) -> str:
    """Which limits are drawn and why, in a phrase."""
    spread = f"phi {figure(fact['phi'])}, tau² {figure(fact['tau2'])}"
    known = math.isfinite(fact["phi"]) and math.isfinite(fact["tau2"])
    if bool(fact["adjusted"]) and not known:  # a 0 on the SHMI's log scale: never widened
        return f"overdispersion cannot be estimated ({spread}): the limits drawn say nothing"
    if bool(fact["adjusted"]):
        return f"limits adjusted for overdispersion ({spread})"
    if not bool(fact["overdispersion"]):
        return f"limits not adjusted for overdispersion: adjustment turned off ({spread})"
    return f"limits not adjusted: no overdispersion ({spread})"


def subtitle(fact: pd.Series) -> str:
    method = f", {fact['sr_method']}" if fact["data_type"] == "SR" else ""
    kind = DATA_TYPE_NAMES[fact["data_type"]]
    return f"{kind.capitalize()}{method}; {adjustment(fact)}"


def outlier_text(fact: pd.Series) -> str:
    names = [str(name) for name in fact["outliers"]]
    level = LEVEL_LABELS[int(fact["limit"])]
    if not names:
        return f"No group is outside the {level} limits."
    shown = ", ".join(names[:NAMED_OUTLIERS])
    more = f" and {len(names) - NAMED_OUTLIERS:,} more" if len(names) > NAMED_OUTLIERS else ""
    counts = f"{fact['n_above']:,} above, {fact['n_below']:,} below"
    groups = "group is" if len(names) == 1 else "groups are"
    return f"{len(names):,} {groups} outside the {level} limits ({counts}): {shown}{more}."


def describe_indicator(fact: pd.Series, label: str) -> str:
    """A few sentences a screen reader can say instead of one indicator's funnel plot."""
    groups = f"{fact['n_groups']:,} group{'s' if fact['n_groups'] != 1 else ''}"
    return (
        f"Funnel plot of {label}: {groups}, {DATA_TYPE_NAMES[fact['data_type']]}s against a "
        f"target of {figure(fact['centre'])}; {adjustment(fact)}. {outlier_text(fact)}"
    )


def summary_rows(facts: pd.DataFrame, indicator: str | None) -> list[dict]:
    """What the HTML page lists above the chart, one line per indicator."""
    labels = panel_labels(facts, indicator)
    return [
        {"label": label, "text": f"{adjustment(fact).capitalize()}. {outlier_text(fact)}"}
        for label, (_, fact) in zip(labels, facts.iterrows(), strict=True)
    ]


def table_alternative(
    table: pd.DataFrame,
    facts: pd.DataFrame,
    *,
    group: str,
    indicator: str | None,
    value_label: str,
) -> TableAlternative:
    """The chart's groups as a table: ratio, the limits each was judged by, and the verdict."""
    level = LEVEL_LABELS[int(facts["limit"].iloc[0])]
    shown = table
    if indicator is not None:
        shown = table[table[indicator].isin(facts[indicator])]
    cut = shown.iloc[:TABLE_ROWS]
    adjusted_of = dict(zip(panel_labels(facts, indicator), facts["adjusted"], strict=True))
    panels = cut[indicator].astype(str) if indicator else pd.Series("All groups", index=cut.index)
    adjusted = panels.map(adjusted_of).to_numpy(dtype=bool)
    limit = int(facts["limit"].iloc[0])
    (plain_low, plain_high), (wide_low, wide_high) = (
        chosen_columns(limit, False),
        chosen_columns(limit, True),
    )
    lower = np.where(adjusted, cut[wide_low], cut[plain_low])
    upper = np.where(adjusted, cut[wide_high], cut[plain_high])
    ratio = cut["ratio"].to_numpy()
    verdict = np.where(
        ~cut["outlier"].to_numpy(dtype=bool),
        "within",
        np.where(ratio > upper, "above the upper limit", "below the lower limit"),
    )
    columns = ([indicator] if indicator else []) + [
        group,
        "Numerator",
        "Denominator",
        value_label,
        f"{level} limits",
        "Compared with the limits",
    ]
    rows = [
        ([str(ind)] if indicator else [])
        + [str(g), figure(n), figure(d), figure(r), f"{figure(lo)} to {figure(hi)}", v]
        for ind, g, n, d, r, lo, hi, v in zip(
            panels,
            cut[group],
            cut["numerator"],
            cut["denominator"],
            ratio,
            lower,
            upper,
            verdict,
            strict=True,
        )
    ]
    note = ""
    if len(shown) > TABLE_ROWS:
        note = f"The first {TABLE_ROWS:,} of {len(shown):,} groups."
    caption = f"Each group's {value_label.lower()} and the {level} limits at its denominator"
    return TableAlternative(caption=caption, columns=columns, rows=rows, note=note)
