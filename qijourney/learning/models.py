"""A finished (or stopped) project's story for the learning library, with what it froze when
it was published: each measure's chart as it stood, and each change idea's PDSA outcome."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import Versioned
from qijourney.organisations.models import Organisation
from qijourney.projects.models import PDSACycle


class Story(models.Model):
    class Topic(models.TextChoices):
        """One list for the whole system: each organisation words its strategic priorities its
        own way, so "find every falls project" needs words every trust shares."""

        FALLS = "falls", "Falls"
        PRESSURE_ULCERS = "pressure_ulcers", "Pressure ulcers and skin care"
        SEPSIS = "sepsis", "Sepsis and deterioration"
        MEDICATION = "medication", "Medication safety"
        FLOW = "flow", "Patient flow and discharge"
        URGENT_CARE = "urgent_care", "Urgent and emergency care"
        PLANNED_CARE = "planned_care", "Planned care and theatres"
        NUTRITION = "nutrition", "Nutrition and hydration"
        EXPERIENCE = "experience", "Patient experience"
        STAFF = "staff", "Staff wellbeing and joy in work"
        MENTAL_HEALTH = "mental_health", "Mental health"
        COMMUNITY = "community", "Community and primary care"
        SUSTAINABILITY = "sustainability", "Sustainability and green care"
        OTHER = "other", "Other"

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="story", editable=False
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="stories", editable=False
    )
    topic = models.CharField(max_length=30, choices=Topic.choices, default=Topic.OTHER)
    summary = models.TextField("Summary", help_text="The project in a few sentences")
    tried = models.TextField("What we tried", blank=True)
    worked = models.TextField("What worked", blank=True)
    did_not_work = models.TextField("What did not work", blank=True)
    advice = models.TextField("Advice for a team starting out", blank=True)
    published_on = models.DateField(null=True, blank=True, editable=False)
    # The day the charts and change ideas were frozen (the first publication, or a refresh).
    frozen_on = models.DateField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(bases=[Versioned], excluded_fields=["updated"])

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return f"The story of {self.project}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class FrozenChart(models.Model):
    """A measure's chart as it stood when the story was published: the SVG, the rows it
    draws and its icons. Later edits to the measure never reach it."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="charts")
    measure = models.ForeignKey(
        "measures.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=60)
    unit = models.CharField(max_length=60, blank=True)
    definition = models.TextField(blank=True)
    chart_type = models.CharField(max_length=60)
    direction = models.CharField(max_length=60)
    svg = models.TextField(blank=True)
    description = models.TextField(blank=True)  # the chart's text alternative
    icons = models.JSONField(default=list, blank=True)  # variation and assurance icon names
    rows = models.JSONField(default=list, blank=True)  # the table the chart shows
    problem = models.CharField(max_length=300, blank=True)  # why there is no chart

    class Meta:
        ordering = ["story", "order", "id"]

    def __str__(self) -> str:
        return self.name


class FrozenIdea(models.Model):
    """A change idea as it stood when the story was published, with its PDSA outcome."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="ideas")
    idea = models.ForeignKey(
        "projects.DriverNode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    # The latest cycle's decision (adopt, adapt, abandon, scale up) and how many cycles ran.
    decision = models.CharField(max_length=20, choices=PDSACycle.Decision.choices, blank=True)
    cycles = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["story", "order", "id"]

    def __str__(self) -> str:
        return self.text


STORY_FIELDS = ["topic", "summary", "tried", "worked", "did_not_work", "advice"]
