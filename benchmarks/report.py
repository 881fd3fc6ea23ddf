"""Benchmark of the board report: 200 metrics × 36 months to HTML and to PDF.

Run:  .venv/bin/python benchmarks/report.py  [--metrics 200] [--months 36]

Times the whole job from a DataFrame: the engine on every metric, the report's layout and
the file (HTML with each metric's full chart; PDF with contents, tables and a chart page per
metric). Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from qijourney.reports import build_report
from qijourney.reports.html import to_html
from qijourney.reports.pdf import to_pdf

DOMAINS = ["Safe", "Effective", "Caring", "Responsive", "Well-led", "People", "Use of resources"]


def board_metrics(n_metrics: int, n_months: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    level = rng.uniform(20, 90, (n_metrics, 1))
    values = level + rng.normal(0, 4, (n_metrics, n_months))
    values[rng.random(n_metrics) < 0.25, n_months // 2 :] += 8
    return pd.DataFrame(
        {
            "metric": np.repeat([f"Metric {i:03d}" for i in range(n_metrics)], n_months),
            "month": np.tile(pd.date_range("2023-04-01", periods=n_months, freq="MS"), n_metrics),
            "value": values.ravel(),
            "direction": np.repeat(rng.choice(["increase", "decrease"], n_metrics), n_months),
            "target": np.repeat(level[:, 0] + rng.normal(0, 6, n_metrics), n_months),
            "domain": np.repeat(rng.choice(DOMAINS, n_metrics), n_months),
        }
    )


OPTIONS = dict(
    series=["metric"],
    date="month",
    value="value",
    improvement_column="direction",
    target_column="target",
    domain_column="domain",
)


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = board_metrics(args.metrics, args.months)
    html_times, pdf_times = [], []
    for _ in range(args.repeats):
        seconds, page = timed(lambda: to_html(build_report(frame, **OPTIONS)))
        html_times.append(seconds)
        seconds, pdf = timed(lambda: to_pdf(build_report(frame, with_charts=False, **OPTIONS)))
        pdf_times.append(seconds)
    print(
        f"{args.metrics} metrics x {args.months} months to HTML: best {min(html_times):.2f} s "
        f"({len(page) / 1e6:.1f} MB)"
    )
    print(
        f"{args.metrics} metrics x {args.months} months to PDF: best {min(pdf_times):.2f} s "
        f"({len(pdf) / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
