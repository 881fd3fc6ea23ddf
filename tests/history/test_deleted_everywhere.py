"""A deleted item leaves the counts too, also those made by joining through it (a join
does not go through the default manager that hides deleted rows)."""

from __future__ import annotations

from qijourney.organisations.models import StrategicPriority
from qijourney.projects import selectors, services
from qijourney.projects.models import Project
from tests.factories import ProjectFactory


def test_a_priority_counts_only_its_live_projects(tree_a, nurse_a):
    priority = StrategicPriority.objects.create(provider=tree_a.provider, title="Safe care")
    kept, gone = (ProjectFactory(unit=tree_a.ward, lead=nurse_a) for _ in range(2))
    Project.objects.filter(pk__in=[kept.pk, gone.pk]).update(priority=priority)
    services.delete_item(actor=nurse_a, item=Project.objects.get(pk=gone.pk))
    found = selectors.priorities_with_projects(tree_a.provider).get(pk=priority.pk)
    assert found.projects_count == 1
