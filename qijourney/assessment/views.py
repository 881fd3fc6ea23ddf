"""Self-assessment pages: rounds, answering, results by domain over time, actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.assessment import services
from qijourney.assessment.forms import ActionForm, RoundForm
from qijourney.assessment.models import AssessmentRound, Response
from qijourney.audit.services import record
from qijourney.organisations.scoping import manages_organisation_data, scoped


def _round(request, pk: int) -> AssessmentRound:
    return get_object_or_404(
        scoped(AssessmentRound.objects.select_related("framework"), request.user), pk=pk
    )


def home(request):
    rounds = scoped(AssessmentRound.objects.select_related("framework"), request.user)
    return render(
        request,
        "assessment/home.jinja",
        {
            "nav": "assessment",
            "rounds": rounds.order_by("-opened"),
            "can_manage": manages_organisation_data(request.user),
        },
    )


def round_create(request):
    if not manages_organisation_data(request.user):
        raise PermissionDenied("The central QI team or the executive lead start assessments")
    form = RoundForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        assessment = AssessmentRound.objects.create(
            provider=request.user.provider, **form.cleaned_data
        )
        record(
            actor=request.user, action="create", subject=assessment, provider=assessment.provider
        )
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
        },
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
        record(
            actor=request.user,
            action="update",
            subject=assessment,
            provider=assessment.provider,
            changes={"answers": [None, count]},
        )
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
