"""The capability overview, the dosing plan and each target's coverage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from qijourney.capability import presenters, selectors, services
from qijourney.capability.coverage import coverage
from qijourney.capability.forms import TargetForm
from qijourney.capability.views import page, provider_or_404
from qijourney.organisations.models import Organisation
from qijourney.organisations.permissions import Permission, require


def home(request):
    provider = provider_or_404(request)
    if provider.kind == Organisation.Kind.SYSTEM:  # system staff compare the organisations
        return redirect("capability-system")
    plan = coverage(provider)
    return page(
        request,
        "home",
        {
            "plan": plan,
            "chart": presenters.plan_chart(plan),
            "programmes": selectors.programme_counts(provider),
            "staff_count": selectors.staff_count(provider),
        },
    )


def target_view(request, pk: int):
    target = get_object_or_404(selectors.visible_targets(request.user), pk=pk)
    [found] = coverage(target.provider, targets=[target])
    return page(
        request,
        "target",
        {
            "target": target,
            "coverage": found,
            "trend": presenters.trend_chart(found, f"{found.label}: coverage by month"),
            "directorates": presenters.directorate_chart(found),
        },
    )


def plan(request):
    provider = provider_or_404(request)
    form = TargetForm(
        request.POST or None, person=request.user, role_groups=selectors.role_groups(provider)
    )
    if request.method == "POST":
        require(request.user, Permission.MANAGE_TRAINING)
        if form.is_valid():
            try:
                services.save_target(actor=request.user, fields=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Target added to the dosing plan")
                return redirect("capability-plan")
    return page(request, "plan", {"targets": selectors.plan(provider), "form": form})
