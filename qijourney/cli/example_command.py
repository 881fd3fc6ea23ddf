"""``qijourney example``: write the bundled example table, to try ``qijourney spc`` on."""

from __future__ import annotations

import shutil
import sys
from importlib.resources import as_file, files
from pathlib import Path

EXAMPLE = "wards.csv"
HOW_TO_USE = """\
Wrote {path}: four wards, 36 months, two measures (falls per 1,000 bed days, an XmR chart where
lower is better; risk assessments within 6 hours, a p chart where higher is better). Try:

  qijourney spc {path} --value value --numerator numerator --denominator denominator \\
      --date month --series measure --series ward --chart-column chart \\
      --improvement-column direction --target-column target \\
      --recalculate-column new_process --annotation-column note \\
      --chart-out wards.html --summary-out summary.csv --points-out points.csv
"""


def example_path():
    return files("qijourney.examples").joinpath(EXAMPLE)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "example",
        help="write the example table (four wards, two measures) to try spc on",
        description="Write the bundled example CSV and show the command that charts it.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path(EXAMPLE), help=f"where to write it (default: ./{EXAMPLE})"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.out.exists():
        print(
            f"qijourney example: {args.out} already exists; choose another --out", file=sys.stderr
        )
        return 2
    with as_file(example_path()) as source:
        shutil.copyfile(source, args.out)
    print(HOW_TO_USE.format(path=args.out))
    return 0
