"""Benchmark of coverage against the dosing plan: a large trust's staff list, years of
completions, several targets, each with 24 month ends and breakdowns by directorate and
role group.

Run:  .venv/bin/python benchmarks/capability.py  [--staff 20000] [--targets 6] [--pages]

1. Times the arithmetic the capability pages and report run on every view (dosing.compute)
   on frames built in memory: the engine's figure, not the database's.
2. With --pages, builds the demo system in a throw-away folder and times the capability pages
   of its largest trust in-process (request in, response out): the server's own time.
Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from qijourney.domain.dosing import Target, compute

GROUPS = ["Nursing", "Medical", "Allied health", "Admin", "Estates", "Clinical support"]


def staff_frame(n: int, rng: np.random.Generator) -> pd.DataFrame:
    units = rng.integers(0, 60, n)
    start = np.datetime64("2026-11-27") - rng.exponential(2200, n).astype("timedelta64[D]")
    leaves = rng.random(n) < 0.15
    end = np.where(
        leaves,
        np.datetime64("2026-11-27") - rng.integers(1, 720, n).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    ).astype("datetime64[D]")
    return pd.DataFrame(
        {
            "id": np.arange(n),
            "unit_id": units,
            "units": [[u, 1000 + u // 10, 0] for u in units],
            "directorate": [f"Directorate {u // 10}" for u in units],
            "role_group": rng.choice(GROUPS, n),
            "is_manager": rng.random(n) < 0.08,
            "start": start.astype("datetime64[D]"),
            "end": end,
        }
    )


def completion_frame(n_staff: int, rng: np.random.Generator) -> pd.DataFrame:
    n = n_staff // 2
    return pd.DataFrame(
        {
            "staff_id": rng.integers(0, n_staff, n),
            "ladder": 1,
            "tier": rng.choice([1, 1, 1, 2, 3], n),
            "completed": (
                np.datetime64("2026-11-27") - rng.integers(0, 1100, n).astype("timedelta64[D]")
            ).astype("datetime64[D]"),
        }
    )


def targets(count: int) -> list:
    out = []
    for i in range(count):
        tier = 1 + i % 3
        basis = "per_year" if i % 2 == 0 else "ever"
        out.append(
            Target(
                id=i,
                programme=f"Tier {tier}",
                ladder=1,
                tier=tier,
                audience="benchmark",
                basis=basis,
                basis_label=basis,
                percent=15 if basis == "per_year" else 100,
                role_group=GROUPS[i % len(GROUPS)] if i % 3 == 2 else "",
                managers_only=i % 4 == 1,
                unit_id=1000 + i if i % 5 == 4 else None,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--targets", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="also time the pages on the demo")
    args = parser.parse_args()
    rng = np.random.default_rng(5)
    staff, completions = staff_frame(args.staff, rng), completion_frame(args.staff, rng)
    plan = targets(args.targets)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = compute(plan, staff, completions, as_of=dt.date(2026, 11, 27), months=24)
        times.append(time.perf_counter() - start)
    print(
        f"{args.staff:,} staff, {len(completions):,} completions, {args.targets} targets × 24 "
        f"months: best {min(times) * 1000:.0f} ms, median {np.median(times) * 1000:.0f} ms "
        f"(coverage of the first target now: {result[0].overall.percent:.1f}%)"
    )
    if args.pages:
        time_pages(args.repeat)


def time_pages(repeats: int) -> None:
    import tempfile
    from pathlib import Path

    from web import PASSWORD, describe, server_times, setup_django

    with tempfile.TemporaryDirectory(prefix="qijourney-bench-") as tmp:
        setup_django(Path(tmp))
        from qijourney.capability.models import DosingTarget, StaffMember
        from qijourney.demo import synthetic

        accounts = synthetic.build(PASSWORD)
        email = accounts.central_qi_email
        target = DosingTarget.objects.filter(provider__code="RNV").first()
        staff = StaffMember.objects.filter(provider__code="RNV").count()
        for label, path in [
            ("overview", "/capability/"),
            ("one target", f"/capability/targets/{target.pk}/"),
            ("skills directory", "/capability/skills/"),
            ("report page", "/capability/report/"),
            ("report PDF", "/capability/report.pdf"),
        ]:
            times = server_times(email, path, repeats)
            print(f"{label} ({staff:,} staff): {describe(times)} server time")


if __name__ == "__main__":
    main()
