"""The report as one self-contained HTML page: tables by domain with icons and small charts,
the summary grid, and each metric's full chart (drawn when opened). Works offline."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from qijourney import palette
from qijourney.charts.icons import icon_svg, icon_text
from qijourney.charts.sparkline import sparkline_svg
from qijourney.formatting import date, number
from qijourney.reports.model import GRID_ASSURANCE, GRID_VARIATION, Report

# The standalone page's own stylesheet: the NHS.UK design system's colours.
COLOURS = {
    "text": palette.TEXT,
    "secondary_text": palette.SECONDARY_TEXT,
    "background": palette.NHSUK_GREY_5,
    "page": palette.NHS_WHITE,
    "blue": palette.NHS_BLUE,
    "focus": palette.FOCUS,
    "rule": palette.RULE,
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("qijourney.reports", "templates"),
        autoescape=select_autoescape(["jinja", "html"]),
    )
    env.filters.update(number=number, date=date)
    env.globals.update(icon=icon_markup, icon_text=icon_text, colours=COLOURS)
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
    """The report as one offline web page, or (``standalone=False``) the fragment the app
    shows inside its own page."""
    if not standalone:
        return _render(report)
    return fragment_and_page(report)[1]


def fragment_and_page(report: Report) -> tuple[str, str]:
    """Both forms, with the report's body rendered once (issuing keeps both)."""
    fragment = _render(report)
    specs = any(row.spec for row in report.rows)
    page = _render(
        report,
        standalone=True,
        fragment=Markup(fragment),
        script=charts_script() if specs else "",
    )
    return fragment, page


def _render(report: Report, *, standalone: bool = False, fragment="", script: str = "") -> str:
    template = environment().get_template("report.html.jinja")
    if fragment:  # the wrapper only: the body is already drawn
        return template.render(
            report=report, standalone=standalone, fragment=fragment, script=script
        )
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
    return template.render(
        report=report,
        sparklines=rows,
        specs=specs,
        grid=report.grid(),
        variation_names=GRID_VARIATION,
        assurance_names=GRID_ASSURANCE,
        script=script,
        standalone=standalone,
    )
