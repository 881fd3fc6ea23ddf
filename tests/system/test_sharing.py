"""What we share with our system: each feed, the portfolio roll-up and the stories, each a
POST form of its own (CSRF), stopping asked first, every change audited and shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from qijourney.audit.models import AuditEvent
from qijourney.organisations.selectors import sharing_of
from qijourney.system.models import IndicatorFeed
from qijourney.system.selectors.catalogue import visible_feeds
from qijourney.system.services import feeds as services
from tests.factories import PASSWORD
from tests.system.test_catalogue import signed_in


@pytest.fixture
def feed_a(world):
    return IndicatorFeed.objects.create(indicator=world.indicator, provider=world.a.provider)


def test_the_page_lists_everything_shared_with_links_and_toggles(world, feed_a):
    body = signed_in(world.lead_a).get("/system/sharing/").content.decode()
    assert "What we share with our system" in body
    assert 'href="/capability/system/"' in body and 'href="/assessment/"' in body
    assert "Falls with harm" in body and f'value="feed-{feed_a.pk}"' in body
    assert 'value="portfolio"' in body and 'value="stories"' in body
    assert "csrfmiddlewaretoken" in body
    # A nurse sees what is shared but has no toggles.
    nurse = signed_in(world.nurse_a).get("/system/sharing/").content.decode()
    assert "Falls with harm" in nurse and 'name="what"' not in nurse


def test_sharing_a_feed_shows_it_to_the_system_and_stopping_asks_first(world, feed_a):
    client = signed_in(world.lead_a)
    done = client.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "1"}, follow=True)
    assert "You now share your figures for Falls with harm" in done.content.decode()
    assert feed_a in visible_feeds(world.exec_b)
    asked = client.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "0"})
    assert asked.status_code == 200 and "will no longer see" in asked.content.decode()
    feed_a.refresh_from_db()
    assert feed_a.shared_with_system  # not until confirmed
    client.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "0", "confirm": "1"})
    assert feed_a not in visible_feeds(world.exec_b)
    events = AuditEvent.objects.filter(subject_type="system_view.IndicatorFeed")
    assert [e.changes["shared_with_system"] for e in events.order_by("id")] == [
        ["False", "True"],
        ["True", "False"],
    ]


def test_portfolio_and_stories_go_through_the_organisations_service(world):
    client = signed_in(world.lead_a)
    client.post("/system/sharing/", {"what": "stories", "share": "1"})
    assert sharing_of(world.a.provider).stories and not sharing_of(world.a.provider).portfolio
    page = client.post("/system/sharing/", {"what": "stories", "share": "0"}).content.decode()
    assert "learning library stories" in page and "counted, never named" in page
    client.post("/system/sharing/", {"what": "stories", "share": "0", "confirm": "1"})
    assert not sharing_of(world.a.provider).stories


def test_who_may_not_share_is_refused_and_another_trusts_feed_is_not_found(world, feed_a):
    nurse = signed_in(world.nurse_a)
    assert (
        nurse.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "1"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.set_feed_sharing(actor=world.nurse_a, feed=feed_a, shared=True)
    with pytest.raises(PermissionDenied):
        services.set_feed_sharing(actor=world.exec_b, feed=feed_a, shared=True)
    b = signed_in(world.exec_b)
    assert (
        b.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "1"}).status_code == 404
    )
    feed_a.refresh_from_db()
    assert not feed_a.shared_with_system


def test_a_toggle_without_the_csrf_token_is_refused(world, feed_a):
    client = Client(enforce_csrf_checks=True)
    client.login(username=world.lead_a.email, password=PASSWORD)
    response = client.post("/system/sharing/", {"what": f"feed-{feed_a.pk}", "share": "1"})
    assert response.status_code == 403
    feed_a.refresh_from_db()
    assert not feed_a.shared_with_system


def test_the_systems_own_people_see_a_note_not_toggles(world):
    body = signed_in(world.ics_lead).get("/system/sharing/").content.decode()
    assert "is the system" in body and 'name="what"' not in body
