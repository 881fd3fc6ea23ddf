"""The figures a comparison may show: only through the visibility rule, mapped metrics live,
periods and levels summed right."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.http import Http404

from qijourney.measures.models import DataPoint
from qijourney.system import comparison as analysis
from qijourney.system.models import IndicatorValue
from qijourney.system.selectors import catalogue, comparison
from tests.factories import PersonFactory
from tests.system import compare_data
from tests.system.compare_data import MAPPED, MONTHS


@pytest.fixture
def riverside(db):
    return compare_data.build()


def names(frame: pd.DataFrame) -> set[str]:
    return set(frame["organisation_name"])


def test_the_ics_lead_sees_every_shared_trust_and_never_the_private_one(riverside):
    frame = comparison.values_frame(riverside.people["ics"], riverside.ratio, "trusts")
    assert names(frame) == {f"Riverside {t}" for t in compare_data.SHARING}
    assert "Riverside Elm" not in set(frame["unit_name"])
    assert len(frame) == len(compare_data.SHARING) * len(MONTHS)
    assert list(frame.columns) == comparison.COLUMNS


def test_a_trust_that_does_not_share_sees_only_its_own_figures(riverside):
    frame = comparison.values_frame(riverside.people["private"], riverside.ratio, "trusts")
    assert names(frame) == {"Riverside Elm"}
    assert not catalogue.takes_part(riverside.people["private"], riverside.ratio)
    assert catalogue.takes_part(riverside.people["sharing"], riverside.ratio)


def test_a_sharing_trust_sees_the_others_that_share(riverside):
    frame = comparison.values_frame(riverside.people["sharing"], riverside.ratio, "wards")
    assert len(set(frame["unit"])) == len(compare_data.SHARING)
    assert "Riverside Elm" not in names(frame)


def test_another_system_sees_nothing_and_its_indicator_is_not_found(riverside):
    other = compare_data.build("Lakeland")
    lakeland_lead = other.people["ics"]
    assert comparison.values_frame(lakeland_lead, riverside.ratio, "trusts").empty
    with pytest.raises(Http404):
        comparison.indicator_or_404(lakeland_lead, riverside.ratio.pk)
    assert comparison.indicator_or_404(lakeland_lead, other.ratio.pk) == other.ratio
    nobody = PersonFactory(provider=None)
    assert comparison.values_frame(nobody, riverside.ratio, "trusts").empty


def test_a_mapped_board_metric_feeds_live_and_a_deleted_point_drops_out(riverside):
    lead = riverside.people["ics"]
    castle = riverside.trusts[MAPPED].provider
    frame = comparison.values_frame(lead, riverside.proportion, "trusts")
    mine = frame[frame["unit"] == castle.pk]
    points = DataPoint.objects.filter(measure=riverside.measure)
    assert len(mine) == len(MONTHS)
    assert mine["numerator"].sum() == sum(p.numerator for p in points)
    # A new point, and a weekly one in the same month, sum into that month.
    DataPoint.objects.create(
        measure=riverside.measure, date=dt.date(2025, 7, 7), numerator=3, denominator=100
    )
    DataPoint.objects.create(
        measure=riverside.measure, date=dt.date(2025, 7, 14), numerator=2, denominator=90
    )
    first = points.order_by("date").first()
    first.delete()  # soft delete: no longer live
    frame = comparison.values_frame(lead, riverside.proportion, "trusts")
    mine = frame[frame["unit"] == castle.pk].set_index("period")
    july = mine.loc[pd.Timestamp(2025, 7, 1)]
    assert (july["numerator"], july["denominator"]) == (5, 190)
    assert pd.Timestamp(first.date) not in mine.index


def test_a_metric_of_another_organisation_does_not_feed(riverside):
    feed = riverside.proportion.feeds.get(provider=riverside.trusts["Abbey"].provider)
    feed.measure = riverside.measure  # Castle's metric on Abbey's feed: never read
    feed.save()
    frame = comparison.values_frame(riverside.people["ics"], riverside.proportion, "trusts")
    assert "Riverside Abbey" not in names(frame)
    castle = frame[frame["organisation_name"] == f"Riverside {MAPPED}"]
    assert len(castle) == len(MONTHS)  # once, as Castle's own


def test_levels_offered_are_those_with_figures(riverside):
    lead = riverside.people["ics"]
    ratio = comparison.figures(lead, riverside.ratio)
    assert [level.slug for level in comparison.levels_offered(ratio)] == [
        "trusts",
        "sites",
        "wards",
    ]
    ulcers = comparison.figures(lead, riverside.proportion)
    assert [level.slug for level in comparison.levels_offered(ulcers)] == ["trusts", "practices"]
    practices = comparison.values_frame(lead, riverside.proportion, "practices")
    assert set(practices["unit_name"]) == {p.name for p in riverside.practices}
    # GP practices are the system's feed: every organisation of the system sees them.
    seen = comparison.values_frame(riverside.people["sharing"], riverside.proportion, "practices")
    assert set(seen["unit"]) == set(practices["unit"])


def test_periods_sum_numerators_and_denominators_over_their_months(riverside):
    frame = comparison.values_frame(riverside.people["ics"], riverside.ratio, "trusts")
    month = analysis.window(frame, "month")
    assert month.periods == (pd.Timestamp(2025, 6, 1),) and month.label == "June 2025"
    quarter = analysis.window(frame, "quarter")
    assert quarter.label == "April to June 2025"
    year = analysis.window(frame, "year")
    assert year.label == "July 2024 to June 2025" and len(year.periods) == 12
    abbey = riverside.trusts["Abbey"].provider
    values = IndicatorValue.objects.filter(feed__indicator=riverside.ratio, unit=abbey)
    for chosen in (month, quarter, year):
        row = analysis.summed(frame, chosen).set_index("unit").loc[abbey.pk]
        inside = [v for v in values if pd.Timestamp(v.period) in chosen.periods]
        assert row["numerator"] == pytest.approx(sum(v.numerator for v in inside))
        assert row["denominator"] == pytest.approx(sum(v.denominator for v in inside))
        assert row["periods"] == len(chosen.periods)


def test_the_latest_full_quarter_when_the_latest_month_starts_one(riverside):
    frame = pd.DataFrame({"period": pd.to_datetime(["2025-03-01", "2025-04-01", "2025-05-01"])})
    assert analysis.window(frame, "quarter").label == "January to March 2025"
    only_may = pd.DataFrame({"period": pd.to_datetime(["2025-05-01"])})
    assert analysis.window(only_may, "quarter").label == "April to June 2025"
    assert analysis.window(frame.iloc[:0], "month") is None
