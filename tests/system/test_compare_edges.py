"""The comparison where real feeds are awkward: two places of one name at one level, a trust
whose latest period has only just begun, a running total, a place with no events on the
SHMI's log scale, and one indicator whose figures the engine refuses in the integrated
report."""

from __future__ import annotations

import pandas as pd
import pytest

from qijourney.organisations.models import Organisation
from qijourney.system import comparison as analysis
from qijourney.system.models import IndicatorFeed, IndicatorValue
from tests.system import compare_data
from tests.system.test_compare_pages import signed_in


@pytest.fixture
def riverside(db):
    return compare_data.build()


def places(rows) -> pd.DataFrame:
    """A frame of places: (unit, name, organisation name, code)."""
    return pd.DataFrame(
        [
            {
                "unit": unit,
                "unit_name": name,
                "organisation": 100 + i,
                "organisation_name": organisation,
                "unit_code": code,
            }
            for i, (unit, name, organisation, code) in enumerate(rows)
        ]
    )


def test_two_places_of_one_name_in_one_organisation_get_their_code_or_id():
    frame = places(
        [
            (1, "Ward 1", "Abbey", "RAB01"),
            (2, "Ward 1", "Abbey", "RAB02"),
            (3, "Ward 1", "Brook", ""),
            (4, "Ward 2", "Abbey", ""),
            (5, "Ward 2", "Abbey", ""),
            (6, "Ward 3", "Abbey", "RAB06"),
        ]
    )
    assert list(analysis.unique_names(frame)) == [
        "Ward 1 (Abbey, ODS code RAB01)",
        "Ward 1 (Abbey, ODS code RAB02)",
        "Ward 1 (Brook)",
        "Ward 2 (Abbey, id 4)",
        "Ward 2 (Abbey, id 5)",
        "Ward 3",
    ]
    # Without codes in the frame, the id tells them apart.
    assert analysis.unique_names(frame.drop(columns="unit_code"))[1] == "Ward 1 (Abbey, id 2)"


def test_two_wards_of_one_trust_with_one_name_are_compared_apart(riverside, client):
    abbey = riverside.trusts["Abbey"]
    twin = Organisation.objects.create(
        name=abbey.ward.name, kind=Organisation.Kind.TEAM, parent=abbey.directorate, code="RAB9"
    )
    feed = IndicatorFeed.objects.get(indicator=riverside.ratio, provider=abbey.provider)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(feed=feed, unit=twin, period=month, numerator=20, denominator=20.5)
        for month in compare_data.MONTHS
    )
    signed_in(client, riverside.people["ics"])
    body = client.get(
        f"/system/indicators/{riverside.ratio.pk}/compare/?level=wards"
    ).content.decode()
    assert "cannot be drawn" not in body
    assert f"{abbey.ward.name} (Riverside Abbey, ODS code RAB9)" in body
    assert f"/system/indicators/{riverside.ratio.pk}/providers/{twin.pk}/?" in body
