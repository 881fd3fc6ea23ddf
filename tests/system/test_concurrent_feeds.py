"""Twenty pipelines sending one trust's figures for one indicator at the same moment, through
a real server (as tests/api/test_concurrent_writers.py does for data points): the feed is made
once between them, every request is stored, none fails. Counts only, no timing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from tests.api.test_concurrent_writers import request, server_environment
from tests.live_server import ROOT, serving

WRITERS = 20
UNITS = 3  # items per request: the trust, its directorate, its ward, for one month each

# One trust of a system with an indicator and a feeding lead; prints "key indicator-id".
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from rest_framework.authtoken.models import Token
from qijourney.organisations.models import Organisation
from qijourney.system.models import Indicator
from tests.factories import OrganisationTree, PersonFactory
tree = OrganisationTree.build("Northvale Hospitals")
tree.provider.parent = Organisation.objects.create(name="Vale ICS", kind="system")
tree.provider.save()
indicator = Indicator.objects.create(
    provider=tree.provider.parent, name="Falls", definition="Falls", numerator_definition="n",
    denominator_definition="d", data_type="RC")
lead = PersonFactory(provider=tree.provider, roles=["central_qi_team"])
print(Token.objects.create(user=lead).key, indicator.pk, tree.provider.pk, tree.directorate.pk,
      tree.ward.pk)
"""


@pytest.fixture
def server(tmp_path, transactional_db):
    env = server_environment(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    token, indicator, *units = done.stdout.split()
    with serving(env, threads=WRITERS) as port:
        yield port, token, int(indicator), [int(u) for u in units]


def test_twenty_pipelines_at_once_make_one_feed_and_store_every_figure(server):
    port, token, indicator, units = server
    start_together = threading.Barrier(WRITERS)
    answers: list[tuple[int, bytes]] = []

    def writer(n: int) -> None:
        year, month = 2020 + n // 12, n % 12 + 1
        items = [
            {
                "indicator": indicator,
                "unit": unit,
                "period": f"{year}-{month:02d}",
                "numerator": n,
                "denominator": 1000 + n,
            }
            for unit in units
        ]
        start_together.wait()
        answers.append(request(port, token, "POST", "/api/indicator-values/", items))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    failed = [(status, body[:300]) for status, body in answers if status != 200]
    assert failed == [] and len(answers) == WRITERS, failed
    assert all(
        json.loads(body) == {"added": UNITS, "replaced": 0, "unchanged": 0} for _, body in answers
    )
    status, body = request(port, token, "GET", f"/api/indicator-values/?indicator={indicator}")
    assert status == 200 and json.loads(body)["count"] == WRITERS * UNITS
