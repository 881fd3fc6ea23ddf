"""The library's pages as each role sees them; another organisation's ids are not found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from qijourney.learning.models import Story
from qijourney.projects.models import ChangeIdeaAdoption, Project
from tests.factories import PASSWORD, PersonFactory
from tests.learning.conftest import share_stories
from tests.learning.test_library import published
from tests.learning.test_stories import TEXT


def signed_in(person) -> Client:
    client = Client()
    assert client.login(username=person.email, password=PASSWORD)
    return client


@pytest.fixture
def story_b(finished_b, lead_b, ics):
    return published(finished_b, lead_b)


def test_the_team_is_offered_the_story_and_writes_it(finished_b, lead_b):
    client = signed_in(lead_b)
    page = client.get(f"/projects/{finished_b.pk}/").content.decode()
    assert "Write the story" in page and f"/library/projects/{finished_b.pk}/story/" in page
    answer = client.post(f"/library/projects/{finished_b.pk}/story/", TEXT)
    story = Story.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/library/stories/{story.pk}/"
    page = client.get(f"/library/stories/{story.pk}/").content.decode()
    assert "Not in the library yet" in page and "Publish in the library" in page
    # Publishing asks first, then freezes.
    ask = client.get(f"/library/stories/{story.pk}/publish/").content.decode()
    assert "frozen as they are today" in ask
    assert client.post(f"/library/stories/{story.pk}/publish/").status_code == 302
    again = client.get(f"/library/stories/{story.pk}/publish/").content.decode()
    assert "Replace the frozen charts" in again  # asked before anything is replaced
    page = client.get(f"/library/stories/{story.pk}/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "The chart's data as a table" in page
    assert 'alt="SPC chart of Falls per 1,000 bed days' in page
    assert "Intentional rounding" in page and "Adopt" in page
    project_page = client.get(f"/projects/{finished_b.pk}/").content.decode()
    assert "Read its story in the learning library" in project_page


def test_an_empty_story_is_refused_with_a_message(finished_b, lead_b):
    answer = signed_in(lead_b).post(f"/library/projects/{finished_b.pk}/story/", {"topic": ""})
    assert answer.status_code == 200 and "There is a problem" in answer.content.decode()
    assert not Story.objects.exists()


def test_an_active_projects_page_offers_no_story(project_b, lead_b):
    page = signed_in(lead_b).get(f"/projects/{project_b.pk}/").content.decode()
    assert "Write the story" not in page
    answer = signed_in(lead_b).post(f"/library/projects/{project_b.pk}/story/", TEXT)
    assert "completed or stopped" in answer.content.decode() and not Story.objects.exists()


def test_someone_off_the_team_may_read_but_not_write(story_b, tree_b):
    bystander = signed_in(PersonFactory(provider=tree_b.provider))
    page = bystander.get(f"/library/stories/{story_b.pk}/").content.decode()
    assert "Edit the story" not in page
    assert bystander.get(f"/library/projects/{story_b.project_id}/story/").status_code == 403
    assert bystander.post(f"/library/stories/{story_b.pk}/publish/").status_code == 403


def test_another_trusts_story_is_not_found_until_shared(story_b, ward_lead_a, ics_lead):
    client = signed_in(ward_lead_a)
    for path in ("", "copy/", "adopt/", "publish/"):
        assert client.get(f"/library/stories/{story_b.pk}/{path}").status_code == 404
    assert client.get(f"/library/projects/{story_b.project_id}/story/").status_code == 404
    assert story_b.project.title not in client.get("/library/").content.decode()
    share_stories(story_b.provider)
    library = client.get("/library/?q=rounding").content.decode()
    assert story_b.project.title in library and story_b.provider.name in library
    assert client.get(f"/library/stories/{story_b.pk}/").status_code == 200
    assert client.get(f"/library/stories/{story_b.pk}/publish/").status_code == 403
    assert client.get(f"/library/projects/{story_b.project_id}/story/").status_code == 404
    assert signed_in(ics_lead).get(f"/library/stories/{story_b.pk}/").status_code == 200


def test_a_ward_lead_copies_and_adopts_through_the_pages(story_b, ward_lead_a, tree_a, lead_b):
    share_stories(story_b.provider)
    client = signed_in(ward_lead_a)
    form = client.get(f"/library/stories/{story_b.pk}/copy/").content.decode()
    assert "Intentional rounding" in form  # the diagram the copy starts from
    answer = client.post(
        f"/library/stories/{story_b.pk}/copy/", {"title": "Falls, our way", "unit": tree_a.ward.pk}
    )
    copy = Project.objects.get(title="Falls, our way")
    assert answer["Location"] == f"/projects/{copy.pk}/"
    page = client.get(f"/projects/{copy.pk}/").content.decode()
    assert "Started as a copy of" in page and f"/library/stories/{story_b.pk}/" in page
    share_stories(story_b.provider, stories=False)  # B stops sharing: its name goes too
    page = client.get(f"/projects/{copy.pk}/").content.decode()
    assert "a copy of another organisation's project" in page
    assert story_b.project.title not in page and story_b.provider.name not in page
    share_stories(story_b.provider)
    idea = story_b.project.driver_nodes.get(text="Non-slip socks")
    answer = client.post(
        f"/library/stories/{story_b.pk}/adopt/",
        {"idea": idea.pk, "unit": tree_a.directorate.pk, "adopted_on": "2025-05-01", "note": ""},
    )
    assert answer.status_code == 302 and ChangeIdeaAdoption.objects.filter(idea=idea).exists()
    # B's team sees the spread, A counted but not named (A shares nothing).
    source = signed_in(lead_b).get(f"/projects/{story_b.project_id}/").content.decode()
    assert "travelled to 2 units in 1 organisation" in source
    assert tree_a.provider.name not in source
    portfolio = signed_in(lead_b).get("/projects/").content.decode()
    assert "Spread to 2 units" in portfolio
    share_stories(tree_a.provider)
    source = signed_in(lead_b).get(f"/projects/{story_b.project_id}/").content.decode()
    assert tree_a.ward.name in source


def test_adoption_form_refuses_a_unit_elsewhere_and_a_future_date(story_b, ward_lead_a, tree_b):
    share_stories(story_b.provider)
    client = signed_in(ward_lead_a)
    idea = story_b.project.driver_nodes.get(text="Non-slip socks")
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    for unit, day in ((tree_b.ward.pk, "2025-01-01"), (ward_lead_a.unit_id, later)):
        answer = client.post(
            f"/library/stories/{story_b.pk}/adopt/",
            {"idea": idea.pk, "unit": unit, "adopted_on": day},
        )
        assert answer.status_code == 200 and "There is a problem" in answer.content.decode()
    assert not ChangeIdeaAdoption.objects.exists()
