"""A database still locked after its timeout (SQLite's 20 s): a page says so plainly (503,
nothing saved, try again) as the API does, and an upload whose import succeeded is never
answered with an error because saving the session met the lock afterwards."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from qijourney.system.models import IndicatorValue
from qijourney.system.services import feeds as services
from tests.system.test_catalogue import signed_in
from tests.system.test_feeds import confirm, csv, upload


@pytest.mark.urls("tests.api.problem_urls")
def test_a_page_that_meets_a_busy_database_is_the_busy_page(nurse_a):
    client = Client(raise_request_exception=False)
    client.force_login(nurse_a)
    response = client.post("/test/page-busy/", {"title": "x"})
    assert response.status_code == 503
    assert "html" in response["Content-Type"] and int(response["Retry-After"]) > 0
    assert "The database is busy: nothing was saved, try again" in response.content.decode()


def locked_save(original, when):
    """SessionStore.save meeting a locked database whenever ``when()`` holds, as Django's db
    backend reports it (UpdateError, raised while handling the OperationalError)."""

    def save(self, must_create=False):
        if when():
            try:
                raise OperationalError("database is locked")
            except OperationalError:
                raise UpdateError from None
        return original(self, must_create)

    return save


def test_a_completed_import_is_never_answered_with_an_error(world, monkeypatch):
    client = signed_in(world.lead_a)
    preview = upload(client, world.indicator, csv(f"{world.a.provider.code},2025-04,3,1200"))
    imported = []
    real_import = services.import_values

    def import_values(**kwargs):
        imported.append(True)
        return real_import(**kwargs)

    monkeypatch.setattr(services, "import_values", import_values)
    # Any session save after the import meets the lock.
    monkeypatch.setattr(SessionStore, "save", locked_save(SessionStore.save, lambda: imported))
    done = confirm(client, world.indicator, preview)
    assert done.status_code == 302 and imported
    assert IndicatorValue.objects.count() == 1


def test_a_confirm_that_meets_the_lock_first_saves_nothing_and_can_be_sent_again(
    world, monkeypatch
):
    client = signed_in(world.lead_a)
    client.raise_request_exception = False
    preview = upload(client, world.indicator, csv(f"{world.a.provider.code},2025-04,3,1200"))
    with monkeypatch.context() as patched:
        patched.setattr(SessionStore, "save", locked_save(SessionStore.save, lambda: True))
        busy = confirm(client, world.indicator, preview)
    assert busy.status_code == 503 and "nothing was saved" in busy.content.decode()
    assert not IndicatorValue.objects.exists()
    assert confirm(client, world.indicator, preview).status_code == 302  # the preview is kept
    assert IndicatorValue.objects.count() == 1
