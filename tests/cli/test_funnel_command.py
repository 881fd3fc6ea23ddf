"""``qijourney funnel``: its options and table columns (a contract), its defaults (FunnelPlotR's),
its refusals, and outputs written all together or not at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from qijourney.cli.main import main

GOLDEN = json.loads(
    (Path(__file__).parents[1] / "golden" / "funnelplotr" / "funnel_plot_cases.json").read_text()
)
CONTRACT = [
    "numerator",
    "denominator",
    "ratio",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "lower_95_adjusted",
    "upper_95_adjusted",
    "lower_998_adjusted",
    "upper_998_adjusted",
    "outlier",
    "phi",
    "tau2",
]
COLUMNS = ["--numerator", "deaths", "--denominator", "expected", "--group", "trust"]
SCRIPT = Path(sys.executable).with_name("qijourney")


def golden_case(name, **options):
    return next(
        c
        for c in GOLDEN["cases"]
        if c["input"] == name and all(c[k] == v for k, v in options.items())
    )


def write_input(folder: Path, *names: str, suffix=".csv") -> Path:
    """The golden inputs as people name their columns, one indicator per input."""
    frame = pd.concat(
        [pd.DataFrame(GOLDEN["inputs"][name]).assign(indicator=name) for name in names],
        ignore_index=True,
    ).rename(columns={"group": "trust", "numerator": "deaths", "denominator": "expected"})
    path = folder / f"trusts{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    return path


def funnel(*args):
    return main(["funnel", *map(str, args)])


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path)
    if path.suffix == ".xlsx":
        return pd.read_excel(path)
    return pd.read_parquet(path)


@pytest.mark.slow  # a new process: a few seconds of imports
def test_help_teaches_with_worked_examples():
    env = dict(os.environ, PYTHONWARNINGS="error::DeprecationWarning")
    result = subprocess.run(
        [str(SCRIPT), "funnel", "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0
    help_text = result.stdout
    for option in (
        "--numerator",
        "--denominator",
        "--group",
        "--indicator-column",
        "--data-type",
        "--sr-method",
        "--limit",
        "--multiply",
        "--no-overdispersion",
        "--table-out",
        "--chart-out",
        "--sheet",
        "--title",
        "--quiet",
    ):
        assert option in help_text
    assert "examples:" in help_text and "qijourney funnel shmi.csv" in help_text
    for word in ("SR ", "PR ", "RC ", "99.8%", "overdispersion", "phi ", "tau2 ", "SHMI", "CQC"):
        assert word in help_text
    assert "lower_998_adjusted" in help_text  # the table's columns are listed


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_the_table_in_every_format_has_the_contract_columns(tmp_path, suffix):
    source = write_input(tmp_path, "six_trusts", "sr_wide", suffix=suffix)
    out = tmp_path / f"funnel{suffix}"
    assert funnel(source, *COLUMNS, "--indicator-column", "indicator", "--table-out", out) == 0
    table = read(out)
    assert list(table.columns) == ["trust", "indicator", *CONTRACT]
    assert len(table) == 46 and table["outlier"].dtype == bool
    assert table["trust"].tolist()[:3] == ["a", "b", "c"]


def test_defaults_are_funnelplotrs(tmp_path):
    """SR, SHMI, the 99.8% limits, adjusted for overdispersion: FunnelPlotR's defaults."""
    case = golden_case(
        "sr_wide", data_type="SR", sr_method="SHMI", draw_adjusted=True, limit=99, multiplier=1
    )
    out = tmp_path / "funnel.csv"
    assert funnel(write_input(tmp_path, "sr_wide"), *COLUMNS, "--table-out", out) == 0
    table = pd.read_csv(out).set_index("trust").loc[case["rows"]["group"]]
    assert list(table.columns) == CONTRACT
    assert table["outlier"].tolist() == [bool(x) for x in case["rows"]["outlier"]]
    assert table["phi"].iloc[0] == pytest.approx(case["phi"], rel=1e-9)
    assert table["lower_998_adjusted"].tolist() == pytest.approx(case["rows"]["OD99LCL"])


def test_options_reach_the_engine(tmp_path):
    case = golden_case("pr", draw_adjusted=False, limit=99, multiplier=100)
    out = tmp_path / "funnel.parquet"
    options = ["--data-type", "pr", "--multiply", "100", "--no-overdispersion", "--limit", "99.8"]
    assert funnel(write_input(tmp_path, "pr"), *COLUMNS, *options, "--table-out", out) == 0
    table = pd.read_parquet(out).set_index("trust").loc[case["rows"]["group"]]
    assert table["outlier"].tolist() == [bool(x) for x in case["rows"]["outlier"]]
    assert table["ratio"].tolist() == pytest.approx([r * 100 for r in case["rows"]["rr"]])


def test_the_table_is_printed_when_no_output_is_named(tmp_path, capsys):
    assert funnel(write_input(tmp_path, "six_trusts"), *COLUMNS) == 0
    printed = capsys.readouterr()
    header = printed.out.splitlines()[0].split()
    assert header == ["trust", *CONTRACT]
    assert len(printed.out.splitlines()) == 7
    assert (
        "Compared 6 groups" in printed.err and "No group is outside the 99.8% limits" in printed.err
    )
    assert "only 6 groups: phi and tau2 are rough estimates" in printed.err


def test_one_group_is_compared_as_funnelplotr_does_and_said_to_mean_nothing(tmp_path, capsys):
    path = tmp_path / "one.csv"
    path.write_text("trust,deaths,expected\nA,10,12\n")
    assert funnel(path, *COLUMNS) == 0
    printed = capsys.readouterr()
    assert "phi or tau2 is not a finite number" in printed.err
    assert "rough estimates" not in printed.err


def test_a_group_twice_is_refused_naming_its_rows(tmp_path, capsys):
    source = tmp_path / "trusts.csv"
    source.write_text("trust,deaths,expected\nNorth,10,12\nSouth,20,18\nNorth,5,6\nEast,7,9\n")
    out = tmp_path / "funnel.csv"
    assert funnel(source, *COLUMNS, "--table-out", out) == 2
    error = capsys.readouterr().err
    assert error.startswith("qijourney funnel: trusts.csv: 1 group has several rows")
    assert "North: rows 1 and 3" in error
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize(
    ("text", "options", "words"),
    [
        ("trust,deaths,expected\nA,1,2\n", ["--numerator", "died"], "'died' (numerator)"),
        ("trust,deaths,expected\nA,1,2\nB,lots,3\n", [], "row 2 ('lots')"),
        ("trust,deaths,expected\nA,1,2\nB,3,0\n", [], "(denominator) is zero or negative"),
        ("trust,deaths,expected\nA,1,2\nB,,3\n", [], "no value (blank or n/a) in 1 row"),
    ],
)
def test_bad_columns_and_values(tmp_path, capsys, text, options, words):
    source = tmp_path / "trusts.csv"
    source.write_text(text)
    out = tmp_path / "funnel.csv"
    assert funnel(source, *COLUMNS, *options, "--table-out", out) == 2
    error = capsys.readouterr().err
    assert error.startswith("qijourney funnel: trusts.csv: ") and words in error
    assert list(tmp_path.iterdir()) == [source]


def test_a_missing_file_and_an_unknown_option_value(tmp_path, capsys):
    assert funnel(tmp_path / "nope.csv", *COLUMNS) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        funnel(tmp_path / "nope.csv", *COLUMNS, "--data-type", "XX")
    assert stopped.value.code == 2


@pytest.mark.parametrize(
    ("table_out", "chart_out", "named"),
    [
        ("funnel.csv", "funnel.gif", "funnel.gif"),
        ("funnel.txt", "funnel.html", "funnel.txt"),
        ("missing/funnel.csv", "funnel.html", "missing"),
        ("funnel.csv", "missing/funnel.svg", "missing"),
    ],
)
def test_unwritable_outputs_leave_nothing_behind(tmp_path, capsys, table_out, chart_out, named):
    source = write_input(tmp_path, "six_trusts")
    options = ["--table-out", tmp_path / table_out, "--chart-out", tmp_path / chart_out]
    assert funnel(source, *COLUMNS, *options) == 2
    assert named in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [source]


def test_a_highlight_no_group_has_leaves_nothing_behind(tmp_path, capsys):
    source = write_input(tmp_path, "six_trusts")
    options = ["--table-out", tmp_path / "t.csv", "--chart-out", tmp_path / "c.html"]
    assert funnel(source, *COLUMNS, *options, "--highlight", "z") == 2
    assert "--highlight: no group in column 'trust' is named 'z'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [
        # The first page of a process builds the inlined Vega bundle: a few seconds.
        pytest.param(".html", b"<!DOCTYPE html>", marks=pytest.mark.slow),
        (".svg", b"<svg"),
        (".png", b"\x89PNG"),
        (".pdf", b"%PDF"),
    ],
)
def test_charts_in_every_format(tmp_path, suffix, magic):
    source = write_input(tmp_path, "six_trusts", "sr_wide", "sr_close")
    chart = tmp_path / f"funnel{suffix}"
    options = ["--indicator-column", "indicator", "--highlight", "T05", "--title", "Mortality"]
    assert funnel(source, *COLUMNS, *options, "--chart-out", chart, "--quiet") == 0
    assert chart.read_bytes().startswith(magic)
    if suffix == ".html":
        page = chart.read_text()
        assert "<h1>Mortality</h1>" in page
        # The text summary, one line per indicator, and the chart as a table.
        assert "<strong>sr_wide</strong>" in page and "T02, T06, T18" in page
        assert "The chart as a table" in page and "<td>T05</td>" in page
        assert "https://cdn" not in page and "<script src" not in page
    if suffix == ".svg":
        assert 'aria-label="Funnel plot of six_trusts: 6 groups' in chart.read_text()


def test_table_and_chart_together(tmp_path, capsys):
    source = write_input(tmp_path, "rc")
    table, chart = tmp_path / "t.xlsx", tmp_path / "c.html"
    options = ["--data-type", "RC", "--table-out", table, "--chart-out", chart]
    assert funnel(source, *COLUMNS, *options) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.html", "t.xlsx", "trusts.csv"]
    assert "wrote " in capsys.readouterr().err
    assert len(pd.read_excel(table)) == 30
