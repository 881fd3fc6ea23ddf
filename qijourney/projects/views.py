"""Thin views: read through selectors, write through services, display through presenters."""

from __future__ import annotations

import csv
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.measures.summaries import icons_for
from qijourney.projects import diagram, presenters, selectors, services
from qijourney.projects.forms import (
    PROJECT_FIELDS,
    PortfolioFilter,
    ProgressForm,
    ProjectForm,
    TeamMemberForm,
)
from qijourney.projects.models import Project, TeamMember

PORTFOLIO_PAGE_SIZE = 50


def _project(request, pk: int) -> Project:
    """A project the person may see; anyone else's is simply not found."""
    return get_object_or_404(selectors.visible_projects(request.user), pk=pk)


def _labels(request) -> dict[Decimal, str]:
    return {level.score: level.label for level in selectors.scale_levels(request.user)}


def portfolio(request):
    levels = selectors.scale_levels(request.user)
    form = PortfolioFilter(request.GET or None, person=request.user, levels=levels)
    data = form.cleaned_data if form.is_valid() else {}
    projects = selectors.filtered_portfolio(request.user, data)
    labels = {level.score: level.label for level in levels}
    scores = list(projects.values_list("progress_score", flat=True))
    page = Paginator(projects, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    stalled_ids = set(
        selectors.stalled(projects.filter(pk__in=[p.pk for p in page])).values_list("pk", flat=True)
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "projects/portfolio.jinja",
        {
            "nav": "portfolio",
            "form": form,
            "page": page,
            "count": len(scores),
            "stalled_ids": stalled_ids,
            "bars": presenters.distribution(scores, labels),
            "query": filters.urlencode(),
        },
    )


def portfolio_csv(request):
    levels = selectors.scale_levels(request.user)
    form = PortfolioFilter(request.GET or None, person=request.user, levels=levels)
    data = form.cleaned_data if form.is_valid() else {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portfolio.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "title",
            "unit",
            "priority",
            "method",
            "phase",
            "status",
            "progress_score",
            "lead",
            "coach",
            "patient_partners",
            "aim",
        ]
    )
    for p in selectors.filtered_portfolio(request.user, data):
        writer.writerow(
            [
                p.pk,
                p.title,
                p.unit.name,
                p.priority.title if p.priority else "",
                p.get_method_display(),
                p.get_phase_display(),
                p.get_status_display(),
                f"{p.progress_score:.1f}",
                p.lead or "",
                p.coach or "",
                "yes" if p.has_patient_partner else "no",
                presenters.aim_statement(p.aim_what, p.aim_how_much, p.aim_by_when, p.aim_for_whom),
            ]
        )
    return response


def project_detail(request, pk: int):
    project = _project(request, pk)
    levels = selectors.scale_levels(request.user)
    labels = {level.score: level.label for level in levels}
    team = project.team.select_related("person").order_by("role", "person__full_name")
    measures = list(project.measures.order_by("kind", "name"))
    summaries = icons_for(measures)
    nodes = selectors.diagram_nodes(project)
    return render(
        request,
        "projects/detail.jinja",
        {
            "measures": [(m, summaries.get(m.pk, {})) for m in measures],
            "diagram_svg": diagram.svg(nodes, f"Driver diagram of {project.title}"),
            "outline": diagram.outline(nodes),
            "cycles": project.pdsa_cycles.select_related("change_idea").order_by("ramp", "number"),
            "nav": "portfolio",
            "project": project,
            "aim": presenters.aim_statement(
                project.aim_what, project.aim_how_much, project.aim_by_when, project.aim_for_whom
            ),
            "score": presenters.score_label(project.progress_score, labels),
            "history": [
                (entry, presenters.score_label(entry.score, labels))
                for entry in project.progress_history.select_related("set_by").order_by(
                    "-date", "-id"
                )
            ],
            "team": team,
            "can_change": services.can_change(request.user, project),
            "progress_form": ProgressForm(
                levels=levels,
                initial={"score": str(project.progress_score)},
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
        request, "projects/form.jinja", {"nav": "new", "form": form, "heading": "Start a project"}
    )


def project_edit(request, pk: int):
    project = _project(request, pk)
    services.check_can_change(request.user, project)
    form = ProjectForm(request.POST or None, instance=project, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PROJECT_FIELDS}
        services.update_project(actor=request.user, project=project, fields=fields)
        messages.success(request, "Project updated")
        return redirect("project-detail", project.pk)
    return render(
        request,
        "projects/form.jinja",
        {"nav": "portfolio", "form": form, "project": project, "heading": f"Edit {project.title}"},
    )


@require_POST
def project_progress(request, pk: int):
    project = _project(request, pk)
    form = ProgressForm(request.POST, levels=selectors.scale_levels(request.user))
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
    project = _project(request, pk)
    form = TeamMemberForm(request.POST, person=request.user)
    if not form.is_valid():
        raise PermissionDenied("Choose someone from your organisation")
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
    project = _project(request, pk)
    member = get_object_or_404(TeamMember, project=project, pk=member_pk)
    services.remove_team_member(actor=request.user, member=member)
    messages.success(request, f"{member.person} removed from the team")
    return redirect("project-detail", project.pk)
