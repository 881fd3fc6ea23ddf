"""Capability pages: the dosing plan and coverage, programmes and cohorts, the staff list,
the skills directory, coaching logs, and the capability report."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qijourney.capability import content, imports, selectors, services
from qijourney.capability.coverage import coverage
from qijourney.capability.forms import (
    CoachingLogForm,
    CohortForm,
    EnrolForm,
    EvaluationForm,
    ProgrammeForm,
    StaffUploadForm,
    TargetForm,
)
from qijourney.capability.models import Cohort, DosingTarget, Programme, StaffMember
from qijourney.charts.capability import comparison_bars, coverage_bars, coverage_trend
from qijourney.formatting import parse_id, percent
from qijourney.organisations.models import Organisation
from qijourney.organisations.scoping import scoped, system_of
from qijourney.projects.models import Project
from qijourney.reports.capability import CapabilityReport, to_pdf
from qijourney.web.downloads import download


def _provider(request):
    provider = request.user.provider
    if provider is None:
        raise Http404("You are not in an organisation")
    return provider


def _check_manage(request):
    if not services.can_manage(request.user):
        raise PermissionDenied("The central QI team or the executive lead manage training")


def _page(request, template: str, context: dict):
    context.setdefault("nav", "capability")
    context.setdefault("can_manage", services.can_manage(request.user))
    return render(request, f"capability/{template}.jinja", context)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def home(request):
    provider = _provider(request)
    if provider.kind == Organisation.Kind.SYSTEM:  # system staff compare the organisations
        return redirect("capability-system")
    plan = coverage(provider)
    chart = coverage_bars(
        [(c.label, c.overall.percent, c.target_percent) for c in plan],
        description="Coverage of each dosing target: "
        + "; ".join(
            f"{c.label} {percent(c.overall.percent)} against {percent(c.target_percent)}"
            for c in plan
        ),
    )
    return _page(
        request,
        "home",
        {
            "plan": plan,
            "chart": chart,
            "programmes": selectors.programme_counts(provider),
            "staff_count": selectors.current_staff(provider).count(),
            "schemes": list(content.SCHEMES),
        },
    )


def target_view(request, pk: int):
    target = get_object_or_404(scoped(DosingTarget.objects.all(), request.user), pk=pk)
    [found] = coverage(target.provider, targets=[target])
    return _page(
        request,
        "target",
        {
            "target": target,
            "coverage": found,
            "trend": coverage_trend(
                found.trend, found.target_percent, title=f"{found.label}: coverage by month"
            ),
            "directorates": coverage_bars(
                [(b.name, b.percent, b.target_percent) for b in found.by_directorate],
                title="Coverage by directorate",
                description="Coverage by directorate: "
                + "; ".join(f"{b.name} {percent(b.percent)}" for b in found.by_directorate),
            ),
        },
    )


def plan(request):
    provider = _provider(request)
    role_groups = list(
        selectors.current_staff(provider)
        .order_by("role_group")
        .values_list("role_group", flat=True)
        .distinct()
    )
    form = TargetForm(request.POST or None, person=request.user, role_groups=role_groups)
    if request.method == "POST":
        _check_manage(request)
        if form.is_valid():
            try:
                services.save_target(actor=request.user, fields=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Target added to the dosing plan")
                return redirect("capability-plan")
    targets = DosingTarget.objects.filter(provider=provider).select_related("programme", "unit")
    return _page(request, "plan", {"targets": targets, "form": form})


@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(scoped(DosingTarget.objects.all(), request.user), pk=pk)
    services.delete_target(actor=request.user, target=target)
    messages.success(request, "Target removed from the dosing plan")
    return redirect("capability-plan")


def programmes(request):
    provider = _provider(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST":
        _check_manage(request)
        if form.is_valid():
            try:
                programme = services.save_programme(actor=request.user, fields=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Programme {programme} added")
                return redirect("capability-programme", programme.pk)
    return _page(
        request,
        "programmes",
        {
            "programmes": selectors.programme_counts(provider),
            "form": form,
            "schemes": content.SCHEMES,
        },
    )


@require_POST
def install_scheme(request):
    try:
        added = services.install_scheme(actor=request.user, scheme=request.POST.get("scheme", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, f"{len(added)} programmes added: rename or change them as you wish"
        )
    return redirect("capability-programmes")


def programme_view(request, pk: int):
    programme = get_object_or_404(scoped(Programme.objects.all(), request.user), pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    cohort_form = CohortForm(person=request.user, prefix="cohort")
    if request.method == "POST":
        _check_manage(request)
        if form.is_valid():
            try:
                services.save_programme(
                    actor=request.user,
                    programme=Programme.objects.get(pk=programme.pk),
                    fields=form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Programme saved")
                return redirect("capability-programme", programme.pk)
    return _page(
        request,
        "programme",
        {
            "programme": programme,
            "form": form,
            "cohort_form": cohort_form,
            "cohorts": selectors.cohorts_with_counts(programme),
            "evaluations": selectors.evaluation_summary(programme),
        },
    )


@require_POST
def cohort_create(request, pk: int):
    programme = get_object_or_404(scoped(Programme.objects.all(), request.user), pk=pk)
    _check_manage(request)
    form = CohortForm(request.POST, person=request.user, prefix="cohort")
    if form.is_valid():
        try:
            cohort = services.save_cohort(
                actor=request.user, programme=programme, fields=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Cohort {cohort} added: now enrol people on it")
            return redirect("capability-cohort", cohort.pk)
    return _page(
        request,
        "programme",
        {
            "programme": programme,
            "form": ProgrammeForm(instance=programme),
            "cohort_form": form,
            "cohorts": selectors.cohorts_with_counts(programme),
            "evaluations": selectors.evaluation_summary(programme),
        },
    )


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(
        scoped(Cohort.objects.select_related("programme"), request.user, "programme__provider"),
        pk=pk,
    )


def cohort_view(request, pk: int, enrol_form=None, evaluation_form=None):
    cohort = _cohort(request, pk)
    enrolments = cohort.enrolments.select_related("staff__unit").prefetch_related("evaluations")
    return _page(
        request,
        "cohort",
        {
            "cohort": cohort,
            "enrolments": enrolments,
            "completed": sum(e.completed_on is not None for e in enrolments),
            "enrol_form": enrol_form or EnrolForm(),
            "evaluation_form": evaluation_form or EvaluationForm(cohort=cohort),
            "today": dt.date.today(),
        },
    )


@require_POST
def cohort_enrol(request, pk: int):
    cohort = _cohort(request, pk)
    _check_manage(request)
    form = EnrolForm(request.POST)
    if form.is_valid():
        numbers = services.split_staff_numbers(form.cleaned_data["staff_numbers"])
        try:
            added, already = services.enrol(
                actor=request.user, cohort=cohort, staff_numbers=numbers
            )
        except ValidationError as error:
            form.add_error("staff_numbers", error)
        else:
            note = f" ({already} were already on it)" if already else ""
            messages.success(request, f"{added} enrolled{note}")
            return redirect("capability-cohort", cohort.pk)
    return cohort_view(request, pk, enrol_form=form)


@require_POST
def cohort_outcome(request, pk: int):
    cohort = _cohort(request, pk)
    _check_manage(request)
    ids = [i for i in map(parse_id, request.POST.getlist("enrolment")) if i is not None]
    on = None
    if request.POST.get("on"):
        try:
            on = dt.date.fromisoformat(request.POST["on"])
        except ValueError:
            messages.error(request, "Nothing was changed: the date is not a date")
            return redirect("capability-cohort", cohort.pk)
    if not ids:
        messages.error(request, "Nothing was changed: tick at least one person")
        return redirect("capability-cohort", cohort.pk)
    outcome = request.POST.get("outcome", "")
    try:
        count = services.set_outcome(
            actor=request.user, cohort=cohort, enrolment_ids=ids, outcome=outcome, on=on
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was changed: {_error_text(error)}")
    else:
        messages.success(request, f"{count} marked {outcome}")
    return redirect("capability-cohort", cohort.pk)


@require_POST
def cohort_evaluate(request, pk: int):
    cohort = _cohort(request, pk)
    _check_manage(request)
    form = EvaluationForm(request.POST, cohort=cohort)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluate(
                actor=request.user,
                enrolment=data["enrolment"],
                level=data["level"],
                score=data["score"],
                on=data["recorded_on"],
                comment=data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Evaluation recorded")
            return redirect("capability-cohort", cohort.pk)
    return cohort_view(request, pk, evaluation_form=form)


def staff(request):
    _check_manage(request)
    provider = _provider(request)
    people = StaffMember.objects.filter(provider=provider).select_related("unit")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(staff_number__iexact=query)
            | Q(role_group__icontains=query)
        )
    if request.GET.get("current", "yes") == "yes":
        people = people.filter(Q(end_date__isnull=True) | Q(end_date__gt=dt.date.today()))
    page = Paginator(people.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return _page(request, "staff", {"page": page, "query": query})


def _stash(rows: list[dict]) -> list[dict]:
    """Rows the session can hold (JSON): dates as ISO text."""
    return [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()} for row in rows
    ]


def _unstash(rows: list[dict], date_fields: tuple[str, ...]) -> list[dict]:
    return [
        {
            k: (dt.date.fromisoformat(v) if v else None) if k in date_fields else v
            for k, v in row.items()
        }
        for row in rows
    ]


def _import(request, *, kind: str, parse, columns, title: str, intro: str, consequences=None):
    """Step 1: choose the file; step 2: the preview and every problem; step 3: on confirm,
    hand the checked rows back to the caller (None until then). A preview is confirmed by
    its own token, so a second tab's upload cannot be imported by the first tab's button."""
    _check_manage(request)
    provider = _provider(request)
    key = f"capability-{kind}-upload"
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(key)
        if stored and stored["token"] == request.POST.get("token"):
            del request.session[key]
            return stored, None
        messages.error(request, "That preview has expired or was replaced: upload the file again")
        return None, redirect(request.path)
    form = StaffUploadForm(request.POST or None, request.FILES or None, kind=kind)
    parsed, token = None, ""
    if request.method == "POST":
        request.session.pop(key, None)  # a new upload replaces any earlier preview
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parse(provider, upload.name, upload.read())
        if parsed.ok:
            token = secrets.token_urlsafe(16)
            options = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            if consequences:
                parsed.summary += " " + consequences(provider, parsed.rows, options)
            request.session[key] = {
                "name": upload.name,
                "token": token,
                "mark_leavers": options.get("mark_leavers", False),
                "rows": _stash(parsed.rows),
            }
    page = _page(
        request,
        "import",
        {
            "form": form,
            "parsed": parsed,
            "token": token,
            "columns": columns,
            "title": title,
            "intro": intro,
        },
    )
    return None, page


def _leavers(provider, rows: list[dict], options: dict) -> str:
    if not options.get("mark_leavers"):
        return ""
    leaving = services.leavers(provider, rows).count()
    return (
        f"You said this is the whole staff list: {leaving} "
        f"{'person' if leaving == 1 else 'people'} on the list but not in the file will be "
        "marked as having left today."
    )


def staff_import(request):
    stored, page = _import(
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
        consequences=_leavers,
    )
    if stored is None:
        return page
    counts = services.import_staff(
        actor=request.user,
        rows=_unstash(stored["rows"], ("start_date", "end_date")),
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
    stored, page = _import(
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
    )
    if stored is None:
        return page
    counts = services.import_records(
        actor=request.user,
        rows=_unstash(stored["rows"], ("completed_on",)),
        source=stored["name"],
    )
    messages.success(
        request,
        f"Training records imported: {counts['completions']} completions, "
        f"{counts['cohorts']} new cohorts",
    )
    return redirect("capability-programmes")


def skills(request):
    provider = _provider(request)
    entries = selectors.skills_directory(provider)
    show = request.GET.get("show", "all")
    if show == "coaches":
        entries = [e for e in entries if e.is_coach]
    elif show == "inactive":
        entries = [
            e for e in entries if e.is_coach and e.coach_status != selectors.CoachStatus.COACHING
        ]
    return _page(request, "skills", {"entries": entries, "show": show})


def coaching(request, pk: int):
    project = get_object_or_404(scoped(Project.objects.all(), request.user), pk=pk)
    allowed = services.can_log_coaching(request.user, project)
    form = CoachingLogForm(
        request.POST or None,
        person=request.user,
        can_choose_coach=services.can_manage(request.user),
    )
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("The project's coach or the central QI team log coaching")
        if form.is_valid():
            try:
                services.log_coaching(
                    actor=request.user, project=project, fields=dict(form.cleaned_data)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Coaching session logged")
                return redirect("capability-coaching", project.pk)
    return _page(
        request,
        "coaching",
        {
            "nav": "portfolio",
            "project": project,
            "logs": project.coaching_logs.select_related("coach"),
            "form": form,
            "allowed": allowed,
        },
    )


def system(request):
    summaries = selectors.system_summaries(request.user)
    chart = comparison_bars(
        [
            (s.organisation.name, label, value)
            for s in summaries
            for label, value in (
                ("Any improvement training", s.ever_percent),
                ("In the last 12 months", s.last_year_percent),
            )
        ],
        description="Share of each organisation's staff with any improvement training, and "
        "trained in the last 12 months: "
        + "; ".join(
            f"{s.organisation.name} {percent(s.ever_percent)} and {percent(s.last_year_percent)}"
            for s in summaries
        ),
        axis_title="% of staff",
    )
    provider = request.user.provider
    return _page(
        request,
        "system",
        {
            "summaries": summaries,
            "chart": chart,
            "system": system_of(provider),
            "shared": provider is not None and selectors.is_shared(provider),
            # Only an organisation (not a system's own staff) has a summary to share.
            "can_share": services.can_manage(request.user)
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
        messages.error(request, _error_text(error))
        return redirect("capability-system")
    messages.success(
        request,
        "The capability summary is now shared with the system"
        if shared
        else "The capability summary is no longer shared",
    )
    return redirect("capability-system")


def _report(request) -> CapabilityReport:
    provider = _provider(request)
    return CapabilityReport(
        organisation=provider.name,
        as_of=dt.date.today(),
        staff=selectors.current_staff(provider).count(),
        targets=coverage(provider),
        evaluations=[
            (p.name, [(level.mean, level.responses) for level in selectors.evaluation_summary(p)])
            for p in Programme.objects.filter(provider=provider)
        ],
        coaches=selectors.coach_counts(provider),
    )


def report(request):
    found = _report(request)
    charts = {
        c.target_id: coverage_trend(c.trend, c.target_percent, title=f"{c.label}: by month")
        for c in found.targets
    }
    return _page(request, "report", {"report": found, "charts": charts})


def report_pdf(request):
    found = _report(request)
    return download(to_pdf(found), "pdf", f"Capability {found.organisation} {found.as_of:%Y-%m-%d}")
