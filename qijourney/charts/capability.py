"""Vega-Lite charts for capability: coverage against the dosing plan as bars with a target
mark, and coverage over time against its target. Values are percentages; every bar carries
its figure as text, so nothing depends on colour alone."""

from __future__ import annotations

import datetime as dt

from qijourney.formatting import percent
from qijourney.palette import NHS_BLUE, NHS_DARK_GREY, NHS_PINK, TEXT

CONFIG = {
    "font": "Arial, Helvetica, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
}


def coverage_bars(
    rows: list[tuple[str, float | None, float]], *, title: str = "", description: str = ""
) -> dict:
    """One horizontal bar per row (label, coverage %, target %), the target as a black tick."""
    values = [
        {
            "label": label,
            "coverage": round(share, 1) if share is not None else 0,
            "target": target,
            "status": "meets target" if share is not None and share >= target else "below target",
            "text": "no staff" if share is None else f"{percent(share)} (target {percent(target)})",
        }
        for label, share, target in rows
    ]
    y = {"field": "label", "type": "nominal", "sort": None, "title": None}
    x_scale = {"domain": [0, 100]}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": description or title or "Coverage against target",
        "width": "container",
        "height": {"step": 30},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "height": 18},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "coverage",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": "% of the group who have had the dose",
                    },
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        # Pink is distinct from blue for colour-blind readers; the text says it too.
                        "scale": {
                            "domain": ["meets target", "below target"],
                            "range": [NHS_BLUE, NHS_PINK],
                        },
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "tooltip": [
                        {"field": "label", "title": "Group"},
                        {"field": "text", "title": "Coverage"},
                    ],
                },
            },
            {
                "mark": {"type": "tick", "thickness": 3, "size": 26, "color": TEXT},
                "encoding": {
                    "y": y,
                    "x": {"field": "target", "type": "quantitative", "scale": x_scale},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": TEXT, "fontSize": 11},
                "encoding": {
                    "y": y,
                    "x": {"field": "coverage", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                },
            },
        ],
        "config": CONFIG,
    }
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 14}
    return spec


def coverage_trend(
    points: list[tuple[dt.date, float | None]], target: float, *, title: str = ""
) -> dict:
    """Coverage at each month end, with the target as a dashed line."""
    values = [{"date": d.isoformat(), "coverage": round(p, 1)} for d, p in points if p is not None]
    known = [(d, p) for d, p in points if p is not None]
    summary = (
        f"from {percent(known[0][1])} at the end of {known[0][0]:%B %Y} to "
        f"{percent(known[-1][1])} on {known[-1][0]:%d %B %Y}, against a target of {percent(target)}"
        if known
        else "no staff in the group yet"
    )
    x = {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%b %Y"}}
    y_scale = {"domain": [0, max(100.0, target)]}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"{title or 'Coverage over time'}: {summary}",
        "width": "container",
        "height": 220,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": True, "color": NHS_BLUE},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "coverage",
                        "type": "quantitative",
                        "scale": y_scale,
                        "title": "% who have had the dose",
                    },
                    "tooltip": [
                        {"field": "date", "type": "temporal", "format": "%B %Y", "title": "Month"},
                        {"field": "coverage", "title": "Coverage %"},
                    ],
                },
            },
            {
                "data": {"values": [{"target": target, "label": f"Target {percent(target)}"}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeDash": [6, 4], "color": TEXT},
                        "encoding": {"y": {"field": "target", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "dy": -7,
                            "x": 4,
                            "color": TEXT,
                        },
                        "encoding": {
                            "y": {"field": "target", "type": "quantitative"},
                            "text": {"field": "label"},
                        },
                    },
                ],
            },
        ],
        "config": CONFIG,
    }
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 14}
    return spec


def comparison_bars(
    rows: list[tuple[str, str, float | None]], *, description: str, axis_title: str
) -> dict:
    """Grouped horizontal bars: for each label (an organisation), one bar per measure, each
    with its figure written beside it."""
    values = [
        {
            "label": label,
            "measure": measure,
            "share": round(share, 1) if share is not None else 0,
            "text": f"{measure}: {percent(share)}",
        }
        for label, measure, share in rows
    ]
    measures = list(dict.fromkeys(measure for _label, measure, _share in rows))
    y = {"field": "label", "type": "nominal", "sort": None, "title": None}
    offset = {"field": "measure", "type": "nominal", "sort": measures}
    x = {
        "field": "share",
        "type": "quantitative",
        "scale": {"domain": [0, 100]},
        "title": axis_title,
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": description,
        "width": "container",
        "height": {"step": 22 * max(len(measures), 1)},
        "data": {"values": values},
        "encoding": {"y": y, "yOffset": offset, "x": x},
        "layer": [
            {
                "mark": {"type": "bar", "height": 16},
                "encoding": {
                    "color": {
                        "field": "measure",
                        "type": "nominal",
                        "sort": measures,
                        "scale": {"range": [NHS_BLUE, NHS_DARK_GREY, NHS_PINK]},
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "tooltip": [
                        {"field": "label", "title": "Organisation"},
                        {"field": "text", "title": "Share"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": TEXT, "fontSize": 11},
                "encoding": {"text": {"field": "text"}},
            },
        ],
        "config": CONFIG,
    }
