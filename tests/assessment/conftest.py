"""Two organisations in one system, a third in another, and a round of the second's with
answers and an action plan (its people and words are what must never leak)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from qijourney.assessment import services
from qijourney.assessment.models import Action, AssessmentRound, Framework, Statement
from qijourney.organisations.models import Organisation
from tests.factories import OrganisationTree, PersonFactory


def in_system(tree: OrganisationTree, system: Organisation) -> OrganisationTree:
    tree.provider.parent = system
    tree.provider.save()
    return tree


def answer_all(assessment: AssessmentRound, person, rank: int, domain_ranks=None) -> None:
    """``person`` gives ``rank`` to every statement (or ``domain_ranks[domain name]``)."""
    statements = Statement.objects.filter(domain__framework=assessment.framework)
    services.respond(
        assessment=assessment,
        respondent=person,
        answers={
            s.pk: (domain_ranks or {}).get(s.domain.name, rank)
            for s in statements.select_related("domain")
        },
    )


@dataclass
class SharedWorld:
    impact: Framework
    southmoor_round: AssessmentRound
    southmoor_respondent: object
    southmoor_action: Action
    southmoor_lead: object
    eastfield_person: object


@pytest.fixture
def world(tree_a, tree_b):
    """Northvale (A) and Southmoor (B) in Riverside ICS; Eastfield in Hilltop ICS."""
    riverside = Organisation.objects.create(name="Riverside ICS", kind="system")
    hilltop = Organisation.objects.create(name="Hilltop ICS", kind="system")
    in_system(tree_a, riverside)
    in_system(tree_b, riverside)
    eastfield = in_system(OrganisationTree.build("Eastfield Care"), hilltop)
    services.install_frameworks()  # the migration's rows do not survive transactional tests
    impact = Framework.objects.get(key="nhs-impact")
    southmoor_round = AssessmentRound.objects.create(
        provider=tree_b.provider,
        framework=impact,
        name="Southmoor spring",
        opened=dt.date(2025, 4, 1),
        shared_with_system=True,
    )
    respondent = PersonFactory(provider=tree_b.provider, full_name="Sally Southmoor-Respondent")
    answer_all(southmoor_round, respondent, 3)
    lead = PersonFactory(
        provider=tree_b.provider, roles=["central_qi_team"], full_name="Sam Southmoor-Lead"
    )
    action = Action.objects.create(
        round=southmoor_round,
        domain=impact.domains.first(),
        text="Secret plan: coach every ward manager",
        owner=lead,
        due=dt.date(2025, 9, 1),
    )
    return SharedWorld(
        impact=impact,
        southmoor_round=southmoor_round,
        southmoor_respondent=respondent,
        southmoor_action=action,
        southmoor_lead=lead,
        eastfield_person=PersonFactory(provider=eastfield.provider),
    )
