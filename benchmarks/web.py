"""Benchmark of the web app: server time of the portfolio and measure pages, and many users.

Run:  .venv/bin/python benchmarks/web.py  [--projects 1000] [--measures 5000] [--users 20]

1. Builds a throw-away data folder (SQLite, or DATABASE_URL) with one organisation holding
   --projects projects and --measures measures, one measure with 150 weekly points.
2. Times the portfolio page and the 150-point measure page in-process (request in, response
   out, through every middleware): the server's own time, no network.
3. Serves the app on 127.0.0.1 (gunicorn with --workers processes, as a Linux deployment
   would; --server waitress for the demo's server), signs --users people in, then has them
   all fetch pages one after another, with no pause, for --seconds; prints p50/p95 and the
   number of errors. Traffic stays on loopback and stops by itself.
Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

PASSWORD = "benchmark-password-1"


def setup_django(folder: Path) -> None:
    os.environ["QIJOURNEY_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qijourney.config.settings.local"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def populate(n_projects: int, n_measures: int, n_points: int) -> tuple[str, int, int]:
    """Returns (email, a project id, the id of the measure with n_points points)."""
    import numpy as np
    from django.contrib.auth.hashers import make_password

    from qijourney.domain.constants import IHI_SCALE
    from qijourney.measures.models import DataPoint, Measure
    from qijourney.organisations.models import (
        Organisation,
        Person,
        ProgressScaleLevel,
        Role,
        RoleAssignment,
        StrategicPriority,
    )
    from qijourney.projects.models import ProgressScore, Project, TeamMember

    trust = Organisation.objects.create(name="Benchmark Trust", kind="organisation", code="BEN")
    ProgressScaleLevel.objects.bulk_create(
        ProgressScaleLevel(provider=trust, score=s, label=label) for s, label in IHI_SCALE
    )
    directorates = [
        Organisation.objects.create(name=f"Directorate {i}", kind="directorate", parent=trust)
        for i in range(8)
    ]
    teams = [
        Organisation.objects.create(name=f"Ward {d.pk}-{i}", kind="team", parent=d)
        for d in directorates
        for i in range(6)
    ]
    priorities = [
        StrategicPriority.objects.create(provider=trust, title=f"Priority {i}") for i in range(5)
    ]
    person = Person.objects.create(
        email="lead@ben.example.nhs.uk",
        full_name="Bea Lead",
        provider=trust,
        password=make_password(PASSWORD),
    )
    RoleAssignment.objects.create(person=person, role=Role.CENTRAL_QI_TEAM)
    rng = random.Random(1)
    scores = [s for s, _ in IHI_SCALE]
    projects = Project.objects.bulk_create(
        Project(
            provider=trust,
            unit=rng.choice(teams),
            title=f"Project {i:04d}",
            priority=rng.choice([*priorities, None]),
            progress_score=rng.choice(scores),
            lead=person,
            start_date=dt.date(2024, 1, 1),
        )
        for i in range(n_projects)
    )
    TeamMember.objects.bulk_create(
        TeamMember(project=p, person=person, role="lead") for p in projects
    )
    ProgressScore.objects.bulk_create(
        ProgressScore(project=p, score=p.progress_score, date=dt.date(2024, 1, 1)) for p in projects
    )
    measures = Measure.objects.bulk_create(
        Measure(
            provider=trust,
            project=projects[i % n_projects],
            name=f"Measure {i}",
            chart_type="xmr",
            direction="decrease",
            target=5.0,
        )
        for i in range(n_measures)
    )
    noise = np.random.default_rng(2)
    values = np.r_[noise.normal(8, 1, n_points // 2), noise.normal(6, 1, n_points - n_points // 2)]
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measures[0], date=dt.date(2023, 1, 2) + dt.timedelta(weeks=i), value=float(v)
        )
        for i, v in enumerate(values)
    )
    return person.email, projects[0].pk, measures[0].pk


def server_times(email: str, path: str, repeats: int) -> list[float]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")  # the demo settings allow only local hosts
    assert client.login(username=email, password=PASSWORD)
    warm = client.get(path)
    assert warm.status_code == 200, (path, warm.status_code, warm.get("Location"))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def describe(times: list[float]) -> str:
    if not times:
        return "no requests completed"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


class User(threading.Thread):
    """One signed-in person clicking through pages on loopback until the deadline."""

    def __init__(
        self,
        port: int,
        email: str,
        paths: list[str],
        seconds: float,
        seed: int,
        start_together: threading.Barrier,
    ):
        super().__init__(daemon=True)
        self.port, self.email, self.paths, self.seconds = port, email, paths, seconds
        self.start_together = start_together
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.by_path: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.cookies: dict[str, str] = {}

    def request(self, connection, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            _, page = self.request(connection, "GET", "/sign-in/")
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token.decode(),
                    "username": self.email,
                    "password": PASSWORD,
                }
            )
            status, _ = self.request(
                connection,
                "POST",
                "/sign-in/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{self.port}/sign-in/",
                },
            )
            if status != 302:
                self.errors.append(f"sign-in answered {status}")
            # Everyone signs in first (argon2 is slow on purpose), then the clock starts.
            self.start_together.wait()
            deadline = time.monotonic() + self.seconds
            while time.monotonic() < deadline and not self.errors:
                path = self.rng.choice(self.paths)
                start = time.perf_counter()
                status, _ = self.request(connection, "GET", path)
                self.latencies.append(time.perf_counter() - start)
                self.by_path.setdefault(path, []).append(self.latencies[-1])
                if status != 200:
                    self.errors.append(f"{path} answered {status}")
        except (OSError, http.client.HTTPException) as error:
            self.errors.append(repr(error))
        finally:
            connection.close()


def server_command(kind: str, port: int, workers: int) -> list[str]:
    if kind == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "qijourney.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
    return [
        sys.executable,
        "-c",
        "from waitress import serve; from qijourney.config.wsgi import application;"
        f" serve(application, host='127.0.0.1', port={port}, threads=8, _quiet=True)",
    ]


def load_test(
    folder: Path,
    email: str,
    paths: list[str],
    users: int,
    seconds: float,
    port: int,
    kind: str,
    workers: int,
) -> None:
    server = subprocess.Popen(
        server_command(kind, port, workers),
        env=dict(
            os.environ,
            QIJOURNEY_DATA_DIR=str(folder),
            DJANGO_SETTINGS_MODULE="qijourney.config.settings.local",
        ),
    )
    try:
        for _ in range(100):  # wait for the server to listen
            if server.poll() is not None:
                raise SystemExit(f"The server did not start (is port {port} in use? --port)")
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health/")
                break
            except OSError:
                time.sleep(0.2)
        barrier = threading.Barrier(users)
        crowd = [User(port, email, paths, seconds, seed, barrier) for seed in range(users)]
        for user in crowd:
            user.start()
        for user in crowd:
            user.join(seconds + 60)
        latencies = [t for u in crowd for t in u.latencies]
        errors = [e for u in crowd for e in u.errors]
        print(
            f"{users} users for {seconds:.0f} s on loopback ({kind}, "
            f"{workers if kind == 'gunicorn' else 1} process(es)): {len(latencies):,} requests "
            f"({len(latencies) / seconds:.0f}/s), {describe(latencies)}, "
            f"{len(errors)} errors{': ' + errors[0] if errors else ''}"
        )
        for path in paths:
            times = [t for u in crowd for t in u.by_path.get(path, [])]
            print(f"  {path}: {describe(times)}")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--measures", type=int, default=5000)
    parser.add_argument("--points", type=int, default=150)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server",
        choices=["gunicorn", "waitress"],
        default="gunicorn",
        help="gunicorn: the production server on Linux; waitress: the demo's",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn worker processes (default: one per core)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qijourney-bench-") as tmp:
        folder = Path(tmp)
        setup_django(folder)
        email, project_id, measure_id = populate(args.projects, args.measures, args.points)
        print(
            f"portfolio, {args.projects:,} projects and {args.measures:,} measures: "
            f"{describe(server_times(email, '/projects/', args.repeats))} server time"
        )
        print(
            f"measure page, {args.points} points: "
            f"{describe(server_times(email, f'/measures/{measure_id}/', args.repeats))} "
            "server time"
        )
        paths = [
            "/",
            "/projects/",
            f"/projects/{project_id}/",
            f"/measures/{measure_id}/",
            "/projects/?phase=innovation",
            "/organisation/",
        ]
        load_test(
            folder, email, paths, args.users, args.seconds, args.port, args.server, args.workers
        )


if __name__ == "__main__":
    main()
