"""Installing the shipped frameworks, recording responses, and reading results by domain."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Avg, Count

from qijourney.assessment import content
from qijourney.assessment.models import (
    AssessmentRound,
    Domain,
    Framework,
    Level,
    Response,
    Statement,
)


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
