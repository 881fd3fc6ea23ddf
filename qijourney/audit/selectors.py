"""Reading versions: an item's historical rows, each with the row before it and what
changed between them (the same computation the audit trail's changes come from)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404

from qijourney.audit import history
from qijourney.domain.constants import HISTORY_PAGE_VERSIONS


@dataclass
class Version:
    """One version of one item: the historical row, the row before it, what changed."""

    row: object
    before: object | None
    changes: dict

    @property
    def event(self):
        return self.row.audit_event


def versions(
    model, pk: int, parts=(), *, limit: int = HISTORY_PAGE_VERSIONS, skip: int = 0
) -> list[Version]:
    """The versions of ``model`` row ``pk`` and of its parts (``(model, field naming it)``:
    a project's boxes and cycles, a measure's points), newest first, each with its changes
    read from it and the version before; ``skip`` the newest first (a page of older ones)."""
    sources = [(model, "id"), *((part, f"{name}_id") for part, name in parts)]
    found_versions: list[Version] = []
    for source, link in sources:
        rows = list(
            source.history.filter(**{link: pk})
            .select_related("history_user", "audit_event")
            .order_by("-history_id")[: skip + limit]
        )
        found_versions += _paired(source, rows)
    found_versions.sort(key=lambda v: (v.row.history_date, v.row.history_id), reverse=True)
    return found_versions[skip : skip + limit]


def version(found, version_pk: int) -> Version:
    """One version of the item itself (not of its parts), or not found."""
    rows = list(found.history.filter(history_id__lte=version_pk).order_by("-history_id")[:2])
    if not rows or rows[0].history_id != version_pk:
        raise Http404("No such version")
    before = rows[1] if len(rows) > 1 else None
    return Version(rows[0], before, history.changes(before, rows[0]))


def restoring(found, chosen: Version) -> Version:
    """What restoring ``chosen`` would change: from the item's newest version (what is
    saved now) to the chosen one, leaving deletion alone."""
    now = found.history.order_by("-history_id").first()
    will_change = history.changes(now, chosen.row)
    will_change.pop("deleted_at", None)
    return Version(chosen.row, now, will_change)


def _paired(model, rows: list) -> list[Version]:
    """Each row with the row before it of the same item. ``rows`` are the newest of the
    model's rows here, so every row before the oldest of them is older than all of them:
    one query finds each item's."""
    by_item: dict[int, list] = {}
    for row in rows:
        by_item.setdefault(row.id, []).append(row)  # newest first
    earlier = {}
    if rows:
        last = (
            model.history.filter(id__in=list(by_item), history_id__lt=rows[-1].history_id)
            .values("id")
            .annotate(last=Max("history_id"))
            .values_list("last", flat=True)
        )
        earlier = {row.id: row for row in model.history.filter(history_id__in=list(last))}
    paired = []
    for item_id, found in by_item.items():
        chain = [*found, earlier.get(item_id)]
        for row, before in zip(found, chain[1:], strict=True):
            paired.append(Version(row, before, history.changes(before, row)))
    return paired


def names(found_versions: list[Version]) -> dict[tuple[str, int], str]:
    """What the ids in the versions' changes name (a unit, a lead, a linked box), by
    (model label, id), for the presenter to say in words."""
    wanted: dict = {}
    for entry in found_versions:
        model = entry.row.instance_type
        for name, values in entry.changes.items():
            field = model._meta.get_field(name)
            if not field.is_relation:
                continue
            for value in values:
                for part in (value or "").split(", "):
                    if part.isdigit():
                        wanted.setdefault(field.related_model, set()).add(int(part))
    labels = {}
    for model, ids in wanted.items():
        manager = getattr(model, "all_objects", model._base_manager)
        for obj in manager.filter(pk__in=ids):
            labels[(model._meta.label, obj.pk)] = str(obj)
    return labels
