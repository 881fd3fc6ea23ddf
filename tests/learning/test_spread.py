"""Spread: adopting a change idea from a story, starting a project as a copy of one, and how
far ideas travelled (an organisation that does not share its stories is counted, not named)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qijourney.audit.models import AuditEvent
from qijourney.learning import services
from qijourney.measures.models import DataPoint, Measure, MeasureTarget
from qijourney.projects import presenters, selectors
from qijourney.projects.models import ChangeIdeaAdoption, DriverNode, Project
from tests.factories import PersonFactory
from tests.learning.conftest import share_stories
from tests.learning.test_library import published


@pytest.fixture
def story_b(finished_b, lead_b, ics):
    story = published(finished_b, lead_b)
    share_stories(finished_b.provider)
    return story


def rounding(project) -> DriverNode:
    return project.driver_nodes.get(text="Intentional rounding")


def test_a_ward_records_adopting_an_idea(story_b, ward_lead_a, tree_a):
    idea = rounding(story_b.project)
    adoption = services.record_adoption(
        actor=ward_lead_a,
        story=story_b,
        idea=idea,
        unit=tree_a.ward,
        adopted_on=dt.date(2025, 6, 1),
        note="Rounding every two hours at night",
    )
    assert adoption.provider_id == tree_a.provider.pk and adoption.recorded_by == ward_lead_a
    event = AuditEvent.objects.get(subject_type="projects.ChangeIdeaAdoption")
    assert event.provider_id == tree_a.provider.pk and event.action == "create"
    assert adoption.history.get().audit_event_id == event.pk
    with pytest.raises(ValidationError):  # once per unit
        services.record_adoption(
            actor=ward_lead_a,
            story=story_b,
            idea=idea,
            unit=tree_a.ward,
            adopted_on=dt.date.today(),
        )


def test_adoptions_are_for_ones_own_units_and_visible_stories(story_b, ward_lead_a, tree_b, tree_a):
    idea = rounding(story_b.project)
    with pytest.raises(PermissionDenied):  # B's ward is not A's to speak for
        services.record_adoption(
            actor=ward_lead_a,
            story=story_b,
            idea=idea,
            unit=tree_b.ward,
            adopted_on=dt.date.today(),
        )
    share_stories(story_b.provider, stories=False)
    with pytest.raises(ValidationError):  # no longer shared: not in A's library
        services.record_adoption(
            actor=ward_lead_a,
            story=story_b,
            idea=idea,
            unit=tree_a.ward,
            adopted_on=dt.date.today(),
        )
    assert not ChangeIdeaAdoption.objects.exists()


def test_a_copy_takes_the_aim_diagram_and_measures_but_no_data_and_no_team(
    story_b, ward_lead_a, tree_a
):
    source = story_b.project
    MeasureTarget.objects.create(
        measure=source.measures.get(), start_date=dt.date(2025, 3, 1), value=3.5
    )
    copy = services.copy_project(
        actor=ward_lead_a, story=story_b, unit=tree_a.ward, title="Fewer falls on our ward"
    )
    assert copy.provider_id == tree_a.provider.pk and copy.copied_from_id == source.pk
    assert (copy.problem, copy.aim_what, copy.aim_how_much, copy.method) == (
        source.problem,
        source.aim_what,
        source.aim_how_much,
        source.method,
    )
    assert copy.status == Project.Status.ACTIVE and copy.priority is None
    assert list(copy.team.values_list("person_id", flat=True)) == [ward_lead_a.pk]

    # The network of boxes, link for link.
    def links(project):
        return sorted(
            (node.text, sorted(p.text for p in node.parents.all()))
            for node in project.driver_nodes.all()
        )

    assert links(copy) == links(source)
    [measure] = copy.measures.all()
    original = source.measures.get()
    assert measure.provider_id == tree_a.provider.pk
    for name in ("name", "operational_definition", "direction", "chart_type", "kind"):
        assert getattr(measure, name) == getattr(original, name)
    assert measure.target == 3.5  # the target in force at the end
    assert not DataPoint.objects.filter(measure=measure).exists()
    assert [i.text for i in measure.change_ideas.all()] == ["Intentional rounding"]
    assert list(source.copies.all()) == [copy]
    # One change, one event: every version it made is linked to it.
    [event] = AuditEvent.objects.filter(subject_type="projects.Project", provider=tree_a.provider)
    assert event.changes["copy_of"][1].startswith(source.title)
    assert event.changes["copied_from"] == [None, str(source.pk)]
    for rows in (copy.history.all(), DriverNode.history.filter(project_id=copy.pk)):
        assert {r.audit_event_id for r in rows} == {event.pk}


def test_a_copy_is_all_or_nothing(story_b, ward_lead_a, tree_a):
    broken = Measure.objects.create(
        provider=story_b.provider, project=story_b.project, name="Broken", chart_type="xmr"
    )
    Measure.objects.filter(pk=broken.pk).update(chart_type="nope")  # fails validation on copy
    before = (
        Project.all_objects.count(),
        DriverNode.all_objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError):
        services.copy_project(actor=ward_lead_a, story=story_b, unit=tree_a.ward, title="Copy")
    after = (
        Project.all_objects.count(),
        DriverNode.all_objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert not Measure.objects.filter(provider=tree_a.provider).exists()


def test_a_copy_reads_only_what_is_shared(story_b, ward_lead_a, tree_a, tree_b):
    with pytest.raises(PermissionDenied):  # into another trust's unit
        services.copy_project(actor=ward_lead_a, story=story_b, unit=tree_b.ward, title="X")
    share_stories(story_b.provider, stories=False)
    with pytest.raises(ValidationError):
        services.copy_project(actor=ward_lead_a, story=story_b, unit=tree_a.ward, title="X")
    assert not Project.objects.filter(provider=tree_a.provider).exists()


def test_reach_names_sharing_trusts_and_counts_the_others(story_b, ward_lead_a, tree_a, tree_c):
    idea = rounding(story_b.project)
    services.record_adoption(
        actor=ward_lead_a, story=story_b, idea=idea, unit=tree_a.ward, adopted_on=dt.date.today()
    )
    share_stories(tree_c.provider)  # to read B's story; then private again
    practice_lead = PersonFactory(provider=tree_c.provider)
    services.copy_project(actor=practice_lead, story=story_b, unit=tree_c.ward, title="Ours")
    services.record_adoption(
        actor=practice_lead,
        story=story_b,
        idea=idea,
        unit=tree_c.directorate,
        adopted_on=dt.date.today(),
    )
    share_stories(tree_c.provider, stories=False)
    lead_b = story_b.project.lead
    share_stories(tree_a.provider, stories=True)
    reach = selectors.spread([story_b.project], lead_b)[story_b.project_id]
    assert reach.units == 3 and reach.organisations == 2
    assert reach.named == [(tree_a.provider.name, tree_a.ward.name)]
    sentence = presenters.reach_sentence(reach)
    assert tree_c.provider.name not in sentence and tree_c.ward.name not in sentence
    assert sentence.endswith("and 2 units in another organisation.")
    # Trust A keeps its stories private too: counted, never named.
    share_stories(tree_a.provider, stories=False)
    reach = selectors.spread([story_b.project], lead_b)[story_b.project_id]
    assert reach.named == [] and reach.unnamed_organisations == 2
    # The adopters see their own units named.
    mine = selectors.spread([story_b.project], practice_lead)[story_b.project_id]
    assert sorted(unit for _org, unit in mine.named) == sorted(
        [tree_c.ward.name, tree_c.directorate.name]
    )
    per_idea = selectors.idea_spread(story_b.project, lead_b)
    socks = story_b.project.driver_nodes.get(text="Non-slip socks")
    assert per_idea[idea.pk].units == 3 and per_idea[socks.pk].units == 1  # only the copy


def test_an_adoption_outlives_the_source_trust_removing_its_idea(story_b, ward_lead_a, tree_a):
    """The record is the adopter's: the source trust's purge of its idea never deletes it."""
    from django.utils import timezone

    from qijourney.web.history.services import purge_expired

    idea = rounding(story_b.project)
    services.record_adoption(
        actor=ward_lead_a,
        story=story_b,
        idea=idea,
        unit=tree_a.ward,
        adopted_on=dt.date(2025, 6, 1),
        note="A's own notes on how it went",
    )
    long_ago = timezone.now() - dt.timedelta(days=400)
    DriverNode.all_objects.filter(pk=idea.pk).update(deleted_at=long_ago)
    purge_expired()
    assert not DriverNode.all_objects.filter(pk=idea.pk).exists()
    kept = ChangeIdeaAdoption.objects.get(unit=tree_a.ward)
    assert kept.idea is None and kept.idea_text == "Intentional rounding"
    assert kept.note == "A's own notes on how it went"
