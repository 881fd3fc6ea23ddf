"""A funnel plot as one Vega-Lite definition, for HTML, SVG, PNG and PDF alike (and the web
pages), drawn from the engine's funnel table and facts (:func:`qijourney.spc.funnel_table`).

Each group is a point at its denominator and ratio; the 95% (dashed) and 99.8% (solid) limits
are curves over a grid of denominators, the adjusted ones where the indicator was adjusted
for overdispersion; the target is the centre line. Outliers differ by colour and by shape (a
triangle pointing to the side they are on). Highlighted groups get a ring and their name.
Axis ranges are FunnelPlotR's. Several indicators become small multiples, each with its own
axes.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from qijourney.charts.funnel_text import describe_indicator, panel_labels, subtitle
from qijourney.charts.spec import MAX_SMALL_MULTIPLES
from qijourney.palette import (
    CHART_GRID_GREY,
    FUNNEL_CENTRE_BLACK,
    FUNNEL_HIGHLIGHT_RING,
    FUNNEL_LIMIT_95_GREY,
    FUNNEL_LIMIT_998_GREY,
    FUNNEL_OUTLIER_PINK,
    FUNNEL_WITHIN_BLUE,
    TEXT,
)
from qijourney.spc.funnel_limits import LEVEL_LABELS, all_limits, chosen_columns

GRID_POINTS = 160  # per curve: smooth at any size, a few kB per indicator
MAX_OUTLIER_LABELS = 10  # outliers are named on the chart when an indicator has this few
WITHIN, ABOVE, BELOW = "Within the limits", "Above the upper limit", "Below the lower limit"
POINT_CLASSES = [WITHIN, ABOVE, BELOW]
POINT_SHAPES = ["circle", "triangle-up", "triangle-down"]
POINT_COLOURS = [FUNNEL_WITHIN_BLUE, FUNNEL_OUTLIER_PINK, FUNNEL_OUTLIER_PINK]
BANDS = [LEVEL_LABELS[95], LEVEL_LABELS[99]]
CONFIG = {
    "font": "Arial, Helvetica, sans-serif",
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": CHART_GRID_GREY},
    "view": {"stroke": None},
    "legend": {"orient": "bottom"},
    "title": {"anchor": "start", "subtitleColor": TEXT},
}


def funnel_chart_definition(
    table: pd.DataFrame,
    facts: pd.DataFrame,
    *,
    group: str,
    indicator: str | None = None,
    title: str,
    value_label: str,
    highlight=(),
    denominator_label: str | None = None,
    width: int = 640,
    height: int = 360,
) -> dict:
    """The Vega-Lite spec of one funnel plot, or small multiples for several indicators (the
    first :data:`MAX_SMALL_MULTIPLES`, in the order of ``facts``).

    ``highlight`` names groups to ring and label; a name no row has is refused (ValueError).
    ``denominator_label`` titles the x axis (default "Expected" for SR, else "Denominator").
    """
    facts = facts.iloc[:MAX_SMALL_MULTIPLES].reset_index(drop=True)
    labels = panel_labels(facts, indicator)
    highlighted = {str(name) for name in highlight}
    names = table[group].astype(str)
    unknown = sorted(highlighted - set(names))
    if unknown:
        raise ValueError(f"Not a group in the table: {', '.join(unknown)}")
    panel = (
        pd.Series(0, index=table.index)
        if indicator is None
        else table[indicator].map(dict(zip(facts[indicator], range(len(facts)), strict=True)))
    )
    shown = panel.notna().to_numpy()
    rows = table[shown]
    panel = panel[shown].astype(int).to_numpy()
    ranges = axis_ranges(rows, facts, panel)
    values = group_records(rows, names[shown], facts, panel, labels, highlighted)
    values += limit_records(rows, facts, panel, ranges, labels)
    values += [
        {"kind": "centre", "panel": label, "y": c}
        for label, c in zip(labels, facts["centre"], strict=True)
    ]
    x_title = denominator_label or (
        "Expected" if facts["data_type"].iloc[0] == "SR" else "Denominator"
    )
    many = len(facts) > 1
    # A layer with no marks still draws an empty, unnamed graphic (screen readers and axe
    # trip on it): rings and names are layered only in panels that have some.
    ringed = {v["panel"] for v in values if v.get("highlighted")}
    labelled = {v["panel"] for v in values if v.get("named")}
    panels = [
        panel_spec(
            labels[k],
            ranges.iloc[k],
            x_title=x_title,
            value_label=value_label,
            limit=int(facts["limit"].iloc[k]),
            width=300 if many else width,
            height=220 if many else height,
            title={"text": labels[k], "subtitle": subtitle(facts.iloc[k])} if many else None,
            rings=labels[k] in ringed,
            names=labels[k] in labelled,
        )
        for k in range(len(facts))
    ]
    # One indicator is named by the chart's title; several by their own names.
    named = labels if many else [title]
    descriptions = [describe_indicator(facts.iloc[k], named[k]) for k in range(len(facts))]
    spec: dict = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": " ".join(descriptions),
        "data": {"values": values},
        "config": CONFIG,
    }
    if many:
        spec["title"] = {"text": title, "fontSize": 16}
        spec["concat"] = panels
        spec["columns"] = 2
    else:
        spec.update(panels[0])
        spec["title"] = {"text": title, "fontSize": 16, "subtitle": subtitle(facts.iloc[0])}
    return spec


def axis_ranges(rows: pd.DataFrame, facts: pd.DataFrame, panel: np.ndarray) -> pd.DataFrame:
    """FunnelPlotR's automatic ranges per panel: x from the whole number just below the
    smallest denominator to just past the largest; y over 0.7 to 1.3 times the target and 0.9
    to 1.1 times the smallest and largest ratios."""
    by_panel = pd.DataFrame(
        {"denominator": rows["denominator"].to_numpy(), "ratio": rows["ratio"].to_numpy()}
    ).groupby(panel)
    low, high = by_panel.min(), by_panel.max()
    centre = facts["centre"].to_numpy()
    return pd.DataFrame(
        {
            "x_low": np.ceil(low["denominator"].to_numpy()) - 1,
            "x_high": np.ceil(high["denominator"].to_numpy()) + 1,
            "smallest": low["denominator"].to_numpy(),
            "y_low": np.minimum(0.7 * centre, 0.9 * low["ratio"].to_numpy()),
            "y_high": np.maximum(1.3 * centre, 1.1 * high["ratio"].to_numpy()),
        }
    )


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts; NaN and infinities as null (pandas writes them fast)."""
    return json.loads(
        frame.replace([np.inf, -np.inf], np.nan).to_json(orient="records", double_precision=15)
    )


def group_records(rows, names, facts, panel, labels, highlighted) -> list[dict]:
    """A point per group, with the limits it was judged by for its tooltip."""
    limit = int(facts["limit"].iloc[0])
    adjusted = facts["adjusted"].to_numpy(dtype=bool)[panel]
    plain, wide = chosen_columns(limit, False), chosen_columns(limit, True)
    lower = np.where(adjusted, rows[wide[0]], rows[plain[0]])
    upper = np.where(adjusted, rows[wide[1]], rows[plain[1]])
    ratio = rows["ratio"].to_numpy()
    outlier = rows["outlier"].to_numpy(dtype=bool)
    point_class = np.where(~outlier, WITHIN, np.where(ratio > upper, ABOVE, BELOW))
    few = (facts["n_outliers"].to_numpy() <= MAX_OUTLIER_LABELS)[panel]
    is_highlighted = names.isin(highlighted).to_numpy()
    frame = pd.DataFrame(
        {
            "kind": "group",
            "panel": np.asarray(labels, dtype=object)[panel],
            "group": names.to_numpy(),
            "x": rows["denominator"].to_numpy(),
            "y": ratio,
            "numerator": rows["numerator"].to_numpy(),
            "lower": lower,
            "upper": upper,
            "class": point_class,
            "highlighted": is_highlighted,
            "named": is_highlighted | (outlier & few),
        }
    )
    return records(frame)


def limit_records(rows, facts, panel, ranges, labels) -> list[dict]:
    """The limits drawn over a grid of denominators for every panel in one call: spaced
    evenly in log, so the curves are smooth where the funnel's mouth bends."""
    n = len(facts)
    start = np.maximum(ranges["x_low"].to_numpy(), 0.5 * ranges["smallest"].to_numpy())
    end = ranges["x_high"].to_numpy()
    steps = np.linspace(0, 1, GRID_POINTS)
    grid = (start[:, None] * (end / start)[:, None] ** steps).ravel()
    of_grid = np.repeat(np.arange(n), GRID_POINTS)
    limits = all_limits(
        grid,
        tau2=facts["tau2"].to_numpy()[of_grid],
        data_type=facts["data_type"].iloc[0],
        sr_method=facts["sr_method"].iloc[0],
        target=facts["target"].to_numpy()[of_grid],
        multiplier=float(facts["multiplier"].iloc[0]),
    )
    adjusted = facts["adjusted"].to_numpy(dtype=bool)[of_grid]
    drawn = {}
    for level in (95, 99):
        for side, (plain, wide) in zip(
            ("lower", "upper"),
            zip(chosen_columns(level, False), chosen_columns(level, True), strict=True),
            strict=True,
        ):
            drawn[f"{side}_{level}"] = np.where(adjusted, limits[wide], limits[plain])
    frame = pd.DataFrame(
        {"kind": "limit", "panel": np.asarray(labels, dtype=object)[of_grid], "x": grid, **drawn}
    )
    return records(frame)


def panel_spec(
    label, ranges, *, x_title, value_label, limit, width, height, title, rings=True, names=True
) -> dict:
    """One indicator's layers, over its part of the shared data (``rings``, ``names``: whether
    any of its groups is ringed or named)."""
    x = {
        "field": "x",
        "type": "quantitative",
        "title": x_title,
        "scale": {"domain": [float(ranges["x_low"]), float(ranges["x_high"])], "nice": False},
    }
    y_scale = {"domain": [float(ranges["y_low"]), float(ranges["y_high"])], "nice": False}
    y = {"field": "y", "type": "quantitative", "title": value_label, "scale": y_scale}
    kind = lambda name: {"filter": f"datum.kind === '{name}'"}  # noqa: E731
    groups = [kind("group")]
    tooltip = [
        {"field": "group", "type": "nominal", "title": "Group"},
        {"field": "numerator", "type": "quantitative", "title": "Numerator", "format": ",.4~g"},
        {"field": "x", "type": "quantitative", "title": x_title, "format": ",.4~g"},
        {"field": "y", "type": "quantitative", "title": value_label, "format": ".4~g"},
        {
            "field": "lower",
            "type": "quantitative",
            "title": f"Lower {LEVEL_LABELS[limit]} limit",
            "format": ".4~g",
        },
        {
            "field": "upper",
            "type": "quantitative",
            "title": f"Upper {LEVEL_LABELS[limit]} limit",
            "format": ".4~g",
        },
        {"field": "class", "type": "nominal", "title": "Compared with the limits"},
    ]
    band = {"field": "band", "type": "nominal", "title": "Limits", "scale": {"domain": BANDS}}
    layers = [
        {
            "transform": [
                kind("limit"),
                {"fold": ["lower_95", "upper_95", "lower_99", "upper_99"], "as": ["curve", "y"]},
                {"filter": "isValid(datum.y) && isFinite(datum.y)"},
                {
                    "calculate": f"indexof(datum.curve, '_95') >= 0 ? '{BANDS[0]}' : '{BANDS[1]}'",
                    "as": "band",
                },
            ],
            "mark": {"type": "line", "clip": True, "strokeWidth": 1.5, "interpolate": "monotone"},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "curve"},
                # stroke, not color: the points' colour scale is another one.
                "stroke": {
                    **band,
                    "scale": {
                        **band["scale"],
                        "range": [FUNNEL_LIMIT_95_GREY, FUNNEL_LIMIT_998_GREY],
                    },
                },
                "strokeDash": {**band, "scale": {**band["scale"], "range": [[6, 4], [1, 0]]}},
            },
        },
        {
            "transform": [kind("centre")],
            "mark": {
                "type": "rule",
                "color": FUNNEL_CENTRE_BLACK,
                "strokeWidth": 1.2,
                "clip": True,
            },
            "encoding": {
                "y": {**y, "title": value_label},
                "tooltip": [{"field": "y", "title": "Target", "format": ".4~g"}],
            },
        },
        {
            "transform": groups,
            "mark": {"type": "point", "filled": True, "size": 55, "opacity": 0.9},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "class",
                    "type": "nominal",
                    "title": "Groups",
                    "scale": {"domain": POINT_CLASSES, "range": POINT_COLOURS},
                },
                "shape": {
                    "field": "class",
                    "type": "nominal",
                    "title": "Groups",
                    "scale": {"domain": POINT_CLASSES, "range": POINT_SHAPES},
                },
                "tooltip": tooltip,
            },
        },
    ]
    ring_layer = {
        "transform": [*groups, {"filter": "datum.highlighted"}],
        "mark": {
            "type": "point",
            "filled": False,
            "size": 260,
            "strokeWidth": 2,
            "color": FUNNEL_HIGHLIGHT_RING,
        },
        "encoding": {"x": x, "y": y, "tooltip": tooltip},
    }
    name_layer = {
        "transform": [*groups, {"filter": "datum.named"}],
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 9,
            "dy": -6,
            "fontSize": 11,
            "color": TEXT,
        },
        "encoding": {
            "x": x,
            "y": y,
            "text": {"field": "group"},
            "fontWeight": {
                "condition": {"test": "datum.highlighted", "value": "bold"},
                "value": "normal",
            },
        },
    }
    layers += [ring_layer] if rings else []
    layers += [name_layer] if names else []
    spec = {
        "transform": [{"filter": {"field": "panel", "equal": label}}],
        "width": width,
        "height": height,
        "layer": layers,
    }
    if title:
        spec["title"] = title
    return spec
