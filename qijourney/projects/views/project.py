"""A project's page, starting and editing a project, its progress score, team and measures."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.measures import services as measure_services
from qijourney.measures.forms import MEASURE_FIELDS, MeasureForm
from qijourney.organisations.permissions import Permission, require
from qijourney.organisations.selectors import scale_levels
from qijourney.pages.edits import EditConflict, conflict_page
from qijourney.projects import diagram, presenters, selectors, services
from qijourney.projects.forms import PROJECT_FIELDS, ProgressForm, ProjectForm, TeamMemberForm
from qijourney.projects.views import project_or_404


def project_detail(request, pk: int):
    project = project_or_404(request, pk)
    levels = scale_levels(request.user)
    labels = presenters.scale_labels(levels)
    nodes = selectors.diagram_nodes(project)
    reach = selectors.spread([project], request.user)[project.pk]
    return render(
        request,
        "projects/detail.jinja",
        {
            "nav": "portfolio",
            "project": project,
            "measures": selectors.measures_with_icons(project),
            "diagram_svg": diagram.svg(nodes, f"Driver diagram of {project.title}"),
            "outline": diagram.outline(nodes),
            "cycles": selectors.cycles(project),
            "aim": presenters.aim_statement(
                project.aim_what, project.aim_how_much, project.aim_by_when, project.aim_for_whom
            ),
            "score": presenters.score_label(project.progress_score, labels),
            "history": [
                (entry, presenters.score_label(entry.score, labels))
                for entry in selectors.progress_history(project)
            ],
            "team": selectors.team(project),
            "reach": reach,
            "source": selectors.copy_source(project, request.user),
            "spread": presenters.reach_sentence(reach),
            "progress_form": ProgressForm(
                levels=levels, initial={"score": str(project.progress_score)}
            ),
            "team_form": TeamMemberForm(person=request.user),
        },
    )


def project_create(request):
    form = ProjectForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PROJECT_FIELDS}
        project = services.create_project(actor=request.user, fields=fields)
        messages.success(request, f"Project “{project.title}” created")
        return redirect("project-detail", project.pk)
    return render(
        request,
        "projects/form.jinja",
        {"nav": "portfolio", "form": form, "heading": "Start a project"},
    )


def project_edit(request, pk: int):
    project = project_or_404(request, pk)
    require(request.user, Permission.CHANGE_PROJECT, project)
    form = ProjectForm(request.POST or None, instance=project, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PROJECT_FIELDS}
        try:
            services.update_project(
                actor=request.user,
                project=project,
                fields=fields,
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_page(request, form, conflict, heading=f"The project {project}")
        messages.success(request, "Project updated")
        return redirect("project-detail", project.pk)
    return render(
        request,
        "projects/form.jinja",
        {"nav": "portfolio", "form": form, "project": project, "heading": f"Edit {project.title}"},
    )


@require_POST
def project_progress(request, pk: int):
    project = project_or_404(request, pk)
    form = ProgressForm(request.POST, levels=scale_levels(request.user))
    if form.is_valid():
        services.set_progress_score(
            actor=request.user,
            project=project,
            score=Decimal(form.cleaned_data["score"]),
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Progress score updated")
    else:
        messages.error(request, "Choose a progress score")
    return redirect("project-detail", project.pk)


@require_POST
def team_add(request, pk: int):
    project = project_or_404(request, pk)
    form = TeamMemberForm(request.POST, person=request.user)
    if not form.is_valid():
        messages.error(request, "Choose someone from your organisation and their role")
        return redirect("project-detail", project.pk)
    services.add_team_member(
        actor=request.user,
        project=project,
        person=form.cleaned_data["person"],
        role=form.cleaned_data["role"],
    )
    messages.success(request, f"{form.cleaned_data['person']} added to the team")
    return redirect("project-detail", project.pk)


@require_POST
def team_remove(request, pk: int, member_pk: int):
    project = project_or_404(request, pk)
    member = get_object_or_404(selectors.team(project), pk=member_pk)
    services.remove_team_member(actor=request.user, member=member)
    messages.success(request, f"{member.person} removed from the team")
    return redirect("project-detail", project.pk)


def measure_create(request, project_pk: int):
    project = project_or_404(request, project_pk)
    require(request.user, Permission.ADD_MEASURE, project)
    form = MeasureForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        measure = measure_services.create_measure(
            actor=request.user,
            project=project,
            fields={name: form.cleaned_data[name] for name in MEASURE_FIELDS},
        )
        messages.success(request, f"Measure “{measure.name}” added")
        return redirect("measure-detail", measure.pk)
    return render(
        request,
        "measures/form.jinja",
        {"nav": "portfolio", "form": form, "project": project, "heading": "Add a measure"},
    )
