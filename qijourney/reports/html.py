"""The report as one self-contained HTML page: tables by domain with icons and small charts,
the summary grid, and each metric's full chart (drawn when opened). Works offline."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from qijourney.charts.icons import icon_svg, icon_text
from qijourney.charts.sparkline import sparkline_svg
from qijourney.formatting import date, number
from qijourney.reports.model import GRID_ASSURANCE, GRID_VARIATION, Report


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("qijourney.reports", "templates"),
        autoescape=select_autoescape(["jinja", "html"]),
    )
    env.filters.update(number=number, date=date)
    env.globals.update(icon=icon_markup, icon_text=icon_text)
    return env


def icon_markup(name: str, size: int = 30) -> Markup:
    if not name:
        return Markup("")
    return Markup(icon_svg(name, size))


@lru_cache(maxsize=1)
def charts_script() -> str:
    """The app's own chart bundle (Vega, Vega-Lite, vega-embed), inlined so the file works
    anywhere, offline."""
    bundle = files("qijourney.web").joinpath("static/build/charts.js")
    if not bundle.is_file():
        raise RuntimeError(
            "qijourney's web assets are missing: reinstall it (pip install builds them with npm)"
        )
    return bundle.read_text().replace("</script", "<\\/script")


def to_html(report: Report, *, standalone: bool = True) -> str:
    rows = {
        row.id: sparkline_svg(
            row.values,
            row.centre_line,
            row.lower_line,
            row.upper_line,
            row.point_types,
            label=f"Small chart of {row.name}",
        )
        for row in report.rows
    }
    specs = {row.id: json.dumps(row.spec).replace("</", "<\\/") for row in report.rows if row.spec}
    return (
        environment()
        .get_template("report.html.jinja")
        .render(
            report=report,
            sparklines=rows,
            specs=specs,
            grid=report.grid(),
            variation_names=GRID_VARIATION,
            assurance_names=GRID_ASSURANCE,
            script=charts_script() if standalone and specs else "",
            standalone=standalone,
        )
    )
