"""Reads of projects for pages and exports, always scoped to the person."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qijourney.domain.constants import STALLED_DAYS, STALLED_SCORE
from qijourney.measures.analysis import icons_for
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person, StrategicPriority, SystemSharing
from qijourney.organisations.permissions import scoped
from qijourney.organisations.selectors import providers_sharing
from qijourney.projects import diagram
from qijourney.projects.models import (
    ChangeIdeaAdoption,
    DriverNode,
    PDSACycle,
    ProgressScore,
    Project,
    TeamMember,
)

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


# Spread: where a project's change ideas went (adopted by a unit, or the project copied). The
# adopting organisation is named only when it shares its stories with its system (or is the
# viewer's own); otherwise its units are counted, never named.


@dataclasses.dataclass
class Reach:
    named: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (organisation, unit)
    unnamed_units: int = 0
    unnamed_organisations: int = 0

    @property
    def units(self) -> int:
        return len(self.named) + self.unnamed_units

    @property
    def organisations(self) -> int:
        return len({org for org, _unit in self.named}) + self.unnamed_organisations


def _places(project_ids, idea_ids=None) -> list[tuple[int, int | None, int, str, int, str]]:
    """(project, idea or None for a copy, unit id, unit name, provider id, provider name) of
    every adoption and live copy of the projects' ideas."""
    adoptions = ChangeIdeaAdoption.objects.filter(
        idea__project_id__in=project_ids, idea__deleted_at__isnull=True
    )
    if idea_ids is not None:
        adoptions = adoptions.filter(idea_id__in=idea_ids)
    found = list(
        adoptions.values_list(
            "idea__project_id", "idea_id", "unit_id", "unit__name", "provider_id", "provider__name"
        )
    )
    copies = Project.objects.filter(copied_from_id__in=project_ids).values_list(
        "copied_from_id", "unit_id", "unit__name", "provider_id", "provider__name"
    )
    return found + [(p, None, u, un, o, on) for p, u, un, o, on in copies]


def _reach(places, viewer: Person, sharing: set[int]) -> Reach:
    reach, seen, hidden_orgs = Reach(), set(), set()
    for _project, _idea, unit, unit_name, provider, provider_name in places:
        if unit in seen:
            continue
        seen.add(unit)
        if provider in sharing or provider == viewer.provider_id or viewer.is_superuser:
            reach.named.append((provider_name, unit_name))
        else:
            reach.unnamed_units += 1
            hidden_orgs.add(provider)
    reach.named.sort()
    reach.unnamed_organisations = len(hidden_orgs)
    return reach


def _sharing(places) -> set[int]:
    providers = {place[4] for place in places}
    return set(
        SystemSharing.objects.filter(provider__in=providers, stories=True).values_list(
            "provider_id", flat=True
        )
    )


def spread(projects, viewer: Person) -> dict[int, Reach]:
    """Each project's reach: every unit its ideas travelled to (adopted, or copied)."""
    ids = [p if isinstance(p, int) else p.pk for p in projects]
    places = _places(ids)
    sharing = _sharing(places)
    return {pk: _reach([p for p in places if p[0] == pk], viewer, sharing) for pk in ids}


def idea_spread(project: Project, viewer: Person) -> dict[int, Reach]:
    """Each change idea's reach: its adoptions, and every copy of its project."""
    places = _places([project.pk])
    sharing = _sharing(places)
    ideas = project.driver_nodes.filter(level=DriverNode.Level.CHANGE_IDEA)
    return {
        idea.pk: _reach([p for p in places if p[1] in (idea.pk, None)], viewer, sharing)
        for idea in ideas
    }


def copies_of(project: Project) -> QuerySet[Project]:
    return project.copies.select_related("unit", "provider")


def copy_source(project: Project, viewer: Person) -> Project | None:
    """The project this one was copied from, if the viewer may still read of it (its
    organisation is theirs, or shares its stories with their system); else None, and the
    page names neither it nor its organisation."""
    source = project.copied_from
    if source is None or source.deleted_at is not None:
        return None
    if viewer.is_superuser or source.provider_id == viewer.provider_id:
        return source
    shared = providers_sharing(viewer, "stories").filter(pk=source.provider_id).exists()
    return source if shared else None


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
