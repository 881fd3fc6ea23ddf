"""Board pages: the metrics, report configurations, the report itself, issued copies."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.measures.analysis import places_chart
from qijourney.measures.selectors import visible_measures
from qijourney.organisations.permissions import Permission, require
from qijourney.pages.downloads import DOWNLOADS, download
from qijourney.reporting import selectors, services
from qijourney.reporting.forms import BoardMetricForm, PromoteForm, ReportForm, picked_metrics
from qijourney.reports.excel import to_xlsx
from qijourney.reports.html import to_html
from qijourney.reports.pdf import to_pdf
from qijourney.spc import SPCInputError


def board_home(request):
    return render(
        request,
        "reporting/home.jinja",
        {
            "nav": "board",
            "reports": selectors.reports(request.user),
            "issued": selectors.issued(request.user)[:50],
        },
    )


def metric_list(request):
    return render(
        request,
        "reporting/metrics.jinja",
        {
            "nav": "board",
            "metrics": selectors.board_metrics(request.user),
            "candidates": selectors.candidates(request.user),
            "form": PromoteForm(),
        },
    )


def metric_create(request):
    require(request.user, Permission.MANAGE_BOARD_REPORTS)
    form = BoardMetricForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        measure = services.create_board_metric(actor=request.user, fields=dict(form.cleaned_data))
        messages.success(request, f"Board metric “{measure.name}” added: now add its data")
        return redirect("measure-detail", measure.pk)
    return render(request, "reporting/metric_form.jinja", {"nav": "board", "form": form})


@require_POST
def promote(request, pk: int):
    measure = get_object_or_404(visible_measures(request.user), pk=pk)
    form = PromoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the metric a domain")
        return redirect("board-metrics")
    services.promote(actor=request.user, measure=measure, **form.cleaned_data)
    messages.success(request, f"“{measure.name}” is now a board metric")
    return redirect("board-metrics")


def drill_down(request, pk: int):
    """The same metric by directorate and by ward, as small multiples."""
    metric = get_object_or_404(selectors.board_metrics(request.user), pk=pk)
    chart = places_chart(selectors.same_metric_elsewhere(request.user, metric), metric.name)
    if chart.problem:
        messages.error(request, chart.problem)
    return render(
        request,
        "reporting/drill_down.jinja",
        {"nav": "board", "metric": metric, "spec": chart.spec, "summary": chart.summary},
    )


def report_edit(request, pk: int | None = None):
    require(request.user, Permission.MANAGE_BOARD_REPORTS)
    report = get_object_or_404(selectors.reports(request.user), pk=pk) if pk else None
    metrics = list(selectors.board_metrics(request.user))
    form = ReportForm(
        request.POST or None,
        initial={"title": report.title, "period_end": report.period_end} if report else None,
    )
    if request.method == "POST" and form.is_valid():
        picked = picked_metrics(request.POST, metrics)
        if not picked:
            form.add_error(None, "Choose at least one metric")
        else:
            saved = services.save_report(
                actor=request.user,
                report=report,
                title=form.cleaned_data["title"],
                period_end=form.cleaned_data["period_end"],
                measures=picked,
            )
            messages.success(request, "Report saved")
            return redirect("board-report", saved.pk)
    return render(
        request,
        "reporting/report_form.jinja",
        {
            "nav": "board",
            "form": form,
            "report": report,
            "metrics": metrics,
            "chosen": selectors.chosen_metrics(report),
        },
    )


def report_view(request, pk: int):
    report = get_object_or_404(selectors.reports(request.user), pk=pk)
    try:
        fragment = to_html(selectors.build(report), standalone=False)
    except SPCInputError as error:
        fragment = ""
        messages.error(request, f"The report cannot be drawn until its data is fixed: {error}")
    return render(
        request,
        "reporting/report.jinja",
        {
            "nav": "board",
            "report": report,
            "fragment": fragment,
            "issued": selectors.issued_copies(report),
        },
    )


def report_download(request, pk: int, kind: str):
    report = get_object_or_404(selectors.reports(request.user), pk=pk)
    if kind not in DOWNLOADS:
        raise Http404("Reports download as pdf, xlsx or html")
    try:
        built = selectors.build(report, with_charts=kind == "html")
    except SPCInputError as error:
        messages.error(request, f"The report cannot be made until its data is fixed: {error}")
        return redirect("board-report", report.pk)
    content = {"pdf": to_pdf, "xlsx": to_xlsx, "html": to_html}[kind](built)
    return download(content, kind, f"{report.title} {built.period}")


@require_POST
def report_issue(request, pk: int):
    report = get_object_or_404(selectors.reports(request.user), pk=pk)
    try:
        issued = services.issue(actor=request.user, report=report)
    except SPCInputError as error:
        messages.error(request, f"The report cannot be issued until its data is fixed: {error}")
        return redirect("board-report", report.pk)
    messages.success(request, f"Issued: {issued}")
    return redirect("board-issued", issued.pk)


def issued_view(request, pk: int):
    issued = get_object_or_404(selectors.issued(request.user), pk=pk)
    return render(request, "reporting/issued.jinja", {"nav": "board", "issued": issued})


def issued_download(request, pk: int, kind: str):
    issued = get_object_or_404(selectors.issued(request.user), pk=pk)
    if kind not in DOWNLOADS:
        raise Http404("Reports download as pdf, xlsx or html")
    content = {"pdf": bytes(issued.pdf), "xlsx": bytes(issued.xlsx), "html": issued.html}[kind]
    return download(
        content, kind, f"{issued.title} {issued.period} issued {issued.issued_at:%Y-%m-%d}"
    )
