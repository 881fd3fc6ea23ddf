"""Benchmark of the system view's pages: the demo's ICS lead comparing providers.

Run:  .venv/bin/python benchmarks/system.py  [--repeats 10]

Builds the demo system in a throw-away folder (SQLite, or DATABASE_URL: 10 indicators fed for
36 months by 3 trusts, their wards and 40 GP practices), then times in-process (request in,
response out, through every middleware: the server's own time, no network) what the ICS lead
opens: the home page, a comparison of 40 practices and one of wards, a place's chart, the
integrated report (every indicator at every provider) and the downloads.
Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from web import PASSWORD, describe, server_times, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=10, help="timed requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qijourney-bench-") as tmp:
        setup_django(Path(tmp))
        from qijourney.demo import synthetic
        from qijourney.demo import system as demo_system
        from qijourney.system.models import Indicator, IndicatorValue

        accounts = synthetic.build(PASSWORD)
        email = accounts.emails["ICS lead (system level)"]
        flu = Indicator.objects.get(name=demo_system.CATALOGUE["flu"].name)
        falls = Indicator.objects.get(name=demo_system.CATALOGUE["falls"].name)
        place = IndicatorValue.objects.filter(feed__indicator=flu).values("unit_id").first()
        figures = IndicatorValue.objects.count()
        print(f"Demo system: {Indicator.objects.count()} indicators, {figures:,} figures")
        for label, path in [
            ("ICS home", "/"),
            ("compare 40 practices (flu, 12 months)", f"/system/indicators/{flu.pk}/compare/"),
            ("compare wards (falls)", f"/system/indicators/{falls.pk}/compare/?level=wards"),
            ("one practice's chart", f"/system/indicators/{flu.pk}/providers/{place['unit_id']}/"),
            ("integrated report (matrix)", "/system/matrix/"),
            ("matrix PDF", "/system/matrix.pdf"),
            ("comparison PDF (wards)", f"/system/indicators/{falls.pk}/compare.pdf?level=wards"),
        ]:
            times = server_times(email, path, args.repeats)
            print(f"{label}: {describe(times)} server time")


if __name__ == "__main__":
    main()
