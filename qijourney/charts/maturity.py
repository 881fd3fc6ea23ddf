"""Maturity by domain as a Vega-Lite chart: one panel per domain and, in it, one bar per round
(or per organisation). Every bar is named on the axis and its score printed beside it, so colour
only adds emphasis (the newest round, or your own organisation) and is never the only cue.

Pure: plain data in, a spec dict out; the pages draw it in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from qijourney.palette import NHS_BLUE, NHS_MID_GREY, NHS_PALE_GREY, TEXT


@dataclass(frozen=True)
class Series:
    """One bar in each domain's panel: a round, or one organisation's shared round."""

    label: str
    scores: dict[str, float | None]  # domain name -> mean rank (None: no answers)


def score_text(score: float | None) -> str:
    """A domain's combined score as printed beside its bar, on screen and on paper."""
    return "No answers" if score is None else f"{score:.1f}"


def maturity_spec(
    domains: list[str],
    series: list[Series],
    *,
    top: int = 4,
    highlight: str | None = None,
    highlight_meaning: str = "Latest round",
    others_meaning: str = "Earlier rounds",
    bar_name: str = "round",
    width: int = 420,
) -> dict:
    """Grouped horizontal bars: a panel per domain, a bar per series, scores from 1 to ``top``.

    ``highlight`` names the series drawn in NHS blue, the others grey; the legend's words for
    the two are ``highlight_meaning`` and ``others_meaning``. Without it every bar is blue.
    """
    labels = [s.label for s in series]
    values = []
    for domain in domains:
        for s in series:
            score = s.scores.get(domain)
            values.append(
                {
                    "domain": domain,
                    "series": s.label,
                    "score": score,
                    "shown": score_text(score),
                    "emphasis": highlight_meaning if s.label == highlight else others_meaning,
                }
            )
    bar_height = 24
    scale = {"domain": [0, top + 0.5], "nice": False}
    x = {
        "field": "score",
        "type": "quantitative",
        "scale": scale,
        "axis": {
            "values": list(range(top + 1)),
            "format": "d",
            "title": f"Mean maturity (1 to {top})",
        },
    }
    y = {
        "field": "series",
        "type": "nominal",
        "sort": labels,
        "title": None,
        "axis": {"labelLimit": 240},
    }
    if highlight is None:
        colour = {"value": NHS_BLUE}
    else:
        colour = {
            "field": "emphasis",
            "type": "nominal",
            "scale": {
                "domain": [highlight_meaning, others_meaning],
                "range": [NHS_BLUE, NHS_MID_GREY],
            },
            "legend": {"title": None},
        }
    tooltip = [
        {"field": "domain", "title": "Domain"},
        {"field": "series", "title": bar_name.capitalize()},
        {"field": "shown", "title": "Maturity"},
    ]
    panel = {
        "width": width,
        "height": {"step": bar_height},
        "layer": [
            {
                "mark": {"type": "bar", "height": bar_height - 4},
                "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
            },
            {
                # The score beside each bar; "No answers" at zero when a domain has none.
                "mark": {"type": "text", "align": "left", "dx": 4, "color": TEXT, "fontSize": 13},
                "encoding": {
                    "x": {"field": "score", "type": "quantitative", "scale": scale},
                    "y": y,
                    "text": {"field": "shown"},
                },
                "transform": [
                    {"calculate": "datum.score === null ? 0 : datum.score", "as": "score"}
                ],
            },
        ],
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": describe(domains, series, top=top, bar_name=bar_name),
        "data": {"values": values},
        "facet": {
            "row": {
                "field": "domain",
                "type": "nominal",
                "sort": domains,
                "title": None,
                "header": {
                    "labelAngle": 0,
                    "labelOrient": "top",
                    "labelAnchor": "start",
                    "labelAlign": "left",
                    "labelFontSize": 15,
                    "labelFontWeight": "bold",
                    "labelColor": TEXT,
                    "labelLimit": 560,
                    "labelPadding": 4,
                },
            }
        },
        "spec": panel,
        "spacing": 14,
        "config": {
            "font": "Arial, Helvetica, sans-serif",
            # Text as large as the page's small print, so the chart reads without zooming.
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 13,
                "titleFontSize": 13,
                "gridColor": NHS_PALE_GREY,
            },
            "view": {"stroke": None},
            "legend": {"orient": "top", "labelColor": TEXT, "labelFontSize": 13},
        },
    }


def describe(domains: list[str], series: list[Series], *, top: int, bar_name: str) -> str:
    """What a screen reader says instead of the chart: its shape and the newest standings."""
    if not series or not domains:
        return f"No {bar_name}s to chart yet."
    names = ", ".join(s.label for s in series)
    text = (
        f"Bar chart of mean maturity from 1 to {top} in {len(domains)} domains, "
        f"one bar per {bar_name}: {names}."
    )
    last = series[-1]
    scored = [(d, last.scores[d]) for d in domains if last.scores.get(d) is not None]
    high = max(scored, key=lambda pair: pair[1], default=None)
    low = min(scored, key=lambda pair: pair[1], default=None)
    if high and high[1] == low[1] and len(scored) == len(domains):
        text += f" For {last.label} every domain scores {high[1]:.1f}."
    elif high:
        text += (
            f" For {last.label} the highest domain is {high[0]} ({high[1]:.1f})"
            f" and the lowest {low[0]} ({low[1]:.1f})."
        )
    return text + " The table that follows gives every score."
