"""An indicator's periods: monthly or quarterly figures (a date read as its month or quarter,
never both), and how several periods make one: counts added up, running totals (flu uptake so
far) taken at their latest, never added up."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from qijourney.system import comparison as analysis
from qijourney.system import presenters
from qijourney.system.figures import period_words
from qijourney.system.models import Indicator, IndicatorValue
from qijourney.system.selectors.catalogue import feeds_of, figures
from qijourney.system.services import catalogue as catalogue_services
from qijourney.system.services import feeds as services
from tests.factories import MeasureFactory
from tests.system.conftest import indicator as make_indicator
from tests.system.test_catalogue import signed_in
from tests.system.test_feeds import confirm, csv, errors_of, upload


def frame_of(rows) -> pd.DataFrame:
    """Monthly figures of two places: (unit, period, numerator, denominator)."""
    frame = pd.DataFrame(rows, columns=["unit", "period", "numerator", "denominator"])
    return frame.assign(
        unit_name=frame["unit"].map({1: "North", 2: "South"}),
        organisation=frame["unit"],
        organisation_name=frame["unit"].map({1: "North", 2: "South"}),
        period=pd.to_datetime(frame["period"]),
    )


def test_a_running_total_is_taken_at_its_latest_month_never_added_up():
    # Flu uptake so far: each month's figure already holds the months before it.
    frame = frame_of(
        [
            (1, "2024-10-01", 60, 100),
            (1, "2024-11-01", 80, 100),
            (1, "2024-12-01", 90, 102),
            (2, "2024-10-01", 30, 50),
            (2, "2024-11-01", 40, 50),
        ]
    )
    chosen = analysis.window(frame, "quarter")
    assert chosen.label == "October to December 2024"
    added = analysis.summed(frame, chosen, "sum").set_index("unit")
    latest = analysis.summed(frame, chosen, "latest").set_index("unit")
    assert added.loc[1, "numerator"] == 230  # uptake "225%": what adding running totals gives
    assert (latest.loc[1, "numerator"], latest.loc[1, "denominator"]) == (90, 102)
    assert (latest.loc[2, "numerator"], latest.loc[2, "denominator"]) == (40, 50)
    assert list(latest["periods"]) == [3, 2]


def test_a_quarterly_indicators_periods_are_quarters():
    frame = frame_of(
        [(1, f"{year}-{month:02d}-01", 5, 50) for year in (2024, 2025) for month in (1, 4, 7, 10)]
    )
    latest = analysis.window(frame, "quarter", 3)
    assert latest.periods == (pd.Timestamp(2025, 10, 1),)
    assert latest.label == "October to December 2025" and latest.noun == "quarter"
    assert analysis.window(frame, "month", 3).periods == latest.periods  # no months in it
    year = analysis.window(frame, "year", 3)
    assert year.label == "January to December 2025" and len(year.periods) == 4
    assert analysis.summed(frame, year).iloc[0]["numerator"] == 20


def test_the_page_words_say_how_the_figures_were_made(world):
    flu = make_indicator(world.ics, "Flu uptake", combine=Indicator.Combine.LATEST)
    quarterly = make_indicator(world.ics, "Quarterly", frequency=Indicator.Frequency.QUARTERLY)
    frame = frame_of([(1, "2025-04-01", 1, 2), (1, "2025-07-01", 1, 2)])
    assert "never added up" in presenters.window_sentence(analysis.window(frame, "year"), flu)
    four = analysis.window(frame, "year", 3)
    assert presenters.window_sentence(four, quarterly).endswith("summed over these 4 quarters.")
    assert "month" not in presenters.periods_offered(quarterly)
    assert presenters.periods_label(quarterly) == "Quarters"


def test_an_upload_to_a_quarterly_indicator_reads_each_date_as_its_quarter(world):
    world.indicator.frequency = Indicator.Frequency.QUARTERLY
    world.indicator.save()
    client = signed_in(world.lead_a)
    code = world.a.provider.code
    twice = upload(client, world.indicator, csv(f"{code},2025-04,3,1200", f"{code},2025-06,1,90"))
    assert any("already has Apr to Jun 2025 on row 2" in e for e in errors_of(twice))
    preview = upload(
        client, world.indicator, csv(f"{code},2025-05,3,1200", f"{code},2025-09,4,1100")
    )
    confirm(client, world.indicator, preview)
    stored = IndicatorValue.objects.order_by("period").values_list("period", flat=True)
    assert list(stored) == [dt.date(2025, 4, 1), dt.date(2025, 7, 1)]


def test_the_frequency_is_kept_while_figures_are_stored(world):
    services.import_values(
        actor=world.lead_a,
        indicator=world.indicator,
        rows=[
            {
                "unit": world.a.provider.pk,
                "period": dt.date(2025, 5, 1),
                "numerator": 1,
                "denominator": 9,
            }
        ],
        source="t",
    )
    with pytest.raises(ValidationError, match="1 figures are stored"):
        catalogue_services.update_indicator(
            actor=world.ics_lead, indicator=world.indicator, fields={"frequency": "quarterly"}
        )
    catalogue_services.update_indicator(
        actor=world.ics_lead, indicator=world.indicator, fields={"combine": "latest"}
    )
    world.indicator.refresh_from_db()
    assert (world.indicator.frequency, world.indicator.combine) == ("monthly", "latest")


def test_a_mapped_metric_of_running_totals_gives_each_months_latest_point(world):
    world.indicator.combine = Indicator.Combine.LATEST
    world.indicator.save()
    metric = MeasureFactory(
        project=None, provider=world.a.provider, on_board_report=True, chart_type="p", name="Flu"
    )
    for day, done in ((7, 10), (14, 25), (28, 40)):
        metric.points.create(date=dt.date(2025, 10, day), numerator=done, denominator=200)
    services.map_metric(actor=world.lead_a, indicator=world.indicator, measure=metric)
    [figure] = figures(feeds_of(world.lead_a))
    assert (figure.period, figure.numerator, figure.denominator) == (dt.date(2025, 10, 1), 40, 200)


def test_a_quarterly_indicators_pages_speak_of_quarters(world):
    world.indicator.frequency = Indicator.Frequency.QUARTERLY
    world.indicator.save()
    trust = world.a.provider
    services.import_values(
        actor=world.lead_a,
        indicator=world.indicator,
        rows=[
            {"unit": trust.pk, "period": dt.date(2025, m, 1), "numerator": 3, "denominator": 900}
            for m in (1, 4, 7)
        ],
        source="t",
    )
    client = signed_in(world.lead_a)
    compare = client.get(f"/system/indicators/{world.indicator.pk}/compare/").content.decode()
    assert "Rolling 12 months (4 quarters)" in compare and "Latest month" not in compare
    page = client.get(f"/system/indicators/{world.indicator.pk}/providers/{trust.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and ">Quarter</th>" in body and "Jul to Sep 2025" in body


def test_restoring_an_old_version_keeps_the_frequency_of_stored_figures(world):
    indicator = world.indicator
    for frequency in ("quarterly", "monthly"):
        catalogue_services.update_indicator(
            actor=world.ics_lead, indicator=indicator, fields={"frequency": frequency}
        )
    services.import_values(
        actor=world.lead_a,
        indicator=indicator,
        rows=[
            {
                "unit": world.a.ward.pk,
                "period": dt.date(2025, 11, 1),
                "numerator": 2,
                "denominator": 9,
            }
        ],
        source="t",
    )
    quarterly = indicator.history.filter(frequency="quarterly").first()
    with pytest.raises(ValidationError, match="1 figures are stored"):
        catalogue_services.restore_indicator_version(
            actor=world.ics_lead, item=indicator, row=quarterly
        )
    indicator.refresh_from_db()
    assert indicator.frequency == "monthly"
    # A quarter's words never name a month past December, whatever period it is given.
    indicator.frequency = Indicator.Frequency.QUARTERLY
    assert period_words(indicator, dt.date(2025, 11, 1)) == "Nov 2025 to Jan 2026"
    assert period_words(indicator, dt.date(2025, 10, 1)) == "Oct to Dec 2025"


def test_a_practice_feeding_itself_replaces_the_systems_figures_never_adds_to_them(world):
    from qijourney.system.selectors import comparison
    from tests.factories import PersonFactory

    practice = world.practices[0]
    april = dt.date(2025, 4, 1)
    services.import_values(
        actor=world.ics_lead,
        indicator=world.indicator,
        rows=[{"unit": practice.pk, "period": april, "numerator": 3, "denominator": 900}],
        source="the system",
    )
    own = PersonFactory(provider=practice, roles=["central_qi_team"])
    services.import_values(
        actor=own,
        indicator=world.indicator,
        rows=[{"unit": practice.pk, "period": april, "numerator": 5, "denominator": 950}],
        source="the practice",
    )
    frame = comparison.values_frame(own, world.indicator, "practices")
    assert frame[["numerator", "denominator"]].values.tolist() == [[5.0, 950.0]]


def test_the_system_feeds_its_practices_not_its_networks(world):
    with pytest.raises(ValidationError, match="the system's GP practices"):
        services.import_values(
            actor=world.ics_lead,
            indicator=world.indicator,
            rows=[
                {
                    "unit": world.pcn.code,
                    "period": dt.date(2025, 4, 1),
                    "numerator": 5,
                    "denominator": 900,
                }
            ],
            source="t",
        )
