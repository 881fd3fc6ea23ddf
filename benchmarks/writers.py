"""Benchmark of concurrent writers: pipelines posting data points through the API at once.

Run:  .venv/bin/python benchmarks/writers.py  [--writers 20] [--requests 10] [--points 10]
                                              [--postgres postgres://user@host/db]

For each database below, a throw-away data folder (or database) is migrated and given one
organisation, one person with an API token and one measure; the app is served on 127.0.0.1
(waitress, --threads threads, as the demo and small installs serve it); then --writers
threads, started together by a barrier, each post --requests bulk upserts of --points new
points to that measure, one after another with no pause. Prints requests, errors, throughput
and latency percentiles:
  1. SQLite with Django's defaults, as before: rollback journal, deferred transactions,
     Python's 5 s busy timeout;
  2. SQLite as configured now (settings/base.py): WAL, IMMEDIATE transactions, 20 s timeout;
  3. PostgreSQL, when --postgres names a server (a database is created there and dropped).
Bounded (writers x requests requests per run); traffic stays on loopback. Not a test: the
figures go in the README.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the tests' server helper

from tests.live_server import serving, set_up  # noqa: E402

# The settings before issue 10: Django's SQLite defaults (no OPTIONS).
OLD_SETTINGS = """
from qijourney.config.settings.local import *  # noqa: F403
from qijourney.config.settings.local import DATABASES
DATABASES = {"default": {**DATABASES["default"], "OPTIONS": {}}}
"""


def post(port: int, token: str, path: str, body) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0  # no answer at all
    finally:
        connection.close()


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(label: str, env: dict, args) -> int:
    """Serve, write concurrently, print one line; returns the number of failed requests."""
    try:
        token, measure = set_up(env)
    except RuntimeError as error:
        raise SystemExit(f"{label}: {error}") from None
    # The refused requests' warnings are counted below instead.
    with serving(env, threads=args.threads, stderr=subprocess.DEVNULL) as port:
        path = f"/api/measures/{measure}/points/"
        barrier = threading.Barrier(args.writers + 1)
        results: list[tuple[int, float]] = []

        def writer(n: int) -> None:
            first = dt.date(2000, 1, 3) + dt.timedelta(days=n * args.requests * args.points)
            barrier.wait()
            for r in range(args.requests):
                points = [
                    {"date": str(first + dt.timedelta(days=r * args.points + i)), "value": i}
                    for i in range(args.points)
                ]
                start = time.perf_counter()
                status = post(port, token, path, points)
                results.append((status, time.perf_counter() - start))

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
        for thread in threads:
            thread.start()
        barrier.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    ordered = sorted(seconds for _, seconds in results)
    failed = collections.Counter(status for status, _ in results if status != 200)
    errors = sum(failed.values())
    kinds = ", ".join(f"{n} x {status or 'no answer'}" for status, n in sorted(failed.items()))
    rate = len(results) / wall
    p50, p95, p99 = (1000 * percentile(ordered, q) for q in (0.5, 0.95, 0.99))
    print(
        f"{label}: {len(results)} requests, {errors} errors"
        f"{f' ({errors / len(results):.0%}: {kinds})' if errors else ''}, "
        f"{rate:.0f} requests/s, {(len(results) - errors) * args.points / wall:,.0f} points "
        "stored/s, "
        f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms"
    )
    return errors


def environment(folder: Path, settings: str, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env.update(
        QIJOURNEY_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONPATH=os.pathsep.join([str(ROOT), str(folder.parent)]),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def postgres_run(url: str, tmp: Path, args) -> int:
    import psycopg

    name = f"qijourney_bench_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        bench_url = urlunsplit(parts._replace(path=f"/{name}"))
        env = environment(tmp / "postgres", "qijourney.config.settings.local", bench_url)
        return run("PostgreSQL", env, args)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20, help="concurrent writers")
    parser.add_argument("--requests", type=int, default=10, help="requests per writer")
    parser.add_argument("--points", type=int, default=10, help="points per request")
    parser.add_argument("--threads", type=int, default=20, help="waitress threads")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server")
    args = parser.parse_args()
    print(
        f"{args.writers} writers at once, {args.requests} bulk upserts of {args.points} points "
        f"each, waitress with {args.threads} threads on loopback, {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory(prefix="qijourney-writers-") as name:
        tmp = Path(name)
        (tmp / "old_sqlite_settings.py").write_text(OLD_SETTINGS)
        run(
            "SQLite before (rollback journal, deferred, 5 s timeout)",
            environment(tmp / "old", "old_sqlite_settings"),
            args,
        )
        errors = run(
            "SQLite now (WAL, IMMEDIATE, 20 s timeout)",
            environment(tmp / "new", "qijourney.config.settings.local"),
            args,
        )
        if args.postgres:
            errors += postgres_run(args.postgres, tmp, args)
    if errors:
        raise SystemExit(f"{errors} requests failed with the current settings")


if __name__ == "__main__":
    main()
