"""What we share with our system: every setting that decides what the rest of the integrated
care system sees of the organisation, in one place, each a form of its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from qijourney.organisations import services as organisation_services
from qijourney.organisations.models import SystemSharing
from qijourney.organisations.permissions import Permission, can, require
from qijourney.organisations.selectors import sharing_of
from qijourney.system.selectors import catalogue as selectors
from qijourney.system.services import feeds as services
from qijourney.system.views.catalogue import NAV

# What others stop seeing when the organisation stops sharing each topic.
LOSING = {
    "portfolio": "your projects rolled up by priority, phase and score on the system's pages",
    "stories": "your learning library stories, and your name where your change ideas spread "
    "(you are still counted, never named)",
}
TOPICS = ("portfolio", "stories")


def sharing(request):
    provider = request.user.provider
    if provider is None:
        raise Http404("You belong to no organisation, so nothing is shared")
    if request.method == "POST":
        return _change(request, provider)
    feeds = [f for f in selectors.feeds_of(request.user) if selectors.shareable(f)]
    return render(
        request,
        "system/sharing.jinja",
        {
            "nav": NAV,
            "provider": provider,
            "system": selectors.system_of_person(request.user),
            "settings": sharing_of(provider),
            "labels": {t: SystemSharing._meta.get_field(t).verbose_name for t in TOPICS},
            "feeds": feeds,
            "may_share": can(request.user, Permission.SHARE_WITH_SYSTEM, provider),
            "is_system": provider.kind == provider.Kind.SYSTEM,
        },
    )


def _change(request, provider):
    """One toggle: ``what`` is portfolio, stories or feed-<id>; ``share`` 1 or 0. Stopping
    asks first (the page says what others will no longer see) unless ``confirm`` is sent."""
    require(request.user, Permission.SHARE_WITH_SYSTEM, provider)
    what, share = request.POST.get("what", ""), request.POST.get("share") == "1"
    feed = None
    if what.startswith("feed-"):
        feed = selectors.own_feed(request.user, _id(what[5:]))
        if feed is None:
            raise Http404("Your organisation has no such feed")
        name, losing = (
            f"your figures for {feed.indicator}",
            (
                f"your figures for {feed.indicator} in the system's comparisons (funnel plots, "
                "small multiples, the matrix)"
            ),
        )
    elif what in TOPICS:
        name, losing = f"your {what}", LOSING[what]
    else:
        raise Http404("Nothing of that name is shared")
    if not share and "confirm" not in request.POST:
        return render(
            request,
            "system/sharing_stop.jinja",
            {"nav": NAV, "what": what, "name": name, "losing": losing},
        )
    try:
        if feed is not None:
            changed = services.set_feed_sharing(actor=request.user, feed=feed, shared=share)
        else:
            changed = organisation_services.set_system_sharing(
                actor=request.user, provider=provider, **{what: share}
            )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("system-sharing")
    if not changed:
        messages.success(request, f"No change: {name} {'was' if share else 'was not'} shared")
    elif share:
        messages.success(request, f"You now share {name} with your system")
    else:
        messages.success(request, f"You no longer share {name} with your system")
    return redirect("system-sharing")


def _id(text: str) -> int:
    from qijourney.formatting import parse_id

    found = parse_id(text)
    if found is None:
        raise Http404("No such feed")
    return found
