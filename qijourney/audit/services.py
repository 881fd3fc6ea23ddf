"""Writing the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from django.db import models

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
) -> AuditEvent:
    """Record one change; ``changes`` maps a field to ``[before, after]``.

    ``action`` is one of :class:`AuditEvent.Action`: a bare string is refused, so the trail
    only ever holds actions it can name.
    """
    if not isinstance(action, AuditEvent.Action):
        raise TypeError(f"Audit actions are AuditEvent.Action members, not {action!r}")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=subject_type or (subject._meta.label if subject is not None else ""),
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=(label or str(subject))[:300] if subject is not None or label else "",
        provider=provider,
        changes=changes or {},
    )


def update_and_record(
    *, actor, instance: models.Model, fields: dict, provider, version: str = ""
) -> dict:
    """Set ``fields`` on ``instance``, validate and save it, and audit what changed.

    "Before" is what the database holds, not the instance: a bound model form has already
    written its values into the instance it was given. With ``version`` (what the person
    read), a row changed since is refused with :class:`EditConflict`, the row locked while
    it is compared and saved. Call inside the caller's transaction. Returns the changes
    recorded (empty: nothing changed).
    """
    from django.forms.models import model_to_dict

    rows = type(instance)._default_manager.filter(pk=instance.pk).order_by()
    stored = (rows.select_for_update(of=("self",)) if version else rows).first()
    if version and stored is not None and version_of(stored) != version:
        raise EditConflict(stored)
    before = model_to_dict(stored if stored is not None else instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = changes_between(before, model_to_dict(instance))
    if changes:
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            subject=instance,
            provider=provider,
            changes=changes,
        )
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
