"""An organisation's feed of a shared indicator: one of its board metrics mapped to it, or its
figures uploaded (checked, previewed, saved all at once)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from qijourney.organisations.permissions import Permission, can
from qijourney.pages import previews
from qijourney.system import figures, presenters
from qijourney.system.forms import FiguresUploadForm, MapForm, RemoveFiguresForm
from qijourney.system.models import IndicatorFeed
from qijourney.system.selectors import catalogue as selectors
from qijourney.system.services import feeds as services
from qijourney.system.views.catalogue import NAV, indicator_or_404

UPLOAD_SESSION_KEY = "indicator-upload-{pk}"
SHOWN = 24  # the newest figures the feed page lists


def _feed(request, pk: int):
    """The indicator and the organisation's feed of it (unsaved when it has none yet), once
    the person may feed it."""
    indicator = indicator_or_404(request, pk)
    if request.user.provider is None:
        raise Http404("Feeds belong to an organisation: yours has none")
    feed = selectors.feed_of(request.user, indicator) or IndicatorFeed(
        indicator=indicator, provider=request.user.provider
    )
    services.require_feeding(request.user, feed)
    return indicator, feed


def feed(request, pk: int):
    indicator, feed = _feed(request, pk)
    metrics = selectors.board_metrics_to_map(request.user.provider)
    form = MapForm(request.POST or None, metrics=metrics)
    if request.method == "POST":
        try:
            if "unmap" in request.POST:
                services.unmap_metric(actor=request.user, feed=feed)
                messages.success(request, f"{indicator} is no longer fed by a board metric")
                return redirect("system-feed", indicator.pk)
            if form.is_valid():
                metric = form.cleaned_data["measure"]
                services.map_metric(actor=request.user, indicator=indicator, measure=metric)
                messages.success(request, f"{indicator} is now fed by the board metric {metric}")
                return redirect("system-feed", indicator.pk)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
    shown = []
    if feed.pk:
        shown = (
            selectors.figures([feed])[-SHOWN:]
            if feed.measure_id
            # The newest, taken in the database (not every figure loaded to show a few).
            else list(selectors.stored_values(feed).reverse()[:SHOWN])[::-1]
        )
    return render(
        request,
        "system/feed.jinja",
        {
            "nav": NAV,
            "indicator": indicator,
            "feed": feed,
            "form": form,
            "metrics": metrics,
            "shown": shown,
            "places": selectors.place_names(feed),
            "meaning": presenters.data_type_words(indicator),
            "may_share": selectors.shareable(feed)
            and can(request.user, Permission.SHARE_WITH_SYSTEM, feed),
        },
    )


def upload(request, pk: int):
    """Step 1: choose a file; step 2: the preview, every problem, and what it would add or
    replace; step 3: import (replacing saved figures only when the person chose to)."""
    indicator, feed = _feed(request, pk)
    key = UPLOAD_SESSION_KEY.format(pk=indicator.pk)
    if request.method == "POST" and "confirm" in request.POST:
        stored = previews.confirmed(request, key, date_fields=("period",))
        if stored is None:
            messages.error(request, previews.EXPIRED)
            return redirect("system-feed-upload", indicator.pk)
        try:
            counts = services.import_values(
                actor=request.user,
                indicator=indicator,
                rows=stored["rows"],
                source=stored["name"],
                replace=request.POST.get("replace") == "yes",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("system-feed-upload", indicator.pk)
        messages.success(
            request,
            f"Imported {counts['added']} new figures, replaced {counts['replaced']}, kept "
            f"{counts['kept']} saved ones and left {counts['unchanged']} that were the same",
        )
        return redirect("system-feed", indicator.pk)
    form = FiguresUploadForm(request.POST or None, request.FILES or None)
    parsed, token, counts = None, "", None
    if request.method == "POST":
        previews.forget(request, key)  # a new upload replaces any earlier preview
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        parsed = figures.parse(indicator, feed.provider, sent.name, sent.read())
        if parsed.ok:
            new, changed, unchanged = (
                selectors.compare_rows(feed, parsed.rows) if feed.pk else (parsed.rows, [], [])
            )
            counts = {"new": len(new), "changed": len(changed), "unchanged": len(unchanged)}
            token = previews.stash(request, key, name=sent.name, rows=parsed.rows)
    return render(
        request,
        "system/feed_upload.jinja",
        {
            "nav": NAV,
            "indicator": indicator,
            "feed": feed,
            "form": form,
            "parsed": parsed,
            "token": token,
            "counts": counts,
        },
    )


def asked_count(data) -> int | None:
    """The count the confirmation page showed (None: a form without one)."""
    text = str(data.get("count", "")).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def remove(request, pk: int):
    """Step 1: choose a place, a period or both; step 2: what that removes, asked first;
    step 3: removed (every place and every period: the feed stops)."""
    indicator, feed = _feed(request, pk)
    if feed.pk is None:
        raise Http404("Your organisation does not feed this indicator")
    places, periods = selectors.stored_places_and_periods(feed)
    data = request.POST if request.method == "POST" else (request.GET if request.GET else None)
    form = RemoveFiguresForm(
        data,
        places=places,
        periods=[(p, figures.period_words(indicator, p)) for p in periods],
    )
    chosen = count = None
    if data is not None and form.is_valid():
        unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
        chosen = services.removal_words(feed, unit, period)
        count = selectors.count_chosen(feed, unit, period)
        if request.method == "POST" and "confirm" in request.POST:
            try:
                removed = services.remove_values(
                    actor=request.user,
                    feed=feed,
                    unit_id=unit,
                    period=period,
                    expected=asked_count(request.POST),
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                noun = "figure" if removed == 1 else "figures"
                messages.success(request, f"Removed {removed} {noun} of {indicator}: {chosen}")
                if unit is None and period is None:
                    return redirect("system-indicators")
                return redirect("system-feed", indicator.pk)
    return render(
        request,
        "system/feed_remove.jinja",
        {
            "nav": NAV,
            "indicator": indicator,
            "feed": feed,
            "form": form,
            "chosen": chosen,
            "count": count,
            "stops": chosen is not None
            and form.cleaned_data["unit"] is None
            and form.cleaned_data["period"] is None,
        },
    )
