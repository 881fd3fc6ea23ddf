"""``qijourney spc``: SPC for every series of a CSV, Excel or Parquet table."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import typing
from pathlib import Path

import pandas as pd

from qijourney.charts import FORMATS as CHART_FORMATS
from qijourney.charts import chart_definition, save, series_label
from qijourney.charts.spec import MAX_SMALL_MULTIPLES
from qijourney.cli.reading import read_input, renumbered, short_series
from qijourney.cli.setting_help import SETTING_HELP
from qijourney.cli.tables import atomic_path, check_writable, write_table
from qijourney.domain.tables import Reading, TableError, progress
from qijourney.spc import SPCResult, analyse
from qijourney.spc.errors import SPCInputError
from qijourney.spc.options import CHART_TYPES, PRESET_DESCRIPTIONS, PRESETS, Settings

EXAMPLES = """\
examples:
  Chart every ward's falls, one chart per ward, MDC rules (the default preset):
    qijourney spc falls.csv --value falls --date month --series ward \\
        --improvement decrease --chart-out falls.html --summary-out icons.csv

  A p chart of four-hour A&E performance against a 95% target:
    qijourney spc ae.xlsx --numerator within_4h --denominator attendances \\
        --date week --chart p --improvement increase --target 0.95 --chart-out ae.png

  Many metrics at once, chart type and direction per metric, MDC SQL behaviour:
    qijourney spc ipr.parquet --value value --numerator num --denominator den \\
        --date period --series metric --series trust --chart-column chart \\
        --improvement-column direction --target-column target --preset mdc-sql \\
        --points-out points.parquet --summary-out summary.xlsx

  qicharts2's run chart rules, recalculating where the team changed the process:
    qijourney spc audit.csv --value score --date week --chart run \\
        --recalculate-column new_process --preset qicharts2 --chart-out audit.svg

Rows are numbered from 1, not counting the header, in every error message.
Exit status: 0 on success, 2 for bad input (nothing is written).
"""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "spc",
        help="statistical process control for every series in a table",
        description="Analyse every series of a long table (one row per point) with the Making "
        "Data Count rules or another tool's, and write the points, a summary with "
        "the variation and assurance icons, and charts.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_engine_arguments(parser)

    out = parser.add_argument_group("outputs (format by extension)")
    out.add_argument(
        "--points-out", type=Path, metavar="FILE", help="one row per point: .csv, .parquet or .xlsx"
    )
    out.add_argument(
        "--summary-out",
        type=Path,
        metavar="FILE",
        help="one row per series with icons: .csv, .parquet or .xlsx",
    )
    out.add_argument(
        "--chart-out",
        type=Path,
        metavar="FILE",
        help="chart(s): .html (interactive), .svg, .png or .pdf; several series "
        "become small multiples",
    )
    out.add_argument("--title", help="chart title (default: the value column and input name)")
    out.add_argument("--quiet", action="store_true", help="no progress bars or summary")
    parser.set_defaults(run=run)


def add_engine_arguments(parser) -> None:
    """The input, its columns, the chart and direction, per-row flags and every rule setting:
    shared by every command that runs the engine on a table."""
    parser.add_argument("input", type=Path, metavar="INPUT", help=".csv, .xlsx or .parquet")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the first)")

    columns = parser.add_argument_group("columns")
    columns.add_argument("--value", metavar="COL", help="the measured value")
    columns.add_argument("--numerator", metavar="COL", help="numerator (p, pp, u, up charts)")
    columns.add_argument(
        "--denominator",
        metavar="COL",
        help="denominator (p, pp, u, up charts; the subgroup size with --subgroup-sd-column)",
    )
    columns.add_argument(
        "--subgroup-sd-column",
        metavar="COL",
        help="xbar and s charts from summarised subgroups, one row per date: --value is the "
        "subgroup's mean, --denominator its size and this its standard deviation",
    )
    columns.add_argument("--date", metavar="COL", help="date or period ordering the points")
    columns.add_argument(
        "--series",
        metavar="COL",
        action="append",
        default=[],
        help="column naming a series; repeat for several keys",
    )

    chart = parser.add_argument_group("chart and direction")
    chart.add_argument(
        "--chart",
        default="xmr",
        metavar="TYPE",
        help=f"chart type: {', '.join(CHART_TYPES)} (i = xmr; default xmr)",
    )
    chart.add_argument("--chart-column", metavar="COL", help="chart type per series")
    chart.add_argument(
        "--improvement",
        default="neutral",
        help="increase, decrease or neutral (up, down, neither; default neutral)",
    )
    chart.add_argument("--improvement-column", metavar="COL", help="direction per series")
    chart.add_argument("--target", type=float, metavar="N", help="target for every series")
    chart.add_argument("--target-column", metavar="COL", help="target per row (may change)")
    chart.add_argument("--trajectory-column", metavar="COL", help="trajectory per row")
    chart.add_argument(
        "--multiply",
        type=float,
        default=1.0,
        metavar="N",
        help="show values times N, e.g. 1000 for a rate per 1,000 (default 1)",
    )
    chart.add_argument(
        "--multiply-column",
        metavar="COL",
        help="a multiplier per series (e.g. 100 for the metrics shown as percentages)",
    )

    flags = parser.add_argument_group("per-row flags (true/false, yes/no, 1/0 or blank)")
    flags.add_argument(
        "--recalculate-column",
        metavar="COL",
        help="true where new limits start (a change in the process)",
    )
    flags.add_argument(
        "--baseline-column", metavar="COL", help="true for the points the limits are computed from"
    )
    flags.add_argument(
        "--ghost-column",
        metavar="COL",
        help="true for points shown but left out of limits and rules",
    )
    flags.add_argument(
        "--exclude-column",
        metavar="COL",
        help="true for points left out of limits and runs analysis (qicharts2)",
    )
    flags.add_argument("--annotation-column", metavar="COL", help="text shown by the point")

    rules = parser.add_argument_group(
        "rules",
        "A preset sets every rule to one tool's behaviour; the options after it "
        "change one setting. Presets: "
        + "; ".join(f"{name}: {text}" for name, text in PRESET_DESCRIPTIONS.items()),
    )
    rules.add_argument("--preset", default="mdc", choices=list(PRESETS))
    add_setting_options(rules)


def add_setting_options(group) -> None:
    """One option per rule setting, named after it, so every setting can be overridden."""
    hints = typing.get_type_hints(Settings)
    for field in dataclasses.fields(Settings):
        flag = "--" + field.name.replace("_", "-")
        kind = hints[field.name]
        help_text = SETTING_HELP[field.name]
        if kind is bool:
            group.add_argument(
                flag,
                dest=field.name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=help_text,
            )
        elif typing.get_origin(kind) is typing.Literal:
            group.add_argument(
                flag, dest=field.name, choices=typing.get_args(kind), default=None, help=help_text
            )
        else:
            group.add_argument(
                flag, dest=field.name, type=count_or_none, default=None, metavar="N", help=help_text
            )


def count_or_none(text: str):
    if text.lower() in ("none", "off"):
        return "none"
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or none, not {text!r}") from None


def overrides_from(args) -> dict:
    changes = {}
    for field in dataclasses.fields(Settings):
        value = getattr(args, field.name)
        if value is not None:
            changes[field.name] = None if value == "none" else value
    return changes


def run(args) -> int:
    outputs = [p for p in (args.points_out, args.summary_out) if p is not None]
    reading = Reading()
    try:
        for path in outputs:
            check_writable(path, 0)
        if args.chart_out is not None:
            check_chart_path(args.chart_out)
        frame, reading = read_input(args)
        result = analyse_with_progress(frame, args)
        write_outputs(result, args, reading)
    except (SPCInputError, TableError) as error:
        where = args.input.name
        print(f"qijourney spc: {where}: {error}{renumbered(error, reading)}", file=sys.stderr)
        return 2
    if not args.quiet and not any((args.points_out, args.summary_out, args.chart_out)):
        print_summary(result.summary)
    elif not args.quiet:
        written = ", ".join(str(p) for p in (*outputs, args.chart_out) if p is not None)
        n = len(result.summary)
        print(
            f"Analysed {n:,} series ({len(result.points):,} points); wrote {written}",
            file=sys.stderr,
        )
    if not args.quiet:
        for line in reading.notes() + short_series(result.summary, tuple(args.series)):
            print(line, file=sys.stderr)
    return 0


def check_chart_path(path: Path) -> None:
    if path.suffix.lower() not in CHART_FORMATS:
        raise TableError(f"{path}: charts are written as {', '.join(CHART_FORMATS)}")
    if not path.parent.exists():
        raise TableError(f"{path}: the folder {path.parent} does not exist")


def engine_options(args) -> dict:
    return dict(
        value=args.value,
        numerator=args.numerator,
        denominator=args.denominator,
        date=args.date,
        series=tuple(args.series),
        chart=args.chart,
        chart_column=args.chart_column,
        improvement=args.improvement,
        improvement_column=args.improvement_column,
        target=args.target,
        target_column=args.target_column,
        trajectory_column=args.trajectory_column,
        recalculate_column=args.recalculate_column,
        baseline_column=args.baseline_column,
        ghost_column=args.ghost_column,
        exclude_column=args.exclude_column,
        annotation_column=args.annotation_column,
        multiplier=args.multiply,
        multiplier_column=args.multiply_column,
        subgroup_sd_column=args.subgroup_sd_column,
        preset=args.preset,
        **overrides_from(args),
    )


def analyse_with_progress(frame: pd.DataFrame, args) -> SPCResult:
    """One vectorised call; the engine reports each chunk it finishes to the progress bar."""
    with progress(
        total=len(frame), unit="rows", unit_scale=True, desc="Analysing", disable=args.quiet
    ) as bar:
        return analyse(frame, progress=bar.update, **engine_options(args))


def write_outputs(result: SPCResult, args, reading: Reading) -> None:
    """Every output goes to a temporary file first; all are moved into place only if all worked."""
    with contextlib.ExitStack() as stack:
        if args.points_out:
            temporary = stack.enter_context(atomic_path(args.points_out))
            write_table(result.points, args.points_out, temporary, args.quiet)
        if args.summary_out:
            temporary = stack.enter_context(atomic_path(args.summary_out))
            write_table(result.summary, args.summary_out, temporary, args.quiet)
        if args.chart_out:
            temporary = stack.enter_context(atomic_path(args.chart_out))
            write_chart(result, args, temporary, reading.units.get(args.value or ""))


def default_title(args) -> str:
    """What --help promises: the value column (or numerator over denominator) and the input's
    name, e.g. "falls, wards.csv"."""
    value = args.value or (f"{args.numerator} / {args.denominator}" if args.numerator else "")
    return f"{value}, {args.input.name}" if value else args.input.name


def write_chart(result: SPCResult, args, temporary: Path, unit: str | None = None) -> None:
    title = args.title or default_title(args)
    spec = chart_definition(
        result.points,
        result.summary,
        series=tuple(args.series),
        date=args.date,
        title=title,
        value_label=(args.value or "Value") + (f" ({unit})" if unit else ""),
    )
    # Only the charted series need labels (there may be 100,000 in the summary).
    shown = result.summary.iloc[:MAX_SMALL_MULTIPLES]
    labels = series_label(shown, tuple(args.series))
    rows = [
        {"label": label, "variation_icon": str(v), "assurance_icon": str(a)}
        for label, v, a in zip(
            labels, shown["variation_icon"], shown["assurance_icon"], strict=True
        )
    ]
    total = len(result.summary)
    if total > MAX_SMALL_MULTIPLES and not args.quiet:
        print(
            f"Charting the first {MAX_SMALL_MULTIPLES} of {total:,} series; filter the "
            "input to chart others.",
            file=sys.stderr,
        )
    # The temporary file has the real file's extension, so the renderer picks the same format.
    save(spec, temporary, title=title, summary_rows=rows)


def print_summary(summary: pd.DataFrame) -> None:
    columns = [
        c
        for c in summary.columns
        if c
        in (
            "chart",
            "n",
            "centre",
            "lower_limit",
            "upper_limit",
            "variation_icon",
            "assurance_icon",
            "warnings",
        )
    ]
    keys = [c for c in summary.columns[: list(summary.columns).index("chart")]]
    with pd.option_context("display.max_rows", 50, "display.width", 160):
        print(summary[keys + columns].to_string(index=False, max_rows=50))
