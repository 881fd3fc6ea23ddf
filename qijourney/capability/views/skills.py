"""The skills directory (who is trained as what; are coaches coaching) and coaching logs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from qijourney.capability import selectors, services
from qijourney.capability.forms import CoachingLogForm
from qijourney.capability.views import page, provider_or_404
from qijourney.domain.constants import COACH_ACTIVE_DAYS
from qijourney.organisations.permissions import Permission, can, require
from qijourney.projects.selectors import visible_projects


def skills(request):
    show = request.GET.get("show", "all")
    entries = selectors.skills(provider_or_404(request), show)
    return page(
        request, "skills", {"entries": entries, "show": show, "active_days": COACH_ACTIVE_DAYS}
    )


def coaching(request, pk: int):
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    form = CoachingLogForm(
        request.POST or None,
        person=request.user,
        can_choose_coach=can(request.user, Permission.MANAGE_TRAINING),
    )
    if request.method == "POST":
        require(request.user, Permission.LOG_COACHING, project)
        if form.is_valid():
            try:
                services.log_coaching(
                    actor=request.user, project=project, fields=dict(form.cleaned_data)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Coaching session logged")
                return redirect("capability-coaching", project.pk)
    return page(
        request,
        "coaching",
        {
            "nav": "portfolio",
            "project": project,
            "logs": selectors.coaching_logs(project),
            "form": form,
        },
    )
