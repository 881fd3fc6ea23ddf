"""Writes that start from a copy read before someone else deleted or restored the item (two
people, or twenty pipelines, at once): each is refused as not found, never a crash, and never
brings a deleted item back or adds to it unseen. The page and API views read the item before
the service's transaction begins, so the copies here stand for what a request holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from qijourney.audit.models import AuditEvent
from qijourney.measures import services as measure_services
from qijourney.measures.models import DataPoint, Measure
from qijourney.projects import services as project_services
from qijourney.projects.models import PDSACycle, Project
from tests.factories import MeasureFactory


def deleted_behind(item, actor):
    """A copy of ``item`` as a request read it, then the item deleted by someone else."""
    stale = type(item).all_objects.get(pk=item.pk)
    services = measure_services if isinstance(item, Measure | DataPoint) else project_services
    services.delete_item(actor=actor, item=type(item).all_objects.get(pk=item.pk))
    return stale


def test_an_edit_of_a_project_deleted_meanwhile_is_not_found_and_keeps_it_deleted(
    project_a, nurse_a
):
    stale = deleted_behind(project_a, nurse_a)
    with pytest.raises(Http404):
        project_services.update_project(actor=nurse_a, project=stale, fields={"title": "Back?"})
    assert Project.all_objects.get(pk=project_a.pk).deleted_at is not None
    assert not Project.objects.filter(pk=project_a.pk).exists()


def test_an_edit_of_a_measure_deleted_meanwhile_is_not_found(project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    stale = deleted_behind(measure, nurse_a)
    with pytest.raises(Http404):
        measure_services.update_measure(actor=nurse_a, measure=stale, fields={"name": "Back?"})
    assert Measure.all_objects.get(pk=measure.pk).deleted_at is not None


def test_points_sent_to_a_measure_deleted_meanwhile_are_refused(project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    stale = deleted_behind(measure, nurse_a)
    rows = [{"date": dt.date(2026, 1, 5), "value": 3.0}]
    with pytest.raises(Http404):
        measure_services.import_points(actor=nurse_a, measure=stale, rows=rows, source="API")
    with pytest.raises(Http404):
        measure_services.save_point(actor=nurse_a, measure=stale, date=dt.date(2026, 2, 2), value=1)
    assert not DataPoint.all_objects.filter(measure_id=measure.pk).exists()


def test_a_cycle_of_a_project_deleted_meanwhile_is_not_saved(project_a, nurse_a):
    cycle = project_services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        fields={"title": "Huddle", "ramp": "A", "number": 1, "start_date": dt.date(2026, 1, 5)},
    )
    stale_project = deleted_behind(project_a, nurse_a)
    with pytest.raises(Http404):
        project_services.save_pdsa(
            actor=nurse_a, project=stale_project, fields={"title": "Again"}, cycle=cycle
        )
    assert PDSACycle.all_objects.get(pk=cycle.pk).title == "Huddle"


def test_deleting_twice_or_restoring_twice_makes_one_version_and_one_event(project_a, nurse_a):
    first, second = (Project.objects.get(pk=project_a.pk) for _ in range(2))
    project_services.delete_item(actor=nurse_a, item=first)
    with pytest.raises(Http404):
        project_services.delete_item(actor=nurse_a, item=second)
    first, second = (Project.all_objects.get(pk=project_a.pk) for _ in range(2))
    project_services.restore_item(actor=nurse_a, item=first)
    with pytest.raises(Http404):
        project_services.restore_item(actor=nurse_a, item=second)
    events = AuditEvent.objects.filter(subject_type="projects.Project", subject_id=project_a.pk)
    actions = sorted(
        events.exclude(action=AuditEvent.Action.CREATE).values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.DELETE, AuditEvent.Action.RESTORE]
    assert project_a.history.count() == 3  # created, deleted, restored
