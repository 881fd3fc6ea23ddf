"""Reads of projects for pages and exports, always scoped to the person."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qijourney.domain.constants import STALLED_DAYS, STALLED_SCORE
from qijourney.measures.analysis import icons_for
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person, StrategicPriority
from qijourney.organisations.permissions import scoped
from qijourney.organisations.selectors import providers_sharing
from qijourney.projects import diagram
from qijourney.projects.models import DriverNode, PDSACycle, ProgressScore, Project, TeamMember

# Whose versions a project's history shows beside its own: (model, the field naming it).
HISTORY_PARTS = ((DriverNode, "project"), (PDSACycle, "project"), (TeamMember, "project"))


def visible_projects(person: Person) -> QuerySet[Project]:
    return scoped(Project.objects.all(), person)


def with_patient_partners(projects: QuerySet[Project]) -> QuerySet[Project]:
    partners = TeamMember.objects.filter(
        project=OuterRef("pk"), role=TeamMember.Role.PATIENT_PARTNER
    )
    return projects.annotate(has_patient_partner=Exists(partners))


def stalled(projects: QuerySet[Project], today: dt.date | None = None) -> QuerySet[Project]:
    """Active projects at least three months old with no score above 2.5 in three months."""
    cutoff = (today or dt.date.today()) - dt.timedelta(days=STALLED_DAYS)
    progressed = ProgressScore.objects.filter(
        project=OuterRef("pk"), score__gt=STALLED_SCORE, date__gte=cutoff
    )
    return projects.filter(
        status=Project.Status.ACTIVE,
        progress_score__lte=STALLED_SCORE,
        created__date__lte=cutoff,
    ).filter(~Exists(progressed))


def filtered_portfolio(person: Person, data: dict) -> QuerySet[Project]:
    projects = with_patient_partners(visible_projects(person)).select_related(
        "unit", "priority", "lead", "coach"
    )
    if data.get("q"):
        q = data["q"]
        projects = projects.filter(
            Q(title__icontains=q)
            | Q(problem__icontains=q)
            | Q(aim_what__icontains=q)
            | Q(unit__name__icontains=q)
        )
    if data.get("priority"):
        projects = projects.filter(priority=data["priority"])
    if data.get("directorate"):
        directorate = data["directorate"]
        projects = projects.filter(Q(unit=directorate) | Q(unit__parent=directorate))
    for field in ("phase", "status", "method"):
        if data.get(field):
            projects = projects.filter(**{field: data[field]})
    if data.get("score"):
        projects = projects.filter(progress_score=Decimal(data["score"]))
    if data.get("patients") in ("yes", "no"):
        projects = projects.filter(has_patient_partner=data["patients"] == "yes")
    if data.get("aligned") in ("yes", "no"):
        projects = projects.filter(priority__isnull=data["aligned"] == "no")
    if data.get("stalled"):
        projects = stalled(projects)
    return projects.order_by("title")


def diagram_nodes(project) -> list[diagram.Node]:
    """The project's driver diagram as plain nodes with their parent ids, in two queries."""
    links = DriverNode.parents.through.objects.filter(from_drivernode__project=project)
    parents: dict[int, list[int]] = {}
    for link in links.values_list("from_drivernode_id", "to_drivernode_id"):
        parents.setdefault(link[0], []).append(link[1])
    return [
        diagram.Node(n.pk, n.level, n.text, parents.get(n.pk, []))
        for n in project.driver_nodes.all()
    ]


def my_projects(person: Person, limit: int = 20) -> list[Project]:
    """Projects the person leads, works on, coaches or sponsors."""
    mine = visible_projects(person).filter(
        Q(lead=person) | Q(team__person=person) | Q(coach=person) | Q(sponsor=person)
    )
    return list(mine.select_related("unit").distinct().order_by("title")[:limit])


def active_counts(person: Person) -> tuple[int, int]:
    """(active projects, of them linked to no strategic priority) in the person's organisation."""
    active = visible_projects(person).filter(status=Project.Status.ACTIVE)
    return active.count(), active.filter(priority__isnull=True).count()


def unaligned_count(provider: Organisation) -> int:
    """Active projects of the organisation linked to no strategic priority."""
    return Project.objects.filter(
        provider=provider, status=Project.Status.ACTIVE, priority__isnull=True
    ).count()


def priorities_with_projects(provider: Organisation) -> QuerySet[StrategicPriority]:
    """The organisation's strategic priorities, each with its count of active projects (a
    join does not pass through the manager that hides deleted projects: named here)."""
    live = Q(projects__status=Project.Status.ACTIVE, projects__deleted_at__isnull=True)
    return provider.priorities.annotate(projects_count=Count("projects", filter=live))


def team(project: Project) -> QuerySet[TeamMember]:
    return project.team.select_related("person").order_by("role", "person__full_name")


def measures_with_icons(project: Project) -> list[tuple[Measure, dict]]:
    """The project's family of measures, each with its engine summary (icons) or {}."""
    measures = list(project.measures.order_by("kind", "name"))
    summaries = icons_for(measures)
    return [(m, summaries.get(m.pk, {})) for m in measures]


def cycles(project: Project) -> QuerySet[PDSACycle]:
    return project.pdsa_cycles.select_related("change_idea").order_by("ramp", "number")


def cycle(project: Project, pk: int) -> QuerySet[PDSACycle]:
    """The project's cycle ``pk`` (as a queryset, for get_object_or_404)."""
    return project.pdsa_cycles.select_related("change_idea").filter(pk=pk)


def progress_history(project: Project) -> QuerySet[ProgressScore]:
    return project.progress_history.select_related("set_by").order_by("-date", "-id")


def next_cycle_number(project: Project, ramp: str) -> int:
    return project.pdsa_cycles.filter(ramp=ramp).count() + 1


def scores(projects: QuerySet[Project]) -> list[Decimal]:
    return list(projects.values_list("progress_score", flat=True))


def stalled_ids(projects: QuerySet[Project], shown) -> set[int]:
    """Which of the ``shown`` projects (a page of ``projects``) are stalled."""
    on_page = projects.filter(pk__in=[p.pk for p in shown])
    return set(stalled(on_page).values_list("pk", flat=True))


def driver_nodes(project: Project) -> QuerySet[DriverNode]:
    return project.driver_nodes.all()


def parents(node: DriverNode) -> list[DriverNode]:
    return list(node.parents.all())


def cycle_measures(cycle: PDSACycle) -> list[Measure]:
    """The measures a cycle should move."""
    return list(cycle.measures.all())


def visible_cycles(person: Person) -> QuerySet[PDSACycle]:
    """PDSA cycles of the person's organisation's projects, with their measures."""
    return scoped(PDSACycle.objects.prefetch_related("measures"), person, "project__provider")


@dataclass
class PortfolioRollup:
    """One organisation's portfolio in counts only: what a trust shares with its system."""

    organisation: Organisation
    active: int
    finished: int  # completed or stopped
    by_phase: dict[str, int]  # phase label -> active projects
    by_priority: list[tuple[str, int]]  # priority title (or "Not aligned") -> active projects
    by_score: dict[Decimal, int]  # progress score -> active projects
    is_yours: bool


def portfolio_rollup(person: Person) -> list[PortfolioRollup]:
    """Each organisation of the person's system that shares its portfolio (and the person's
    own), its projects counted by phase, priority and progress score: never a project itself."""
    providers = list(providers_sharing(person, "portfolio").order_by("name"))
    rows = (
        Project.objects.filter(provider__in=providers)
        .values("provider", "status", "phase", "priority__title", "progress_score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    phases = dict(Project.Phase.choices)
    out = {
        p.pk: PortfolioRollup(
            p, 0, 0, dict.fromkeys(phases.values(), 0), [], {}, p.pk == person.provider_id
        )
        for p in providers
    }
    priorities: dict[int, Counter] = {p.pk: Counter() for p in providers}
    for row in rows:
        summary = out[row["provider"]]
        if row["status"] in (Project.Status.COMPLETED, Project.Status.STOPPED):
            summary.finished += row["n"]
            continue
        if row["status"] != Project.Status.ACTIVE:
            continue
        summary.active += row["n"]
        summary.by_phase[phases[row["phase"]]] += row["n"]
        priorities[row["provider"]][row["priority__title"] or "Not aligned"] += row["n"]
        score = row["progress_score"]
        summary.by_score[score] = summary.by_score.get(score, 0) + row["n"]
    for pk, counts in priorities.items():
        out[pk].by_priority = counts.most_common()
    return list(out.values())
