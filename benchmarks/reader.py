"""Benchmark of the CLI's table reader and of ``qijourney spc`` end to end, on generated CSVs.

Run:  .venv/bin/python benchmarks/reader.py  [--rows 1000000 5000000] [--series 10000]
      [--formats iso month dmy semicolon] [--repeats 3] [--against /path/to/old/worktree ...]

Writes one CSV per size and date format (metric, month, value; ``--series`` series of equal
length, sorted by series and date) into ``--data`` (kept between runs), then times, each in a
fresh process so peak memory is its own:

- the reader alone: ``read_for_analysis`` as the CLI calls it (the date column read in its one
  format, the value column as numbers); a tree without it (before 2026-12-02) is timed on
  ``read_table``, which left dates other than ISO to the engine;
- the CLI end to end: ``qijourney spc FILE --value value --date month --series metric
  --summary-out summary.csv --quiet`` (reading, analysis, writing the summary), timed inside
  the process from the call to ``main`` (imports excluded).

With ``--against``, every measurement is made for that tree too, old and new alternating in
one run (the median of the repeats is shown): timings on a shared machine are only comparable
side by side. Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent

# How each date format writes the first of a month (a numpy datetime64[D] array -> text).
FORMATS = {
    "iso": ("ISO dates (2023-04-01)", ",", "%Y-%m-%d"),
    "month": ("month text (Apr-23)", ",", "%b-%y"),
    "dmy": ("day/month/year (01/04/2023)", ",", "%d/%m/%Y"),
    "semicolon": ("semicolons, decimal commas, ISO dates", ";", "%Y-%m-%d"),
}


def write_csv(path: Path, rows: int, series: int, kind: str, seed: int = 2024) -> None:
    """``rows`` rows in ``series`` monthly series, dates written the ``kind`` way."""
    import pandas as pd

    _, separator, strftime = FORMATS[kind]
    points = rows // series
    rng = np.random.default_rng(seed)
    months = pd.date_range("2001-01-01", periods=points, freq="MS").strftime(strftime)
    names = np.array([f"S{i:05d}" for i in range(series)], dtype=object)
    level = rng.uniform(20, 80, series)[:, None]
    values = np.round(level + rng.normal(0, 5, (series, points)), 1).ravel()
    text = values.astype("U12")
    if separator == ";":
        text = np.char.replace(text, ".", ",")
    temporary = path.with_suffix(".part")
    with open(temporary, "w", encoding="utf-8", newline="") as out:
        out.write(separator.join(("metric", "month", "value")) + "\n")
        block = 100  # series per write
        for start in range(0, series, block):
            stop = min(start + block, series)
            lines = [
                f"{name}{separator}{month}{separator}{value}\n"
                for i, name in enumerate(names[start:stop], start)
                for month, value in zip(months, text[i * points : (i + 1) * points], strict=True)
            ]
            out.write("".join(lines))
    temporary.replace(path)


def peak_memory_mb() -> int:
    """This process's peak resident memory (VmHWM: ru_maxrss would carry the parent's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def worker(what: str, path: Path) -> None:
    """In a fresh process with PYTHONPATH at the tree measured: print seconds and peak MB."""
    import qijourney
    from qijourney.cli.main import main
    from qijourney.domain import tables

    tree = Path(os.environ["PYTHONPATH"]).resolve()
    assert Path(qijourney.__file__).resolve().is_relative_to(tree), "measured the wrong tree"

    if what == "reader":
        if hasattr(tables, "read_for_analysis"):

            def work():
                return tables.read_for_analysis(path, date="month", numbers=("value",))[0]

        else:

            def work():
                return tables.read_table(path)

        start = time.perf_counter()
        frame = work()
        seconds = time.perf_counter() - start
        assert len(frame) > 0
    else:
        with tempfile.TemporaryDirectory() as folder:
            summary = Path(folder) / "summary.csv"
            argv = ["spc", str(path), "--value", "value", "--date", "month"]
            argv += ["--series", "metric", "--summary-out", str(summary), "--quiet"]
            start = time.perf_counter()
            status = main(argv)
            seconds = time.perf_counter() - start
            if status != 0:
                raise SystemExit(f"qijourney spc exited with {status}")
    print(f"{seconds:.4f} {peak_memory_mb()}")


def measure(tree: Path, what: str, path: Path) -> tuple[float, int] | None:
    environment = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", what, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tree)
    if done.returncode != 0:
        return None  # e.g. a tree that cannot read semicolon files
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument("--what", nargs="+", choices=["reader", "cli"], default=["reader", "cli"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        help="another worktree, measured side by side (repeat for several; the first is the "
        "one the last column compares with)",
    )
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "qij-bench")
    parser.add_argument("--worker", nargs=2, metavar=("WHAT", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return

    args.data.mkdir(parents=True, exist_ok=True)
    trees = {path.resolve().name: path.resolve() for path in args.against}
    trees["now"] = HERE
    cases = []
    for rows in args.rows:
        for kind in args.formats:
            path = args.data / f"{kind}-{rows}-{args.series}.csv"
            if not path.exists():
                print(f"writing {path} ...", file=sys.stderr)
                write_csv(path, rows, args.series, kind)
            cases.extend((what, rows, kind, path) for what in args.what)

    results: dict[tuple, list] = {}
    for repeat in range(args.repeats):
        for what, rows, kind, path in cases:
            order = list(trees.items())
            if repeat % 2:
                order.reverse()  # neither tree always runs first
            for name, tree in order:
                result = measure(tree, what, path)
                results.setdefault((what, rows, kind, name), []).append(result)
                print(f"  {what} {path.name} {name}: {result}", file=sys.stderr, flush=True)
        print(f"repeat {repeat + 1} of {args.repeats} done", file=sys.stderr)

    print(f"\n{args.series:,} series; median of {args.repeats} runs each, alternating trees\n")
    header = "| what | rows | dates | " + " | ".join(
        f"{name}: s (M rows/s), peak MB" for name in trees
    )
    first = next(iter(trees))
    print(header + (f" | now / {first} |" if len(trees) > 1 else " |"))
    print("|---" * (3 + len(trees) + (len(trees) > 1)) + "|")
    for what, rows, kind, _ in cases:
        cells, medians = [], []
        for name in trees:
            runs = results[(what, rows, kind, name)]
            if any(r is None for r in runs):
                cells.append("cannot read it")
                medians.append(None)
                continue
            seconds = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            medians.append(seconds)
            cells.append(f"{seconds:.2f} ({rows / seconds / 1e6:.2f}), {peak:,.0f}")
        ratio = ""
        if len(trees) > 1:
            known = medians[0] is not None and medians[-1] is not None
            ratio = f" {medians[-1] / medians[0]:.2f} |" if known else " — |"
        label = "reader" if what == "reader" else "CLI end to end"
        print(f"| {label} | {rows:,} | {FORMATS[kind][0]} | " + " | ".join(cells) + " |" + ratio)


if __name__ == "__main__":
    main()
