"""Capability across the system: the organisations that share their summary, side by side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from qijourney.capability import presenters, selectors, services
from qijourney.capability.views import error_text, page
from qijourney.organisations.models import Organisation
from qijourney.organisations.permissions import Permission, can
from qijourney.organisations.selectors import system_of


def system(request):
    summaries = selectors.system_summaries(request.user)
    provider = request.user.provider
    return page(
        request,
        "system",
        {
            "summaries": summaries,
            "chart": presenters.system_chart(summaries),
            "system": system_of(provider),
            "shared": provider is not None and selectors.is_shared(provider),
            # Only an organisation (not a system's own staff) has a summary to share.
            "can_share": can(request.user, Permission.MANAGE_TRAINING)
            and provider is not None
            and provider.kind == Organisation.Kind.ORGANISATION,
        },
    )


@require_POST
def sharing(request):
    shared = request.POST.get("shared") == "yes"
    try:
        services.set_sharing(actor=request.user, shared=shared)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("capability-system")
    messages.success(
        request,
        "The capability summary is now shared with the system"
        if shared
        else "The capability summary is no longer shared",
    )
    return redirect("capability-system")
