"""Restoring a version of a staff member, a cohort and an assessment round: through the History
page, one new version and one restore event with the same changes; refused on a concurrent
edit; another organisation's not found; neither is deleted (a leaving date, a closed round)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from qijourney.assessment import services as assessment_services
from qijourney.audit.models import AuditEvent
from qijourney.capability.models import StaffMember
from qijourney.capability.services import staff as staff_services
from tests.factories import PASSWORD
from tests.history.test_one_log import check_one_log, snapshot


@pytest.fixture
def page(qi_lead_a):
    client = Client()
    assert client.login(username=qi_lead_a.email, password=PASSWORD)
    return client


def staff_row(tree, name: str, **extra) -> dict:
    row = {
        "staff_number": "N1",
        "name": name,
        "email": "",
        "role_group": "Nursing",
        "is_manager": False,
        "unit_id": tree.ward.pk,
        "start_date": dt.date(2020, 1, 1),
        "end_date": None,
    }
    return row | extra


def restore(page, path: str):
    seen = re.search(r'name="version" value="([0-9a-f]+)"', page.get(path).content.decode())
    assert seen, "the confirmation page offers to restore"
    return page.post(path, {"version": seen.group(1)})


def test_a_staff_members_version_is_restored(page, qi_lead_a, tree_a):
    staff_services.import_staff(actor=qi_lead_a, source="a", rows=[staff_row(tree_a, "Ann")])
    member = StaffMember.objects.get()
    staff_services.import_staff(
        actor=qi_lead_a, source="b", rows=[staff_row(tree_a, "Ann Smith", is_manager=True)]
    )
    first = member.history.order_by("history_id").first()
    listing = page.get(f"/history/staff/{member.pk}/").content.decode()
    path = f"/history/staff/{member.pk}/versions/{first.history_id}/"
    assert path in listing and "Restore this version" in listing
    state = snapshot()
    assert restore(page, path).status_code == 302
    event, [row] = check_one_log(*state)
    assert event.action == AuditEvent.Action.RESTORE and event.actor == qi_lead_a
    assert event.changes == {"name": ["Ann Smith", "Ann"], "is_manager": ["True", "False"]}
    member.refresh_from_db()
    assert (member.name, member.is_manager) == ("Ann", False)
    assert row.history_user == qi_lead_a


def test_restoring_a_staff_member_is_refused_when_changed_since(page, qi_lead_a, tree_a):
    staff_services.import_staff(actor=qi_lead_a, source="a", rows=[staff_row(tree_a, "Ann")])
    member = StaffMember.objects.get()
    staff_services.import_staff(actor=qi_lead_a, source="b", rows=[staff_row(tree_a, "Bea")])
    first = member.history.order_by("history_id").first()
    path = f"/history/staff/{member.pk}/versions/{first.history_id}/"
    seen = re.search(r'name="version" value="([0-9a-f]+)"', page.get(path).content.decode())
    staff_services.import_staff(actor=qi_lead_a, source="c", rows=[staff_row(tree_a, "Cat")])
    answer = page.post(path, {"version": seen.group(1)})
    assert answer.status_code == 302 and answer["Location"] == path
    member.refresh_from_db()
    assert member.name == "Cat"


def test_a_rounds_version_is_restored(page, qi_lead_a, impact):
    spring = assessment_services.start_round(
        actor=qi_lead_a, framework=impact, name="Spring", opened=dt.date(2025, 3, 1)
    )
    assessment_services.update_round(
        actor=qi_lead_a, assessment=spring, fields={"name": "Spring (final)"}
    )
    first = spring.history.order_by("history_id").first()
    state = snapshot()
    path = f"/history/rounds/{spring.pk}/versions/{first.history_id}/"
    assert restore(page, path).status_code == 302
    event, _ = check_one_log(*state)
    assert event.action == AuditEvent.Action.RESTORE
    assert event.changes == {"name": ["Spring (final)", "Spring"]}


def test_another_organisations_staff_and_rounds_are_not_found(page, tree_b, impact):
    from tests.factories import PersonFactory

    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    staff_services.import_staff(actor=lead_b, source="b", rows=[staff_row(tree_b, "Bo")])
    member = StaffMember.objects.get()
    version = member.history.get()
    theirs = assessment_services.start_round(
        actor=lead_b, framework=impact, name="Theirs", opened=dt.date(2025, 3, 1)
    )
    state = snapshot()
    for path in (
        f"/history/staff/{member.pk}/versions/{version.history_id}/",
        f"/history/rounds/{theirs.pk}/versions/{theirs.history.get().history_id}/",
    ):
        assert page.get(path).status_code == 404
        assert page.post(path, {"version": "x"}).status_code == 404
    assert snapshot() == state


def test_staff_and_rounds_are_not_deleted_but_leave_and_close():
    for slug in ("staff", "rounds"):
        with pytest.raises(NoReverseMatch):
            reverse(f"delete-{slug}", args=[1])


def test_a_cohorts_version_is_restored_and_its_name_kept_unique(page, qi_lead_a):
    from qijourney.capability import services as capability_services
    from qijourney.capability.models import Programme
    from qijourney.capability.services import restores, training

    capability_services.install_example(actor=qi_lead_a, example="dosing-tiers")
    programme = Programme.objects.filter(provider=qi_lead_a.provider).first()
    fields = {"name": "Spring", "starts": dt.date(2026, 3, 2)}
    spring = training.save_cohort(actor=qi_lead_a, programme=programme, fields=fields)
    training.save_cohort(
        actor=qi_lead_a, programme=programme, cohort=spring, fields={"name": "Spring 2026"}
    )
    first = spring.history.order_by("history_id").first()
    listing = page.get(f"/history/cohorts/{spring.pk}/").content.decode()
    path = f"/history/cohorts/{spring.pk}/versions/{first.history_id}/"
    assert path in listing and "Restore this version" in listing
    state = snapshot()
    assert restore(page, path).status_code == 302
    event, _ = check_one_log(*state)
    assert event.action == AuditEvent.Action.RESTORE
    assert event.changes == {"name": ["Spring 2026", "Spring"]}
    # Another cohort took the old name meanwhile: putting it back would make two.
    training.save_cohort(
        actor=qi_lead_a, programme=programme, cohort=spring, fields={"name": "Spring 2026"}
    )
    training.save_cohort(
        actor=qi_lead_a, programme=programme, fields={"name": "Spring", "starts": fields["starts"]}
    )
    with pytest.raises(ValidationError):
        restores.restore_cohort_version(actor=qi_lead_a, item=spring, row=first)


def test_an_actions_version_is_restored_from_its_rounds_history(page, qi_lead_a, impact):
    spring = assessment_services.start_round(
        actor=qi_lead_a, framework=impact, name="Spring", opened=dt.date(2025, 3, 1)
    )
    action = assessment_services.add_action(
        actor=qi_lead_a,
        assessment=spring,
        fields={"domain": impact.domains.first(), "text": "Train the board", "owner": qi_lead_a},
    )
    assessment_services.update_action(
        actor=qi_lead_a, action=action, fields={"status": "done", "text": "Board trained"}
    )
    first = action.history.order_by("history_id").first()
    listing = page.get(f"/history/rounds/{spring.pk}/").content.decode()
    path = f"/history/actions/{action.pk}/versions/{first.history_id}/"
    assert path in listing
    state = snapshot()
    assert restore(page, path).status_code == 302
    event, _ = check_one_log(*state)
    assert event.action == AuditEvent.Action.RESTORE
    assert event.changes == {
        "text": ["Board trained", "Train the board"],
        "status": ["done", "not_started"],
    }
