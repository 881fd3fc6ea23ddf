"""Display of the learning library: the frozen chart's table and text alternative, a story's
excerpt, what its outcome says. No database."""

from __future__ import annotations

import base64
import math

POINT_LABELS = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
}
EXCERPT_CHARACTERS = 280


def _number(value) -> float | None:
    """A JSON-safe number: missing values (NaN) become None."""
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def chart_rows(points) -> list[dict]:
    """The engine's points as the rows a frozen chart keeps: date, value, centre, limits, what
    kind of variation, the team's note.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2025-01-06"]), "value": [4.0],
    ...     "centre": [3.5], "lower_limit": [float("nan")], "upper_limit": [6.0],
    ...     "point_type": ["common_cause"], "annotation": [None]})
    >>> [row] = chart_rows(frame)
    >>> row["date"], row["value"], row["lower"], row["variation"], row["note"]
    ('2025-01-06', 4.0, None, 'Common cause', '')
    """
    if points is None:
        return []
    rows = []
    for row in points.to_dict(orient="records"):
        note = row.get("annotation")
        rows.append(
            {
                "date": row["date"].date().isoformat(),
                "value": _number(row.get("value")),
                "centre": _number(row.get("centre")),
                "lower": _number(row.get("lower_limit")),
                "upper": _number(row.get("upper_limit")),
                "variation": POINT_LABELS.get(str(row.get("point_type")), ""),
                "note": note if isinstance(note, str) else "",
            }
        )
    return rows


def chart_description(spec: dict | None, icon_texts: list[str]) -> str:
    """The chart's text alternative: the engine's description (points, centre, limits, latest
    value, icons), as it was when frozen."""
    if not spec:
        return ""
    return spec.get("description", "") or " ".join(icon_texts)


def svg_data_uri(svg: str) -> str:
    """A frozen SVG as an image address: drawn as an image, it runs nothing and needs no
    style the page's security policy would block.

    >>> svg_data_uri("<svg/>")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """The story's summary cut at a word, for the library's list.

    >>> excerpt("Falls fell by a third on two wards.", 20)
    'Falls fell by a…'
    >>> excerpt("Short.")
    'Short.'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def cycles_label(count: int) -> str:
    """
    >>> cycles_label(1), cycles_label(3), cycles_label(0)
    ('1 PDSA cycle', '3 PDSA cycles', 'Not tested in a PDSA cycle')
    """
    if not count:
        return "Not tested in a PDSA cycle"
    return f"{count} PDSA cycle{'' if count == 1 else 's'}"
