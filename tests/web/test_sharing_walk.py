"""What a trust has not shared stays its own inside its integrated care system: trusts A and B
in one system, A sharing everything and B nothing; every page and every API read is walked as
the system's lead and as A's improvement lead, and nothing of B's but its name ever shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.assessment.models import AssessmentRound
from qijourney.capability.models import Sharing
from qijourney.organisations.models import Organisation, SystemSharing
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue
from tests.factories import PASSWORD, PersonFactory
from tests.web.test_permission_walk import (  # noqa: F401 (organisation_b is a fixture)
    NOT_WALKED,
    all_patterns,
    fill,
    organisation_b,
)

PRIVATE_FIGURE = 987654  # B's numerator: no page may show it


@pytest.fixture
def vale(organisation_b, tree_a, tree_b, project_b):  # noqa: F811 (the imported fixture)
    """A and B in the Vale ICS: one indicator both feed, A's feed shared and B's not; A shares
    its capability, portfolio and stories, B nothing (its assessment round kept private)."""
    system = Organisation.objects.create(name="Vale ICS", kind=Organisation.Kind.SYSTEM)
    for tree in (tree_a, tree_b):
        tree.provider.parent = system
        tree.provider.save()
    AssessmentRound.objects.filter(provider=tree_b.provider).update(shared_with_system=False)
    indicator = Indicator.objects.create(
        provider=system,
        name="Vale falls",
        definition="Falls with harm",
        numerator_definition="Falls",
        denominator_definition="Bed days",
        data_type=Indicator.DataType.RATIO_OF_COUNTS,
        multiplier=1000,
    )
    for tree, shared, numerator in ((tree_a, True, 11), (tree_b, False, PRIVATE_FIGURE)):
        feed = IndicatorFeed.objects.create(
            indicator=indicator, provider=tree.provider, shared_with_system=shared
        )
        for month in (1, 2, 3):
            IndicatorValue.objects.create(
                feed=feed,
                unit=tree.ward,
                period=dt.date(2025, month, 1),
                numerator=numerator,
                denominator=999_999,
            )
    SystemSharing.objects.create(provider=tree_a.provider, portfolio=True, stories=True)
    Sharing.objects.create(provider=tree_a.provider, shared_with_system=True)
    objects = {k: v for k, v in organisation_b.items() if not k.startswith("_")}
    objects["indicator:pk"] = indicator.pk  # the system's own: everyone in it reads it
    objects["unit_pk"] = tree_b.ward.pk  # a place whose figures B keeps to itself
    markers = [
        str(PRIVATE_FIGURE),
        "987,654",
        tree_b.ward.name,
        project_b.title,
        "B's story",
        "B's round",
        "B's action",
        "B's nurse",
        "B's course",
        "B's cohort",
        "B's board report",
        "B's issued report",
        "B's aim",
        "B's test",
    ]
    walkers = {
        "ICS lead": PersonFactory(provider=system, roles=["executive_lead"]),
        "A's improvement lead": PersonFactory(provider=tree_a.provider, roles=["central_qi_team"]),
    }
    return objects, markers, walkers


def readable(route: str, path: str) -> str:
    """A download as its web page (a PDF's text is compressed: a marker could hide in it)."""
    return path[: -len(".pdf")] + ".html" if route.endswith("<str:kind>") else path


def names_b(route: str) -> bool:
    """Whether the route names one of B's objects (every argument but the system's own
    indicator, a format or a file kind)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    arguments = {a or b for a, b in names} - {"format", "kind"}
    if "indicators/<int:pk>" in route or "indicators/(?P<pk>" in route:
        arguments.discard("pk")
    return bool(arguments)


@pytest.mark.parametrize("who", ["ICS lead", "A's improvement lead"])
def test_nothing_b_keeps_to_itself_shows_on_any_page_or_api_read(vale, who):
    objects, markers, walkers = vale
    person = walkers[who]
    browser = Client()
    assert browser.login(username=person.email, password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    walked = shown = 0
    for route, _pattern in all_patterns():
        if route in NOT_WALKED or route.startswith("static/"):
            continue
        path = readable(route, fill(route, objects))
        response = (api if route.startswith("api/") else browser).get(path)
        walked += 1
        body = response.content.decode(errors="replace")
        if names_b(route):
            assert response.status_code in (400, 403, 404, 405), (who, path, response)
        elif response.status_code == 200:
            shown += 1
        leaked = [m for m in markers if m in body]
        assert not leaked, (who, path, leaked)
    assert walked > 100 and shown > 40  # the walk read real pages, not only refusals


def test_the_walk_would_see_a_figure_once_b_shares_it(vale, tree_b):
    """The walk can fail: once B shares its feed, the ICS lead's comparison shows B's ward."""
    objects, _markers, walkers = vale
    IndicatorFeed.objects.filter(provider=tree_b.provider).update(shared_with_system=True)
    browser = Client()
    assert browser.login(username=walkers["ICS lead"].email, password=PASSWORD)
    page = browser.get(f"/system/indicators/{objects['indicator:pk']}/compare/?level=wards")
    assert tree_b.ward.name in page.content.decode()
