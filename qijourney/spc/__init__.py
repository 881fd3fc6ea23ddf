"""Statistical process control for many series at once, matching the NHS reference tools.

>>> import pandas as pd
>>> data = pd.DataFrame({"month": range(20), "falls": [5, 6, 5, 7, 6] * 3 + [12, 13, 14, 15, 16]})
>>> result = analyse(data, value="falls", date="month", improvement="decrease")
>>> result.summary[["variation_icon", "assurance_icon"]].iloc[0].tolist()
['concern_high', '']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from qijourney.spc.chunks import analyse_in_chunks
from qijourney.spc.columns import Columns
from qijourney.spc.errors import SPCInputError
from qijourney.spc.options import PRESETS, Settings, normalise_chart, preset
from qijourney.spc.options import preset as preset_settings
from qijourney.spc.prepare import prepare, to_pandas
from qijourney.spc.tables import points_table, summary_table

# Threads for the analysis of big tables (numpy releases the GIL inside its loops).
WORKERS = min(2, os.cpu_count() or 1)

__all__ = ["PRESETS", "Columns", "SPCInputError", "SPCResult", "Settings", "analyse", "preset"]


@dataclass
class SPCResult:
    """The engine's answer: a row per point and a row per series, as the input's frame kind."""

    points: Any
    summary: Any


def analyse(
    data,
    *,
    value: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    date: str | None = None,
    series: str | Sequence[str] = (),
    chart: str = "xmr",
    chart_column: str | None = None,
    improvement: str = "neutral",
    improvement_column: str | None = None,
    target: float | None = None,
    target_column: str | None = None,
    trajectory_column: str | None = None,
    recalculate_column: str | None = None,
    baseline_column: str | None = None,
    ghost_column: str | None = None,
    exclude_column: str | None = None,
    annotation_column: str | None = None,
    multiplier: float = 1.0,
    multiplier_column: str | None = None,
    subgroup_sd_column: str | None = None,
    progress: Callable[[int], object] | None = None,
    preset: str = "mdc",
    settings: Settings | None = None,
    **overrides: Any,
) -> SPCResult:
    """Analyse every series of a long table in one vectorised pass.

    Parameters
    ----------
    data : pandas.DataFrame or polars.DataFrame
        One row per point (per observation for xbar/s charts, or per subgroup summarised:
        see ``subgroup_sd_column``).
    value, numerator, denominator, date : str
        Column names. p, p', u and u' charts read ``numerator``/``denominator``; the others
        read ``value``. ``date`` orders the points (dates, periods or numbers).
    series : str or list of str
        Key column(s) naming each series.
    chart, chart_column
        Chart type for every series, or a column giving it per series.
    improvement, improvement_column
        ``increase``, ``decrease`` or ``neutral`` (``up``/``down``/``neither`` accepted).
    target, target_column
        A target for every series, or per row (it may change over time).
    *_column
        Per-row true/false flags (recalculate, baseline, ghost, exclude), trajectory, annotation.
    subgroup_sd_column : str, optional
        xbar and s charts from summarised subgroups, one row per date as BI pipelines give
        them: ``value`` is the subgroup's mean, ``denominator`` its size and this column its
        standard deviation.
    multiplier, multiplier_column
        Scale for display, e.g. 1000 to chart a rate per 1,000, for every series or per series
        (e.g. 100 for the metrics shown as percentages); targets are in the scaled units.
    progress : callable, optional
        Called with a number of points each time a chunk of the analysis finishes.
    preset : {"mdc", "mdc-sql", "nhsrplotthedots", "qicharts2", "powerbi-spc"}
        Fix every rule option to one reference tool's behaviour; ``overrides`` change single
        settings (for example ``shift_length=8``), ``settings`` replaces the preset.

    Returns
    -------
    SPCResult
        ``points`` (one row per point, input order) and ``summary`` (one row per series).
    """
    frame, kind = to_pandas(data)
    keys = (series,) if isinstance(series, str) else tuple(series)
    columns = Columns(
        value=value,
        numerator=numerator,
        denominator=denominator,
        date=date,
        series=keys,
        chart=chart_column,
        improvement=improvement_column,
        target=target_column,
        trajectory=trajectory_column,
        recalculate=recalculate_column,
        baseline=baseline_column,
        ghost=ghost_column,
        exclude=exclude_column,
        annotation=annotation_column,
        multiplier=multiplier_column,
        subgroup_sd=subgroup_sd_column,
    )
    chosen = settings if settings is not None else preset_settings(preset)
    if overrides:
        chosen = chosen.replace(**overrides)
    points = prepare(frame, columns, chart=chart, improvement=improvement, target=target)
    if not multiplier > 0:
        raise SPCInputError(f"multiplier must be more than zero, not {multiplier!r}")
    # Runs columns come with run charts and with presets that analyse runs on every chart.
    with_runs = chosen.runs_analysis or chart_column is not None or normalise_chart(chart) == "run"
    analysis = analyse_in_chunks(
        points,
        chosen,
        float(multiplier),
        workers=WORKERS,
        with_runs=with_runs,
        progress=progress,
    )
    subgroups = subgroup_sd_column is None and (
        chart_column is not None or normalise_chart(chart) in ("xbar", "s")
    )
    point_rows = points_table(frame, columns, analysis, subgroups)
    series_rows = summary_table(frame, columns, analysis)
    if kind == "polars":
        import polars as pl

        point_rows = pl.from_pandas(point_rows)
        series_rows = pl.from_pandas(series_rows)
    return SPCResult(points=point_rows, summary=series_rows)
