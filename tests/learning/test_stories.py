"""Writing and publishing a story: who may, what is audited, what publishing freezes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qijourney.audit.models import AuditEvent
from qijourney.learning import services
from qijourney.learning.models import Story
from qijourney.measures.models import DataPoint
from qijourney.projects.models import PDSACycle, Project
from tests.factories import PASSWORD, PersonFactory

TEXT = {
    "topic": Story.Topic.FALLS,
    "summary": "Intentional rounding at night cut falls by a third.",
    "tried": "Hourly rounding, non-slip socks.",
    "worked": "Rounding, once the night team owned it.",
    "did_not_work": "Socks: patients took them off.",
    "advice": "Start with one bay and the night team.",
}


def test_the_team_writes_the_story_of_a_finished_project(finished_b, lead_b):
    story = services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    assert story.provider_id == finished_b.provider_id and not story.is_published
    event = AuditEvent.objects.get(subject_type="learning.Story", action="create")
    assert event.provider_id == finished_b.provider_id
    assert story.history.count() == 1
    services.save_story(
        actor=lead_b, project=finished_b, fields={**TEXT, "advice": "Ask the night team first."}
    )
    change = AuditEvent.objects.filter(subject_type="learning.Story", action="update").get()
    assert change.changes == {"advice": [TEXT["advice"], "Ask the night team first."]}


def test_stopped_projects_teach_too_but_active_ones_have_no_story_yet(finished_b, lead_b):
    finished_b.status = Project.Status.ACTIVE
    finished_b.save()
    with pytest.raises(ValidationError):
        services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    finished_b.status = Project.Status.STOPPED
    finished_b.save()
    assert services.save_story(actor=lead_b, project=finished_b, fields=TEXT).pk


def test_only_the_team_writes_it(finished_b, tree_b, ward_lead_a):
    bystander = PersonFactory(provider=tree_b.provider)  # same trust, not on the team
    for actor in (bystander, ward_lead_a):
        with pytest.raises(PermissionDenied):
            services.save_story(actor=actor, project=finished_b, fields=TEXT)
    assert not Story.objects.exists() and not AuditEvent.objects.exists()


def test_publishing_freezes_charts_and_ideas_that_later_edits_never_change(finished_b, lead_b):
    story = services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    services.publish_story(actor=lead_b, story=story)
    story.refresh_from_db()
    assert story.published_on == story.frozen_on == dt.date.today()
    [chart] = story.charts.all()
    assert chart.svg.startswith("<svg") and "</svg>" in chart.svg
    assert len(chart.rows) == 16 and chart.rows[0]["value"] == 8.0
    assert chart.description.startswith("SPC chart of Falls per 1,000 bed days")
    assert chart.icons and chart.definition.startswith("Falls recorded")
    ideas = {i.text: (i.decision, i.cycles) for i in story.ideas.all()}
    assert ideas == {"Intentional rounding": ("adopt", 2), "Non-slip socks": ("abandon", 1)}
    frozen = (chart.svg, chart.rows, chart.description, chart.name, chart.icons)

    # Everything the chart and the ideas came from changes; the story does not.
    measure = finished_b.measures.get()
    DataPoint.objects.filter(measure=measure).update(value=50)
    DataPoint.objects.create(measure=measure, date=dt.date(2026, 1, 5), value=1)
    measure.name = "Renamed"
    measure.save()
    PDSACycle.objects.filter(project=finished_b).update(decision="abandon")
    services.save_story(actor=lead_b, project=finished_b, fields={**TEXT, "summary": "New."})
    services.publish_story(actor=lead_b, story=story)  # again, without asking to refresh
    chart = story.charts.get()
    assert (chart.svg, chart.rows, chart.description, chart.name, chart.icons) == frozen
    assert story.ideas.get(text="Intentional rounding").decision == "adopt"

    # Asked, it freezes today's instead.
    services.publish_story(actor=lead_b, story=story, refresh=True)
    chart = story.charts.get()
    assert chart.name == "Renamed" and len(chart.rows) == 17
    assert story.ideas.get(text="Intentional rounding").decision == "abandon"


def test_publishing_is_audited_and_refused_to_others(finished_b, lead_b, ward_lead_a):
    story = services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    with pytest.raises(PermissionDenied):
        services.publish_story(actor=ward_lead_a, story=story)
    story.refresh_from_db()
    assert not story.is_published and not story.charts.exists()
    services.publish_story(actor=lead_b, story=story)
    event = AuditEvent.objects.filter(subject_type="learning.Story").first()
    assert event.changes["charts"] == [None, 1]
    assert event.changes["published_on"][1] == dt.date.today().isoformat()


def test_two_people_writing_the_first_story_at_once_never_overwrite_each_other(
    finished_b, lead_b, client
):
    other = PersonFactory(provider=finished_b.provider, roles=["central_qi_team"])
    url = f"/library/projects/{finished_b.pk}/story/"
    text = {"topic": "falls", "tried": "Rounding", "worked": "Rounding", "version": ""}
    text |= {"did_not_work": "Socks", "advice": "Start small"}
    # Both opened the empty page (no story yet, so no version); the lead saves first.
    assert client.login(username=lead_b.email, password=PASSWORD)
    first = client.post(url, {**text, "summary": "The lead's summary, an hour of work."})
    assert first.status_code == 302
    client.logout()
    assert client.login(username=other.email, password=PASSWORD)
    second = client.post(url, {**text, "summary": "The coach's summary."})
    assert second.status_code in (200, 409)
    assert "Changed since you" in second.content.decode()
    assert Story.objects.get(project=finished_b).summary == "The lead's summary, an hour of work."
