"""A project with every Model for Improvement field, its team and its progress-score history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import SoftDeletable, Versioned
from qijourney.organisations.models import Organisation, StrategicPriority


class Project(SoftDeletable):
    class Method(models.TextChoices):
        MODEL_FOR_IMPROVEMENT = "mfi", "Model for Improvement"
        LEAN = "lean", "Lean / A3"
        QSIR = "qsir", "QSIR"
        SIX_SIGMA = "six_sigma", "Lean Six Sigma"
        EXPERIENCE_BASED = "ebcd", "Experience-based co-design"
        OTHER = "other", "Other"

    class Phase(models.TextChoices):
        INNOVATION = "innovation", "Innovation"
        PILOT = "pilot", "Pilot"
        IMPLEMENTATION = "implementation", "Implementation"
        SPREAD = "spread", "Spread"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped"

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects", editable=False
    )
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="unit_projects",
        help_text="The directorate or team where the work happens",
    )
    title = models.CharField(max_length=200)
    problem = models.TextField("What is the problem?", blank=True)
    # The aim: what, how much, by when, for whom.
    aim_what = models.CharField("What will improve", max_length=300, blank=True)
    aim_how_much = models.CharField("By how much", max_length=200, blank=True)
    aim_by_when = models.DateField("By when", null=True, blank=True)
    aim_for_whom = models.CharField("For whom", max_length=200, blank=True)
    # The Model for Improvement's three questions beyond the aim.
    how_will_we_know = models.TextField(
        "How will we know that a change is an improvement?", blank=True
    )
    changes_to_try = models.TextField(
        "What changes can we make that will result in improvement?", blank=True
    )
    priority = models.ForeignKey(
        StrategicPriority, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    method = models.CharField(
        max_length=20, choices=Method.choices, default=Method.MODEL_FOR_IMPROVEMENT
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.INNOVATION)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_projects",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    progress_score = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))],
    )
    progress_updated = models.DateField(null=True, blank=True)
    # Spread: the project this one started as a copy of (its aim, diagram and measures).
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(bases=[Versioned], excluded_fields=["updated"])

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["provider", "progress_score"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The project cannot end before it starts"})

    @property
    def is_aligned(self) -> bool:
        return self.priority_id is not None


class TeamMember(models.Model):
    """Someone on the project team; patient and carer partners are marked."""

    class Role(models.TextChoices):
        LEAD = "lead", "Project lead"
        MEMBER = "member", "Team member"
        PATIENT_PARTNER = "patient_partner", "Patient or carer partner"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="on_a_team_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ProgressScore(models.Model):
    """The history of a project's progress score: each time the team set it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_history")
    score = models.DecimalField(max_digits=3, decimal_places=1)
    date = models.DateField()
    note = models.TextField(blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "date", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.score} on {self.date}"


class DriverNode(SoftDeletable):
    """A box of the driver diagram. Stored as a network: a node may feed several parents
    (a secondary driver can serve two primary drivers; a change idea two secondary ones)."""

    class Level(models.IntegerChoices):
        AIM = 0, "Aim"
        PRIMARY = 1, "Primary driver"
        SECONDARY = 2, "Secondary driver"
        CHANGE_IDEA = 3, "Change idea"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_nodes")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    text = models.CharField(max_length=300)
    parents = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="children")
    order = models.PositiveSmallIntegerField(default=0)

    LIVE_THROUGH = ("project",)
    # The links to the boxes it feeds are part of each version.
    history = HistoricalRecords(bases=[Versioned], m2m_fields=["parents"])

    class Meta:
        ordering = ["project", "level", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def provider_id(self) -> int:
        """The organisation the box belongs to: its project's (for permissions)."""
        return self.project.provider_id


class PDSACycle(SoftDeletable):
    """One Plan-Do-Study-Act cycle, in a ramp of cycles testing one change idea."""

    class Decision(models.TextChoices):
        ADAPT = "adapt", "Adapt"
        ADOPT = "adopt", "Adopt"
        ABANDON = "abandon", "Abandon"
        SCALE_UP = "scale_up", "Scale up"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.ForeignKey(
        DriverNode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pdsa_cycles",
        limit_choices_to={"level": DriverNode.Level.CHANGE_IDEA},
    )
    ramp = models.CharField(
        "Ramp", max_length=120, help_text="The series of cycles this one belongs to"
    )
    number = models.PositiveSmallIntegerField("Cycle number", default=1)
    title = models.CharField(max_length=200)
    purpose = models.TextField("Purpose of this cycle", blank=True)
    # Plan
    change_tested = models.TextField("Change being tested", blank=True)
    questions = models.TextField("Questions we want to answer", blank=True)
    predictions = models.TextField("Predictions", blank=True)
    plan_who_what_where_when = models.TextField("Who, what, where, when", blank=True)
    data_collection_plan = models.TextField("Data collection plan", blank=True)
    # Do
    what_happened = models.TextField("What happened", blank=True)
    observations = models.TextField("Observations", blank=True)
    problems = models.TextField("Problems and unexpected events", blank=True)
    # Study
    results_vs_predictions = models.TextField("Results compared with predictions", blank=True)
    learning = models.TextField("What we learned", blank=True)
    # Act
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    next_cycle = models.TextField("Plan for the next cycle", blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    measures = models.ManyToManyField("measures.Measure", blank=True, related_name="pdsa_cycles")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    LIVE_THROUGH = ("project",)
    # The measures it watches are part of each version.
    history = HistoricalRecords(
        bases=[Versioned], excluded_fields=["updated"], m2m_fields=["measures"]
    )

    class Meta:
        ordering = ["project", "ramp", "number", "start_date"]
        verbose_name = "PDSA cycle"

    def __str__(self) -> str:
        return f"{self.ramp} {self.number}: {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The cycle cannot end before it starts"})


class ChangeIdeaAdoption(models.Model):
    """Spread: another unit (or a whole organisation) adopted a project's change idea. Its
    ``provider`` is the adopting organisation's, whose sharing decides whether it is named.

    The record is the adopter's: when the source trust removes its idea for good, the record
    stays, with the idea's words as they were when it was adopted."""

    idea = models.ForeignKey(
        DriverNode,
        null=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        limit_choices_to={"level": DriverNode.Level.CHANGE_IDEA},
    )
    idea_text = models.CharField(max_length=300, blank=True, editable=False)
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text="The ward, team, directorate or organisation that adopted it",
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", editable=False
    )
    adopted_on = models.DateField("Adopted on")
    note = models.TextField("How it went, what you changed", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["idea", "adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "unit"], name="adopted_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.idea} adopted by {self.unit}"
