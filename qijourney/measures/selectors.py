"""Reads of measures and their data, scoped to the person's organisation."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from qijourney.measures.models import DataPoint, Measure, MeasureTarget
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import scoped

# Whose versions a measure's history shows beside its own: its points.
HISTORY_PARTS = ((DataPoint, "measure"),)


def visible_measures(person: Person) -> QuerySet[Measure]:
    return scoped(Measure.objects.select_related("project"), person)


def points(measure: Measure) -> QuerySet[DataPoint]:
    """The measure's data points, oldest first."""
    return DataPoint.objects.filter(measure=measure).order_by("date")


def point_on(measure: Measure, date: dt.date) -> DataPoint | None:
    """The measure's point on that date, if it has one."""
    return points(measure).filter(date=date).first()


def point_ids(measure: Measure) -> dict[dt.date, int]:
    """Each point's id by its date (the page's delete buttons)."""
    return dict(points(measure).values_list("date", "pk"))


def targets(measure: Measure) -> QuerySet[MeasureTarget]:
    return measure.targets.all()


def pdsa_markers(measure: Measure):
    """The PDSA cycles linked to the measure, oldest first, and their chart markers
    ((ISO date, short label) pairs)."""
    cycles = measure.pdsa_cycles.order_by("start_date")
    markers = [(c.start_date.isoformat(), f"PDSA {c.number}: {c.title}"[:40]) for c in cycles]
    return cycles, markers
