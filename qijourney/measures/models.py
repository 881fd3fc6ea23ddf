"""A measure with its operational definition, and its data points with chart flags."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import SoftDeletable, Versioned
from qijourney.organisations.models import Organisation
from qijourney.spc.codes import PROPORTION_CHARTS, RATIO_CHARTS


class Measure(SoftDeletable):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEUTRAL = "neutral", "Neither"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    CHART_NAMES = {
        "xmr": "XmR (individuals)",
        "mr": "Moving range",
        "run": "Run chart",
        "p": "p (proportion)",
        "pp": "p′ (Laney)",
        "u": "u (rate)",
        "up": "u′ (Laney)",
        "c": "c (count)",
        "xbar": "X-bar",
        "s": "S",
        "t": "t (time between events)",
        "g": "g (cases between events)",
    }

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="measures", editable=False
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OUTCOME)
    operational_definition = models.TextField(blank=True)
    numerator_definition = models.CharField(max_length=300, blank=True)
    denominator_definition = models.CharField(max_length=300, blank=True)
    data_source = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_measures",
    )
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    target = models.FloatField(null=True, blank=True)
    chart_type = models.CharField(max_length=8, choices=list(CHART_NAMES.items()), default="xmr")
    multiplier = models.FloatField(
        default=1.0, help_text="e.g. 100 to show a percentage, 1000 for a rate per 1,000"
    )
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. %, falls per 1,000 bed days")
    change_ideas = models.ManyToManyField(
        "projects.DriverNode", blank=True, related_name="measures"
    )
    # Board reporting: where the metric is measured, its domain, the code that ties the same
    # metric together across organisation, directorate and ward, and whether the board sees it.
    reporting_unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_measures",
        verbose_name="Organisation, directorate or ward",
        help_text="The part of the organisation it describes",
    )
    domain = models.CharField(
        max_length=60,
        blank=True,
        help_text="Safe, Effective, Caring, Responsive, Well-led, or your own (People ...)",
    )
    metric_code = models.SlugField(
        max_length=60,
        blank=True,
        help_text="The same code on the same metric at every level links them for drill-down",
    )
    on_board_report = models.BooleanField("Board metric", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    LIVE_THROUGH = ("project",)  # a deleted project's measures go with it
    history = HistoricalRecords(bases=[Versioned], excluded_fields=["updated"])

    class Meta:
        ordering = ["project", "kind", "name"]
        indexes = [models.Index(fields=["provider", "project"])]

    def __str__(self) -> str:
        return self.name

    @property
    def uses_ratio(self) -> bool:
        return self.chart_type in RATIO_CHARTS

    @property
    def is_proportion(self) -> bool:
        """p and p' charts: the numerator is part of the denominator, so never above it."""
        return self.chart_type in PROPORTION_CHARTS


class MeasureTarget(models.Model):
    """A target from a date on: targets change over time, and each point is judged by the
    target in force at its date."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    start_date = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["measure", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "start_date"], name="one_target_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value:g} from {self.start_date}"


# A data point's values and chart flags, after its date: the fields forms, uploads, the API
# and charts all read and write.
POINT_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "annotation",
    "recalculate",
    "ghost",
    "baseline",
)


class DataPoint(SoftDeletable):
    """One period's value (or numerator and denominator) with the team's chart flags."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    date = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    annotation = models.CharField(max_length=200, blank=True)
    recalculate = models.BooleanField("Start new limits here", default=False)
    ghost = models.BooleanField("Leave out of limits and rules", default=False)
    baseline = models.BooleanField("Part of the baseline", default=False)

    LIVE_THROUGH = ("measure", "measure__project")  # a deleted project's measures' points too
    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            # A deleted point waits to be restored (or removed) beside its replacement.
            models.UniqueConstraint(
                fields=["measure", "date"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_point_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.date}"
