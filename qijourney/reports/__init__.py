"""The Making Data Count board report (integrated quality and performance report), built from a
long table of metrics in one engine call and written as HTML, PDF or Excel. No web imports."""

from qijourney.reports.build import DOMAIN_ORDER, build_report
from qijourney.reports.model import MetricRow, Report

__all__ = ["DOMAIN_ORDER", "MetricRow", "Report", "build_report"]
