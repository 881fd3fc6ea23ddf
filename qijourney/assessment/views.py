"""Self-assessment pages: rounds, answering, results by domain over time, actions, the
report (page and PDF), and results other organisations of the system share."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.assessment import content, selectors, services
from qijourney.assessment.forms import ActionForm, RoundForm, answers_posted
from qijourney.assessment.models import AssessmentRound
from qijourney.charts.maturity import maturity_spec
from qijourney.organisations.permissions import Permission, can, require
from qijourney.organisations.selectors import system_of
from qijourney.pages.downloads import download
from qijourney.reports.maturity import to_pdf


def _round(request, pk: int) -> AssessmentRound:
    return get_object_or_404(selectors.visible_rounds(request.user), pk=pk)


def home(request):
    rounds = list(selectors.visible_rounds(request.user))
    return render(
        request,
        "assessment/home.jinja",
        {
            "nav": "assessment",
            "rounds": rounds,
            "reports": selectors.latest_by_framework(rounds),
            "shared_count": selectors.shared_count(request.user),
        },
    )


def round_create(request):
    require(request.user, Permission.START_ROUND)
    form = RoundForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        assessment = services.start_round(actor=request.user, **form.cleaned_data)
        messages.success(request, "Assessment round started: ask colleagues to answer it")
        return redirect("assessment-round", assessment.pk)
    return render(request, "assessment/round_form.jinja", {"nav": "assessment", "form": form})


def round_view(request, pk: int):
    assessment = _round(request, pk)
    return render(
        request,
        "assessment/round.jinja",
        {
            "nav": "assessment",
            "assessment": assessment,
            "domains": selectors.domains_with_levels(assessment),
            "mine": selectors.my_answers(assessment, request.user),
            "results": selectors.results(assessment),
            "actions": selectors.action_plan(assessment),
            "action_form": ActionForm(assessment=assessment, person=request.user),
            "is_open": selectors.is_open(assessment),
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
    try:
        services.set_closed(actor=request.user, assessment=assessment, closed=close)
    except ValidationError:
        messages.error(
            request,
            f"This round opens on {assessment.opened:%d %B %Y}: it cannot close before then "
            "(change its opening date first)",
        )
        return redirect("assessment-round", assessment.pk)
    messages.success(
        request,
        "Round closed: its answers no longer change" if close else "Round open to answers again",
    )
    return redirect("assessment-round", assessment.pk)


def report(request, pk: int):
    """Maturity by domain over time up to this round, its results and the actions due."""
    assessment = _round(request, pk)
    built = selectors.maturity_report(assessment, today=dt.date.today())
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
    assessment = _round(request, pk)
    today = dt.date.today()
    built = selectors.maturity_report(assessment, today=today)
    name = (
        f"Self-assessment {assessment.provider.name} {assessment.framework.name} {today:%Y-%m-%d}"
    )
    return download(to_pdf(built), "pdf", name)


def shared(request):
    """Results other organisations of your system share, compared by domain with yours."""
    comparisons = selectors.comparisons(request.user)
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
    assessment = get_object_or_404(selectors.shared_with(request.user), pk=pk)
    return render(
        request,
        "assessment/shared_round.jinja",
        {"nav": "assessment", "assessment": assessment, "results": selectors.results(assessment)},
    )


@require_POST
def respond(request, pk: int):
    assessment = _round(request, pk)
    try:
        count = services.respond(
            assessment=assessment,
            respondent=request.user,
            answers=answers_posted(request.POST),
        )
    except ValueError as error:
        messages.error(request, f"Your answers were not saved: {error}")
    else:
        messages.success(request, f"Thank you: {count} answer{'' if count == 1 else 's'} saved")
    return redirect("assessment-round", assessment.pk)


@require_POST
def action_add(request, pk: int):
    assessment = _round(request, pk)
    require(request.user, Permission.RUN_ASSESSMENTS, assessment)
    form = ActionForm(request.POST, assessment=assessment, person=request.user)
    if form.is_valid():
        services.add_action(actor=request.user, assessment=assessment, fields=form.cleaned_data)
        messages.success(request, "Action added")
    else:
        messages.error(request, "The action needs a domain and a description")
    return redirect("assessment-round", assessment.pk)


def action_edit(request, pk: int):
    """Change an action: its owner or the central QI team / executive lead move it on."""
    action = get_object_or_404(selectors.visible_actions(request.user), pk=pk)
    assessment = action.round
    # Asked before the form is bound: binding writes the new owner into ``action``.
    allowed = can(request.user, Permission.CHANGE_ACTION, action)
    if request.method == "POST":
        require(request.user, Permission.CHANGE_ACTION, action)
    form = ActionForm(
        request.POST or None, instance=action, assessment=assessment, person=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.update_action(actor=request.user, action=action, fields=form.cleaned_data)
        messages.success(request, "Action updated")
        return redirect("assessment-round", assessment.pk)
    return render(
        request,
        "assessment/action_form.jinja",
        {"nav": "assessment", "form": form, "action": action, "allowed": allowed},
    )
