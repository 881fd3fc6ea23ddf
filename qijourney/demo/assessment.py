"""The demo organisations' self-assessment: three rounds of NHS IMPACT, a year apart, with
maturity rising, and two actions from the latest round."""

from __future__ import annotations

import datetime as dt
import random

from qijourney.assessment.models import Action, AssessmentRound, Framework, Response, Statement
from qijourney.assessment.services import install_frameworks
from qijourney.organisations.models import Organisation, Person


def build(
    rng: random.Random, provider: Organisation, respondents: list[Person], today: dt.date
) -> None:
    """Every respondent rates every statement each round; the first one owns the actions."""
    install_frameworks()  # normally done by the migration; idempotent
    framework = Framework.objects.get(provider=None, key="nhs-impact")
    statements = list(Statement.objects.filter(domain__framework=framework))
    for year in (2, 1, 0):
        assessment = AssessmentRound.objects.create(
            provider=provider,
            framework=framework,
            name=f"NHS IMPACT {today.year - year}",
            opened=dt.date(today.year - year, 3, 1),
            closed=dt.date(today.year - year, 4, 1),
        )
        rise = 2 - year  # 0, 1, 2 rounds of progress
        Response.objects.bulk_create(
            Response(
                round=assessment,
                respondent=person,
                statement=statement,
                rank=max(
                    1, min(4, 1 + rng.randint(0, 1) + (rise if rng.random() < 0.6 else rise // 2))
                ),
            )
            for person in respondents
            for statement in statements
        )
    domains = list(framework.domains.all())
    for domain, text in (
        (domains[3], "Bring every ward manager through the practitioner programme"),
        (domains[4], "Start weekly measure huddles on every ward"),
    ):
        Action.objects.create(
            round=assessment,
            domain=domain,
            text=text,
            owner=respondents[0],
            due=today + dt.timedelta(days=rng.randint(30, 180)),
            status=Action.Status.IN_PROGRESS,
        )
