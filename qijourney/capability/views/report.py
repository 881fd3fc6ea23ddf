"""The capability report: coverage, gaps, trends, coaches and evaluations (page and PDF)."""

from __future__ import annotations

from qijourney.capability import presenters, selectors
from qijourney.capability.views import page, provider_or_404
from qijourney.pages.downloads import download
from qijourney.reports.capability import to_pdf


def report(request):
    found = selectors.capability_report(provider_or_404(request))
    charts = {c.target_id: presenters.trend_chart(c, f"{c.label}: by month") for c in found.targets}
    return page(request, "report", {"report": found, "charts": charts})


def report_pdf(request):
    found = selectors.capability_report(provider_or_404(request))
    return download(to_pdf(found), "pdf", f"Capability {found.organisation} {found.as_of:%Y-%m-%d}")
