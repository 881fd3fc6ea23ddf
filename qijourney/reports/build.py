"""From a long table of metrics to a Report: one engine call for every metric."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from qijourney.charts.spec import layered_spec, point_records
from qijourney.reports.model import MetricRow, Report
from qijourney.spc import analyse

# The CQC key questions, the usual domains of an integrated performance report.
DOMAIN_ORDER = ("Safe", "Effective", "Caring", "Responsive", "Well-led")
NO_DOMAIN = "Other"


def domain_sort_key(name: str) -> tuple[int, str]:
    """The CQC domains first in their usual order, then the trust's own, alphabetically."""
    lower = [d.lower() for d in DOMAIN_ORDER]
    key = name.strip().lower()
    return (lower.index(key), "") if key in lower else (len(lower), key)


def build_report(
    frame: pd.DataFrame,
    *,
    series: Sequence[str],
    date: str,
    value: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    domain_column: str | None = None,
    title: str = "Integrated quality and performance report",
    with_charts: bool = True,
    **engine_options,
) -> Report:
    """Analyse every metric (MDC rules unless a preset says otherwise) and lay out the report.

    ``series`` names the metric (several key columns are joined with " · "); other options
    go to :func:`qijourney.spc.analyse` (improvement_column, target_column, chart_column,
    preset, ...).
    """
    series = tuple(series)
    result = analyse(
        frame,
        value=value,
        numerator=numerator,
        denominator=denominator,
        date=date,
        series=series,
        **engine_options,
    )
    points, summary = result.points, result.summary
    if summary.empty:  # no data yet (or none up to the chosen period)
        return Report(title=title, period="", generated=dt.date.today())
    names = summary[list(series)].astype(str).agg(" · ".join, axis=1).to_numpy()
    domains = first_per_series(frame, series, domain_column, summary)
    point_groups = group_positions(points, summary, series)
    dates = points[date]
    period_labels = labels_of(dates)
    if with_charts:
        # Every chart's data rows in one vectorised pass, split per metric below.
        records, x_type, x_title = point_records(
            points.assign(_series=names[metric_of_points(point_groups, len(points))]), date
        )
    rows = []
    for i, record in enumerate(summary.to_dict(orient="records")):
        at = point_groups[i]
        part = points.iloc[at]
        spec = None
        if with_charts:
            spec = layered_spec(
                [records[k] for k in at],
                summary.iloc[[i]],
                pd.Series([names[i]]),
                x_type=x_type,
                x_title=x_title,
                width=560,
                height=220,
            )
        rows.append(
            MetricRow(
                id=f"metric-{i + 1}",
                name=names[i],
                domain=domains[i],
                direction=str(record["improvement"]),
                chart=str(record["chart"]),
                latest_date=period_text(record.get("latest_date")),
                latest_value=record["latest_value"],
                target=record["target"],
                centre=record["centre"],
                lower=record["lower_limit"],
                upper=record["upper_limit"],
                variation=str(record["variation_icon"]),
                assurance=str(record["assurance_icon"]),
                warning=str(record["warnings"]),
                values=part["value"].to_numpy(dtype=float),
                centre_line=part["centre"].to_numpy(dtype=float),
                lower_line=part["lower_limit"].to_numpy(dtype=float),
                upper_line=part["upper_limit"].to_numpy(dtype=float),
                point_types=part["point_type"].astype(str).tolist(),
                periods=period_labels[at].tolist(),
                spec=spec,
            )
        )
    by_domain: dict[str, list[MetricRow]] = {}
    for row in rows:
        by_domain.setdefault(row.domain, []).append(row)
    latest = pd.to_datetime(dates, errors="coerce").max() if len(dates) else None
    return Report(
        title=title,
        period=period_text(latest),
        generated=dt.date.today(),
        domains=sorted(by_domain.items(), key=lambda item: domain_sort_key(item[0])),
    )


def first_per_series(frame, series, column, summary) -> list[str]:
    if column is None:
        return [NO_DOMAIN] * len(summary)
    firsts = frame.drop_duplicates(list(series))[[*series, column]]
    merged = summary[list(series)].merge(firsts, on=list(series), how="left")
    return [
        str(d).strip() if isinstance(d, str) and d.strip() else NO_DOMAIN for d in merged[column]
    ]


def group_positions(points: pd.DataFrame, summary: pd.DataFrame, series) -> list[np.ndarray]:
    """Row positions of each series' points, in the summary's order (one sort, no loop over
    points)."""
    if not series:
        return [np.arange(len(points))]
    codes = pd.MultiIndex.from_frame(summary[list(series)]).get_indexer(
        pd.MultiIndex.from_frame(points[list(series)])
    )
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(summary) + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(len(summary))]


def labels_of(dates: pd.Series) -> np.ndarray:
    """Each point's date as printed (Apr 2025), in one vectorised call."""
    if pd.api.types.is_datetime64_any_dtype(dates):
        return dates.dt.strftime("%b %Y").to_numpy(dtype=object)
    return dates.astype(str).to_numpy(dtype=object)


def metric_of_points(groups: list[np.ndarray], n_points: int) -> np.ndarray:
    """For each point, the position of its metric in the summary."""
    metric = np.empty(n_points, dtype=np.int64)
    for i, at in enumerate(groups):  # one assignment per metric, vectorised over its points
        metric[at] = i
    return metric


def period_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return ""
        return f"{stamp.strftime('%b %Y')}" if stamp.day == 1 else f"{stamp.day} {stamp:%b %Y}"
    return str(value)
