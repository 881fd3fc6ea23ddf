"""Measure pages: the chart with its signals, data entry by form and by upload."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.measures import analysis, selectors, services, uploads
from qijourney.measures.forms import MEASURE_FIELDS, MeasureForm, PointForm, TargetForm, UploadForm
from qijourney.measures.models import Measure
from qijourney.organisations.permissions import Permission, require
from qijourney.pages import previews
from qijourney.pages.edits import EditConflict, conflict_page

UPLOAD_SESSION_KEY = "measure-upload-{pk}"


def _measure(request, pk: int) -> Measure:
    return get_object_or_404(selectors.visible_measures(request.user), pk=pk)


def measure_edit(request, pk: int):
    measure = _measure(request, pk)
    require(request.user, Permission.CHANGE_MEASURE, measure)
    form = MeasureForm(request.POST or None, instance=measure, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(
                actor=request.user,
                measure=measure,
                fields={n: form.cleaned_data[n] for n in MEASURE_FIELDS},
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_page(request, form, conflict, heading=f"The measure {measure}")
        messages.success(request, "Measure updated")
        return redirect("measure-detail", measure.pk)
    return render(
        request,
        "measures/form.jinja",
        {
            "nav": "portfolio",
            "form": form,
            "project": measure.project,
            "heading": f"Edit {measure.name}",
        },
    )


def measure_detail(request, pk: int):
    return _detail(request, _measure(request, pk))


def _detail(request, measure, point_form=None):
    """The measure's page; after a point that was not saved, with that form and its errors."""
    cycles, markers = selectors.pdsa_markers(measure)
    chart = analysis.measure_chart(measure, markers)
    return render(
        request,
        "measures/detail.jinja",
        {
            "nav": "portfolio",
            "measure": measure,
            "chart": chart,
            "rows": [] if chart.points is None else chart.points.to_dict(orient="records"),
            "point_ids": selectors.point_ids(measure),
            "cycles": cycles,
            "point_form": point_form
            or PointForm(measure=measure, initial={"date": dt.date.today()}),
            "targets": selectors.targets(measure),
            "target_form": TargetForm(prefix="target"),
        },
    )


@require_POST
def point_add(request, pk: int):
    """Save a point; one already on that date is shown, and replaced only when confirmed."""
    measure = _measure(request, pk)
    form = PointForm(request.POST, measure=measure)
    if form.is_valid():
        values = dict(form.cleaned_data)
        date = values.pop("date")
        existing = selectors.point_on(measure, date)
        if existing is not None and request.POST.get("replace") != "yes":
            return render(
                request,
                "measures/point_replace.jinja",
                {"nav": "portfolio", "measure": measure, "existing": existing, "form": form},
            )
        services.save_point(
            actor=request.user, measure=measure, date=date, replace=existing is not None, **values
        )
        messages.success(request, f"Point for {date:%d/%m/%Y} saved")
        return redirect("measure-detail", measure.pk)
    # The page again, with what was entered and an error summary linking to each field.
    return _detail(request, measure, point_form=form)


@require_POST
def target_add(request, pk: int):
    measure = _measure(request, pk)
    form = TargetForm(request.POST, prefix="target")
    if form.is_valid():
        services.set_target(actor=request.user, measure=measure, **form.cleaned_data)
        messages.success(request, "Target saved")
    else:
        messages.error(request, "Give the date the target starts and its value")
    return redirect("measure-detail", measure.pk)


def point_delete(request, pk: int, point_pk: int):
    """Ask first (showing the point), then delete on the confirming POST."""
    measure = _measure(request, pk)
    point = get_object_or_404(selectors.points(measure), pk=point_pk)
    if request.method != "POST":
        require(request.user, Permission.CHANGE_MEASURE, measure)
        return render(
            request,
            "measures/point_delete.jinja",
            {"nav": "portfolio", "measure": measure, "point": point},
        )
    services.delete_item(actor=request.user, item=point)
    messages.success(request, f"Point for {point.date:%d/%m/%Y} deleted")
    return redirect("measure-detail", measure.pk)


def upload(request, pk: int):
    """Step 1: choose a file; step 2: see the preview and every problem; step 3: import."""
    measure = _measure(request, pk)
    require(request.user, Permission.CHANGE_MEASURE, measure)
    key = UPLOAD_SESSION_KEY.format(pk=measure.pk)
    if request.method == "POST" and "confirm" in request.POST:
        stored = previews.confirmed(request, key, date_fields=("date",))
        if stored is None:
            messages.error(request, previews.EXPIRED)
            return redirect("measure-upload", measure.pk)
        added, replaced = services.import_points(
            actor=request.user, measure=measure, rows=stored["rows"], source=stored["name"]
        )
        messages.success(request, f"Imported {added} new points and replaced {replaced}")
        return redirect("measure-detail", measure.pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    parsed, token = None, ""
    if request.method == "POST":
        previews.forget(request, key)  # a new upload replaces any earlier preview
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        parsed = uploads.parse(measure, upload_file.name, upload_file.read())
        if parsed.ok:
            token = previews.stash(request, key, name=upload_file.name, rows=parsed.rows)
    return render(
        request,
        "measures/upload.jinja",
        {"nav": "portfolio", "measure": measure, "form": form, "parsed": parsed, "token": token},
    )
