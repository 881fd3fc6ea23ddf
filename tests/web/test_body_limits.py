"""A body larger than any upload or API bulk body is refused (413) from its Content-Length,
before it is read: by the app (whatever server runs it) and by waitress itself, as ``qijourney
serve`` and the demo run it. Bulk bodies of the largest size the API takes still pass."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.domain.constants import (
    MAX_API_BODY_BYTES,
    MAX_API_POINTS,
    MAX_PAGE_BODY_BYTES,
    MAX_STAFF_ROWS,
)
from tests.factories import PASSWORD, MeasureFactory, PersonFactory
from tests.live_server import free_port

ROOT = Path(__file__).parents[2]


@pytest.fixture
def measure(project_a):
    return MeasureFactory(project=project_a, name="Falls")


@pytest.fixture
def api(tree_a):
    lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=lead).key}")


def test_an_upload_larger_than_any_file_is_refused_before_it_is_read(nurse_a, measure):
    client = Client()
    assert client.login(username=nurse_a.email, password=PASSWORD)
    # The length says more than the body holds: a view that read it would wait or fail.
    page = client.generic(
        "POST",
        f"/measures/{measure.pk}/upload/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(MAX_PAGE_BODY_BYTES + 1),
    )
    assert page.status_code == 413
    text = page.content.decode()
    assert "The file is too large" in text and "20 MB" in text
    # Connection is hop-by-hop: a WSGI app may not set it (waitress answers 500 if it does).
    assert "Connection" not in page


def test_an_api_body_larger_than_any_bulk_body_is_a_json_problem(api, measure):
    answer = api.generic(
        "POST",
        f"/api/measures/{measure.pk}/points/",
        b"[]",
        content_type="application/json",
        CONTENT_LENGTH=str(MAX_API_BODY_BYTES + 1),
    )
    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == 413 and "smaller batches" in body["detail"]


def test_the_largest_bulk_bodies_reach_the_api(api, measure):
    """Fifty thousand annotated points and sixty thousand staff with long names are read
    whole: past the size limits to the API's own count (one more than it takes, so nothing
    is saved and the test stays quick)."""
    first = dt.date(1900, 1, 1)
    point = {"value": 12345.678901, "annotation": "Ward move; the new e-rostering went live"}
    points = [
        {"date": str(first + dt.timedelta(days=i)), **point} for i in range(MAX_API_POINTS + 1)
    ]
    body = json.dumps(points)
    assert len(body) > 5 * 1024 * 1024
    answer = api.post(f"/api/measures/{measure.pk}/points/", body, "application/json")
    assert answer.status_code == 400, answer.content[:300]
    assert "at most 50,000 points" in answer.json()["detail"]
    person = {
        "name": "Alexandra Montgomery-Fitzwilliam",
        "role_group": "Nursing and Midwifery Registered",
        "unit": "Ward 12 (Elderly care and rehabilitation)",
        "start_date": "2019-04-01",
        "email": "alexandra.montgomery-fitzwilliam@northvale.example.nhs.uk",
    }
    staff = [{"staff_number": f"{i:08d}", **person} for i in range(MAX_STAFF_ROWS + 1)]
    body = json.dumps(staff)
    assert len(body) > 15 * 1024 * 1024
    answer = api.post("/api/staff-list/", body, "application/json")
    assert answer.status_code == 400, answer.content[:300]
    assert "at most 60,000 staff" in answer.json()["detail"]


SERVER = """
from waitress import serve
from qijourney.cli.instance import waitress_options

def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ["wsgi.input"].read()[:10]]

serve(app, host="127.0.0.1", port={port}, _quiet=True, **waitress_options(threads=1))
"""


def test_through_waitress_an_upload_larger_than_a_page_takes_is_the_413_page(db):
    """Between the page's limit and the API's, waitress hands the body to the app, whose
    refusal must be a response waitress can send: the 413 page, not its bare 500."""
    from django.core.wsgi import get_wsgi_application
    from waitress import create_server

    from qijourney.cli.instance import waitress_options

    server = create_server(
        get_wsgi_application(), host="127.0.0.1", port=0, **waitress_options(threads=1)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=30)
        body = b"x" * (MAX_PAGE_BODY_BYTES + 1)
        connection.request(
            "POST", "/sign-in/", body, {"Content-Type": "multipart/form-data; boundary=xyz"}
        )
        answer = connection.getresponse()
        text = answer.read().decode()
        assert answer.status == 413, text[:300]
        assert "The file is too large" in text and "20 MB" in text
        connection.close()
    finally:
        server.close()
        thread.join(10)


def test_waitress_as_the_commands_run_it_refuses_a_huge_body_without_reading_it():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.connect()
                break
            except OSError:
                time.sleep(0.1)
        connection.putrequest("POST", "/api/measures/1/points/")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(MAX_API_BODY_BYTES + 1))
        connection.endheaders()  # and not a byte of the body
        assert connection.getresponse().status == 413
        connection.close()
        small = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        small.request("POST", "/", b"[1, 2, 3]")
        assert small.getresponse().read() == b"[1, 2, 3]"
        small.close()
    finally:
        server.terminate()
        server.wait(30)
