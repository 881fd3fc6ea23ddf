"""History pages: an item's versions, restoring one, deleting, and Recently deleted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qijourney.audit.versions import EditConflict, version_of
from qijourney.domain.constants import RESTORE_DAYS
from qijourney.web.history import presenters, selectors, services


def history(request, pk: int, kind: str):
    found_kind = selectors.kind(kind)
    item = selectors.item(request.user, found_kind, pk)
    page = presenters.page_number(request.GET.get("page", ""))
    versions, older, newer = selectors.item_versions(found_kind, item, page)
    return render(
        request,
        "web/history.jinja",
        {
            "nav": "portfolio",
            "kind": found_kind,
            "item": item,
            "back": presenters.item_url(kind, item),
            "versions": presenters.version_rows(versions, selectors.names(versions), newer),
            "page": page,
            "older": older,
        },
    )


def restore_version(request, pk: int, version_pk: int, kind: str):
    found_kind = selectors.kind(kind)
    item = selectors.item(request.user, found_kind, pk)
    chosen = selectors.version(item, version_pk)
    will_change = selectors.restoring(item, chosen)
    names = selectors.names([will_change])
    if request.method == "POST" and found_kind.undoable:
        try:
            services.restore_version(
                actor=request.user,
                item=item,
                row=chosen.row,
                version=request.POST.get("version", ""),
            )
        except EditConflict:
            messages.error(
                request,
                "It was changed after you opened this page: this is what restoring changes now",
            )
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("history-" + kind, pk)
        messages.success(request, f"The {found_kind.noun} is back as it was then")
        return redirect("history-" + kind, pk)
    return render(
        request,
        "web/restore_version.jinja",
        {
            "nav": "portfolio",
            "kind": found_kind,
            "item": item,
            "chosen": chosen,
            "when": presenters.when(chosen.row.history_date),
            "changes": presenters.changes(found_kind.model, will_change.changes, names),
            "version": version_of(item),
        },
    )


def delete(request, pk: int, kind: str):
    found_kind = selectors.kind(kind)
    item = selectors.item(request.user, found_kind, pk)
    back = presenters.item_url(kind, item)
    if request.method == "POST" and found_kind.deletable:
        services.delete_item(actor=request.user, item=item)
        messages.success(
            request,
            f"The {found_kind.noun} is deleted. You can restore it from Recently deleted.",
        )
        return redirect(presenters.after_deleting(kind, item))
    return render(
        request,
        "web/delete.jinja",
        {
            "nav": "portfolio",
            "kind": found_kind,
            "item": item,
            "back": back,
            "restore_days": RESTORE_DAYS,
        },
    )


def recently_deleted(request):
    return render(
        request,
        "web/recently_deleted.jinja",
        {
            "nav": "portfolio",
            "deleted": [
                (kind, item, presenters.item_name(item))
                for kind, item in selectors.deleted(request.user)
            ],
            "restore_days": RESTORE_DAYS,
        },
    )


@require_POST
def restore(request, pk: int, kind: str):
    found_kind = selectors.kind(kind)
    item = selectors.item(request.user, found_kind, pk, deleted=True)
    try:
        services.restore_item(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("recently-deleted")
    messages.success(request, f"The {found_kind.noun} “{presenters.item_name(item)}” is restored")
    return redirect(presenters.item_url(kind, item))
