"""The portfolio: every project of the organisation, filtered, with the score distribution."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from qijourney.organisations.selectors import scale_levels, system_of
from qijourney.projects import presenters, selectors
from qijourney.projects.forms import PortfolioFilter

PORTFOLIO_PAGE_SIZE = 50


def _filtered(request):
    levels = scale_levels(request.user)
    form = PortfolioFilter(request.GET or None, person=request.user, levels=levels)
    data = form.cleaned_data if form.is_valid() else {}
    return form, levels, selectors.filtered_portfolio(request.user, data)


def portfolio(request):
    form, levels, projects = _filtered(request)
    scores = selectors.scores(projects)
    page = Paginator(projects, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "projects/portfolio.jinja",
        {
            "nav": "portfolio",
            "form": form,
            "page": page,
            "count": len(scores),
            "stalled_ids": selectors.stalled_ids(projects, page),
            "spread": selectors.spread(page, request.user),
            "bars": presenters.distribution(scores, presenters.scale_labels(levels)),
            "query": filters.urlencode(),
        },
    )


def portfolio_csv(request):
    _form, _levels, projects = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portfolio.csv"'
    writer = csv.writer(response)
    writer.writerow(presenters.PORTFOLIO_COLUMNS)
    writer.writerows(presenters.portfolio_row(p) for p in projects)
    return response


def system_portfolio(request):
    """The portfolios of the system's organisations that share theirs, rolled up."""
    return render(
        request,
        "projects/system_portfolio.jinja",
        {
            "nav": "portfolios",
            "rollups": selectors.portfolio_rollup(request.user),
            "bands": presenters.score_bands,
            "system": system_of(request.user.provider),
        },
    )
