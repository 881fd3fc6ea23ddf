"""Making Data Count charts and funnel plots: one Vega-Lite definition rendered to HTML, SVG,
PNG or PDF."""

from qijourney.charts.funnel import funnel_chart_definition
from qijourney.charts.funnel_text import summary_rows as funnel_summary_rows
from qijourney.charts.funnel_text import table_alternative as funnel_table_alternative
from qijourney.charts.render import (
    FORMATS,
    TableAlternative,
    save,
    to_html,
    to_pdf,
    to_png,
    to_svg,
)
from qijourney.charts.spec import chart_definition, series_label

__all__ = [
    "FORMATS",
    "TableAlternative",
    "chart_definition",
    "funnel_chart_definition",
    "funnel_summary_rows",
    "funnel_table_alternative",
    "save",
    "series_label",
    "to_html",
    "to_pdf",
    "to_png",
    "to_svg",
]
