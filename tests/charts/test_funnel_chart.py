"""The funnel plot: one Vega-Lite definition from the engine's funnel table and facts, rendered
offline to HTML, SVG, PNG and PDF, with its text summary and table alternative."""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.charts import (
    funnel_chart_definition,
    funnel_summary_rows,
    funnel_table_alternative,
    save,
    to_html,
    to_svg,
)
from qijourney.charts.funnel import GRID_POINTS, POINT_CLASSES, POINT_SHAPES
from qijourney.spc.funnel_limits import poisson_limits, random_effects_limits
from qijourney.spc.funnel_table import funnel_table

GOLDEN = json.loads(
    (Path(__file__).parents[1] / "golden" / "funnelplotr" / "funnel_plot_cases.json").read_text()
)


def inputs(*names):
    return pd.concat(
        [pd.DataFrame(GOLDEN["inputs"][name]).assign(indicator=name) for name in names],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def wide():
    """40 overdispersed trusts: adjusted limits, T02, T06 and T18 outside the 99.8% ones."""
    return funnel_table(
        inputs("sr_wide"), numerator="numerator", denominator="denominator", group="group"
    )


@pytest.fixture(scope="module")
def three():
    """Three indicators: two adjusted, one (sr_close) not, so its limits are Poisson."""
    return funnel_table(
        inputs("six_trusts", "sr_wide", "sr_close"),
        numerator="numerator",
        denominator="denominator",
        group="group",
        indicator="indicator",
    )


def layer_with(spec, test):
    return next(layer for layer in spec["layer"] if test(layer))


def rows_of(spec, kind):
    return [v for v in spec["data"]["values"] if v["kind"] == kind]


def definition(result, **options):
    options = {"group": "group", "title": "Mortality", "value_label": "SHMI", **options}
    return funnel_chart_definition(result.table, result.facts, **options)


def test_points_limits_and_centre(wide):
    spec = definition(wide)
    groups = rows_of(spec, "group")
    assert len(groups) == 40
    t06 = next(g for g in groups if g["group"] == "T06")
    row = wide.table.set_index("group").loc["T06"]
    assert (t06["x"], t06["y"]) == (row["denominator"], row["ratio"])
    assert t06["class"] == "Above the upper limit"
    assert {g["group"] for g in groups if g["class"] != "Within the limits"} == {
        "T02",
        "T06",
        "T18",
    }
    assert rows_of(spec, "centre") == [{"kind": "centre", "panel": "All groups", "y": 1.0}]
    curves = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    fold = next(step["fold"] for step in curves["transform"] if "fold" in step)
    assert fold == ["lower_95", "upper_95", "lower_99", "upper_99"]
    assert curves["encoding"]["strokeDash"]["field"] == "band"
    text = json.dumps(spec)
    assert not re.search(r"https?://(?!vega\.github\.io/schema)", text)


def test_outliers_differ_by_shape_and_colour(wide):
    spec = definition(wide)
    points = layer_with(
        spec, lambda layer: layer["mark"]["type"] == "point" and layer["mark"].get("filled")
    )
    colour, shape = points["encoding"]["color"], points["encoding"]["shape"]
    assert colour["field"] == shape["field"] == "class"
    assert colour["scale"]["domain"] == shape["scale"]["domain"] == POINT_CLASSES
    assert len(set(shape["scale"]["range"])) == 3 == len(POINT_SHAPES)
    within, outlier = colour["scale"]["range"][0], colour["scale"]["range"][1]
    assert within != outlier
    titles = {field["title"] for field in points["encoding"]["tooltip"]}
    assert {"Group", "Numerator", "SHMI", "Lower 99.8% limit", "Upper 99.8% limit"} <= titles


def test_curves_are_the_adjusted_limits_where_adjusted_and_poisson_where_not(three):
    spec = definition(three, indicator="indicator")
    curves = rows_of(spec, "limit")
    assert len(curves) == 3 * GRID_POINTS
    facts = three.facts.set_index("indicator")
    for name in ("sr_wide", "sr_close"):
        drawn = [c for c in curves if c["panel"] == name]
        x = np.array([c["x"] for c in drawn])
        upper = np.array([c["upper_99"] for c in drawn])
        if facts.loc[name, "adjusted"]:
            _, expected = random_effects_limits(
                x,
                99,
                facts.loc[name, "tau2"],
                data_type="SR",
                sr_method="SHMI",
                target=1,
                multiplier=1,
            )
        else:
            _, expected = poisson_limits(x, 99)
        assert upper == pytest.approx(expected, rel=1e-12)
        # Smooth: dense where the funnel's mouth bends, over the whole x axis drawn.
        assert np.all(np.diff(x) > 0) and np.diff(x)[0] < np.diff(x)[-1]
    assert bool(facts.loc["sr_wide", "adjusted"]) and not bool(facts.loc["sr_close", "adjusted"])


def test_axes_are_funnelplotrs(wide):
    spec = definition(wide)
    points = layer_with(spec, lambda layer: layer["mark"]["type"] == "point")
    x_domain = points["encoding"]["x"]["scale"]["domain"]
    y_domain = points["encoding"]["y"]["scale"]["domain"]
    table = wide.table
    assert x_domain == [
        np.ceil(table["denominator"].min()) - 1,
        np.ceil(table["denominator"].max()) + 1,
    ]
    assert y_domain == pytest.approx(
        [min(0.7, 0.9 * table["ratio"].min()), max(1.3, 1.1 * table["ratio"].max())]
    )


def test_highlighted_groups_are_ringed_and_named(wide):
    spec = definition(wide, highlight=["T05"])
    t05 = next(g for g in rows_of(spec, "group") if g["group"] == "T05")
    assert t05["highlighted"] and t05["named"]
    ring = layer_with(
        spec, lambda layer: layer["mark"]["type"] == "point" and not layer["mark"].get("filled")
    )
    assert {"filter": "datum.highlighted"} in ring["transform"]
    labels = layer_with(spec, lambda layer: layer["mark"]["type"] == "text")
    assert labels["encoding"]["text"] == {"field": "group"}
    # Outliers are few here, so they are named too.
    assert {g["group"] for g in rows_of(spec, "group") if g["named"]} == {
        "T02",
        "T05",
        "T06",
        "T18",
    }
    with pytest.raises(ValueError, match="Not a group in the table: T99"):
        definition(wide, highlight=["T99"])


def test_no_empty_ring_or_name_layer_is_drawn(three):
    """An empty layer still renders an unnamed graphic that screen readers announce."""
    spec = definition(three, indicator="indicator")
    rows = rows_of(spec, "group")
    assert len(spec["concat"]) == 3
    for panel in spec["concat"]:
        label = panel["transform"][0]["filter"]["equal"]
        marks = [layer["mark"] for layer in panel["layer"]]
        ringed = any(g["highlighted"] for g in rows if g["panel"] == label)
        named = any(g["named"] for g in rows if g["panel"] == label)
        assert any(m["type"] == "point" and not m.get("filled") for m in marks) == ringed
        assert any(m["type"] == "text" for m in marks) == named
    assert not any(g["highlighted"] for g in rows)


def test_small_multiples_one_per_indicator_each_with_its_axes(three):
    spec = definition(three, indicator="indicator")
    panels = spec["concat"]
    assert [p["title"]["text"] for p in panels] == ["six_trusts", "sr_wide", "sr_close"]
    assert "adjusted for overdispersion" in panels[1]["title"]["subtitle"]
    assert "not adjusted: no overdispersion" in panels[2]["title"]["subtitle"]
    domains = [
        layer_with(p, lambda layer: layer["mark"]["type"] == "point")["encoding"]["y"]["scale"][
            "domain"
        ]
        for p in panels
    ]
    assert len({tuple(d) for d in domains}) == 3
    assert to_svg(spec).startswith("<svg")


def test_description_says_what_each_funnel_shows(three):
    spec = definition(three, indicator="indicator")
    description = spec["description"]
    assert "Funnel plot of sr_wide: 40 groups" in description
    assert "3 groups are outside the 99.8% limits (1 above, 2 below): T02, T06, T18" in description
    assert "Funnel plot of six_trusts: 6 groups" in description
    assert "No group is outside the 99.8% limits" in description


def test_every_format_with_the_summary_and_table_in_html(wide, tmp_path):
    spec = definition(wide)
    rows = funnel_summary_rows(wide.facts, None)
    table = funnel_table_alternative(
        wide.table, wide.facts, group="group", indicator=None, value_label="SHMI"
    )
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<svg")):
        path = tmp_path / f"funnel{suffix}"
        save(spec, path, title="Mortality", summary_rows=rows, table=table)
        assert path.read_bytes().startswith(magic)
    svg = (tmp_path / "funnel.svg").read_text()
    assert "Funnel plot of Mortality: 40 groups" in svg  # its aria-label
    page = to_html(spec, title="Mortality <SHMI>", summary_rows=rows, table=table)
    assert "Mortality &lt;SHMI&gt;" in page and "<script src" not in page
    assert "Limits adjusted for overdispersion (phi 4.484" in page
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 40
    assert "<td>T06</td>" in page and "above the upper limit" in page
