"""One change log for the learning library's writes: a story written, changed and published,
an adoption recorded, a project copied, each one audit event holding every version it made."""

from __future__ import annotations

from django.test import Client

from qijourney.audit.versions import version_of
from qijourney.learning.models import Story
from qijourney.projects.models import Project
from tests.factories import PASSWORD
from tests.history.test_one_log import check_one_log, snapshot
from tests.learning.conftest import share_stories
from tests.learning.test_stories import TEXT


def test_story_adoption_and_copy_writes(finished_b, lead_b, ward_lead_a, tree_a, ics):
    team = Client()
    assert team.login(username=lead_b.email, password=PASSWORD)
    state = snapshot()
    assert team.post(f"/library/projects/{finished_b.pk}/story/", TEXT).status_code == 302
    check_one_log(*state)
    story = Story.objects.get()
    state = snapshot()
    changed = {**TEXT, "advice": "Begin with nights.", "version": version_of(story)}
    assert team.post(f"/library/projects/{finished_b.pk}/story/", changed).status_code == 302
    event, _ = check_one_log(*state)
    assert event.changes == {"advice": [TEXT["advice"], "Begin with nights."]}
    state = snapshot()
    assert team.post(f"/library/stories/{story.pk}/publish/").status_code == 302
    # Its version, and beside its fields the count of charts frozen (rows of their own).
    event, [row] = check_one_log(*state, bulk=True)
    assert set(event.changes) == {"published_on", "frozen_on", "charts"}
    assert row.published_on is not None

    share_stories(finished_b.provider)
    reader = Client()
    assert reader.login(username=ward_lead_a.email, password=PASSWORD)
    idea = finished_b.driver_nodes.get(text="Intentional rounding")
    state = snapshot()
    reader.post(
        f"/library/stories/{story.pk}/adopt/",
        {"idea": idea.pk, "unit": tree_a.ward.pk, "adopted_on": "2025-04-01"},
    )
    check_one_log(*state)
    state = snapshot()
    reader.post(f"/library/stories/{story.pk}/copy/", {"title": "Ours", "unit": tree_a.ward.pk})
    copy = Project.objects.get(title="Ours")
    # The project, its lead's place, its six boxes and its measure: one event.
    check_one_log(*state, versions=1 + 1 + 6 + 1, bulk=True)
    assert copy.copied_from_id == finished_b.pk
