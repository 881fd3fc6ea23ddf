"""Writing the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone

from qijourney.audit import history
from qijourney.audit.history import restorable_since
from qijourney.audit.models import AuditEvent
from qijourney.audit.versions import EditConflict, version_of


def record(
    *,
    actor,
    action: AuditEvent.Action,
    subject: models.Model | None = None,
    subject_type: str = "",
    provider=None,
    changes: dict | None = None,
    label: str = "",
    versions: list | None = None,
    whole_write: bool = False,
) -> AuditEvent:
    """Record one change; ``changes`` maps a field to ``[before, after]``.

    ``action`` is one of :class:`AuditEvent.Action`: a bare string is refused, so the trail
    only ever holds actions it can name.

    When ``subject`` is versioned, the version this write saved of it is linked to the event
    and the event's changes are read from that version and the one before (what ``changes``
    names beyond the item's own fields, such as its team, is kept beside them). ``versions``
    are historical rows a bulk write made (linked, their changes summarised by ``changes``);
    ``whole_write`` links every row the write saved (a purge's cascade).
    """
    if not isinstance(action, AuditEvent.Action):
        raise TypeError(f"Audit actions are AuditEvent.Action members, not {action!r}")
    changes = dict(changes or {})
    linked = list(versions or [])
    if whole_write:
        linked += history.take_all()
    elif subject is not None and history.is_versioned(type(subject)):
        rows = history.take(subject)
        if rows:
            version, before = history.one_version(rows)
            changes.update(history.changes(before, version))
            linked.append(version)
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=subject_type or (subject._meta.label if subject is not None else ""),
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=(label or str(subject))[:300] if subject is not None or label else "",
        provider=provider,
        changes=changes,
    )
    history.link(linked, event, actor)
    return event


def link_rest(*, event: AuditEvent | None, actor) -> None:
    """The versions the write saved beside its subject (a project's team, moved with its
    lead) are part of ``event``: linked to it, so none is left outside the log."""
    rows = history.take_all()
    if event is not None and rows:
        history.link(rows, event, actor)


def latest_event(instance: models.Model) -> AuditEvent | None:
    """The event the item's newest version is part of (the one its write just recorded)."""
    row = instance.history.order_by("-history_id").first()
    return row.audit_event if row is not None else None


class Gone(Http404):
    """The item was deleted (or restored) by someone else after this request read it: what
    the request would change is not there any more, so it is not found, as on a reload."""


def live(instance: models.Model, *, deleted: bool = False) -> models.Model:
    """``instance`` as stored now, read and locked inside the caller's transaction: live (or,
    with ``deleted``, deleted), else :class:`Gone`. A write that starts from a copy read
    before the transaction (every request's) asks this first, so it never brings a deleted
    item back, adds to it unseen, or deletes or restores it twice."""
    model = type(instance)
    rows = (model.all_objects if deleted else model._default_manager).filter(pk=instance.pk)
    if deleted:
        rows = rows.filter(deleted_at__isnull=False)
    found = rows.order_by().select_for_update(of=("self",)).first()
    if found is None:
        noun = model._meta.verbose_name
        state = "restored" if deleted else "deleted"
        raise Gone(f"The {noun} “{instance}” was {state} by someone else just now")
    return found


def update_and_record(
    *,
    actor,
    instance: models.Model,
    fields: dict,
    provider,
    version: str = "",
    action: AuditEvent.Action = AuditEvent.Action.UPDATE,
) -> dict:
    """Set ``fields`` on ``instance``, validate and save it, and audit what changed.

    "Before" is what the database holds, not the instance: a bound model form has already
    written its values into the instance it was given. With ``version`` (what the person
    read), a row changed since is refused with :class:`EditConflict`, the row locked while
    it is compared and saved. Call inside the caller's transaction. Returns the changes
    recorded (empty: nothing changed, and nothing is saved, so no version is made).
    """
    from django.forms.models import model_to_dict

    rows = type(instance)._default_manager.filter(pk=instance.pk).order_by()
    stored = (rows.select_for_update(of=("self",)) if version else rows).first()
    if stored is None and instance.pk is not None and hasattr(instance, "deleted_at"):
        live(instance)  # deleted since the request read it: Gone, never saved back to life
    if version and stored is not None and version_of(stored) != version:
        raise EditConflict(stored)
    before = model_to_dict(stored if stored is not None else instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = changes_between(before, model_to_dict(instance))
    if changes:
        instance.save()
        # A versioned item's changes are read from its versions; others' from its fields.
        versioned = history.is_versioned(type(instance))
        changes = record(
            actor=actor,
            action=action,
            subject=instance,
            provider=provider,
            changes=None if versioned else changes,
        ).changes
    return changes


def changes_between(before: dict, after: dict) -> dict:
    """Fields whose values differ, as ``{field: [before, after]}`` with text values."""
    return {
        key: [_text(before.get(key)), _text(value)]
        for key, value in after.items()
        if _text(before.get(key)) != _text(value)
    }


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


# Undo. Each writes a version and its audit event like any change; the app's service asks
# the permission (the same rule as changing the item) before it calls one of these.


def soft_delete(*, actor, instance: models.Model, provider, label: str = "") -> AuditEvent:
    """Mark ``instance`` deleted: it leaves every page until restored or removed for good.
    Once only: a second delete of a copy read before the first is :class:`Gone`. The
    version is taken of the row as stored, never of the request's older copy."""
    stored = live(instance)
    stored.deleted_at = instance.deleted_at = timezone.now()
    stored.save(update_fields=["deleted_at"])
    return record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        subject=stored,
        provider=provider,
        label=label,
    )


def undelete(*, actor, instance: models.Model, provider, label: str = "") -> AuditEvent:
    """Bring back a deleted item, within the retention period (once: a second restore of a
    copy read before the first is :class:`Gone`), from the row as stored."""
    if instance.deleted_at is None:
        raise ValidationError(f"{label or instance} is not deleted")
    stored = live(instance, deleted=True)
    if stored.deleted_at < restorable_since():
        raise ValidationError(f"{label or instance} was deleted too long ago to restore")
    stored.deleted_at = instance.deleted_at = None
    stored.full_clean()  # a point restored onto a date that has a new point is refused
    stored.save(update_fields=["deleted_at"])
    return record(
        actor=actor,
        action=AuditEvent.Action.RESTORE,
        subject=stored,
        provider=provider,
        label=label,
    )


def restore_version(
    *, actor, instance: models.Model, row, provider, version: str = "", keep: tuple = ()
) -> dict:
    """Write the values of ``row`` (one of ``instance``'s versions) back: a new version,
    audited as a restore. With ``version`` (what the person saw), refused with EditConflict
    when the item changed since. ``keep``: fields (attnames) left as they are now, those
    with an undo of their own. Returns what changed."""
    fields = history.snapshot_fields(row)
    for name in ("deleted_at", *keep):  # restoring a version does not delete or undelete
        fields.pop(name, None)
    relinked = False
    for field in row._history_m2m_fields:  # the links first: one version for the restore
        manager = getattr(instance, field.name)
        ids = history.m2m_ids(row, field)
        still_there = set(manager.model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if still_there != set(manager.values_list("pk", flat=True)):
            manager.set(sorted(still_there))
            relinked = True
    changes = update_and_record(
        actor=actor,
        instance=instance,
        fields=fields,
        provider=provider,
        version=version,
        action=AuditEvent.Action.RESTORE,
    )
    if relinked and not changes:
        changes = record(
            actor=actor, action=AuditEvent.Action.RESTORE, subject=instance, provider=provider
        ).changes
    if not changes:
        raise ValidationError("That version is the same as what is saved now")
    return changes


def delete_and_record(
    *,
    actor,
    instance: models.Model,
    provider,
    action: AuditEvent.Action = AuditEvent.Action.DELETE,
    label: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Delete ``instance`` (and what goes with it) and record it: the event names the item
    by the id it had, and holds the last version of it and of everything deleted with it."""
    label, pk, subject_type = label or str(instance), instance.pk, instance._meta.label
    instance.delete()
    event = record(
        actor=actor,
        action=action,
        subject_type=subject_type,
        provider=provider,
        label=label,
        changes=changes,
        whole_write=True,
    )
    event.subject_id = str(pk)
    event.save(update_fields=["subject_id"])
    return event


def purge(*, actor, instance: models.Model, provider, label: str = "") -> AuditEvent:
    """Remove a deleted item for good (and what it holds); its versions stay, linked to
    the event that says so."""
    return delete_and_record(
        actor=actor,
        instance=instance,
        provider=provider,
        action=AuditEvent.Action.PURGE,
        label=label,
    )


# The admin area (the central QI team's). Its saves and deletes go into the same log as every
# page's and the API's: the admin's own LogEntry is not written (audit/admin.py).

# Never shown in the trail: a password's hash, and sign-in bookkeeping.
HIDDEN = {"password": "(hidden)", "last_login": None}


def stored_fields(instance: models.Model) -> dict | None:
    """What the database holds of ``instance`` now (None: not saved yet), read before a form
    writes its values into it."""
    from django.forms.models import model_to_dict

    if instance.pk is None:
        return None
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    return None if stored is None else model_to_dict(stored)


def admin_saved(
    *, actor, instance: models.Model, before: dict | None, changes: dict | None = None
) -> AuditEvent:
    """Audit an admin save of ``instance`` (``before``: :func:`stored_fields` read before the
    save; None, an addition). A versioned item's changes come from its version; others' from
    its fields."""
    from django.forms.models import model_to_dict

    versioned = history.is_versioned(type(instance))
    if changes is None and not versioned:
        changes = changes_between(before or {}, model_to_dict(instance))
        if before is None:
            changes = {k: v for k, v in changes.items() if v[1] not in (None, "", "False", "[]")}
        changes = _hide(changes)
    return record(
        actor=actor,
        action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        subject=instance,
        provider=provider_of(instance),
        changes=changes,
    )


def admin_delete(*, actor, instance: models.Model) -> AuditEvent:
    """Delete through the admin: an item that can be restored is soft deleted, as on its page;
    anything else is deleted, and its last values kept in the event (and its versions)."""
    from django.forms.models import model_to_dict

    provider = provider_of(instance)
    if hasattr(type(instance), "all_objects") and hasattr(instance, "deleted_at"):
        return soft_delete(actor=actor, instance=instance, provider=provider)
    gone = _hide(
        {
            key: [value, None]
            for key, [_, value] in changes_between({}, model_to_dict(instance)).items()
            if value not in (None, "", "False", "[]")
        }
    )
    return delete_and_record(actor=actor, instance=instance, provider=provider, changes=gone)


def provider_of(instance: models.Model):
    """The organisation an item belongs to, through what holds it (named by its label: the
    audit trail sits below the organisations app)."""
    organisation = "organisations.Organisation"
    if instance._meta.label == organisation:
        return instance.provider or instance
    for path in (
        "provider",
        "project.provider",
        "measure.provider",
        "round.provider",
        "programme.provider",
        "cohort.programme.provider",
        "enrolment.cohort.programme.provider",
        "person.provider",
        "report.provider",
        "framework.provider",
    ):
        found = instance
        try:
            for name in path.split("."):
                found = getattr(found, name)
        except (AttributeError, models.ObjectDoesNotExist):
            continue
        if isinstance(found, models.Model) and found._meta.label == organisation:
            return found
    return None


def _hide(changes: dict) -> dict:
    for name, shown in HIDDEN.items():
        if name in changes:
            if shown is None:
                del changes[name]
            else:
                changes[name] = [shown if v is not None else None for v in changes[name]]
    return changes
