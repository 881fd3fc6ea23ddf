"""Board pages: the metrics, report configurations, the report itself, issued copies."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.charts import chart_definition
from qijourney.measures.frames import ENGINE_COLUMNS
from qijourney.measures.models import Measure
from qijourney.organisations.scoping import scoped
from qijourney.reporting import selectors, services
from qijourney.reporting.forms import BoardMetricForm, PromoteForm, ReportForm
from qijourney.reports.html import to_html
from qijourney.spc import SPCInputError, analyse
from qijourney.web.downloads import DOWNLOADS, download


def board_home(request):
    return render(
        request,
        "reporting/home.jinja",
        {
            "nav": "board",
            "reports": selectors.reports(request.user),
            "issued": selectors.issued(request.user)[:50],
            "can_manage": services.can_manage(request.user),
        },
    )


def metric_list(request):
    metrics = selectors.board_metrics(request.user)
    candidates = scoped(Measure.objects.filter(on_board_report=False), request.user)
    return render(
        request,
        "reporting/metrics.jinja",
        {
            "nav": "board",
            "metrics": metrics,
            "candidates": candidates.select_related("project").order_by("name")[:300],
            "form": PromoteForm(),
            "can_manage": services.can_manage(request.user),
        },
    )


def metric_create(request):
    services.check_can_manage(request.user)
    form = BoardMetricForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        measure = services.create_board_metric(actor=request.user, fields=dict(form.cleaned_data))
        messages.success(request, f"Board metric “{measure.name}” added: now add its data")
        return redirect("measure-detail", measure.pk)
    return render(request, "reporting/metric_form.jinja", {"nav": "board", "form": form})


@require_POST
def promote(request, pk: int):
    measure = get_object_or_404(scoped(Measure.objects.all(), request.user), pk=pk)
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
    if not metric.metric_code:
        related = [metric]
    else:
        related = list(
            scoped(
                Measure.objects.filter(metric_code=metric.metric_code), request.user
            ).select_related("reporting_unit")
        )
    related.sort(
        key=lambda m: (
            LEVELS.get(m.reporting_unit.kind if m.reporting_unit else "", 9),
            m.reporting_unit.name if m.reporting_unit else "",
        )
    )
    frame = selectors.metrics_frame(related)
    places = {m.pk: (m.reporting_unit.name if m.reporting_unit else m.name) for m in related}
    frame["place"] = frame["measure"].map(places)
    spec, summary = None, []
    if not frame.empty:
        try:
            result = analyse(frame, series="place", **ENGINE_COLUMNS)
        except SPCInputError as error:
            messages.error(request, f"The charts cannot be drawn: {error}")
        else:
            spec = chart_definition(
                result.points,
                result.summary,
                series=("place",),
                date="date",
                value_label=metric.name,
            )
            summary = result.summary.to_dict(orient="records")
    return render(
        request,
        "reporting/drill_down.jinja",
        {
            "nav": "board",
            "metric": metric,
            "spec": spec,
            "summary": summary,
        },
    )


LEVELS = {"organisation": 0, "directorate": 1, "team": 2}


def report_edit(request, pk: int | None = None):
    services.check_can_manage(request.user)
    report = get_object_or_404(selectors.reports(request.user), pk=pk) if pk else None
    metrics = list(selectors.board_metrics(request.user))
    chosen = {item.measure_id: item.order for item in report.items.all()} if report else {}
    form = ReportForm(
        request.POST or None,
        initial={"title": report.title, "period_end": report.period_end} if report else None,
    )
    if request.method == "POST" and form.is_valid():
        picked = []
        for metric in metrics:
            if request.POST.get(f"metric_{metric.pk}"):
                try:
                    order = int(request.POST.get(f"order_{metric.pk}") or 999)
                except ValueError:
                    order = 999
                picked.append((order, metric.name, metric))
        if not picked:
            form.add_error(None, "Choose at least one metric")
        else:
            saved = services.save_report(
                actor=request.user,
                report=report,
                title=form.cleaned_data["title"],
                period_end=form.cleaned_data["period_end"],
                measures=[m for _, _, m in sorted(picked, key=lambda t: (t[0], t[1]))],
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
            "chosen": chosen,
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
            "can_manage": services.can_manage(request.user),
            "issued": report.issued.defer("html", "pdf", "xlsx")[:20],
        },
    )


def report_download(request, pk: int, kind: str):
    report = get_object_or_404(selectors.reports(request.user), pk=pk)
    if kind not in DOWNLOADS:
        raise Http404("Reports download as pdf, xlsx or html")
    from qijourney.reports.excel import to_xlsx
    from qijourney.reports.pdf import to_pdf

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
