"""Reads of projects for pages and exports, always scoped to the person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from qijourney.organisations.models import Person, ProgressScaleLevel
from qijourney.organisations.scoping import scoped
from qijourney.projects import diagram
from qijourney.projects.models import DriverNode, ProgressScore, Project, TeamMember

STALLED_SCORE = Decimal("2.5")
STALLED_DAYS = 91  # three months


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


def scale_levels(person: Person) -> list[ProgressScaleLevel]:
    return list(scoped(ProgressScaleLevel.objects.all(), person).order_by("score"))


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
