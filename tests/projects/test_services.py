"""Project writes: permissions, audit records, progress history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from qijourney.audit.models import AuditEvent
from qijourney.organisations.permissions import Permission, can
from qijourney.projects import selectors, services
from qijourney.projects.models import Project, TeamMember
from tests.factories import PASSWORD, PersonFactory, ProjectFactory


def test_create_project_records_history_team_and_audit(tree_a, nurse_a):
    project = services.create_project(
        actor=nurse_a,
        fields={
            "title": "Fewer falls",
            "unit": tree_a.ward,
            "lead": nurse_a,
            "priority": tree_a.priority,
            "aim_what": "Reduce falls",
        },
    )
    assert project.provider == tree_a.provider
    assert project.progress_history.count() == 1
    assert project.team.get().role == TeamMember.Role.LEAD
    assert AuditEvent.objects.filter(
        subject_id=str(project.pk), actor=nurse_a, action="create"
    ).exists()


def test_cannot_create_a_project_in_another_organisation(tree_b, nurse_a):
    with pytest.raises(PermissionDenied):
        services.create_project(actor=nurse_a, fields={"title": "X", "unit": tree_b.ward})


def test_update_records_what_changed(project_a, nurse_a):
    before = project_a.title
    services.update_project(actor=nurse_a, project=project_a, fields={"title": "Better title"})
    event = AuditEvent.objects.filter(action="update").latest("id")
    assert event.changes == {"title": [before, "Better title"]}


def test_only_the_team_and_central_qi_may_change(project_a, tree_a, qi_lead_a):
    bystander = PersonFactory(provider=tree_a.provider)
    assert not can(bystander, Permission.CHANGE_PROJECT, project_a)
    assert can(qi_lead_a, Permission.CHANGE_PROJECT, project_a)
    with pytest.raises(PermissionDenied):
        services.set_progress_score(actor=bystander, project=project_a, score=Decimal("2.0"))


def test_progress_score_history(project_a, nurse_a):
    services.set_progress_score(
        actor=nurse_a, project=project_a, score=Decimal("2.5"), note="First PDSA done"
    )
    project_a.refresh_from_db()
    assert project_a.progress_score == Decimal("2.5")
    assert [h.score for h in project_a.progress_history.all()] == [Decimal("1.0"), Decimal("2.5")]


def test_team_members_come_from_the_same_organisation(project_a, nurse_a, tree_b):
    outsider = PersonFactory(provider=tree_b.provider)
    with pytest.raises(PermissionDenied):
        services.add_team_member(
            actor=nurse_a, project=project_a, person=outsider, role=TeamMember.Role.MEMBER
        )


def test_stalled_projects(tree_a, nurse_a):
    today = dt.date.today()
    old = ProjectFactory(unit=tree_a.ward, lead=nurse_a, progress_score=Decimal("2.0"))
    Project.objects.filter(pk=old.pk).update(
        created=dt.datetime(today.year - 1, 1, 1, tzinfo=dt.UTC)
    )
    ProjectFactory(unit=tree_a.ward, lead=nurse_a, progress_score=Decimal("2.0"))  # too new
    moving = ProjectFactory(unit=tree_a.ward, lead=nurse_a, progress_score=Decimal("3.0"))
    Project.objects.filter(pk=moving.pk).update(
        created=dt.datetime(today.year - 1, 1, 1, tzinfo=dt.UTC)
    )
    stalled = selectors.stalled(Project.objects.all())
    assert list(stalled) == [old]


def test_portfolio_filters(tree_a, nurse_a, project_a):
    unaligned = ProjectFactory(unit=tree_a.ward, lead=nurse_a, title="Sepsis screening")
    project_a.priority = tree_a.priority
    project_a.save()
    assert list(selectors.filtered_portfolio(nurse_a, {"aligned": "no"})) == [unaligned]
    assert list(selectors.filtered_portfolio(nurse_a, {"q": "sepsis"})) == [unaligned]
    assert set(selectors.filtered_portfolio(nurse_a, {"directorate": tree_a.directorate})) == {
        project_a,
        unaligned,
    }


def test_a_new_lead_takes_over_and_the_old_one_stays_a_member(project_a, nurse_a, tree_a):
    newcomer = PersonFactory(provider=tree_a.provider)
    services.update_project(actor=nurse_a, project=project_a, fields={"lead": newcomer})
    roles = dict(project_a.team.values_list("person_id", "role"))
    assert roles == {nurse_a.pk: "member", newcomer.pk: "lead"}


def test_moving_a_project_to_another_unit_moves_its_organisation(project_a, tree_b):
    admin = PersonFactory(is_superuser=True)
    services.update_project(actor=admin, project=project_a, fields={"unit": tree_b.ward})
    project_a.refresh_from_db()
    assert project_a.provider == tree_b.provider


def test_a_score_for_an_earlier_date_joins_the_history_only(project_a, nurse_a):
    services.set_progress_score(actor=nurse_a, project=project_a, score=Decimal("3.0"))
    services.set_progress_score(
        actor=nurse_a,
        project=project_a,
        score=Decimal("1.5"),
        date=dt.date.today() - dt.timedelta(days=30),
    )
    project_a.refresh_from_db()
    assert project_a.progress_score == Decimal("3.0")
    assert project_a.progress_history.filter(score=Decimal("1.5")).exists()


def test_a_new_lead_on_the_edit_page_leaves_one_lead(client, project_a, nurse_a, tree_a):
    newcomer = PersonFactory(provider=tree_a.provider)
    client.login(username=nurse_a.email, password=PASSWORD)
    form = {"title": project_a.title, "unit": project_a.unit_id, "lead": newcomer.pk}
    form.update(method=project_a.method, phase=project_a.phase, status=project_a.status)
    assert client.post(f"/projects/{project_a.pk}/edit/", form).status_code == 302
    roles = dict(project_a.team.values_list("person_id", "role"))
    assert roles == {nurse_a.pk: TeamMember.Role.MEMBER, newcomer.pk: TeamMember.Role.LEAD}


def test_a_sponsor_hands_the_sponsorship_over(client, project_a, tree_a):
    sponsor, successor = (PersonFactory(provider=tree_a.provider) for _ in range(2))
    Project.objects.filter(pk=project_a.pk).update(sponsor=sponsor)
    client.login(username=sponsor.email, password=PASSWORD)
    form = {"title": project_a.title, "unit": project_a.unit_id, "lead": project_a.lead_id}
    form.update(
        method=project_a.method,
        phase=project_a.phase,
        status=project_a.status,
        sponsor=successor.pk,
    )
    assert client.post(f"/projects/{project_a.pk}/edit/", form).status_code == 302
    project_a.refresh_from_db()
    assert project_a.sponsor == successor
