"""Self-assessment pages: rounds, answering, results by domain over time, actions, the
report (page and PDF), and results other organisations of the system share."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.assessment import content, services
from qijourney.assessment.forms import ActionForm, RoundForm
from qijourney.assessment.models import Action, AssessmentRound, Response
from qijourney.audit.services import record, update_and_record
from qijourney.charts.maturity import maturity_spec
from qijourney.organisations.scoping import manages_organisation_data, scoped, system_of
from qijourney.web.downloads import download


def _round(request, pk: int) -> AssessmentRound:
    return get_object_or_404(
        scoped(AssessmentRound.objects.select_related("framework"), request.user), pk=pk
    )


def home(request):
    rounds = list(
        scoped(AssessmentRound.objects.select_related("framework"), request.user).order_by(
            "-opened", "-pk"
        )
    )
    latest_by_framework = {}
    for assessment in rounds:
        latest_by_framework.setdefault(assessment.framework_id, assessment)
    return render(
        request,
        "assessment/home.jinja",
        {
            "nav": "assessment",
            "rounds": rounds,
            "reports": list(latest_by_framework.values()),
            "shared_count": services.shared_with(request.user).count(),
            "can_manage": manages_organisation_data(request.user),
        },
    )


def round_create(request):
    if not manages_organisation_data(request.user):
        raise PermissionDenied("The central QI team or the executive lead start assessments")
    form = RoundForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        assessment = services.start_round(actor=request.user, **form.cleaned_data)
        messages.success(request, "Assessment round started: ask colleagues to answer it")
        return redirect("assessment-round", assessment.pk)
    return render(request, "assessment/round_form.jinja", {"nav": "assessment", "form": form})


def round_view(request, pk: int):
    assessment = _round(request, pk)
    mine = dict(
        Response.objects.filter(round=assessment, respondent=request.user).values_list(
            "statement_id", "rank"
        )
    )
    domains = assessment.framework.domains.prefetch_related("statements__levels")
    results = services.results(assessment)
    return render(
        request,
        "assessment/round.jinja",
        {
            "nav": "assessment",
            "assessment": assessment,
            "domains": domains,
            "mine": mine,
            "results": results,
            "actions": assessment.actions.select_related("domain", "owner"),
            "action_form": ActionForm(assessment=assessment, person=request.user),
            "can_manage": manages_organisation_data(request.user),
            "is_open": services.is_open(assessment),
        },
    )


@require_POST
def sharing(request, pk: int):
    """Share the round's results with the system, or stop sharing them."""
    assessment = _round(request, pk)
    share = request.POST.get("share") == "yes"
    services.set_sharing(actor=request.user, assessment=assessment, shared=share)
    if share:
        messages.success(
            request,
            "Results shared: other organisations of your system can read the scores by domain "
            "(not the answers or the action plan)",
        )
    else:
        messages.success(request, "Results are private to your organisation again")
    return redirect("assessment-round", assessment.pk)


@require_POST
def closing(request, pk: int):
    """Close the round to answers, or open it again."""
    assessment = _round(request, pk)
    close = request.POST.get("close") == "yes"
    services.set_closed(actor=request.user, assessment=assessment, closed=close)
    messages.success(
        request,
        "Round closed: its answers no longer change" if close else "Round open to answers again",
    )
    return redirect("assessment-round", assessment.pk)


def report(request, pk: int):
    """Maturity by domain over time up to this round, its results and the actions due."""
    assessment = _round(request, pk)
    built = services.maturity_report(assessment, today=dt.date.today())
    return render(
        request,
        "assessment/report.jinja",
        {
            "nav": "assessment",
            "assessment": assessment,
            "report": built,
            "chart": maturity_spec(
                built.domains, built.rounds, top=built.top, highlight=built.rounds[-1].label
            ),
        },
    )


def report_pdf(request, pk: int):
    from qijourney.reports.maturity import to_pdf

    assessment = _round(request, pk)
    today = dt.date.today()
    built = services.maturity_report(assessment, today=today)
    name = (
        f"Self-assessment {assessment.provider.name} {assessment.framework.name} {today:%Y-%m-%d}"
    )
    return download(to_pdf(built), "pdf", name)


def shared(request):
    """Results other organisations of your system share, compared by domain with yours."""
    comparisons = services.comparisons(request.user)
    charts = [
        maturity_spec(
            c.domains,
            c.organisations,
            top=len(content.LEVELS),
            highlight=c.yours,
            highlight_meaning="Your organisation",
            others_meaning="Other organisations",
            bar_name="organisation",
        )
        for c in comparisons
    ]
    return render(
        request,
        "assessment/shared.jinja",
        {
            "nav": "assessment",
            "comparisons": list(zip(comparisons, charts, strict=True)),
            "system": system_of(request.user.provider),
        },
    )


def shared_round(request, pk: int):
    """One shared round's results: scores and change by domain, nothing else."""
    assessment = get_object_or_404(services.shared_with(request.user), pk=pk)
    return render(
        request,
        "assessment/shared_round.jinja",
        {"nav": "assessment", "assessment": assessment, "results": services.results(assessment)},
    )


@require_POST
def respond(request, pk: int):
    assessment = _round(request, pk)
    answers = {}
    for key, value in request.POST.items():
        if key.startswith("statement_") and value.isdigit():
            answers[int(key.removeprefix("statement_"))] = int(value)
    try:
        count = services.respond(assessment=assessment, respondent=request.user, answers=answers)
    except ValueError as error:
        messages.error(request, f"Your answers were not saved: {error}")
    else:
        messages.success(request, f"Thank you: {count} answers saved")
    return redirect("assessment-round", assessment.pk)


@require_POST
def action_add(request, pk: int):
    assessment = _round(request, pk)
    if not manages_organisation_data(request.user):
        raise PermissionDenied("The central QI team or the executive lead own the action plan")
    form = ActionForm(request.POST, assessment=assessment, person=request.user)
    if form.is_valid():
        action = form.save(commit=False)
        action.round = assessment
        action.save()
        record(actor=request.user, action="create", subject=action, provider=assessment.provider)
        messages.success(request, "Action added")
    else:
        messages.error(request, "The action needs a domain and a description")
    return redirect("assessment-round", assessment.pk)


def action_edit(request, pk: int):
    """Change an action: its owner or the central QI team / executive lead move it on."""
    action = get_object_or_404(
        scoped(Action.objects.select_related("round__framework"), request.user, "round__provider"),
        pk=pk,
    )
    assessment = action.round
    allowed = manages_organisation_data(request.user) or action.owner_id == request.user.pk
    if request.method == "POST" and not allowed:
        raise PermissionDenied("The action's owner or the central QI team change it")
    form = ActionForm(
        request.POST or None, instance=action, assessment=assessment, person=request.user
    )
    if request.method == "POST" and form.is_valid():
        update_and_record(
            actor=request.user,
            instance=Action.objects.get(pk=action.pk),
            fields=form.cleaned_data,
            provider=assessment.provider,
        )
        messages.success(request, "Action updated")
        return redirect("assessment-round", assessment.pk)
    return render(
        request,
        "assessment/action_form.jinja",
        {"nav": "assessment", "form": form, "action": action, "allowed": allowed},
    )
