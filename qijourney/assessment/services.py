"""Installing the shipped frameworks, starting and sharing rounds, recording responses, and
reading results: by domain, over time, across the organisations of a system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet

from qijourney.assessment import content
from qijourney.assessment.models import (
    Action,
    AssessmentRound,
    Domain,
    Framework,
    Level,
    Response,
    Statement,
)
from qijourney.audit.services import record, update_and_record
from qijourney.charts.maturity import Series
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.scoping import manages_organisation_data, scoped, system_of
from qijourney.reports.maturity import ActionDue, DomainRow, MaturityReport

ACTIONS_HORIZON_DAYS = 90


@transaction.atomic
def install_frameworks() -> list[Framework]:
    """Create the shipped frameworks once (they have no provider); safe to call again."""
    return install(Framework, Domain, Statement, Level)


def install(framework_model, domain_model, statement_model, level_model) -> list:
    """The shipped frameworks into the given models (a migration passes its historical ones)."""
    installed = []
    for key, (name, description, domains) in content.FRAMEWORKS.items():
        framework, created = framework_model.objects.get_or_create(
            provider=None, key=key, defaults={"name": name, "description": description}
        )
        installed.append(framework)
        if not created:
            continue
        for d, (domain_name, statements) in enumerate(domains.items()):
            domain = domain_model.objects.create(framework=framework, name=domain_name, order=d)
            for s, text in enumerate(statements):
                statement = statement_model.objects.create(domain=domain, text=text, order=s)
                level_model.objects.bulk_create(
                    level_model(statement=statement, rank=rank, name=level, descriptor=descriptor)
                    for rank, (level, descriptor) in enumerate(content.LEVELS, start=1)
                )
    return installed


@transaction.atomic
def respond(*, assessment: AssessmentRound, respondent, answers: dict[int, int]) -> int:
    """Record (or replace) one respondent's answers: statement id -> level rank."""
    if not is_open(assessment):
        raise ValueError(
            f"The round closed on {assessment.closed:%d %B %Y}: its answers no longer change"
        )
    valid = dict(
        Statement.objects.filter(
            domain__framework=assessment.framework, pk__in=answers
        ).values_list("pk", "pk")
    )
    bad = set(answers) - set(valid)
    if bad:
        raise ValueError(f"Statements {sorted(bad)} are not in {assessment.framework}")
    top = len(content.LEVELS)
    if any(not 1 <= rank <= top for rank in answers.values()):
        raise ValueError(f"Ranks run from 1 to {top}")
    for statement_id, rank in answers.items():
        Response.objects.update_or_create(
            round=assessment,
            respondent=respondent,
            statement_id=statement_id,
            defaults={"rank": rank},
        )
    record(
        actor=respondent,
        action="update",
        subject=assessment,
        provider=assessment.provider,
        changes={"answers": [None, len(answers)]},
    )
    return len(answers)


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


def check_manages(person: Person, assessment: AssessmentRound | None = None) -> None:
    """Only the central QI team or the executive lead run rounds, of their own organisation."""
    if not manages_organisation_data(person):
        raise PermissionDenied("Only the central QI team or the executive lead run assessments")
    if (
        assessment is not None
        and not person.is_superuser
        and assessment.provider_id != person.provider_id
    ):
        raise PermissionDenied("Assessments are run by their own organisation")


@transaction.atomic
def start_round(
    *, actor: Person, framework: Framework, name: str, opened: dt.date, **fields
) -> AssessmentRound:
    check_manages(actor)
    if actor.provider_id is None:
        raise PermissionDenied("Rounds belong to an organisation; you are not in one")
    if not frameworks_for(actor).filter(pk=framework.pk).exists():
        raise PermissionDenied("Use a shipped framework or one of your organisation's own")
    assessment = AssessmentRound(
        provider_id=actor.provider_id, framework=framework, name=name, opened=opened, **fields
    )
    assessment.full_clean()
    assessment.save()
    record(actor=actor, action="create", subject=assessment, provider=assessment.provider)
    return assessment


@transaction.atomic
def update_round(*, actor: Person, assessment: AssessmentRound, fields: dict) -> dict:
    """Change a round's name or dates (its framework stays: the answers belong to it)."""
    check_manages(actor, assessment)
    framework = fields.pop("framework", assessment.framework)
    if framework.pk != assessment.framework_id:
        raise ValidationError({"framework": "A round keeps its framework; start a new round"})
    return update_and_record(
        actor=actor, instance=assessment, fields=fields, provider=assessment.provider
    )


def is_open(assessment: AssessmentRound, today: dt.date | None = None) -> bool:
    """A round takes answers until the day it closes."""
    return assessment.closed is None or assessment.closed > (today or dt.date.today())


@transaction.atomic
def set_closed(*, actor: Person, assessment: AssessmentRound, closed: bool) -> None:
    """Close the round today (its results stand as answered), or open it again."""
    check_manages(actor, assessment)
    update_and_record(
        actor=actor,
        instance=assessment,
        fields={"closed": dt.date.today() if closed else None},
        provider=assessment.provider,
    )


@transaction.atomic
def set_sharing(*, actor: Person, assessment: AssessmentRound, shared: bool) -> bool:
    """Share a round's results with the organisation's system, or stop; True if it changed."""
    check_manages(actor, assessment)
    changes = update_and_record(
        actor=actor,
        instance=assessment,
        fields={"shared_with_system": shared},
        provider=assessment.provider,
    )
    return bool(changes)


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
