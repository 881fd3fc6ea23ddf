"""Framework -> domain -> statement -> ordered maturity levels; rounds, responses and actions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import Versioned
from qijourney.organisations.models import Organisation


class Framework(models.Model):
    """A maturity framework. Shipped ones have no provider; an organisation may add its own."""

    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="frameworks"
    )
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "key"], name="framework_key_once")
        ]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Level(models.Model):
    """One rung of a statement's maturity ladder; rank 1 is the least mature."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    descriptor = models.TextField()

    class Meta:
        ordering = ["statement", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "rank"], name="one_level_per_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class AssessmentRound(models.Model):
    """One self-assessment of an organisation against a framework, by several respondents."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=120)
    opened = models.DateField()
    closed = models.DateField(null=True, blank=True)
    # Results stay private to the organisation unless it chooses to share them.
    shared_with_system = models.BooleanField(default=False)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["provider", "framework", "opened"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.opened and self.closed and self.closed < self.opened:
            raise ValidationError({"closed": "A round cannot close before it opens"})


class Response(models.Model):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_responses"
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent", "statement"], name="one_answer_per_statement"
            )
        ]

    @property
    def provider_id(self) -> int:
        """The organisation the answer belongs to: its round's (for permissions)."""
        return self.round.provider_id


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="actions")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def provider_id(self) -> int:
        """The organisation the action belongs to: its round's (for permissions)."""
        return self.round.provider_id
