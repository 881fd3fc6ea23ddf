"""The catalogue of shared indicators: everyone in the system reads it; the system's own
improvement team adds, changes and removes indicators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from qijourney.organisations.permissions import Permission, can, require
from qijourney.pages.edits import EditConflict, conflict_page
from qijourney.system import presenters
from qijourney.system.forms import IndicatorForm
from qijourney.system.models import Indicator
from qijourney.system.selectors import catalogue as selectors
from qijourney.system.services import catalogue as services
from qijourney.system.services.catalogue import INDICATOR_FIELDS

NAV = "system"


def indicator_or_404(request, pk: int) -> Indicator:
    found = selectors.indicator_in_catalogue(request.user, pk)
    if found is None:
        raise Http404("No such indicator in your system's catalogue")
    return found


def indicators(request):
    found = list(selectors.catalogue(request.user))
    feeders = selectors.feeders(request.user, found)
    rows = [
        {
            "indicator": i,
            "meaning": presenters.data_type_words(i),
            "direction": presenters.direction_words(i),
            "scale": presenters.scale(i),
            "target": presenters.target_words(i),
            "feeders": feeders[i.pk],
        }
        for i in found
    ]
    return render(
        request,
        "system/indicators.jinja",
        {
            "nav": NAV,
            "rows": rows,
            "system": selectors.system_of_person(request.user),
            "may_keep": can(request.user, Permission.KEEP_CATALOGUE),
            "may_feed": can(request.user, Permission.FEED_INDICATOR),
        },
    )


def indicator_create(request):
    require(request.user, Permission.KEEP_CATALOGUE)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_indicator(
                actor=request.user, fields={n: form.cleaned_data[n] for n in INDICATOR_FIELDS}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{made} added to the catalogue")
            return redirect("system-indicators")
    return render(request, "system/indicator_form.jinja", {"nav": NAV, "form": form})


def indicator_edit(request, pk: int):
    indicator = indicator_or_404(request, pk)
    require(request.user, Permission.KEEP_CATALOGUE, indicator)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_indicator(
                actor=request.user,
                indicator=indicator,
                fields={n: form.cleaned_data[n] for n in INDICATOR_FIELDS},
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_page(request, form, conflict, heading=f"The indicator {indicator}")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{indicator} saved" if changed else "Nothing changed")
            return redirect("system-indicators")
    return render(
        request,
        "system/indicator_form.jinja",
        {"nav": NAV, "form": form, "indicator": indicator},
    )


def indicator_remove(request, pk: int):
    """Asks first; refused while organisations feed the indicator."""
    indicator = indicator_or_404(request, pk)
    require(request.user, Permission.KEEP_CATALOGUE, indicator)
    feeding = selectors.feeders(request.user, [indicator])[indicator.pk]
    if request.method == "POST" and not feeding.total:
        try:
            services.remove_indicator(actor=request.user, indicator=indicator)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("system-indicator-remove", indicator.pk)
        messages.success(request, f"{indicator} removed from the catalogue")
        return redirect("system-indicators")
    return render(
        request,
        "system/indicator_remove.jinja",
        {"nav": NAV, "indicator": indicator, "feeding": feeding.total, "named": feeding.named},
        status=409 if request.method == "POST" else 200,
    )
