"""Versions of items, kept by django-simple-history, and their link to the audit trail.

Every save of a versioned model writes a historical row (the whole snapshot). The service's
``record()`` then links the rows its write made to the one ``AuditEvent`` it writes, and the
event's ``changes`` are computed from those rows and the version before: the trail and the
history cannot disagree, because one is read from the other (decision 9).

Which rows a write made: each row saved is noted against the outermost transaction open when
it was saved (a service's ``@transaction.atomic``; a test's own transaction does not count).
``record()`` takes only the subject's rows noted against the transaction it runs in, so a row
saved earlier, outside any service (a fixture, the demo's bulk set-up), never joins a change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading

from django.db import connections, models
from django.utils import timezone

from qijourney.domain.constants import RESTORE_DAYS

# Never part of what changed: bookkeeping, not what a person entered.
IGNORED = {"id", "created", "updated"}

_counter = itertools.count(1)
_local = threading.local()


def _write_marker(using: str = "default") -> int | None:
    """The outermost transaction that is not a test case's, numbered once."""
    for block in connections[using].atomic_blocks:
        if getattr(block, "_from_testcase", False):
            continue
        if not hasattr(block, "_qijourney_write"):
            block._qijourney_write = next(_counter)
        return block._qijourney_write
    return None


def _pending(marker: int | None) -> list:
    """The rows noted in the write ``marker``; those of writes that have ended are never
    taken, so they are forgotten when another begins."""
    if getattr(_local, "marker", None) != marker:
        _local.marker, _local.rows = marker, []
    return _local.rows


def note(sender, history_instance, using=None, **kwargs) -> None:
    """simple_history's post_create_historical_record: remember the row for ``record()``."""
    marker = _write_marker(using or "default")
    if marker is not None:
        _pending(marker).append(history_instance)


def is_versioned(model) -> bool:
    return hasattr(model, "history") and hasattr(model._meta, "simple_history_manager_attribute")


def take(subject: models.Model) -> list:
    """The historical rows of ``subject`` saved in the current write, oldest first; they are
    no longer pending."""
    rows = _pending(_write_marker())
    mine = [row for row in rows if row.instance_type is type(subject) and _pk(row) == subject.pk]
    rows[:] = [row for row in rows if all(row is not x for x in mine)]
    return mine


def take_all() -> list:
    """Every historical row saved in the current write (a purge's cascade)."""
    rows = _pending(_write_marker())
    mine = list(rows)
    rows.clear()
    return mine


def one_version(rows: list):
    """A write is one version: the rows one write saved of one item become its last, which
    keeps the first's kind (created, changed, deleted). Returns (version, the one before)."""
    model = type(rows[-1])
    # As stored (a decimal entered as 15 is kept as 15.0), so the changes read are the
    # same whenever they are read again.
    latest = model.objects.get(pk=rows[-1].pk)
    if len(rows) > 1:
        model.objects.filter(pk__in=[r.pk for r in rows[:-1]]).delete()
        latest.history_type = "+" if rows[0].history_type == "+" else latest.history_type
    before = (
        model.objects.filter(**{_pk_name(latest): _pk(latest)}, history_id__lt=rows[0].history_id)
        .order_by("-history_id")
        .first()
    )
    return latest, before


def link(rows: list, event, actor) -> None:
    """Mark the rows as part of ``event``, made by ``actor``."""
    for row in rows:
        row.audit_event = event
        row.history_user = actor if getattr(actor, "is_authenticated", False) else None
        row.save(update_fields=["audit_event", "history_user", "history_type"])


def changes(before, after) -> dict:
    """``{field: [before, after]}`` (text, as the audit trail stores it) between two
    historical rows of one item; ``before`` None: a new item, its non-empty fields."""
    found = {}
    for field in after.tracked_fields:
        if field.name in IGNORED:
            continue
        old = _text(getattr(before, field.attname)) if before is not None else None
        new = _text(getattr(after, field.attname))
        if before is None and new in (None, "", "False"):
            continue
        if old != new:
            found[field.name] = [old, new]
    for field in after._history_m2m_fields:
        old = _m2m_text(before, field) if before is not None else None
        new = _m2m_text(after, field)
        if old != new and not (before is None and not new):
            found[field.name] = [old, new]
    return found


def snapshot_fields(row) -> dict:
    """What restoring ``row`` writes back: its editable fields, by attname."""
    return {
        field.attname: getattr(row, field.attname)
        for field in row.tracked_fields
        if field.editable and field.name not in IGNORED and field.name != "provider"
    }


def m2m_ids(row, field) -> list[int]:
    from simple_history.utils import get_m2m_reverse_field_name

    target = get_m2m_reverse_field_name(field)
    return sorted(getattr(row, field.name).values_list(f"{target}_id", flat=True))


def _m2m_text(row, field) -> str | None:
    ids = m2m_ids(row, field)
    return ", ".join(str(i) for i in ids) if ids else None


def _pk_name(row) -> str:
    return row.instance_type._meta.pk.attname


def _pk(row):
    return getattr(row, _pk_name(row))


def _text(value) -> str | None:
    return None if value is None else str(value)


def bulk_versions(
    objs: list,
    *,
    event,
    actor,
    update: bool = False,
    deleted: bool = False,
    batch_size: int = 2000,
):
    """One version of each of ``objs`` (saved, or with ``deleted`` removed, in bulk, so no
    signal ran), part of ``event``: a bulk write is versioned item by item at the cost of one
    insert a batch. A deleted item's version is its last, as simple_history's delete signal
    writes it (history_type "-")."""
    if not objs:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    history = type(objs[0]).history
    if not deleted:
        return history.bulk_history_create(
            objs,
            batch_size=batch_size,
            update=update,
            default_user=user,
            custom_historical_attrs={"audit_event": event},
        )
    when = timezone.now()
    rows = [
        history.model(
            history_date=when,
            history_user=user,
            history_change_reason="",
            history_type="-",
            audit_event=event,
            **{
                field.attname: getattr(obj, field.attname) for field in history.model.tracked_fields
            },
        )
        for obj in objs
    ]
    return history.model.objects.bulk_create(rows, batch_size=batch_size)


def bulk_delete(queryset, *, batch_size: int = 2000) -> list:
    """Delete the rows of ``queryset`` in a statement a batch, without the delete signal
    each row would send (and the version it would write one at a time): for a model nothing
    else points at. Returns the rows as they were, for :func:`bulk_versions` (deleted)."""
    rows = list(queryset.order_by("pk"))
    model = queryset.model
    for start in range(0, len(rows), batch_size):
        batch = model._base_manager.filter(pk__in=[r.pk for r in rows[start : start + batch_size]])
        # Django's own fast path for a delete with no signals or cascades (QuerySet.delete
        # takes it when no post_delete receiver listens; simple_history's does).
        batch._raw_delete(batch.db)
    return rows


def restorable_since():
    """Items deleted before this moment are past the retention period."""
    return timezone.now() - dt.timedelta(days=RESTORE_DAYS)


def first_versions(models_to_version, *, batch_size: int = 2000) -> int:
    """A "created" version of every row of the models that has none yet, in bulk (the demo,
    after building with bulk inserts; like simple_history's populate_history)."""
    made = 0
    for model in models_to_version:
        versioned = model.history.values("id")
        rows = list(model._base_manager.exclude(pk__in=versioned))
        made += len(model.history.bulk_history_create(rows, batch_size=batch_size) or [])
    return made


def versioned_models() -> list:
    from django.apps import apps

    return [model for model in apps.get_models() if is_versioned(model)]
