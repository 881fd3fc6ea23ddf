"""The staff list coverage is counted against, and the two imports: staff lists and past
training records (both previewed, every problem shown, saved all at once on confirm)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect

from qijourney.capability import imports, selectors, services
from qijourney.capability.forms import StaffUploadForm
from qijourney.capability.views import page, provider_or_404
from qijourney.organisations.permissions import Permission, require
from qijourney.pages import previews

STAFF_PAGE_SIZE = 50


def staff(request):
    require(request.user, Permission.SEE_STAFF_LIST)
    provider = provider_or_404(request)
    query = request.GET.get("q", "").strip()
    people = selectors.staff_list(
        provider, query=query, current_only=request.GET.get("current", "yes") == "yes"
    )
    page_of_people = Paginator(people, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return page(request, "staff", {"page": page_of_people, "query": query})


def _import(
    request, *, kind: str, parse, columns, title: str, intro: str, dates, consequences=None
):
    """Step 1: choose the file; step 2: the preview and every problem; step 3: on confirm,
    hand the checked rows back to the caller (None until then)."""
    require(request.user, Permission.MANAGE_TRAINING)
    provider = provider_or_404(request)
    key = f"capability-{kind}-upload"
    if request.method == "POST" and "confirm" in request.POST:
        stored = previews.confirmed(request, key, date_fields=dates)
        if stored is not None:
            return stored, None
        messages.error(request, previews.EXPIRED)
        return None, redirect(request.path)
    form = StaffUploadForm(request.POST or None, request.FILES or None, kind=kind)
    parsed, token = None, ""
    if request.method == "POST":
        previews.forget(request, key)  # a new upload replaces any earlier preview
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parse(provider, upload.name, upload.read())
        if parsed.ok:
            options = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            if consequences:
                parsed.summary += " " + consequences(provider, parsed.rows, options)
            token = previews.stash(
                request,
                key,
                name=upload.name,
                rows=parsed.rows,
                mark_leavers=options.get("mark_leavers", False),
            )
    context = {"form": form, "parsed": parsed, "token": token, "columns": columns}
    return None, page(request, "import", {**context, "title": title, "intro": intro})


def _leavers(provider, rows: list[dict], options: dict) -> str:
    if not options.get("mark_leavers"):
        return ""
    leaving = selectors.leavers_count(provider, rows)
    return (
        f"You said this is the whole staff list: {leaving} "
        f"{'person' if leaving == 1 else 'people'} on the list but not in the file will be "
        "marked as having left today."
    )


def staff_import(request):
    stored, response = _import(
        request,
        kind="staff",
        parse=imports.parse,
        columns=[
            ("Staff number", "staff_number"),
            ("Name", "name"),
            ("Role group", "role_group"),
            ("Manager", "is_manager"),
            ("Started", "start_date"),
        ],
        title="Import a staff list",
        intro="Rows with a staff number already on the list update that person.",
        dates=("start_date", "end_date"),
        consequences=_leavers,
    )
    if stored is None:
        return response
    counts = services.import_staff(
        actor=request.user,
        rows=stored["rows"],
        source=stored["name"],
        leavers_on=dt.date.today() if stored["mark_leavers"] else None,
    )
    messages.success(
        request,
        f"Staff list imported: {counts['added']} added, {counts['updated']} updated"
        + (f", {counts['left']} marked as left" if stored["mark_leavers"] else ""),
    )
    return redirect("capability-staff")


def records_import(request):
    stored, response = _import(
        request,
        kind="records",
        parse=imports.parse_records,
        columns=[
            ("Staff number", "staff_number"),
            ("Programme", "programme"),
            ("Cohort", "cohort"),
            ("Completed", "completed_on"),
        ],
        title="Import past training records",
        intro="Completions kept elsewhere, such as the spreadsheets used before: each row "
        "is a staff number, a programme and the date they completed it.",
        dates=("completed_on",),
    )
    if stored is None:
        return response
    counts = services.import_records(actor=request.user, rows=stored["rows"], source=stored["name"])
    messages.success(
        request,
        f"Training records imported: {counts['completions']} completions, "
        f"{counts['cohorts']} new cohorts",
    )
    return redirect("capability-programmes")
