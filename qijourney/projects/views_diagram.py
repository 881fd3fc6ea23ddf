"""Driver diagrams and PDSA cycles of a project."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.projects import diagram, selectors, services
from qijourney.projects.forms import PDSA_FIELDS, DriverNodeForm, PDSAForm
from qijourney.projects.models import DriverNode, PDSACycle
from qijourney.projects.views import _project


def driver_diagram(request, pk: int):
    project = _project(request, pk)
    services.check_can_change(request.user, project)
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
            "nodes": project.driver_nodes.all(),
        },
    )


def driver_node_edit(request, pk: int, node_pk: int):
    project = _project(request, pk)
    services.check_can_change(request.user, project)
    node = get_object_or_404(DriverNode, project=project, pk=node_pk)
    form = DriverNodeForm(
        request.POST or None,
        project=project,
        initial={"level": node.level, "text": node.text, "parents": list(node.parents.all())},
    )
    form.fields["level"].disabled = True  # a box keeps its column; remove and re-add to move
    form.fields["parents"].queryset = project.driver_nodes.filter(level=node.level - 1)
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
    project = _project(request, pk)
    node = get_object_or_404(DriverNode, project=project, pk=node_pk)
    services.delete_driver_node(actor=request.user, node=node)
    messages.success(request, f"“{node.text}” removed from the driver diagram")
    return redirect("driver-diagram", project.pk)


def pdsa_edit(request, pk: int, cycle_pk: int | None = None):
    project = _project(request, pk)
    services.check_can_change(request.user, project)
    cycle = get_object_or_404(PDSACycle, project=project, pk=cycle_pk) if cycle_pk else None
    initial = {}
    if cycle is None and request.GET.get("ramp"):
        ramp = request.GET["ramp"]
        initial = {"ramp": ramp, "number": project.pdsa_cycles.filter(ramp=ramp).count() + 1}
    form = PDSAForm(request.POST or None, instance=cycle, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.save_pdsa(
            actor=request.user,
            project=project,
            cycle=cycle,
            fields={name: form.cleaned_data[name] for name in PDSA_FIELDS},
            measures=form.cleaned_data["measures"],
        )
        messages.success(request, "PDSA cycle saved")
        return redirect("pdsa-detail", project.pk, saved.pk)
    return render(
        request,
        "projects/pdsa_form.jinja",
        {"nav": "portfolio", "project": project, "form": form, "cycle": cycle},
    )


def pdsa_detail(request, pk: int, cycle_pk: int):
    project = _project(request, pk)
    cycle = get_object_or_404(
        PDSACycle.objects.select_related("change_idea"), project=project, pk=cycle_pk
    )
    return render(
        request,
        "projects/pdsa_detail.jinja",
        {
            "nav": "portfolio",
            "project": project,
            "cycle": cycle,
            "can_change": services.can_change(request.user, project),
        },
    )
