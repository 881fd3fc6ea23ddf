"""Reading self-assessments: results by domain and their change, maturity over time, the
actions due, and the results other organisations of the system share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from qijourney.assessment import content
from qijourney.assessment.models import (
    Action,
    AssessmentRound,
    Domain,
    Framework,
    Response,
    Statement,
)
from qijourney.charts.maturity import Series
from qijourney.domain.constants import ACTIONS_HORIZON_DAYS
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import scoped
from qijourney.organisations.selectors import system_of
from qijourney.reports.maturity import ActionDue, DomainRow, MaturityReport


def visible_rounds(person: Person) -> QuerySet[AssessmentRound]:
    """Rounds of the person's organisation, newest first."""
    return scoped(AssessmentRound.objects.select_related("framework"), person).order_by(
        "-opened", "-pk"
    )


def shared_count(person: Person) -> int:
    """How many rounds other organisations of the person's system share with it."""
    return shared_with(person).count()


def visible_statements(person: Person) -> QuerySet[Statement]:
    """Statements of the frameworks the person may use."""
    return Statement.objects.filter(domain__framework__in=frameworks_for(person))


def answer(assessment: AssessmentRound, person: Person, statement) -> Response:
    """The person's answer to one statement of the round."""
    return Response.objects.get(round=assessment, respondent=person, statement=statement)


def latest_by_framework(rounds: list[AssessmentRound]) -> list[AssessmentRound]:
    """The newest of ``rounds`` (newest first) for each framework."""
    latest: dict[int, AssessmentRound] = {}
    for assessment in rounds:
        latest.setdefault(assessment.framework_id, assessment)
    return list(latest.values())


def my_answers(assessment: AssessmentRound, person: Person) -> dict[int, int]:
    """``{statement id: rank}`` the person gave in the round."""
    return dict(
        Response.objects.filter(round=assessment, respondent=person).values_list(
            "statement_id", "rank"
        )
    )


def domains_with_levels(assessment: AssessmentRound):
    return assessment.framework.domains.prefetch_related("statements__levels")


def action_plan(assessment: AssessmentRound) -> QuerySet[Action]:
    return assessment.actions.select_related("domain", "owner")


def visible_actions(person: Person) -> QuerySet[Action]:
    return scoped(Action.objects.select_related("round__framework"), person, "round__provider")


@dataclass
class DomainResult:
    domain: str
    score: float | None  # mean rank across respondents and statements
    respondents: int
    change: float | None  # since the previous round of the same framework


def results(assessment: AssessmentRound) -> list[DomainResult]:
    """Each domain's combined score, and how it moved since the previous round."""
    previous = (
        AssessmentRound.objects.filter(
            provider=assessment.provider,
            framework=assessment.framework,
            opened__lt=assessment.opened,
        )
        .order_by("-opened")
        .first()
    )
    now = _scores(assessment)
    before = _scores(previous) if previous else {}
    out = []
    for domain in Domain.objects.filter(framework=assessment.framework):
        score, people = now.get(domain.pk, (None, 0))
        earlier = before.get(domain.pk, (None, 0))[0]
        change = None if score is None or earlier is None else round(score - earlier, 2)
        out.append(
            DomainResult(domain.name, None if score is None else round(score, 2), people, change)
        )
    return out


def _scores(assessment: AssessmentRound) -> dict[int, tuple[float, int]]:
    rows = (
        Response.objects.filter(round=assessment)
        .values("statement__domain")
        .annotate(score=Avg("rank"), people=Count("respondent", distinct=True))
    )
    return {r["statement__domain"]: (float(r["score"]), r["people"]) for r in rows}


def frameworks_for(person: Person) -> QuerySet[Framework]:
    """The shipped frameworks and the person's organisation's own."""
    own = scoped(Framework.objects.all(), person).values_list("pk", flat=True)
    return Framework.objects.filter(Q(provider__isnull=True) | Q(pk__in=list(own)))


def is_open(assessment: AssessmentRound, today: dt.date | None = None) -> bool:
    """A round takes answers until the day it closes."""
    return assessment.closed is None or assessment.closed > (today or dt.date.today())


def shared_with(person: Person) -> QuerySet[AssessmentRound]:
    """Rounds other organisations of the person's system chose to share with it.

    Only their results may be read from these: never the answers or the action plan.
    """
    system = system_of(person.provider)
    if system is None:
        return AssessmentRound.objects.none()
    return (
        AssessmentRound.objects.filter(
            shared_with_system=True,
            provider__parent=system,
            provider__kind=Organisation.Kind.ORGANISATION,
        )
        .exclude(provider_id=person.provider_id)
        .select_related("provider", "framework")
    )


@dataclass
class Comparison:
    """One framework's latest results from each organisation that shares them (and yours)."""

    framework: Framework
    domains: list[str]
    organisations: list[Series]  # yours first when you have a round, then by name
    yours: str | None  # your organisation's label in ``organisations``
    rounds: list[AssessmentRound]  # the shared rounds behind the figures, newest first


def comparisons(person: Person) -> list[Comparison]:
    """For each framework with shared rounds: every organisation's latest, by domain."""
    shared = list(shared_with(person).order_by("framework__name", "provider__name", "-opened"))
    out = []
    frameworks = {r.framework_id: r.framework for r in shared}
    for framework_id, framework in frameworks.items():
        latest: dict[int, AssessmentRound] = {}
        for assessment in shared:
            if assessment.framework_id == framework_id:
                latest.setdefault(assessment.provider_id, assessment)
        own = (
            scoped(AssessmentRound.objects.filter(framework_id=framework_id), person)
            .select_related("provider")
            .order_by("-opened")
            .first()
        )
        series, yours = [], None
        if own is not None:
            yours = f"{own.provider.name} (yours): {own.name}"
            series.append(Series(yours, _domain_scores(own)))
        series += [
            Series(f"{a.provider.name}: {a.name}", _domain_scores(a)) for a in latest.values()
        ]
        out.append(
            Comparison(
                framework=framework,
                domains=list(framework.domains.values_list("name", flat=True)),
                organisations=series,
                yours=yours,
                rounds=[a for a in shared if a.framework_id == framework_id],
            )
        )
    return out


def _domain_scores(assessment: AssessmentRound) -> dict[str, float | None]:
    """Each domain's combined score in this round alone (no comparison with the one before)."""
    now = _scores(assessment)
    return {
        d.name: round(now[d.pk][0], 2) if d.pk in now else None
        for d in Domain.objects.filter(framework=assessment.framework)
    }


def maturity_over_time(assessment: AssessmentRound) -> tuple[list[str], list[Series]]:
    """Domain names, and each round's combined scores for the round's organisation and
    framework, oldest first, up to and including ``assessment``."""
    rounds = list(
        AssessmentRound.objects.filter(
            provider=assessment.provider,
            framework=assessment.framework,
            opened__lte=assessment.opened,
        )
        .exclude(Q(opened=assessment.opened) & Q(pk__gt=assessment.pk))
        .order_by("opened", "pk")
    )
    domains = list(Domain.objects.filter(framework=assessment.framework))
    rows = (
        Response.objects.filter(round__in=rounds)
        .values("round", "statement__domain")
        .annotate(score=Avg("rank"))
    )
    scores = {(r["round"], r["statement__domain"]): round(float(r["score"]), 2) for r in rows}
    labels = _distinct_labels(rounds)
    return [d.name for d in domains], [
        Series(labels[a.pk], {d.name: scores.get((a.pk, d.pk)) for d in domains}) for a in rounds
    ]


def _distinct_labels(rounds: list[AssessmentRound]) -> dict[int, str]:
    """Round names, with the opening date added where two rounds share a name."""
    names = [a.name for a in rounds]
    return {
        a.pk: a.name if names.count(a.name) == 1 else f"{a.name} ({a.opened:%d %b %Y})"
        for a in rounds
    }


def actions_due(
    provider: Organisation,
    framework: Framework,
    *,
    today: dt.date,
    days: int = ACTIONS_HORIZON_DAYS,
) -> list[ActionDue]:
    """Open actions of the organisation's rounds of ``framework``: overdue, or due soon."""
    actions = (
        Action.objects.filter(
            round__provider=provider,
            round__framework=framework,
            due__isnull=False,
            due__lte=today + dt.timedelta(days=days),
        )
        .exclude(status=Action.Status.DONE)
        .select_related("domain", "owner")
        .order_by("due", "pk")
    )
    return [
        ActionDue(
            text=a.text,
            domain=a.domain.name,
            owner=str(a.owner) if a.owner else "",
            due=a.due,
            status=a.get_status_display(),
            overdue=a.due < today,
        )
        for a in actions
    ]


def maturity_report(assessment: AssessmentRound, *, today: dt.date) -> MaturityReport:
    """The self-assessment report as at ``assessment``: what the page and the PDF show."""
    domains, rounds = maturity_over_time(assessment)
    return MaturityReport(
        organisation=assessment.provider.name,
        framework=assessment.framework.name,
        round_name=rounds[-1].label,
        generated=today,
        top=len(content.LEVELS),
        domains=domains,
        rounds=rounds,
        latest=[DomainRow(r.domain, r.score, r.change, r.respondents) for r in results(assessment)],
        actions=actions_due(assessment.provider, assessment.framework, today=today),
        horizon_days=ACTIONS_HORIZON_DAYS,
    )
