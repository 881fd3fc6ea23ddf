"""The demo's learning library: stories in every organisation, shared where the organisation
shares with its system, and two ideas that travelled across organisations."""

from qijourney.demo import synthetic
from qijourney.learning import selectors
from qijourney.learning.models import Story
from qijourney.organisations.models import Organisation, Person
from qijourney.projects import presenters
from qijourney.projects import selectors as project_selectors
from qijourney.projects.models import ChangeIdeaAdoption, Project


def test_the_demo_library_has_stories_and_spread(db):
    accounts = synthetic.build("demo-password-123", seed=1)
    trusts = list(Organisation.objects.filter(kind=Organisation.Kind.ORGANISATION))
    for trust in trusts:
        stories = Story.objects.filter(provider=trust)
        assert stories.filter(project__status=Project.Status.COMPLETED).count() >= 2, trust
        assert stories.filter(project__status=Project.Status.STOPPED).exists(), trust
        assert all(s.is_published and s.charts.exists() for s in stories)
        assert all(c.svg.startswith("<svg") for s in stories for c in s.charts.all())
    ics_lead = Person.objects.get(email=accounts.emails["ICS lead (system level)"])
    shown = {s.provider.code for s in selectors.library(ics_lead, {})}
    assert shown == {"RNV", "RRV"}  # the primary care network keeps its stories private
    [adoption] = ChangeIdeaAdoption.objects.all()
    assert adoption.provider.code == "PEF"
    [copy] = Project.objects.filter(copied_from__isnull=False)
    assert copy.provider.code == "RNV" and copy.copied_from.provider.code == "RRV"
    source = adoption.idea.project
    lead = Person.objects.get(email=accounts.central_qi_email)  # of RNV, the source
    sentence = presenters.reach_sentence(project_selectors.spread([source], lead)[source.pk])
    assert "1 unit in another organisation" in sentence and adoption.unit.name not in sentence
