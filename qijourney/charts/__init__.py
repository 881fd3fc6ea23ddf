"""Making Data Count charts: one Vega-Lite definition rendered to HTML, SVG, PNG or PDF."""

from qijourney.charts.render import FORMATS, save, to_html, to_pdf, to_png, to_svg
from qijourney.charts.spec import chart_definition, series_label

__all__ = [
    "FORMATS",
    "chart_definition",
    "save",
    "series_label",
    "to_html",
    "to_pdf",
    "to_png",
    "to_svg",
]
