"""Training programmes (rungs of a ladder), their cohorts, enrolment, outcomes, evaluations."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from qijourney.capability import content, selectors, services
from qijourney.capability.forms import (
    CohortForm,
    EnrolForm,
    EvaluationForm,
    LadderRenameForm,
    ProgrammeForm,
)
from qijourney.capability.models import Cohort, Enrolment
from qijourney.capability.views import error_text, page, provider_or_404
from qijourney.formatting import parse_id
from qijourney.organisations.permissions import Permission, require


def programmes(request):
    provider = provider_or_404(request)
    form = ProgrammeForm(request.POST or None, person=request.user)
    if request.method == "POST":
        require(request.user, Permission.MANAGE_TRAINING)
        if form.is_valid():
            try:
                programme = services.save_programme(actor=request.user, fields=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Programme {programme} added")
                return redirect("capability-programme", programme.pk)
    return page(
        request,
        "programmes",
        {
            "programmes": selectors.programme_counts(provider),
            "form": form,
            "examples": list(content.EXAMPLES.values()),
            "rename_form": LadderRenameForm(person=request.user, prefix="rename"),
        },
    )


@require_POST
def ladder_rename(request):
    """A ladder's new name (its slug, the API's key, stays)."""
    form = LadderRenameForm(request.POST, person=request.user, prefix="rename")
    if not form.is_valid():
        messages.error(request, "Choose the ladder and give its new name")
        return redirect("capability-programmes")
    try:
        services.rename_ladder(
            actor=request.user, ladder=form.cleaned_data["ladder"], name=form.cleaned_data["name"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"The ladder is now called {form.cleaned_data['name']}")
    return redirect("capability-programmes")


@require_POST
def install_example(request):
    try:
        added = services.install_example(
            actor=request.user, example=request.POST.get("example", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, f"{len(added)} programmes added: rename or change them as you wish"
        )
    return redirect("capability-programmes")


def _programme_page(request, programme, form, cohort_form):
    return page(
        request,
        "programme",
        {
            "programme": programme,
            "form": form,
            "cohort_form": cohort_form,
            "cohorts": selectors.cohorts_with_counts(programme),
            "evaluations": selectors.evaluation_summary(programme),
        },
    )


def programme_view(request, pk: int):
    programme = get_object_or_404(selectors.visible_programmes(request.user), pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme, person=request.user)
    if request.method == "POST":
        require(request.user, Permission.MANAGE_TRAINING, programme)
        if form.is_valid():
            try:
                services.save_programme(
                    actor=request.user, programme=programme, fields=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Programme saved")
                return redirect("capability-programme", programme.pk)
    return _programme_page(
        request, programme, form, CohortForm(person=request.user, prefix="cohort")
    )


@require_POST
def cohort_create(request, pk: int):
    programme = get_object_or_404(selectors.visible_programmes(request.user), pk=pk)
    require(request.user, Permission.MANAGE_TRAINING, programme)
    form = CohortForm(request.POST, person=request.user, prefix="cohort")
    if form.is_valid():
        try:
            cohort = services.save_cohort(
                actor=request.user, programme=programme, fields=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Cohort {cohort} added: now enrol people on it")
            return redirect("capability-cohort", cohort.pk)
    return _programme_page(
        request, programme, ProgrammeForm(instance=programme, person=request.user), form
    )


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(selectors.visible_cohorts(request.user), pk=pk)


def cohort_view(request, pk: int, enrol_form=None, evaluation_form=None):
    cohort = _cohort(request, pk)
    enrolments = selectors.enrolments(cohort)
    return page(
        request,
        "cohort",
        {
            "cohort": cohort,
            "enrolments": enrolments,
            "completed": sum(e.completed_on is not None for e in enrolments),
            "enrol_form": enrol_form or EnrolForm(),
            "evaluation_form": evaluation_form or EvaluationForm(cohort=cohort),
            "today": dt.date.today(),
        },
    )


@require_POST
def cohort_enrol(request, pk: int):
    cohort = _cohort(request, pk)
    require(request.user, Permission.MANAGE_TRAINING, cohort.programme)
    form = EnrolForm(request.POST)
    if form.is_valid():
        numbers = services.split_staff_numbers(form.cleaned_data["staff_numbers"])
        try:
            added, already = services.enrol(
                actor=request.user, cohort=cohort, staff_numbers=numbers
            )
        except ValidationError as error:
            form.add_error("staff_numbers", error)
        else:
            note = f" ({already} were already on it)" if already else ""
            messages.success(request, f"{added} enrolled{note}")
            return redirect("capability-cohort", cohort.pk)
    return cohort_view(request, pk, enrol_form=form)


@require_POST
def cohort_outcome(request, pk: int):
    cohort = _cohort(request, pk)
    require(request.user, Permission.MANAGE_TRAINING, cohort.programme)
    ids = [i for i in map(parse_id, request.POST.getlist("enrolment")) if i is not None]
    on = None
    if request.POST.get("on"):
        try:
            on = dt.date.fromisoformat(request.POST["on"])
        except ValueError:
            messages.error(request, "Nothing was changed: the date is not a date")
            return redirect("capability-cohort", cohort.pk)
    if not ids:
        messages.error(request, "Nothing was changed: tick at least one person")
        return redirect("capability-cohort", cohort.pk)
    try:
        outcome = Enrolment.Outcome(request.POST.get("outcome", ""))
    except ValueError:
        messages.error(request, "Nothing was changed: choose completed, withdrawn or enrolled")
        return redirect("capability-cohort", cohort.pk)
    try:
        count = services.set_outcome(
            actor=request.user, cohort=cohort, enrolment_ids=ids, outcome=outcome, on=on
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was changed: {error_text(error)}")
    else:
        messages.success(request, f"{count} marked {outcome.label.lower()}")
    return redirect("capability-cohort", cohort.pk)


@require_POST
def cohort_evaluate(request, pk: int):
    cohort = _cohort(request, pk)
    require(request.user, Permission.MANAGE_TRAINING, cohort.programme)
    form = EvaluationForm(request.POST, cohort=cohort)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluate(
                actor=request.user,
                enrolment=data["enrolment"],
                level=data["level"],
                score=data["score"],
                on=data["recorded_on"],
                comment=data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Evaluation recorded")
            return redirect("capability-cohort", cohort.pk)
    return cohort_view(request, pk, evaluation_form=form)
