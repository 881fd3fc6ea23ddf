"""The system's catalogue of shared indicators, each organisation's feed of one, and the
figures fed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import Versioned
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation


class Indicator(models.Model):
    """An indicator the integrated care system compares its providers on. ``provider`` is the
    system that keeps it (so the one organisation check of the permissions applies)."""

    class DataType(models.TextChoices):
        STANDARDISED_RATIO = "SR", "Standardised ratio (observed / expected, e.g. SHMI)"
        PROPORTION = "PR", "Proportion (events / cases)"
        # Not a rate per bed day: its limits assume a count for a denominator (FunnelPlotR).
        RATIO_OF_COUNTS = "RC", "Ratio of two counts (e.g. prescribing items per STAR-PU)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    class Combine(models.TextChoices):
        SUM = "sum", "Added up (each period counts its own events and cases)"
        LATEST = (
            "latest",
            ("The latest period's figures (a running total or a snapshot, such as uptake so far)"),
        )

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="indicators",
        editable=False,
        limit_choices_to={"kind": Organisation.Kind.SYSTEM},
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What it measures, for whom, and its source")
    numerator_definition = models.CharField(max_length=300)
    denominator_definition = models.CharField(max_length=300)
    data_type = models.CharField(max_length=2, choices=DataType.choices)
    direction = models.CharField(
        max_length=10,
        choices=Measure.Direction.choices,
        default=Measure.Direction.NEUTRAL,
        help_text="Which way is better",
    )
    target = models.FloatField(null=True, blank=True, help_text="On the scale shown")
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    combine = models.CharField(
        "Over a quarter or a year",
        max_length=10,
        choices=Combine.choices,
        default=Combine.SUM,
        help_text="How the figures of several periods make one: adding a running total up "
        "would count the same people again",
    )
    multiplier = models.FloatField(
        default=1.0, help_text="Shown as ratio times this: 100 for a percentage, 1000 per 1,000"
    )
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. %, per 1,000 bed days")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(bases=[Versioned], excluded_fields=["updated"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="indicator_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def months_per_period(self) -> int:
        return 3 if self.frequency == self.Frequency.QUARTERLY else 1

    @property
    def period_noun(self) -> str:
        """What one of its periods is called: ``month`` or ``quarter``."""
        return "quarter" if self.frequency == self.Frequency.QUARTERLY else "month"

    def period_of(self, date: dt.date) -> dt.date:
        """The period a date falls in: the first day of its month, or of its quarter (January,
        April, July, October: the calendar and the NHS financial quarters alike)."""
        month = date.month - (date.month - 1) % self.months_per_period
        return dt.date(date.year, month, 1)

    def clean(self):
        if self.multiplier is not None and self.multiplier <= 0:
            raise ValidationError({"multiplier": "The multiplier must be above 0"})


class IndicatorFeed(models.Model):
    """One organisation's figures for an indicator: from one of its board metrics (kept in step
    with it) or fed by upload or the API, and whether it shares them with its system.

    The system feeds its GP practices' figures itself (``provider`` is then the system)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="feeds")
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_feeds", editable=False
    )
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicator_feeds",
        help_text="The board metric whose numerators and denominators feed the indicator",
    )
    shared_with_system = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(bases=[Versioned], excluded_fields=["updated"])

    class Meta:
        ordering = ["indicator", "provider"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "provider"], name="one_feed_per_provider")
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.indicator}"


class IndicatorValue(models.Model):
    """One period's numerator and denominator for one place (the organisation itself, one of its
    sites or wards, or a GP practice the system feeds)."""

    feed = models.ForeignKey(IndicatorFeed, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="The first day of the month (or quarter)")
    numerator = models.FloatField()
    denominator = models.FloatField()

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["feed", "unit", "period"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "unit", "period"], name="one_value_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period:%b %Y}: {self.numerator:g} / {self.denominator:g}"
