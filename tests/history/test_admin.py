"""The admin area writes the one log: an admin change of a versioned item makes one version
linked to one audit event with its real changes and actor; a person's, an organisation's and
the roles edited beside a person are audited with theirs; a delete there is a soft delete."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import Client

from qijourney.audit.admin import AuditedAdmin
from qijourney.audit.models import AuditEvent
from qijourney.organisations.models import RoleAssignment
from qijourney.projects.models import Project
from tests.factories import PASSWORD, PersonFactory
from tests.history.test_one_log import check_one_log, snapshot


@pytest.fixture
def superuser(tree_a):
    return PersonFactory(provider=tree_a.provider, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(superuser):
    client = Client()
    assert client.login(username=superuser.email, password=PASSWORD)
    return client


def form_data(client, url: str) -> dict:
    """What the admin's change form would post as it stands: its fields and its inlines'."""
    context = client.get(url).context
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = str(value)
        for form in formset.initial_forms:
            add(form)
    return data


def test_every_admin_is_audited():
    found = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model is not AuditEvent
        and model._meta.app_label not in {"auth", "authtoken"}
        and not isinstance(model_admin, AuditedAdmin)
    ]
    assert not found, f"base these on audit.admin.AuditedAdmin: {found}"


def test_an_admin_change_of_a_project_is_one_version_and_one_event(
    admin_client, superuser, project_a
):
    url = f"/admin/projects/project/{project_a.pk}/change/"
    data = form_data(admin_client, url)
    old = project_a.title
    data["title"] = "Fewer falls at night"
    state = snapshot()
    answer = admin_client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    event, [row] = check_one_log(*state)
    assert event.action == AuditEvent.Action.UPDATE
    assert event.changes == {"title": [old, "Fewer falls at night"]}
    assert event.actor == superuser and row.history_user == superuser
    assert event.provider == project_a.provider
    assert not LogEntry.objects.exists()  # one change log: the audit trail

    # Saved again unchanged: nothing is written.
    state = snapshot()
    admin_client.post(url, form_data(admin_client, url))
    assert snapshot() == state


def test_an_admin_delete_of_a_project_is_a_soft_delete_in_the_log(admin_client, project_a):
    state = snapshot()
    url = f"/admin/projects/project/{project_a.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    event, _ = check_one_log(*state)
    assert event.action == AuditEvent.Action.DELETE
    assert Project.all_objects.get(pk=project_a.pk).deleted_at is not None
    assert "deleted_at" in event.changes


def test_an_admin_change_of_a_person_and_their_roles_is_audited(
    admin_client, superuser, nurse_a, tree_a
):
    url = f"/admin/organisations/person/{nurse_a.pk}/change/"
    data = form_data(admin_client, url)
    data["job_title"] = "Ward sister"
    data["roles-0-role"] = "coach"  # the blank inline row: a new role
    events = AuditEvent.objects.count()
    answer = admin_client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    made = list(AuditEvent.objects.order_by("id"))[events:]
    by_subject = {e.subject_type: e for e in made}
    assert len(made) == 2, [(e.subject_type, e.changes) for e in made]
    person = by_subject["organisations.Person"]
    assert person.action == AuditEvent.Action.UPDATE and person.actor == superuser
    assert person.changes == {"job_title": ["", "Ward sister"]}
    assert person.provider == tree_a.provider
    role = by_subject["organisations.RoleAssignment"]
    assert role.action == AuditEvent.Action.CREATE
    assert role.changes["role"] == [None, "coach"]

    # The role removed inline: a delete with what it was.
    assignment = RoleAssignment.objects.get(person=nurse_a)
    data = form_data(admin_client, url)
    data["roles-0-DELETE"] = "on"
    events = AuditEvent.objects.count()
    assert admin_client.post(url, data).status_code == 302
    [gone] = list(AuditEvent.objects.order_by("id"))[events:]
    assert gone.action == AuditEvent.Action.DELETE
    assert gone.subject_id == str(assignment.pk) and gone.changes["role"] == ["coach", None]


def test_the_password_is_never_in_the_trail(admin_client, nurse_a):
    url = f"/admin/organisations/person/{nurse_a.pk}/password/"
    events = AuditEvent.objects.count()
    answer = admin_client.post(
        url, {"password1": "A new long pass 9", "password2": "A new long pass 9"}
    )
    assert answer.status_code == 302
    [event] = list(AuditEvent.objects.order_by("id"))[events:]
    assert event.changes == {"password": ["(hidden)", "(changed)"]}


def test_an_organisation_added_in_the_admin_is_audited(admin_client, tree_a):
    events = AuditEvent.objects.count()
    answer = admin_client.post(
        "/admin/organisations/organisation/add/",
        {"name": "Ward 9", "kind": "team", "parent": tree_a.ward.parent_id, "code": ""},
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    [event] = list(AuditEvent.objects.order_by("id"))[events:]
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["name"] == [None, "Ward 9"]
    assert event.provider == tree_a.provider
