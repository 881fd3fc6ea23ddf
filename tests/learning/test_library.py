"""Who sees which stories (per their organisation's sharing), and searching them by words on
whichever database runs the tests (PostgreSQL's full-text search, or SQLite's fallback)."""

from __future__ import annotations

import pytest
from django.db import connection

from qijourney.learning import selectors, services
from qijourney.learning.models import Story
from qijourney.organisations.models import Organisation
from qijourney.projects.models import Project
from tests.factories import OrganisationTree, PersonFactory, ProjectFactory
from tests.learning.conftest import share_stories
from tests.learning.test_stories import TEXT


def published(project, lead, **text) -> Story:
    story = services.save_story(actor=lead, project=project, fields={**TEXT, **text})
    return services.publish_story(actor=lead, story=story)


@pytest.fixture
def story_b(finished_b, lead_b, ics):
    return published(finished_b, lead_b)


def titles(person, **data) -> set[str]:
    return {s.project.title for s in selectors.library(person, data)}


def test_a_trust_that_does_not_share_keeps_its_stories(story_b, ward_lead_a, lead_b, ics_lead):
    assert titles(lead_b) == {"Fewer falls on Ward 1"}  # its own, always
    assert titles(ward_lead_a) == set()
    assert titles(ics_lead) == set()
    share_stories(story_b.provider)
    assert titles(ward_lead_a) == {"Fewer falls on Ward 1"}
    assert titles(ics_lead) == {"Fewer falls on Ward 1"}
    share_stories(story_b.provider, stories=False)  # revoked: gone again
    assert titles(ward_lead_a) == set()


def test_sharing_reaches_only_the_trusts_own_system(story_b):
    share_stories(story_b.provider)
    far = OrganisationTree.build("Far Away Hospitals")  # in no system of B's
    other = Organisation.objects.create(name="Other ICS", kind=Organisation.Kind.SYSTEM)
    far.provider.parent = other
    far.provider.save()
    assert titles(PersonFactory(provider=far.provider)) == set()
    assert titles(PersonFactory(provider=other)) == set()


def test_drafts_stay_with_their_organisation(finished_b, lead_b, ward_lead_a, ics):
    share_stories(finished_b.provider)
    draft = services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    assert titles(lead_b) == set()  # not in the library until published
    assert selectors.visible_stories(lead_b).filter(pk=draft.pk).exists()
    assert not selectors.visible_stories(ward_lead_a).filter(pk=draft.pk).exists()


def test_a_deleted_project_takes_its_story_out_of_the_library(story_b, lead_b):
    Project.objects.filter(pk=story_b.project_id).update(deleted_at="2025-01-01T00:00Z")
    assert titles(lead_b) == set()


@pytest.fixture
def two_stories(story_b, tree_b, lead_b):
    sepsis = ProjectFactory(
        unit=tree_b.ward,
        lead=lead_b,
        title="Sepsis screening in ED",
        status=Project.Status.STOPPED,
        method=Project.Method.LEAN,
        priority=tree_b.priority,
    )
    published(
        sepsis,
        lead_b,
        topic=Story.Topic.SEPSIS,
        summary="Screening within the hour stalled when the triage tool changed.",
        tried="Screening tool at triage.",
        worked="",
        did_not_work="Paper screening forms were lost.",
        advice="Build the screen into the electronic record.",
    )
    return story_b


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("rounding", {"Fewer falls on Ward 1"}),
        ("NIGHT Rounding", {"Fewer falls on Ward 1"}),  # every word, any case
        ("rounding triage", set()),  # not every word in one story
        ("screening", {"Sepsis screening in ED"}),
        ("older patients", {"Fewer falls on Ward 1"}),  # the project's problem is searched too
        ("", {"Fewer falls on Ward 1", "Sepsis screening in ED"}),
    ],
)
def test_search_by_words(two_stories, lead_b, words, found):
    assert titles(lead_b, q=words) == found


def test_postgresql_stems_the_words(two_stories, lead_b):
    """English stemming finds "screened" for "screens"; SQLite finds only what is written."""
    expected = {"Sepsis screening in ED"} if connection.vendor == "postgresql" else set()
    assert titles(lead_b, q="screens") == expected


def test_filters(two_stories, lead_b, tree_b):
    assert titles(lead_b, topic="sepsis") == {"Sepsis screening in ED"}
    assert titles(lead_b, outcome="completed") == {"Fewer falls on Ward 1"}
    assert titles(lead_b, method="lean") == {"Sepsis screening in ED"}
    assert titles(lead_b, priority=tree_b.priority.title) == {"Sepsis screening in ED"}
    assert titles(lead_b, idea_outcome="abandon") == {"Fewer falls on Ward 1"}
    assert titles(lead_b, organisation=tree_b.provider.pk, q="night") == {"Fewer falls on Ward 1"}
    assert selectors.priority_titles(lead_b) == [tree_b.priority.title]


def test_filtering_by_a_hidden_organisation_shows_nothing(two_stories, ward_lead_a, tree_b):
    assert titles(ward_lead_a, organisation=tree_b.provider.pk) == set()
    assert tree_b.provider not in selectors.organisations(ward_lead_a)
