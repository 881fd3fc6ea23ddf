"""What the board chose to see, and the copies it was given."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation


class BoardReport(models.Model):
    """A saved configuration: which metrics, in what order, up to which period."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_reports", editable=False
    )
    title = models.CharField(max_length=200, default="Integrated quality and performance report")
    period_end = models.DateField(
        null=True, blank=True, help_text="Leave empty for the latest data"
    )
    metrics = models.ManyToManyField(Measure, through="BoardReportItem", related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class BoardReportItem(models.Model):
    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="items")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="metric_once_per_report")
        ]


class IssuedReport(models.Model):
    """A dated copy given to the board. It never changes, whatever happens to the data."""

    report = models.ForeignKey(
        BoardReport, null=True, on_delete=models.SET_NULL, related_name="issued"
    )
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=40)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    html_fragment = models.TextField()  # shown inside the app
    html = models.TextField()  # the standalone page, downloaded
    pdf = models.BinaryField()
    xlsx = models.BinaryField()

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.period}), issued {self.issued_at:%d %B %Y}"
