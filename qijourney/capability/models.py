"""Training programmes and their tiers, cohorts, enrolments and completions, Kirkpatrick
evaluations, the staff list coverage is measured against, the dosing plan, and coaching logs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from qijourney.audit.models import SoftDeletable, Versioned
from qijourney.domain import dosing
from qijourney.formatting import percent
from qijourney.organisations.models import Organisation, Role
from qijourney.projects.models import Project

# A stable key: lower-case letters and digits between hyphens, so "Dosing-Tiers" is refused
# rather than taken for a different ladder than "dosing-tiers".
KEY = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, digits and single hyphens, e.g. dosing-tiers",
)


class Ladder(models.Model):
    """Programmes that build on each other: completing a higher rung also counts as having
    had every lower one (a coach has had the practitioner dose). ``slug`` is its stable key
    (the API names it); ``name`` is only for people to read, and may change."""

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ladders")
    slug = models.SlugField(max_length=80, validators=[KEY])
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["provider", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "slug"], name="ladder_slug_once")
        ]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A training "dose": one rung (``tier``) of a :class:`Ladder`."""

    class Qualifies(models.TextChoices):
        NOTHING = "", "Nothing beyond the training"
        COACH = Role.COACH.value, Role.COACH.label
        ADVISOR = Role.IMPROVEMENT_ADVISOR.value, Role.IMPROVEMENT_ADVISOR.label

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    slug = models.SlugField(
        max_length=80,
        validators=[KEY],
        help_text="Its stable key in the API; made from the name at first",
    )
    name = models.CharField(max_length=120)
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="programmes")
    tier = models.PositiveSmallIntegerField(
        default=1, help_text="Its rung on the ladder: 1 is the first dose"
    )
    audience = models.CharField(max_length=200, blank=True, help_text="Who it is for")
    description = models.TextField(blank=True)
    hours = models.DecimalField(
        "length in hours", max_digits=5, decimal_places=1, null=True, blank=True
    )
    qualifies_as = models.CharField(
        max_length=30,
        choices=Qualifies.choices,
        default="",
        blank=True,
        help_text="Those who complete it join the skills directory as this",
    )

    class Meta:
        ordering = ["provider", "ladder__name", "tier", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="programme_name_once"),
            models.UniqueConstraint(fields=["provider", "slug"], name="programme_slug_once"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """One row of the organisation's staff list: whom coverage is counted against. Not
    everyone signs in, so this is separate from Person (linked by email when they do)."""

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff_list")
    staff_number = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role_group = models.CharField(max_length=80, help_text="For example Nursing and midwifery")
    is_manager = models.BooleanField("manages staff", default=False)
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff_members")
    start_date = models.DateField()
    end_date = models.DateField("left on", null=True, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_records",
    )

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "staff_number"], name="staff_number_once")
        ]
        indexes = [models.Index(fields=["provider", "role_group"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff_number})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Someone cannot leave before they start"})


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts = models.DateField()
    ends = models.DateField(null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    places = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["-starts", "name"]
        # Imports name cohorts, so a name must say which one.
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": "A cohort cannot end before it starts"})


class Enrolment(models.Model):
    """A place on a cohort; a completion is an enrolment with its completion date."""

    class Outcome(models.TextChoices):
        """Where a trainee stands; stored as the completion date and the withdrawn flag."""

        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="enrolments")
    completed_on = models.DateField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["staff__name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "staff"], name="enrolled_once"),
            models.CheckConstraint(
                condition=~models.Q(withdrawn=True, completed_on__isnull=False),
                name="withdrawn_not_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} on {self.cohort}"

    @property
    def outcome(self) -> Outcome:
        if self.withdrawn:
            return self.Outcome.WITHDRAWN
        return self.Outcome.COMPLETED if self.completed_on else self.Outcome.ENROLLED


class Evaluation(models.Model):
    """A trainee's evaluation at one of Kirkpatrick's four levels, scored 1 (poor) to 5."""

    class Level(models.IntegerChoices):
        REACTION = 1, "1. Reaction: was it worthwhile?"
        LEARNING = 2, "2. Learning: did they gain the skills?"
        BEHAVIOUR = 3, "3. Behaviour: do they use them at work?"
        RESULTS = 4, "4. Results: did care or services improve?"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evaluations")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recorded_on = models.DateField()
    comment = models.TextField(blank=True)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "level"], name="one_score_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: Kirkpatrick level {self.level}"

    @property
    def provider_id(self) -> int:
        """The organisation the evaluation belongs to: its programme's (for permissions)."""
        return self.enrolment.cohort.programme.provider_id


class DosingTarget(SoftDeletable):
    """How much of a group should have had a programme: a share each year (the introduction
    for 10-20 % of all staff a year) or a share ever (every manager through the practitioner
    programme)."""

    class Basis(models.TextChoices):
        PER_YEAR = dosing.PER_YEAR, "completed in the last 12 months"
        EVER = "ever", "completed at any time"

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dosing_targets"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    role_group = models.CharField(
        max_length=80, blank=True, help_text="Leave empty for every role group"
    )
    managers_only = models.BooleanField(default=False)
    unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Leave empty for the whole organisation",
    )
    percent = models.DecimalField(
        "target %",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.EVER)

    history = HistoricalRecords(bases=[Versioned])

    class Meta:
        ordering = ["programme__tier", "id"]

    def __str__(self) -> str:
        share = percent(float(self.percent))  # 15.0 reads as 15%
        return f"{share} of {self.audience} {self.get_basis_display()}: {self.programme}"

    @property
    def audience(self) -> str:
        who = self.role_group.lower() if self.role_group else "all staff"
        if self.managers_only:
            who = "managers" if not self.role_group else f"{who} managers"
        return f"{who} in {self.unit}" if self.unit_id else who


class CoachingLog(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="coaching_logs")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_logs"
    )
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.coach} coached {self.project} on {self.date}"


class Sharing(models.Model):
    """Whether an organisation shows its capability summary (coverage, coaches, its plan) to
    the other organisations of its integrated care system. Private unless it chooses."""

    provider = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="capability_sharing"
    )
    shared_with_system = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.provider}: {'shared' if self.shared_with_system else 'private'}"
