"""A real server in its own process, as the demo and ``qijourney serve`` run it (waitress),
for the tests and benchmarks that need separate connections: twenty writers at once, a
first account signing in. One person, one measure and an API key set up first."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in the server's environment: migrate, then one person of a new trust with a measure
# and an API key; prints "key measure-id".
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from rest_framework.authtoken.models import Token
from tests.factories import MeasureFactory, OrganisationTree, PersonFactory, ProjectFactory
tree = OrganisationTree.build("Northvale Hospitals")
lead = PersonFactory(provider=tree.provider, unit=tree.ward)
measure = MeasureFactory(project=ProjectFactory(unit=tree.ward, lead=lead), name="Falls")
print(Token.objects.create(user=lead).key, measure.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def set_up(env: dict) -> tuple[str, int]:
    """(API key, measure id) of a fresh database in ``env``'s data folder or DATABASE_URL."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setting up the server's database failed:\n{done.stderr}")
    token, measure = done.stdout.split()
    return token, int(measure)


@contextlib.contextmanager
def serving(env: dict, *, threads: int, stderr=None) -> Iterator[int]:
    """The app served by waitress with ``env``, on a free port (yielded) once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from waitress import serve; from qijourney.config.wsgi import application;"
            f" serve(application, host='127.0.0.1', port={port}, threads={threads}, _quiet=True)",
        ],
        env=env,
        cwd=ROOT,
        stderr=stderr,
    )
    try:
        for _ in range(150):
            if server.poll() is not None:
                raise RuntimeError("the server stopped before it answered")
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            try:
                probe.request("GET", "/health/")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
            finally:
                probe.close()
        yield port
    finally:
        server.terminate()
        server.wait(30)
