"""System -> organisation -> directorate -> team, the people in them and their strategy."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models


class Organisation(models.Model):
    """A node of the tree. ``provider`` is the organisation-level node above (or itself): the
    unit that owns data and decides who sees it."""

    class Kind(models.TextChoices):
        SYSTEM = "system", "Integrated care system"
        ORGANISATION = "organisation", "Organisation"
        DIRECTORATE = "directorate", "Directorate"
        TEAM = "team", "Team or ward"
        PRIMARY_CARE_NETWORK = "pcn", "Primary care network"
        PRACTICE = "practice", "GP practice"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    provider = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    code = models.CharField("ODS code", max_length=20, blank=True)
    improvement_vision = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        allowed_parent = {
            self.Kind.SYSTEM: (None,),
            self.Kind.ORGANISATION: (self.Kind.SYSTEM, None),
            self.Kind.DIRECTORATE: (self.Kind.ORGANISATION,),
            self.Kind.TEAM: (self.Kind.DIRECTORATE, self.Kind.ORGANISATION),
            self.Kind.PRIMARY_CARE_NETWORK: (self.Kind.SYSTEM,),
            self.Kind.PRACTICE: (self.Kind.PRIMARY_CARE_NETWORK, self.Kind.SYSTEM),
        }[self.kind]
        parent_kind = self.parent.kind if self.parent else None
        if parent_kind not in allowed_parent:
            raise ValidationError(
                {
                    "parent": f"A {self.get_kind_display().lower()} cannot sit "
                    f"under {parent_kind or 'nothing'}"
                }
            )

    @property
    def owns_data(self) -> bool:
        """A trust, or a GP practice (an independent contractor): its own data and sharing."""
        return self.kind in PROVIDER_KINDS

    def save(self, *args, **kwargs):
        if self.kind in PROVIDER_KINDS:
            self.provider = None if self.pk is None else self
        elif self.parent is not None:
            self.provider = self.parent.provider
        else:
            self.provider = None
        super().save(*args, **kwargs)
        if self.kind in PROVIDER_KINDS and self.provider_id != self.pk:
            Organisation.objects.filter(pk=self.pk).update(provider=self)
            self.provider = self


PROVIDER_KINDS = (Organisation.Kind.ORGANISATION, Organisation.Kind.PRACTICE)


class SystemSharing(models.Model):
    """What an organisation shows the rest of its integrated care system beyond its capability
    summary, its self-assessment rounds and its indicators (each decided where it is kept):
    its portfolio rolled up, and its learning library stories. Private unless it chooses."""

    provider = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="system_sharing"
    )
    portfolio = models.BooleanField(
        "Share our portfolio rolled up (projects by priority, phase and score)", default=False
    )
    stories = models.BooleanField(
        "Share our learning library stories and name us where our ideas spread", default=False
    )

    def __str__(self) -> str:
        return f"{self.provider}: what it shares with its system"


class StrategicPriority(models.Model):
    """An organisation's improvement priority ("true north" theme); projects link to one."""

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="priorities",
        limit_choices_to={"kind": Organisation.Kind.ORGANISATION},
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["provider", "order", "title"]
        verbose_name_plural = "strategic priorities"

    def __str__(self) -> str:
        return self.title


class ProgressScaleLevel(models.Model):
    """One level of an organisation's progress scale; organisations may word them their way."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="progress_levels"
    )
    score = models.DecimalField(max_digits=3, decimal_places=1)
    label = models.CharField(max_length=120)

    class Meta:
        ordering = ["provider", "score"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "score"], name="one_label_per_score")
        ]

    def __str__(self) -> str:
        return f"{self.score} {self.label}"


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A person needs an email address to sign in")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: staff, a patient or carer partner, a board member."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The organisation this person belongs to (empty for system-wide staff)",
    )
    unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text="Directorate or team they work in",
    )
    is_patient_partner = models.BooleanField("patient or carer partner", default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("can use the admin area", default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = PersonManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_role(self, *roles: str) -> bool:
        return self.roles.filter(role__in=roles).exists()


class Role(models.TextChoices):
    BOARD_MEMBER = "board_member", "Board member"
    EXECUTIVE_LEAD = "executive_lead", "Executive lead for improvement"
    SPONSOR = "sponsor", "Sponsor"
    COACH = "coach", "QI coach"
    IMPROVEMENT_ADVISOR = "improvement_advisor", "Improvement advisor"
    CENTRAL_QI_TEAM = "central_qi_team", "Central QI team"
    PROJECT_LEAD = "project_lead", "Project lead"
    MEMBER = "member", "Project member"
    PATIENT_PARTNER = "patient_partner", "Patient or carer partner"


class RoleAssignment(models.Model):
    """A role a person holds in their organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="role_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"
