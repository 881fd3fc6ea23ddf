"""One row per change anyone makes, written in the same transaction as the change."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_OUT = "sign_out", "Signed out"
        IMPORT = "import", "Imported"
        RESTORE = "restore", "Restored"
        PURGE = "purge", "Removed for good"

    when = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # What changed, named loosely so the trail outlives the rows it describes.
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=300, blank=True)
    provider = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject_label}"


class Versioned(models.Model):
    """The base of every historical row (django-simple-history's, one per save): the row holds
    the item's whole snapshot, and ``audit_event`` the change it was part of, so the history
    and the audit trail are one log (decision 9)."""

    audit_event = models.ForeignKey(
        AuditEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class LiveManager(models.Manager):
    """Rows not deleted (nor inside a deleted parent, named by the model's ``LIVE_THROUGH``):
    the default manager, so a deleted item leaves every page, list, report and count."""

    def get_queryset(self):
        rows = super().get_queryset().filter(deleted_at__isnull=True)
        for parent in getattr(self.model, "LIVE_THROUGH", ()):
            # A missing parent (a board metric has no project) joins as null: still live.
            rows = rows.filter(**{f"{parent}__deleted_at__isnull": True})
        return rows


class SoftDeletable(models.Model):
    """Deleting marks the row (``deleted_at``); it may be restored within
    ``domain.constants.RESTORE_DAYS`` and is removed for good after that."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
