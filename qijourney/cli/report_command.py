"""``qijourney report``: the Making Data Count board report from a table, as HTML, PDF or Excel."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from qijourney.cli.reading import read_input
from qijourney.cli.spc_command import add_engine_arguments, engine_options
from qijourney.cli.tables import atomic_path
from qijourney.domain.tables import TableError, progress
from qijourney.spc.errors import SPCInputError

FORMATS = (".html", ".pdf", ".xlsx")
EXAMPLES = """\
examples:
  The board's integrated performance report as a PDF, metrics grouped by CQC domain:
    qijourney report ipr.csv --value value --date month --series metric \\
        --improvement-column direction --target-column target --domain-column domain \\
        --out board-report.pdf

  The same as one HTML page (opens offline; each metric's full chart inside) and as Excel:
    qijourney report ipr.csv ... --out board-report.html
    qijourney report ipr.csv ... --out board-report.xlsx

  Metrics reported for several trusts, MDC SQL behaviour:
    qijourney report system.parquet --value value --date month --series trust \\
        --series metric --improvement-column direction --preset mdc-sql --out system.pdf

Rows are numbered from 1, not counting the header, in every error message.
Exit status: 0 on success, 2 for bad input (nothing is written).
"""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="the Making Data Count board report (HTML, PDF or Excel) from a table",
        description="One row per metric, grouped by domain: latest value, target, mean, "
        "limits, variation and assurance icons and a small chart, with a summary grid of "
        "variation against assurance. Takes the same columns and rule options as "
        "'qijourney spc'.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_engine_arguments(parser)
    report = parser.add_argument_group("report")
    report.add_argument(
        "--domain-column",
        metavar="COL",
        help="domain of each metric (Safe, Effective, Caring, Responsive, "
        "Well-led, or your own); metrics without one go under Other",
    )
    report.add_argument("--title", default="Integrated quality and performance report")
    report.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the report: .html, .pdf or .xlsx"
    )
    report.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(run=run)


def run(args) -> int:
    from qijourney.reports import build_report

    suffix = args.out.suffix.lower()
    try:
        if suffix not in FORMATS:
            raise TableError(f"{args.out}: reports are written as {', '.join(FORMATS)}")
        if not args.out.parent.exists():
            raise TableError(f"{args.out}: the folder {args.out.parent} does not exist")
        if not args.series:
            raise TableError("Name the column(s) that identify each metric with --series")
        frame, _reading = read_input(args)
        options = engine_options(args)
        if args.domain_column and args.domain_column not in frame.columns:
            raise TableError(f"Column {args.domain_column!r} (domain) not found")
        with progress(
            total=None,
            desc="Building the report",
            disable=args.quiet,
            bar_format="{desc}: {elapsed}",
        ):
            report = build_report(
                frame,
                domain_column=args.domain_column,
                title=args.title,
                with_charts=suffix == ".html",
                **options,
            )
            content = render(report, suffix)
        with contextlib.ExitStack() as stack:
            temporary = stack.enter_context(atomic_path(args.out))
            temporary.write_bytes(content)
    except (SPCInputError, TableError) as error:
        print(f"qijourney report: {args.input.name}: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"Wrote {args.out}: {len(report.rows):,} metrics in {len(report.domains)} "
            f"domain(s), data to {report.period}",
            file=sys.stderr,
        )
    return 0


def render(report, suffix: str) -> bytes:
    if suffix == ".html":
        from qijourney.reports.html import to_html

        return to_html(report).encode("utf-8")
    if suffix == ".pdf":
        from qijourney.reports.pdf import to_pdf

        return to_pdf(report)
    from qijourney.reports.excel import to_xlsx

    return to_xlsx(report)
