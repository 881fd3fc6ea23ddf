"""``qijourney funnel``: funnel plots comparing groups (trusts, wards, practices) on one or many
indicators, as FunnelPlotR draws them, from a CSV, Excel or Parquet table."""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
from pathlib import Path

import pandas as pd

from qijourney.charts import (
    funnel_chart_definition,
    funnel_summary_rows,
    funnel_table_alternative,
    save,
)
from qijourney.charts.funnel_text import adjustment, outlier_text, panel_labels
from qijourney.charts.spec import MAX_SMALL_MULTIPLES
from qijourney.cli.reading import read_input, renumbered
from qijourney.cli.spc_command import check_chart_path
from qijourney.cli.tables import atomic_path, check_writable, write_table
from qijourney.domain.tables import Reading, TableError, stage
from qijourney.spc.errors import SPCInputError
from qijourney.spc.funnel_dispersion import FEW_GROUPS
from qijourney.spc.funnel_table import FunnelResult, funnel_table

EXAMPLES = """\
examples:
  SHMI-style mortality: observed and expected deaths per trust, judged by the 99.8% limits,
  adjusted for overdispersion where the trusts show it (all the defaults):
    qijourney funnel shmi.csv --numerator deaths --denominator expected --group trust \\
        --table-out funnel.csv --chart-out funnel.html

  Several indicators in one table, a funnel plot each, judged by the 95% limits:
    qijourney funnel indicators.xlsx --numerator observed --denominator expected \\
        --group trust --indicator-column indicator --limit 95 --chart-out funnels.png

  Falls with harm per admission by ward, shown per 1,000 admissions, Ward 7 ringed:
    qijourney funnel falls.parquet --numerator harmful_falls --denominator admissions \\
        --group ward --data-type PR --multiply 1000 --highlight "Ward 7" --chart-out falls.svg

  The CQC method, limits never adjusted, the table printed here:
    qijourney funnel readmissions.csv --numerator readmitted --denominator expected \\
        --group provider --sr-method CQC --no-overdispersion

what the words mean:
  SR    standardised ratio: observed / expected events (deaths against the deaths a risk
        model expects, as SHMI); the target is 1. Exact Poisson limits when unadjusted.
  PR    proportion: events / the people who could have had one; the target is the
        indicator's overall proportion.
  RC    ratio of counts: one count over another (this year's over last year's); the target
        is the indicator's overall ratio.
  SHMI  (SR) log scale; the top and bottom 10% of groups are left out before phi, and
        expected counts are rounded to 2 decimals first, as NHS Digital's SHMI does.
  CQC   (SR) square-root scale; the most extreme 10% at each end are pulled in to the 10th
        and 90th percentiles (winsorised) before phi, as PR and RC always are.
  99    the 99.8% limits, about 3 standard errors either side (SHMI's and FunnelPlotR's
        "99"); 95 is the 95% limits, about 2. A group outside the chosen ones is an outlier.
  overdispersion  groups differ more than chance alone would make them (case mix, coding,
        the model): the limits are widened for it, so only groups unusual even then stand
        out. --no-overdispersion judges every group by the unadjusted limits.
  phi   the dispersion ratio: the mean squared z-score of the groups kept; above 1 means
        overdispersed, and only then are the adjusted limits used.
  tau2  the between-group variance (DerSimonian and Laird) added to each group's own to widen
        the limits; 0 when there is no more spread than chance.

The table has one row per group (and indicator): the group column, the indicator column,
numerator, denominator, ratio, lower_95, upper_95, lower_998, upper_998 (unadjusted),
lower_95_adjusted, upper_95_adjusted, lower_998_adjusted, upper_998_adjusted, outlier, phi,
tau2. Ratios and limits are times --multiply. The input needs one row per group per
indicator: add rows up first if they are parts of one group.

Rows are numbered from 1, not counting the header, in every error message.
Exit status: 0 on success, 2 for bad input (nothing is written).
"""

VALUE_LABELS = {"SR": "Standardised ratio", "PR": "Proportion", "RC": "Ratio"}


def limit_level(text: str) -> int:
    """95, or 99 for the 99.8% limits (99.8 is read as 99 too)."""
    if text.strip() in ("95", "99", "99.8"):
        return 95 if text.strip() == "95" else 99
    raise argparse.ArgumentTypeError(f"95 or 99 (99 means the 99.8% limits), not {text!r}")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "funnel",
        help="funnel plots comparing groups on one or many indicators",
        description="Compare groups (trusts, wards, practices) on one or many indicators with "
        "funnel plots as FunnelPlotR draws them: each group's ratio against the 95% and 99.8% "
        "limits at its denominator, adjusted for overdispersion, and the outliers named.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help=".csv, .xlsx or .parquet")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the first)")

    columns = parser.add_argument_group("columns")
    columns.add_argument(
        "--numerator", metavar="COL", required=True, help="observed events (deaths, falls)"
    )
    columns.add_argument(
        "--denominator",
        metavar="COL",
        required=True,
        help="expected events (SR), the people at risk (PR) or the other count (RC)",
    )
    columns.add_argument("--group", metavar="COL", required=True, help="the groups compared")
    columns.add_argument(
        "--indicator-column", metavar="COL", help="the indicator, when the table holds several"
    )

    method = parser.add_argument_group("method (FunnelPlotR's defaults)")
    method.add_argument(
        "--data-type",
        type=str.upper,
        choices=["SR", "PR", "RC"],
        default="SR",
        help="SR standardised ratio, PR proportion, RC ratio of counts (default SR)",
    )
    method.add_argument(
        "--sr-method",
        type=str.upper,
        choices=["SHMI", "CQC"],
        default="SHMI",
        help="for SR: SHMI (log scale, truncation) or CQC (square root, winsorising); default SHMI",
    )
    method.add_argument(
        "--limit",
        type=limit_level,
        default=99,
        metavar="95|99",
        help="the limits outliers are judged by: 95%% or 99.8%% (99; the default)",
    )
    method.add_argument(
        "--multiply",
        type=float,
        default=1.0,
        metavar="N",
        help="show ratios and limits times N, e.g. 100 (default 1)",
    )
    method.add_argument(
        "--no-overdispersion",
        action="store_true",
        help="judge every group by the unadjusted limits, even when the groups are overdispersed",
    )

    out = parser.add_argument_group("outputs (format by extension)")
    out.add_argument(
        "--table-out",
        type=Path,
        metavar="FILE",
        help="one row per group and indicator: .csv, .parquet or .xlsx (without it, and "
        "without --chart-out, the table is printed)",
    )
    out.add_argument(
        "--chart-out",
        type=Path,
        metavar="FILE",
        help="funnel plot(s): .html (interactive, with a text summary and the table), .svg, "
        ".png or .pdf; several indicators become small multiples",
    )
    out.add_argument(
        "--highlight",
        metavar="GROUP",
        action="append",
        default=[],
        help="ring and label this group on the chart; repeat for several",
    )
    out.add_argument("--title", help="chart title (default: the input's name)")
    out.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    parser.set_defaults(run=run)


def run(args) -> int:
    reading = Reading()
    try:
        if args.table_out is not None:
            check_writable(args.table_out, 0)
        if args.chart_out is not None:
            check_chart_path(args.chart_out)
        frame, reading = read_input(args)
        with stage("Comparing groups", args.quiet):
            result = funnel_of(frame, args)
        check_highlights(result.table, args)
        write_outputs(result, args)
    except (SPCInputError, TableError) as error:
        where = args.input.name
        print(f"qijourney funnel: {where}: {error}{renumbered(error, reading)}", file=sys.stderr)
        return 2
    if args.table_out is None and args.chart_out is None:
        with pd.option_context("display.width", 200, "display.max_columns", None):
            print(result.table.to_string(index=False))
    if not args.quiet:
        for line in summary_lines(result, args) + reading.notes():
            print(line, file=sys.stderr)
    return 0


def funnel_of(frame: pd.DataFrame, args) -> FunnelResult:
    return funnel_table(
        frame,
        numerator=args.numerator,
        denominator=args.denominator,
        group=args.group,
        indicator=args.indicator_column,
        data_type=args.data_type,
        sr_method=args.sr_method,
        limit=args.limit,
        multiplier=args.multiply,
        overdispersion=not args.no_overdispersion,
    )


def check_highlights(table: pd.DataFrame, args) -> None:
    unknown = sorted(set(args.highlight) - set(table[args.group].astype(str)))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise TableError(f"--highlight: no group in column {args.group!r} is named {names}")


def write_outputs(result: FunnelResult, args) -> None:
    """Every output goes to a temporary file first; all are moved into place only if all worked."""
    with contextlib.ExitStack() as stack:
        if args.table_out:
            temporary = stack.enter_context(atomic_path(args.table_out))
            write_table(result.table, args.table_out, temporary, args.quiet)
        if args.chart_out:
            temporary = stack.enter_context(atomic_path(args.chart_out))
            with stage(f"Drawing {args.chart_out.name}", args.quiet):
                write_chart(result, args, temporary)


def value_label(args) -> str:
    base = VALUE_LABELS[args.data_type]
    return base if args.multiply == 1 else f"{base} × {args.multiply:g}"


def write_chart(result: FunnelResult, args, temporary: Path) -> None:
    title = args.title or args.input.stem.replace("_", " ").capitalize()
    facts = result.facts.iloc[:MAX_SMALL_MULTIPLES]
    label = value_label(args)
    spec = funnel_chart_definition(
        result.table,
        facts,
        group=args.group,
        indicator=args.indicator_column,
        title=title,
        value_label=label,
        highlight=tuple(args.highlight),
        denominator_label=args.denominator,
    )
    table = funnel_table_alternative(
        result.table, facts, group=args.group, indicator=args.indicator_column, value_label=label
    )
    total = len(result.facts)
    if total > MAX_SMALL_MULTIPLES and not args.quiet:
        print(
            f"Charting the first {MAX_SMALL_MULTIPLES} of {total:,} indicators; filter the "
            "input to chart others.",
            file=sys.stderr,
        )
    # The temporary file has the real file's extension, so the renderer picks the same format.
    rows = funnel_summary_rows(facts, args.indicator_column)
    save(spec, temporary, title=title, summary_rows=rows, table=table)


def summary_lines(result: FunnelResult, args, shown: int = 10) -> list[str]:
    """What was compared and written, then a line per indicator (the first few)."""
    facts = result.facts
    n_groups = result.table[args.group].nunique()
    indicators = f" on {len(facts):,} indicators" if args.indicator_column else ""
    written = [str(p) for p in (args.table_out, args.chart_out) if p is not None]
    wrote = f"; wrote {', '.join(written)}" if written else ""
    lines = [f"Compared {n_groups:,} groups{indicators}{wrote}."]
    labels = panel_labels(facts, args.indicator_column)
    for label, (_, fact) in list(zip(labels, facts.iterrows(), strict=True))[:shown]:
        lines.append(f"  {label}: {adjustment(fact).capitalize()}. {outlier_text(fact)}")
        if not (math.isfinite(fact["phi"]) and math.isfinite(fact["tau2"])):
            lines.append(
                "    phi or tau2 is not a finite number (too few groups, or a count of 0 on "
                "the SHMI's log scale): its adjusted limits mean nothing"
            )
        elif fact["n_groups"] < FEW_GROUPS:
            lines.append(
                f"    only {fact['n_groups']} groups: phi and tau2 are rough estimates "
                f"(fewer than {FEW_GROUPS}), so read its adjusted limits with care"
            )
    if len(facts) > shown:
        lines.append(f"  ... and {len(facts) - shown:,} more indicators (see the table)")
    return lines
