"""Sharing results with the system: the same system reads scores (never answers or actions),
any other organisation sees nothing, and only the central QI team or executive lead decide."""

import datetime as dt

from django.test import Client

from qijourney.assessment.models import AssessmentRound
from qijourney.audit.models import AuditEvent
from tests.assessment.conftest import answer_all
from tests.factories import PASSWORD, PersonFactory


def signed_in(person) -> Client:
    client = Client()
    assert client.login(username=person.email, password=PASSWORD)
    return client


def test_same_system_reads_scores_but_not_answers_or_actions(world, nurse_a):
    shared = world.southmoor_round
    client = signed_in(nurse_a)
    page = client.get(f"/assessment/shared/{shared.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Southmoor Hospitals: Southmoor spring" in body
    assert "Shared purpose and vision" in body and "3.0" in body
    assert world.southmoor_respondent.full_name not in body
    assert world.southmoor_action.text not in body
    assert world.southmoor_lead.full_name not in body
    # The round's own page (answers form, action plan), report and PDF stay private.
    for path in ("", "report/", "report.pdf"):
        assert client.get(f"/assessment/rounds/{shared.pk}/{path}").status_code == 404, path
    refused = client.post(
        f"/assessment/rounds/{shared.pk}/respond/",
        {f"statement_{s.pk}": "1" for s in world.impact.domains.first().statements.all()},
    )
    assert refused.status_code == 404
    assert not shared.responses.filter(respondent=nurse_a).exists()


def test_comparison_by_domain_puts_your_organisation_beside_theirs(world, tree_a, nurse_a):
    own = AssessmentRound.objects.create(
        provider=tree_a.provider,
        framework=world.impact,
        name="Northvale May",
        opened=dt.date(2025, 5, 1),
    )
    answer_all(own, nurse_a, 1, {"Shared purpose and vision": 2})
    page = signed_in(nurse_a).get("/assessment/shared/").content.decode()
    assert "Northvale Hospitals (yours): Northvale May" in page
    assert "Southmoor Hospitals: Southmoor spring" in page
    assert 'data-chart-spec="shared-spec-1"' in page
    # Table rows: Shared purpose is 2.0 for us and 3.0 for them; the next domain 1.0 and 3.0.
    assert '>2.0</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">3.0<' in page
    assert '>1.0</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">3.0<' in page
    assert world.southmoor_action.text not in page


def test_another_system_or_none_sees_nothing(world, tree_a):
    shared = world.southmoor_round
    loner = PersonFactory(provider=None)
    for person in (world.eastfield_person, loner):
        client = signed_in(person)
        assert client.get(f"/assessment/shared/{shared.pk}/").status_code == 404
        assert "Southmoor" not in client.get("/assessment/shared/").content.decode()
        assert "Southmoor" not in client.get("/assessment/").content.decode()


def test_an_organisation_outside_any_system_is_not_in_everyones_system(world, tree_a, tree_b):
    """Two organisations with no system are not 'in the same system'."""
    for tree in (tree_a, tree_b):
        tree.provider.parent = None
        tree.provider.save()
    nurse = PersonFactory(provider=tree_a.provider)
    assert (
        signed_in(nurse).get(f"/assessment/shared/{world.southmoor_round.pk}/").status_code == 404
    )


def test_unsharing_hides_the_round_again(world, nurse_a):
    shared = world.southmoor_round
    lead = signed_in(world.southmoor_lead)
    assert lead.post(f"/assessment/rounds/{shared.pk}/sharing/", {"share": "no"}).status_code == 302
    shared.refresh_from_db()
    assert shared.shared_with_system is False
    client = signed_in(nurse_a)
    assert client.get(f"/assessment/shared/{shared.pk}/").status_code == 404
    assert "Southmoor" not in client.get("/assessment/shared/").content.decode()


def test_only_managers_of_the_organisation_share(world, tree_a, tree_b):
    shared = world.southmoor_round
    shared.shared_with_system = False
    shared.save()
    url = f"/assessment/rounds/{shared.pk}/sharing/"
    # A respondent of the same organisation: forbidden.
    assert signed_in(world.southmoor_respondent).post(url, {"share": "yes"}).status_code == 403
    # The QI lead of another organisation in the same system: the round is not theirs to see.
    other_lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    assert signed_in(other_lead).post(url, {"share": "yes"}).status_code == 404
    shared.refresh_from_db()
    assert shared.shared_with_system is False
    # Sharing is a POST with a CSRF token.
    strict = Client(enforce_csrf_checks=True)
    strict.login(username=world.southmoor_lead.email, password=PASSWORD)
    assert strict.post(url, {"share": "yes"}).status_code == 403
    assert signed_in(world.southmoor_lead).get(url).status_code == 405
    # The executive lead may, and it is audited.
    executive = PersonFactory(provider=tree_b.provider, roles=["executive_lead"])
    response = signed_in(executive).post(url, {"share": "yes"})
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.shared_with_system is True
    event = AuditEvent.objects.get(subject_id=str(shared.pk), actor=executive)
    assert event.changes == {"shared_with_system": ["False", "True"]}


def test_round_page_offers_sharing_only_to_managers(world):
    url = f"/assessment/rounds/{world.southmoor_round.pk}/"
    assert "Stop sharing these results" in signed_in(world.southmoor_lead).get(url).content.decode()
    page = signed_in(world.southmoor_respondent).get(url).content.decode()
    assert "Shared: other organisations of your system" in page
    assert "Stop sharing" not in page
