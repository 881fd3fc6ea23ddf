"""Charts: one definition rendered offline to SVG, PNG, PDF and HTML, with text alternatives."""

import json
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from qijourney.charts import chart_definition, save, to_html, to_svg
from qijourney.charts.icons import icon_svg
from qijourney.charts.sparkline import positions, shared_scale, sparkline_svg
from qijourney.spc import analyse
from qijourney.spc.icons import ICON_TEXT


@pytest.fixture(scope="module")
def falls():
    rng = np.random.default_rng(3)
    y = np.r_[rng.normal(8, 1, 20), rng.normal(5, 1, 10)]
    frame = pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=30, freq="MS"),
            "falls": y,
            "new": [False] * 20 + [True] + [False] * 9,
            "note": [""] * 20 + ["Bed alarms"] + [""] * 9,
            "ghost": [False] * 3 + [True] + [False] * 26,
        }
    )
    return analyse(
        frame,
        value="falls",
        date="month",
        improvement="decrease",
        target=6,
        recalculate_column="new",
        annotation_column="note",
        ghost_column="ghost",
    )


def test_definition_has_every_layer_and_no_external_urls(falls):
    spec = chart_definition(falls.points, falls.summary, date="month", title="Falls")
    fields = {
        layer["encoding"]["y"].get("field") for layer in spec["layer"] if "y" in layer["encoding"]
    }
    assert {"upper_limit", "lower_limit", "centre", "target", "value"} <= fields
    text = json.dumps(spec)
    assert not re.search(r"https?://(?!vega\.github\.io/schema)", text)
    assert "Bed alarms" in text
    # Limits break at the recalculation: lines are drawn per segment.
    assert any(
        layer["encoding"].get("detail", {}).get("field") == "segment" for layer in spec["layer"]
    )


def test_description_says_what_the_chart_shows(falls):
    spec = chart_definition(falls.points, falls.summary, date="month")
    description = spec["description"]
    assert "30 points" not in description  # the ghosted point is not counted
    assert "29 points" in description
    assert ICON_TEXT[falls.summary["variation_icon"].iloc[0]] in description
    assert "Target 6" in description


def test_svg_png_pdf_and_html(falls, tmp_path):
    spec = chart_definition(falls.points, falls.summary, date="month", title="Falls")
    svg = to_svg(spec)
    assert svg.startswith("<svg") and "aria-label" in svg
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<svg")):
        path = tmp_path / f"chart{suffix}"
        save(spec, path, title="Falls")
        assert path.read_bytes().startswith(magic)
    page = to_html(
        spec,
        title="Falls <ward 1>",
        summary_rows=[
            {"label": "Ward 1", "variation_icon": "concern_high", "assurance_icon": "fail"}
        ],
    )
    assert "Falls &lt;ward 1&gt;" in page and 'lang="en-GB"' in page
    assert "Special cause variation: concern (higher values)" in page
    assert "<script src" not in page  # everything inline: works offline


def test_small_multiples_for_several_series():
    frame = pd.DataFrame(
        {
            "ward": np.repeat(["A", "B", "C"], 15),
            "t": np.tile(range(15), 3),
            "y": np.arange(45.0) % 7,
        }
    )
    result = analyse(frame, value="y", date="t", series="ward")
    spec = chart_definition(result.points, result.summary, series=("ward",), date="t")
    assert spec["facet"]["field"] == "series" and spec["facet"]["sort"] == ["A", "B", "C"]
    assert to_svg(spec).count("<svg") >= 1


@pytest.mark.parametrize("name", sorted(ICON_TEXT))
def test_every_icon_has_its_text_alternative(name):
    svg = icon_svg(name)
    assert f"<title>{ICON_TEXT[name]}</title>" in svg
    assert f'aria-label="{ICON_TEXT[name]}"' in svg


def test_iso_text_dates_are_drawn_on_the_dates_the_engine_read():
    months = [f"2025-{m:02d}-01" for m in range(1, 13)]
    result = analyse(pd.DataFrame({"month": months, "v": np.arange(12.0)}), value="v", date="month")
    spec = chart_definition(result.points, result.summary, date="month")
    drawn = sorted({v["x"][:10] for v in spec["data"]["values"] if "x" in v})
    assert drawn == months  # not 1 to 12 January, as day-first parsing of ISO text gave


def test_small_multiples_share_one_scale_aligned_on_the_latest_point():
    def row(values):
        values = np.asarray(values, dtype=float)
        flat = np.full(values.size, values.mean())
        return SimpleNamespace(
            values=values, centre_line=flat, lower_line=flat - 1, upper_line=flat + 1
        )

    def value_line_start(svg: str) -> tuple[float, float]:
        last_path = re.findall(r'<path d="M([\d.]+) ([\d.]+)', svg)[-1]  # the values' line
        return float(last_path[0]), float(last_path[1])

    short, long = row([1, 2, 3]), row([10, 12, 14, 16, 18, 20])
    shared = shared_scale([short, long])
    assert shared == (1.0, 20.0, 6)  # the lowest and the highest of any value or line
    assert list(positions(3, 6, 0, 50)) == [30.0, 40.0, 50.0]  # the last 3 of 6 places
    lines = [short.values, short.centre_line, short.lower_line, short.upper_line]
    alone = sparkline_svg(*lines, ["common_cause"] * 3, label="x")
    together = sparkline_svg(*lines, ["common_cause"] * 3, label="x", shared=shared)
    assert value_line_start(alone)[0] == 3.0  # its own scale: from the left edge
    x, y = value_line_start(together)
    assert x == pytest.approx(3 + 134 * 3 / 5, abs=0.1)  # the 4th of 6 places
    assert y == pytest.approx(33)  # 1, the lowest of the scale, at the bottom (36 high)


def test_the_javascript_bundle_is_built_once_per_version_and_kept(tmp_path, monkeypatch):
    import platformdirs
    import vl_convert

    from qijourney.charts import render

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(tmp_path))
    built = []
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: built.append(1) or "/*vega*/")
    render.javascript_bundle.cache_clear()
    assert render.javascript_bundle() == "/*vega*/"
    render.javascript_bundle.cache_clear()  # a new process
    assert render.javascript_bundle() == "/*vega*/" and built == [1]
    assert [p.name for p in tmp_path.iterdir()] == [
        f"vl-convert-{vl_convert.__version__}-bundle.js"
    ]
    render.javascript_bundle.cache_clear()
