"""The demo's measures: one point generator for project measures and board metrics alike, and
each project's outcome, process and balancing measures.

A series has a level that may move to another from one point on (a change that worked, or a
shift on the board), with noise around it. The points are drawn from a numpy generator seeded
from the demo's random generator, in date order, so the demo is reproducible.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np

from qijourney.demo.calendar import add_months
from qijourney.measures.models import DataPoint, Measure
from qijourney.projects.models import DriverNode, Project


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
        if i == shape.changes_at:
            point.annotation = shape.note
        points.append(point)
    return points


@dataclass(frozen=True)
class MeasureSpec:
    """One of a project's measures, before it is made."""

    name: str
    kind: Measure.Kind
    chart: str
    direction: Measure.Direction
    unit: str

    @property
    def multiplier(self) -> float:
        return percent_multiplier(self.chart)


@dataclass(frozen=True)
class ProjectMeasures:
    """A project's measures (outcome and process first) and the dates they have points on."""

    measures: list[Measure]
    dates: list[dt.date]
    change_at: int  # the index of the date the change was made, shown or not


def for_project(
    rng: random.Random,
    project: Project,
    counted: str,
    ideas: list[DriverNode],
    today: dt.date,
    improving: bool,
) -> ProjectMeasures:
    """Outcome, process and balancing measures with two to three years of weekly or monthly
    data, all tied to the first change idea; if ``improving``, the change shows as a shift."""
    weekly = rng.random() < 0.6
    n = rng.randint(104, 156) if weekly else rng.randint(24, 36)
    if weekly:
        first = today - dt.timedelta(days=7 * n)
        dates = [first + i * dt.timedelta(days=7) for i in range(n)]
    else:
        first = dt.date(today.year - 3, today.month, 1)
        dates = [add_months(first, i) for i in range(n)]
    noise = np.random.default_rng(rng.randint(0, 2**31))
    change_at = int(n * rng.uniform(0.45, 0.7))
    frequency = Measure.Frequency.WEEKLY if weekly else Measure.Frequency.MONTHLY
    specs = [
        MeasureSpec(
            counted.capitalize(),
            Measure.Kind.OUTCOME,
            "xmr",
            Measure.Direction.DECREASE,
            "per 1,000 bed days",
        ),
        MeasureSpec(
            f"Patients with the {ideas[0].text.lower()} completed",
            Measure.Kind.PROCESS,
            "p",
            Measure.Direction.INCREASE,
            "%",
        ),
        MeasureSpec(
            "Staff time per shift on the change (minutes)",
            Measure.Kind.BALANCING,
            "xmr",
            Measure.Direction.NEUTRAL,
            "minutes",
        ),
    ]
    if rng.random() < 0.35:
        specs.append(
            MeasureSpec(
                "Incidents reported",
                Measure.Kind.BALANCING,
                "c",
                Measure.Direction.NEUTRAL,
                "incidents",
            )
        )
    made, points = [], []
    for spec in specs:
        level = rng.uniform(4, 12)
        measure = Measure.objects.create(
            provider=project.provider,
            project=project,
            name=spec.name,
            kind=spec.kind,
            chart_type=spec.chart,
            direction=spec.direction,
            multiplier=spec.multiplier,
            unit=spec.unit,
            target=_target(spec, level),
            frequency=frequency,
            owner=project.lead,
            operational_definition=f"{spec.name}, counted {frequency} from the ward's records.",
            data_source="Ward audit" if spec.kind == Measure.Kind.PROCESS else "Incident system",
            numerator_definition="Patients with it done" if spec.chart == "p" else "",
            denominator_definition="Patients eligible" if spec.chart == "p" else "",
        )
        measure.change_ideas.set(ideas[:1])
        made.append(measure)
        shape = _project_shape(spec, level, change_at if improving else None)
        points += draw_points(noise, measure, dates, shape)
    DataPoint.objects.bulk_create(points)
    return ProjectMeasures(made, dates, change_at)


def _target(spec: MeasureSpec, level: float) -> float | None:
    """The outcome aims 30% below where it runs; the process at 95%; balancing measures none."""
    if spec.kind == Measure.Kind.OUTCOME:
        return round(level * 0.7, 1)
    if spec.kind == Measure.Kind.PROCESS:
        return 95.0
    return None


def _project_shape(spec: MeasureSpec, level: float, changes_at: int | None) -> Shape:
    if spec.chart == "p":  # the change is done for about 55% of patients, then 85%
        return Shape(level=0.55, changed_level=0.55 + 0.3, changes_at=changes_at, spread=0.03)
    if spec.chart == "c":  # incidents: the change neither causes nor prevents them
        return Shape(level=3)
    outcome = spec.kind == Measure.Kind.OUTCOME  # the outcome falls by a third; the rest stay
    return Shape(
        level=level,
        changed_level=level * 0.65 if outcome else level,
        changes_at=changes_at,
        spread=level * 0.12,
        floor=0.0,
        note="New process starts" if outcome else "",
    )
