"""The one permissions module: each named permission, asked of people in every position."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qijourney.organisations.permissions import (
    ANOTHER_ORGANISATION,
    RULES,
    Permission,
    can,
    require,
    require_same_organisation,
)
from qijourney.projects.models import TeamMember
from tests.factories import MeasureFactory, PersonFactory


@pytest.fixture
def people(tree_a, tree_b, project_a):
    member = PersonFactory(provider=tree_a.provider)
    TeamMember.objects.create(project=project_a, person=member)
    return {
        "lead": project_a.lead,
        "member": member,
        "bystander": PersonFactory(provider=tree_a.provider),
        "central": PersonFactory(provider=tree_a.provider, roles=["central_qi_team"]),
        "executive": PersonFactory(provider=tree_a.provider, roles=["executive_lead"]),
        "elsewhere": PersonFactory(provider=tree_b.provider, roles=["central_qi_team"]),
        "superuser": PersonFactory(provider=None, is_superuser=True),
    }


def who_may(people, permission, obj=None) -> set[str]:
    return {name for name, person in people.items() if can(person, permission, obj)}


def test_every_permission_has_a_rule_and_a_message():
    assert set(RULES) == set(Permission)
    assert all(rule.refusal for p, rule in RULES.items() if p != Permission.START_PROJECT)


def test_a_project_is_changed_by_its_team_and_the_central_qi_team(people, project_a):
    assert who_may(people, Permission.CHANGE_PROJECT, project_a) == {
        "lead",
        "member",
        "central",
        "superuser",
    }


def test_a_board_metric_is_changed_by_those_who_manage_the_organisation(people, tree_a):
    metric = MeasureFactory(project=None, provider=tree_a.provider)
    assert who_may(people, Permission.CHANGE_MEASURE, metric) == {
        "central",
        "executive",
        "superuser",
    }


def test_managing_without_an_object_still_needs_the_role(people):
    assert who_may(people, Permission.MANAGE_TRAINING) == {
        "central",
        "executive",
        "elsewhere",
        "superuser",
    }


def test_another_organisations_object_is_refused_first_with_one_message(people, project_a):
    with pytest.raises(PermissionDenied, match=ANOTHER_ORGANISATION):
        require(people["elsewhere"], Permission.MANAGE_BOARD_REPORTS, project_a)
    with pytest.raises(PermissionDenied, match="Assessments are run by their own organisation"):
        require(people["elsewhere"], Permission.RUN_ASSESSMENTS, project_a)
    with pytest.raises(PermissionDenied, match="Only the project's team"):
        require(people["bystander"], Permission.CHANGE_PROJECT, project_a)


def test_things_of_two_organisations_are_not_joined(people, project_a):
    require_same_organisation(project_a, people["member"])
    with pytest.raises(PermissionDenied, match=ANOTHER_ORGANISATION):
        require_same_organisation(project_a, people["elsewhere"])


def test_an_unknown_permission_is_an_error_not_a_no(people):
    with pytest.raises(ValueError):
        can(people["central"], "change_everything")


def test_templates_ask_the_same_question(client, people, project_a):
    from tests.factories import PASSWORD

    client.login(username=people["bystander"].email, password=PASSWORD)
    assert "Edit this project" not in client.get(f"/projects/{project_a.pk}/").content.decode()
    client.login(username=people["member"].email, password=PASSWORD)
    assert "Edit this project" in client.get(f"/projects/{project_a.pk}/").content.decode()
