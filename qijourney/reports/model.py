"""What a board report holds, independent of how it is drawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from qijourney.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS

# The summary grid's rows and columns, in the order boards read them.
GRID_VARIATION = [v for v in VARIATION_ICONS if v]
GRID_ASSURANCE = [a for a in ASSURANCE_ICONS if a] + [""]

# Short words for each icon, printed beside it in PDF tables and written in Excel cells.
SHORT_TEXT = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
    "pass": "Consistently passes",
    "fail": "Consistently fails",
    "hit_or_miss": "Hit or miss",
    "": "None",
}


@dataclass
class MetricRow:
    """One metric of the report: its latest position, its icons and its recent history."""

    id: str
    name: str
    domain: str
    direction: str
    chart: str
    latest_date: str
    latest_value: float
    target: float
    centre: float
    lower: float
    upper: float
    variation: str
    assurance: str
    warning: str
    # The history for the small chart: values, lines and point classes, oldest first.
    values: np.ndarray
    centre_line: np.ndarray
    lower_line: np.ndarray
    upper_line: np.ndarray
    point_types: list[str]
    periods: list[str] = field(default_factory=list)  # each point's date, as printed
    spec: dict | None = None  # the full chart's definition, when the output draws one


@dataclass
class Report:
    title: str
    period: str
    generated: dt.date
    domains: list[tuple[str, list[MetricRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[MetricRow]:
        return [row for _, rows in self.domains for row in rows]

    def grid(self) -> list[tuple[str, list[int]]]:
        """Counts of metrics by variation icon (rows) and assurance icon (columns)."""
        counts = {(v, a): 0 for v in [*GRID_VARIATION, ""] for a in GRID_ASSURANCE}
        for row in self.rows:
            counts[(row.variation, row.assurance)] += 1
        return [(v, [counts[(v, a)] for a in GRID_ASSURANCE]) for v in [*GRID_VARIATION, ""]]
