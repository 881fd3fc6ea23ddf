"""Reads for History and Recently deleted: versions from the historical tables, each with
the audit event it was part of; items cut to the person's organisation like every read."""

from __future__ import annotations

from django.http import Http404

from qijourney.audit.history import restorable_since
from qijourney.audit.selectors import Version, names, restoring, version, versions
from qijourney.domain.constants import HISTORY_PAGE_VERSIONS
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import can, require, scoped
from qijourney.web.history.kinds import DELETABLE, KINDS, Kind


def item(person: Person, kind: Kind, pk: int, *, deleted: bool = False):
    """The item (live, or deleted within the retention period) if the person may see it and
    undo its changes: another organisation's is not found, a refusal says why."""
    manager = kind.model.all_objects if deleted else kind.model.objects
    rows = scoped(manager.all(), person, kind.scope)
    if deleted:
        rows = within_a_live_parent(kind, rows.filter(deleted_at__gte=restorable_since()))
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {kind.noun}")
    require(person, kind.permission, owner(kind, found))
    return found


def within_a_live_parent(kind: Kind, rows):
    """Deleted rows whose parents are live: a part of a deleted item comes back with it,
    never on its own into an item that is not there."""
    for parent in getattr(kind.model, "LIVE_THROUGH", ()):
        rows = rows.filter(**{f"{parent}__deleted_at__isnull": True})
    return rows


def owner(kind: Kind, found):
    return getattr(found, kind.owner) if kind.owner else found


def deleted(person: Person) -> list[tuple[Kind, object]]:
    """Items deleted within the retention period that the person may restore, newest
    first; a part of a deleted item shows only when the item itself is live."""
    found = []
    since = restorable_since()
    for kind in DELETABLE:
        rows = scoped(kind.model.all_objects.all(), person, kind.scope).filter(
            deleted_at__gte=since
        )
        rows = within_a_live_parent(kind, rows).order_by("-deleted_at")
        for row in rows[:HISTORY_PAGE_VERSIONS]:
            if can(person, kind.permission, owner(kind, row)):
                found.append((kind, row))
    found.sort(key=lambda pair: pair[1].deleted_at, reverse=True)
    return found


def kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404("No such kind of item")
    return KINDS[slug]


def item_versions(kind: Kind, found, page: int = 1) -> tuple[list[Version], bool, set]:
    """One page of the item's versions (``HISTORY_PAGE_VERSIONS``, newest first), whether
    there are older ones, and which items (model label, id) have a newer version on an
    earlier page (their versions here are not what is saved now)."""
    skip = (page - 1) * HISTORY_PAGE_VERSIONS
    # The newer pages are read anyway (each source is read newest first up to the page).
    found_versions = versions(
        kind.model, found.pk, kind.parts, limit=skip + HISTORY_PAGE_VERSIONS + 1
    )
    newer = {(v.row.instance_type._meta.label, v.row.id) for v in found_versions[:skip]}
    shown = found_versions[skip : skip + HISTORY_PAGE_VERSIONS]
    return shown, len(found_versions) > skip + HISTORY_PAGE_VERSIONS, newer


__all__ = ["Version", "deleted", "item", "item_versions", "kind", "names", "restoring", "version"]
