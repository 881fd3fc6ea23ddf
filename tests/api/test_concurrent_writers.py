"""Twenty pipelines posting data points to one measure at the same moment, through a real
server with its own connections (waitress, as the demo serves): every request is stored, none
fails. On SQLite the server uses a database file in a fresh data folder (WAL, busy timeout,
IMMEDIATE transactions; the suite's in-memory database cannot show locking); in the suite's
PostgreSQL run it uses the test database. Counts only, no timing."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.live_server import ROOT, serving, set_up

WRITERS = 20
ROUNDS = 3  # requests per writer
POINTS = 5  # points per request


def server_environment(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env.update(
        QIJOURNEY_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="qijourney.config.settings.local",
        PYTHONPATH=str(ROOT),
    )
    if connection.vendor == "postgresql":  # the suite's own test database
        s = connection.settings_dict
        host, port = s["HOST"] or "localhost", s["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{s['USER']}:{s['PASSWORD']}@{host}:{port}/{s['NAME']}"
    return env


@pytest.fixture
def server(tmp_path, transactional_db):
    """(port, token, measure id) of a running server with one person and one measure."""
    env = server_environment(tmp_path / "data")
    token, measure = set_up(env)
    with serving(env, threads=WRITERS) as port:
        yield port, token, measure


def request(port, token, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_twenty_writers_at_once_all_succeed_and_every_point_is_stored(server):
    port, token, measure = server
    path = f"/api/measures/{measure}/points/"
    start_together = threading.Barrier(WRITERS)
    answers: list[tuple[int, bytes]] = []

    def writer(n: int) -> None:
        first = dt.date(2020, 1, 6) + dt.timedelta(weeks=n * ROUNDS * POINTS)
        start_together.wait()
        for r in range(ROUNDS):
            points = [
                {"date": str(first + dt.timedelta(weeks=r * POINTS + i)), "value": n + i / 10}
                for i in range(POINTS)
            ]
            answers.append(request(port, token, "POST", path, points))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    failed = [(status, body[:300]) for status, body in answers if status != 200]
    assert failed == [] and len(answers) == WRITERS * ROUNDS, failed
    assert all(json.loads(body) == {"added": POINTS, "replaced": 0} for _, body in answers)
    status, body = request(port, token, "GET", path)
    assert status == 200 and len(json.loads(body)) == WRITERS * ROUNDS * POINTS
