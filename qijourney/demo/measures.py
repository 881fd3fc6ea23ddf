"""Made-up data points for the demo's measures: one generator for project measures and board
metrics alike, so both draw p, c and XmR series the same way.

A series has a level that may move to another from one point on (a change that worked, or a
shift on the board), with noise around it. The points are drawn from a numpy generator seeded
from the demo's random generator, in date order, so the demo is reproducible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from qijourney.measures.models import DataPoint, Measure


@dataclass(frozen=True)
class Shape:
    """How a measure's points are drawn, whatever its chart.

    ``level`` is the proportion done (p charts), the mean count (c charts) or the mean value
    (XmR charts); from point ``changes_at`` on it is ``changed_level``.
    """

    level: float
    changed_level: float | None = None
    changes_at: int | None = None
    spread: float = 0.0  # standard deviation of the rate (p) or of the values (XmR)
    denominators: tuple[int, int] = (20, 60)  # p: patients eligible, drawn from [low, high)
    denominator_share: float = 1.0  # p: the part of those a place sees ...
    denominator_base: int = 0  # ... plus this many
    floor: float | None = None  # XmR: values below it are raised to it
    note: str = ""  # the annotation on the first changed point

    def changed(self, index: int) -> bool:
        return self.changes_at is not None and index >= self.changes_at

    def level_at(self, index: int) -> float:
        if self.changed(index) and self.changed_level is not None:
            return self.changed_level
        return self.level


def percent_multiplier(chart: str) -> float:
    """p charts show a percentage; the demo's other charts show the values as they are."""
    return 100.0 if chart == "p" else 1.0


def draw_points(
    noise: np.random.Generator, measure: Measure, dates: list[dt.date], shape: Shape
) -> list[DataPoint]:
    """One point per date for ``measure`` (not saved), drawn from ``noise`` in date order."""
    points = []
    for i, day in enumerate(dates):
        level = shape.level_at(i)
        if measure.chart_type == "p":
            size = (
                int(noise.integers(*shape.denominators) * shape.denominator_share)
                + shape.denominator_base
            )
            rate = level + noise.normal(0, shape.spread)
            done = int(noise.binomial(size, float(min(max(rate, 0.01), 0.99))))
            point = DataPoint(measure=measure, date=day, numerator=done, denominator=size)
        elif measure.chart_type == "c":
            point = DataPoint(measure=measure, date=day, value=float(noise.poisson(level)))
        else:
            value = float(noise.normal(level, shape.spread))
            if shape.floor is not None:
                value = max(shape.floor, value)
            point = DataPoint(measure=measure, date=day, value=round(value, 2))
        if shape.changed(i) and i == shape.changes_at:
            point.annotation = shape.note
        points.append(point)
    return points
