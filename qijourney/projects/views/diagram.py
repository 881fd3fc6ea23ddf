"""A project's driver diagram: drawing it box by box, changing and removing boxes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.organisations.permissions import Permission, require
from qijourney.projects import diagram, selectors, services
from qijourney.projects.forms import DriverNodeForm
from qijourney.projects.views import project_or_404


def driver_diagram(request, pk: int):
    project = project_or_404(request, pk)
    require(request.user, Permission.CHANGE_PROJECT, project)
    form = DriverNodeForm(
        request.POST or None, project=project, initial={"level": request.GET.get("level", 0)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_driver_node(
                actor=request.user,
                project=project,
                level=form.cleaned_data["level"],
                text=form.cleaned_data["text"],
                parents=form.cleaned_data["parents"],
            )
        except ValidationError as error:
            form.add_error("parents", error)
        else:
            messages.success(request, "Added to the driver diagram")
            return redirect("driver-diagram", project.pk)
    nodes = selectors.diagram_nodes(project)
    return render(
        request,
        "projects/driver_diagram.jinja",
        {
            "nav": "portfolio",
            "project": project,
            "form": form,
            "svg": diagram.svg(nodes, f"Driver diagram of {project.title}"),
            "outline": diagram.outline(nodes),
            "nodes": selectors.driver_nodes(project),
        },
    )


def driver_node_edit(request, pk: int, node_pk: int):
    project = project_or_404(request, pk)
    require(request.user, Permission.CHANGE_PROJECT, project)
    node = get_object_or_404(selectors.driver_nodes(project), pk=node_pk)
    form = DriverNodeForm(
        request.POST or None,
        project=project,
        initial={"level": node.level, "text": node.text, "parents": selectors.parents(node)},
        node=node,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_driver_node(
                actor=request.user,
                node=node,
                text=form.cleaned_data["text"],
                parents=form.cleaned_data["parents"],
            )
        except ValidationError as error:
            form.add_error("parents", error)
        else:
            messages.success(request, "Driver diagram updated")
            return redirect("driver-diagram", project.pk)
    return render(
        request,
        "projects/driver_node_form.jinja",
        {"nav": "portfolio", "project": project, "node": node, "form": form},
    )


@require_POST
def driver_node_delete(request, pk: int, node_pk: int):
    project = project_or_404(request, pk)
    node = get_object_or_404(selectors.driver_nodes(project), pk=node_pk)
    services.delete_item(actor=request.user, item=node)
    messages.success(request, f"“{node.text}” removed from the driver diagram")
    return redirect("driver-diagram", project.pk)
