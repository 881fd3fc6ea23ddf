"""Undo, through the services of the app each item belongs to (which ask the permission and
write the version and its audit event in one transaction)."""

from __future__ import annotations

from qijourney.measures import services as measure_services
from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import Person
from qijourney.projects import services as project_services


def _services(item):
    if isinstance(item, Measure | DataPoint):
        return measure_services
    return project_services


def delete(*, actor: Person, item) -> None:
    _services(item).delete_item(actor=actor, item=item)


def restore(*, actor: Person, item) -> None:
    _services(item).restore_item(actor=actor, item=item)


def restore_version(*, actor: Person, item, row, version: str = "") -> dict:
    return _services(item).restore_item_version(actor=actor, item=item, row=row, version=version)
