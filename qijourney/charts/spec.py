"""One Vega-Lite definition of a Making Data Count chart, used for HTML, SVG, PNG and PDF alike.

Layers: process limits (dashed) and centre line broken at each recalculation, target and
trajectory, the value line, points coloured by class (ghosted points hollow), annotations and
the variation and assurance icons. Several series become small multiples.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from qijourney.charts.icons import icon_data_uri, icon_text
from qijourney.palette import (
    CENTRE_LINE_BLACK,
    CHART_GRID_GREY,
    MDC_POINT_COLOURS,
    NHS_DARK_GREY,
    NHS_MID_GREY,
    PROCESS_LIMIT_GREY,
    TARGET_RED,
    TEXT,
    TRAJECTORY_PURPLE,
    VALUE_LINE_GREY,
)
from qijourney.spc.classify import POINT_TYPES
from qijourney.spc.dates import read_dates

POINT_LABELS = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
}
MAX_SMALL_MULTIPLES = 60
ICON_SIZE = 34


def series_label(summary: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    if not keys:
        return pd.Series(["All data"] * len(summary), index=summary.index)
    parts = [summary[k].astype(str) for k in keys]
    label = parts[0]
    for part in parts[1:]:
        label = label + " · " + part
    return label


def _x_field(points: pd.DataFrame, date: str | None) -> tuple[pd.Series, str, str]:
    if date is None:
        return pd.Series(np.arange(1, len(points) + 1)), "quantitative", "Point"
    x = points[date]
    if pd.api.types.is_datetime64_any_dtype(x):
        return x.dt.strftime("%Y-%m-%dT%H:%M:%S"), "temporal", date
    if not pd.api.types.is_numeric_dtype(x):
        parsed, _text = read_dates(x)  # as the engine read them
        if parsed.notna().all():
            return parsed.dt.strftime("%Y-%m-%dT%H:%M:%S"), "temporal", date
        return x.astype(str), "ordinal", date
    return x, "quantitative", date


def describe(row: pd.Series, label: str, n_points: int) -> str:
    """A sentence or two a screen reader can say instead of the chart."""
    parts = [f"SPC chart of {label}: {n_points} points."]
    if pd.notna(row.get("centre")):
        parts.append(f"Centre line {row['centre']:.4g}.")
    if pd.notna(row.get("lower_limit")) and pd.notna(row.get("upper_limit")):
        parts.append(f"Process limits {row['lower_limit']:.4g} to {row['upper_limit']:.4g}.")
    if pd.notna(row.get("latest_value")):
        parts.append(f"Latest value {row['latest_value']:.4g}.")
    for column in ("variation_icon", "assurance_icon"):
        text = icon_text(str(row.get(column) or ""))
        if text:
            parts.append(text + ".")
    if pd.notna(row.get("target")):
        parts.append(f"Target {row['target']:.4g}.")
    warning = row.get("warnings")
    if isinstance(warning, str) and warning:
        parts.append(warning + ".")
    return " ".join(parts)


def chart_definition(
    points: pd.DataFrame,
    summary: pd.DataFrame,
    *,
    series: tuple[str, ...] = (),
    date: str | None = None,
    title: str | None = None,
    value_label: str = "Value",
    width: int = 640,
    height: int = 300,
    markers: list[tuple[str, str]] | None = None,
    name: str | None = None,
) -> dict:
    """The Vega-Lite spec for one series, or small multiples for several.

    ``markers`` are (ISO date, label) pairs drawn as dashed vertical lines, e.g. PDSA cycles;
    ``name`` names a single series in the text alternative.
    """
    summary = summary.reset_index(drop=True)
    if len(summary) > MAX_SMALL_MULTIPLES:
        summary = summary.iloc[:MAX_SMALL_MULTIPLES]
    labels = series_label(summary, series)
    if name and not series:
        labels = pd.Series([name] * len(summary), index=summary.index)
    if series:
        keyed = points.merge(
            summary[list(series)].assign(_series=labels.to_numpy()), on=list(series), how="inner"
        )
    else:
        keyed = points.assign(_series=labels.iloc[0] if len(labels) else "All data")
    values, x_type, x_title = point_records(keyed, date)
    return layered_spec(
        values,
        summary,
        labels,
        x_type=x_type,
        x_title=x_title,
        title=title,
        value_label=value_label,
        width=width,
        height=height,
        markers=markers,
    )


def point_records(keyed: pd.DataFrame, date: str | None) -> tuple[list[dict], str, str]:
    """The chart's data rows for the points of ``keyed`` (its ``_series`` column names each
    point's panel), with the type and title of the x axis. Vectorised: one call may serve
    many charts, split afterwards."""
    x, x_type, x_title = _x_field(keyed, date)
    point_type = keyed["point_type"].astype(str)
    rows = pd.DataFrame(
        {
            "kind": "point",
            "series": keyed["_series"].to_numpy(),
            "x": x.to_numpy(),
            "value": keyed["value"].to_numpy(dtype=float),
            "centre": keyed["centre"].to_numpy(dtype=float),
            "upper_limit": keyed["upper_limit"].to_numpy(dtype=float),
            "lower_limit": keyed["lower_limit"].to_numpy(dtype=float),
            "target": keyed["target"].to_numpy(dtype=float) if "target" in keyed else np.nan,
            "trajectory": keyed["trajectory"].to_numpy(dtype=float)
            if "trajectory" in keyed
            else np.nan,
            "segment": keyed["segment"].to_numpy(),
            "point_type": point_type.map(POINT_LABELS).to_numpy(),
            "ghost": keyed["ghost"].to_numpy(dtype=bool),
            "annotation": keyed["annotation"].astype("string").fillna("").to_numpy()
            if "annotation" in keyed
            else "",
        }
    )
    # pandas writes the records (NaN as null) far faster than a Python loop over cells.
    return json.loads(rows.to_json(orient="records", double_precision=15)), x_type, x_title


def layered_spec(
    values: list[dict],
    summary: pd.DataFrame,
    labels: pd.Series,
    *,
    x_type: str,
    x_title: str,
    title: str | None = None,
    value_label: str = "Value",
    width: int = 640,
    height: int = 300,
    markers: list[tuple[str, str]] | None = None,
) -> dict:
    """The layered chart over prepared data rows; several summary rows make small multiples."""
    values = list(values)
    descriptions = []
    # One row per series shown (at most MAX_SMALL_MULTIPLES), by position.
    for i, (_, row) in enumerate(summary.iterrows()):
        label = labels.iloc[i]
        n_points = int(row["n"]) if "n" in row else 0
        descriptions.append(describe(row, label, n_points))
        for slot, column in enumerate(("variation_icon", "assurance_icon")):
            name = str(row.get(column) or "")
            if name:
                values.append(
                    {
                        "kind": "icon",
                        "series": label,
                        "slot": slot,
                        "url": icon_data_uri(name),
                        "alt": icon_text(name),
                    }
                )

    x_encoding = {"field": "x", "type": x_type, "title": x_title}
    is_point = {"filter": "datum.kind === 'point'"}
    domain = [POINT_LABELS[t] for t in POINT_TYPES[:4]]
    colours = [MDC_POINT_COLOURS[t] for t in POINT_TYPES[:4]]
    tooltip = [
        {"field": "x", "type": x_type, "title": x_title},
        {"field": "value", "type": "quantitative", "title": value_label, "format": ".4~g"},
        {"field": "centre", "type": "quantitative", "title": "Centre", "format": ".4~g"},
        {"field": "lower_limit", "type": "quantitative", "title": "Lower limit", "format": ".4~g"},
        {"field": "upper_limit", "type": "quantitative", "title": "Upper limit", "format": ".4~g"},
        {"field": "point_type", "type": "nominal", "title": "Variation"},
        {"field": "annotation", "type": "nominal", "title": "Note"},
    ]

    def line(field, colour, dash=None, size=1.5, title=None, by_segment=True):
        mark = {"type": "line", "color": colour, "strokeWidth": size, "interpolate": "linear"}
        if dash:
            mark["strokeDash"] = dash
        return {
            "transform": [is_point, {"filter": f"isValid(datum.{field})"}],
            "mark": mark,
            "encoding": {
                "x": x_encoding,
                "y": {
                    "field": field,
                    "type": "quantitative",
                    "title": title or value_label,
                    "scale": {"zero": False},
                },
                **({"detail": {"field": "segment"}} if by_segment else {}),
            },
        }

    layers = [
        line("upper_limit", PROCESS_LIMIT_GREY, [5, 4]),
        line("lower_limit", PROCESS_LIMIT_GREY, [5, 4]),
        line("centre", CENTRE_LINE_BLACK, None, 1.2),
    ]
    if any(v.get("target") is not None for v in values):
        layers.append(line("target", TARGET_RED, [2, 2], 1.6, by_segment=False))
    if any(v.get("trajectory") is not None for v in values):
        layers.append(line("trajectory", TRAJECTORY_PURPLE, [1, 3], 1.6, by_segment=False))
    layers += [
        {
            "transform": [is_point, {"filter": "isValid(datum.value)"}],
            "mark": {"type": "line", "color": VALUE_LINE_GREY, "strokeWidth": 1.5},
            "encoding": {
                "x": x_encoding,
                "y": {"field": "value", "type": "quantitative", "title": value_label},
            },
        },
        {
            "transform": [is_point, {"filter": "isValid(datum.value)"}],
            "mark": {"type": "point", "size": 45, "strokeWidth": 1.5, "opacity": 1},
            "encoding": {
                "x": x_encoding,
                "y": {"field": "value", "type": "quantitative", "title": value_label},
                "color": {
                    "field": "point_type",
                    "type": "nominal",
                    "title": "Variation",
                    "scale": {"domain": domain, "range": colours},
                },
                "fill": {
                    "condition": {"test": "datum.ghost", "value": "white"},
                    "field": "point_type",
                    "type": "nominal",
                    "scale": {"domain": domain, "range": colours},
                    "legend": None,
                },
                "shape": {
                    "condition": {"test": "datum.ghost", "value": "diamond"},
                    "value": "circle",
                },
                "tooltip": tooltip,
            },
        },
        {
            "transform": [is_point, {"filter": "datum.annotation !== ''"}],
            "mark": {"type": "text", "dy": -12, "fontSize": 10, "color": NHS_DARK_GREY},
            "encoding": {
                "x": x_encoding,
                "y": {"field": "value", "type": "quantitative"},
                "text": {"field": "annotation"},
            },
        },
    ]
    many = len(summary) > 1
    plot_width = 300 if many else width
    if markers:
        for when, label in markers:
            values.append({"kind": "marker", "x": when, "label": label})
        marker_x = {"field": "x", "type": x_type, "title": x_title}
        layers.append(
            {
                "transform": [{"filter": "datum.kind === 'marker'"}],
                "mark": {"type": "rule", "color": NHS_MID_GREY, "strokeDash": [2, 3]},
                "encoding": {"x": marker_x, "tooltip": [{"field": "label", "title": "PDSA"}]},
            }
        )
        layers.append(
            {
                "transform": [{"filter": "datum.kind === 'marker'"}],
                "mark": {
                    "type": "text",
                    "angle": 270,
                    "align": "right",
                    "baseline": "bottom",
                    "dx": -4,
                    "fontSize": 9,
                    "color": NHS_DARK_GREY,
                    "y": 0,
                },
                "encoding": {"x": marker_x, "text": {"field": "label"}},
            }
        )
    # The variation icon, then the assurance icon, in the top right corner: a layer only for
    # an icon there is (too few points have none), as an empty image layer is an unlabelled
    # graphic to a screen reader (axe: svg-img-alt).
    slots = sorted({v["slot"] for v in values if v.get("kind") == "icon"})
    for slot in slots:
        layers.append(
            {
                "transform": [{"filter": f"datum.kind === 'icon' && datum.slot === {slot}"}],
                "mark": {"type": "image", "width": ICON_SIZE, "height": ICON_SIZE},
                "encoding": {
                    "url": {"field": "url"},
                    "x": {"value": plot_width - (2 - slot) * (ICON_SIZE + 4) + ICON_SIZE // 2},
                    "y": {"value": -ICON_SIZE // 2 - 4},
                    "description": {"field": "alt"},
                },
            }
        )
    spec: dict = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": " ".join(descriptions),
        "data": {"values": values},
        "config": {
            "font": "Arial, Helvetica, sans-serif",
            "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": CHART_GRID_GREY},
            "view": {"stroke": None},
            "legend": {"orient": "bottom"},
        },
    }
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 16}
    inner = {"width": plot_width, "height": height if not many else 170, "layer": layers}
    if many:
        spec["facet"] = {"field": "series", "type": "nominal", "title": None, "sort": list(labels)}
        spec["columns"] = 3
        spec["spec"] = inner
        spec["resolve"] = {"scale": {"y": "independent", "x": "independent"}}
    else:
        spec.update(inner)
        spec["padding"] = {"top": ICON_SIZE + 8, "left": 5, "right": 5, "bottom": 5}
    return spec
