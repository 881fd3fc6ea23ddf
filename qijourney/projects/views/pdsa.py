"""PDSA cycles of a project: logging one (in its ramp), reading and changing it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from qijourney.organisations.permissions import Permission, require
from qijourney.pages.edits import EditConflict, conflict_page
from qijourney.projects import selectors, services
from qijourney.projects.forms import PDSA_FIELDS, PDSAForm
from qijourney.projects.views import project_or_404


def pdsa_edit(request, pk: int, cycle_pk: int | None = None):
    project = project_or_404(request, pk)
    require(request.user, Permission.CHANGE_PROJECT, project)
    cycle = get_object_or_404(selectors.cycle(project, cycle_pk)) if cycle_pk else None
    initial = {}
    if cycle is None and request.GET.get("ramp"):
        ramp = request.GET["ramp"]
        initial = {"ramp": ramp, "number": selectors.next_cycle_number(project, ramp)}
    form = PDSAForm(request.POST or None, instance=cycle, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_pdsa(
                actor=request.user,
                project=project,
                cycle=cycle,
                fields={name: form.cleaned_data[name] for name in PDSA_FIELDS},
                measures=form.cleaned_data["measures"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_page(request, form, conflict, heading=f"The PDSA cycle {cycle}")
        messages.success(request, "PDSA cycle saved")
        return redirect("pdsa-detail", project.pk, saved.pk)
    return render(
        request,
        "projects/pdsa_form.jinja",
        {"nav": "portfolio", "project": project, "form": form, "cycle": cycle},
    )


def pdsa_detail(request, pk: int, cycle_pk: int):
    project = project_or_404(request, pk)
    cycle = get_object_or_404(selectors.cycle(project, cycle_pk))
    return render(
        request,
        "projects/pdsa_detail.jinja",
        {"nav": "portfolio", "project": project, "cycle": cycle},
    )
