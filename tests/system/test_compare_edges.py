"""The comparison where real feeds are awkward: two places of one name at one level, a trust
whose latest period has only just begun, a running total, a place with no events on the
SHMI's log scale, and one indicator whose figures the engine refuses in the integrated
report."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from qijourney.organisations.models import Organisation
from qijourney.system import comparison as analysis
from qijourney.system import presenters
from qijourney.system.models import IndicatorFeed, IndicatorValue
from tests.system import compare_data
from tests.system.test_compare_pages import section, signed_in


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


def monthly(units: int, months: list[str], extra: list[tuple[int, str]] = ()) -> pd.DataFrame:
    """Figures of ``units`` places for every month of ``months``, and the ``extra`` ones."""
    rows = [(unit, month) for unit in range(1, units + 1) for month in months] + list(extra)
    frame = pd.DataFrame(rows, columns=["unit", "period"])
    return frame.assign(period=pd.to_datetime(frame["period"]), numerator=1.0, denominator=9.0)


def test_the_window_ends_at_the_latest_period_at_least_half_the_places_have():
    year = [f"2024-{m:02d}-01" for m in range(7, 13)] + [f"2025-{m:02d}-01" for m in range(1, 7)]
    frame = monthly(10, year, [(1, "2025-07-01"), (2, "2025-07-01"), (3, "2205-04-01")])
    month = analysis.window(frame, "month")
    assert month.label == "June 2025"
    assert (month.later, month.ahead, month.places) == (pd.Timestamp(2205, 4, 1), 3, 10)
    assert analysis.window(frame, "quarter").label == "April to June 2025"
    assert analysis.window(frame, "year").label == "July 2024 to June 2025"
    sentence = presenters.later_sentence(month)
    assert sentence.startswith("3 places have figures for a later month (to April 2205)")
    # Half the places with July's figures (5 of 10, and at least 3): July is compared.
    half = monthly(10, year, [(unit, "2025-07-01") for unit in range(1, 6)])
    assert analysis.window(half, "month").label == "July 2025"
    assert analysis.window(half, "month").later is None
    assert presenters.later_sentence(analysis.window(half, "month")) == ""
    # A place alone (a trust that does not share sees only itself): its own latest month.
    alone = monthly(1, year, [(1, "2025-07-01")])
    assert analysis.window(alone, "month").label == "July 2025"


def test_one_trusts_partial_quarter_leaves_the_quarter_everyone_has(riverside, client):
    from qijourney.measures.models import DataPoint
    from qijourney.system.models import Indicator

    quarterly = Indicator.objects.create(
        provider=riverside.system,
        name="Ulcers quarterly",
        definition="d",
        numerator_definition="n",
        denominator_definition="d",
        data_type="PR",
        direction="decrease",
        multiplier=100,
        frequency="quarterly",
    )
    quarters = [dt.date(2024, 7, 1), dt.date(2024, 10, 1), dt.date(2025, 1, 1), dt.date(2025, 4, 1)]
    for name, tree in riverside.trusts.items():
        feed = IndicatorFeed.objects.create(
            indicator=quarterly, provider=tree.provider, shared_with_system=True
        )
        if name == compare_data.MAPPED:
            feed.measure = riverside.measure
            feed.save()
        else:
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    feed=feed, unit=tree.provider, period=q, numerator=60, denominator=1500
                )
                for q in quarters
            )
    # Castle's board metric already has its first July figure (the quarter has just begun).
    DataPoint.objects.create(
        measure=riverside.measure, date=dt.date(2025, 7, 1), numerator=20, denominator=400
    )
    signed_in(client, riverside.people["ics"])
    body = client.get(f"/system/indicators/{quarterly.pk}/compare/?period=quarter")
    text = words(body.content.decode())
    assert "A funnel plot needs at least" not in text
    assert "latest quarter: April to June 2025." in text
    assert "1 place has figures for a later quarter (to July to September 2025)" in text


def test_a_figure_for_a_period_yet_to_come_leaves_the_comparison_where_it_was(riverside, client):
    abbey = riverside.trusts["Abbey"]
    feed = IndicatorFeed.objects.get(indicator=riverside.ratio, provider=abbey.provider)
    IndicatorValue.objects.create(
        feed=feed, unit=abbey.provider, period=dt.date(2205, 4, 1), numerator=50, denominator=50
    )
    signed_in(client, riverside.people["ics"])
    body = client.get(f"/system/indicators/{riverside.ratio.pk}/compare/").content.decode()
    assert "A funnel plot needs at least" not in body
    assert "<strong>July 2024 to June 2025</strong>" in body


def words(body: str) -> str:
    """The page's text, its tags taken out and its spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" .", ".")


def test_no_deaths_at_two_wards_on_the_shmi_scale_says_the_spread_cannot_be_estimated(
    riverside, client
):
    for name in ("Abbey", "Brook"):
        IndicatorValue.objects.filter(unit=riverside.trusts[name].ward).update(numerator=0)
    signed_in(client, riverside.people["ics"])
    url = f"/system/indicators/{riverside.ratio.pk}/compare"
    body = client.get(f"{url}/?level=wards&period=month").content.decode()
    text = words(body)
    at = text.index("How much the places vary")
    spread = text[at : text.index("Outliers", at)]
    assert "The overdispersion cannot be estimated: φ (phi) is infinite" in spread
    assert "2 places (Riverside Abbey Ward 1, Riverside Brook Ward 1) have no events" in spread
    assert "Try the CQC method" in spread
    assert "widened" not in spread and "inf times" not in spread
    assert "adjusted for overdispersion" not in body  # nor the chart's subtitle
    # The engine's numbers are kept: its limits run from 0 to infinity.
    assert "0 to inf" in section(body, 'id="funnel-table"', "</table>")
    ward = riverside.trusts["Castle"].ward
    page = client.get(
        f"/system/indicators/{riverside.ratio.pk}/providers/{ward.pk}/?level=wards&period=month"
    )
    assert "cannot be estimated here" in page.content.decode()
    # The CQC method takes a 0: the spread is a number and the limits are widened by it.
    cqc = words(client.get(f"{url}/?level=wards&period=month&method=CQC").content.decode())
    assert "cannot be estimated" not in cqc and "φ (phi) = " in cqc
    for kind in ("pdf", "html"):
        download = client.get(f"{url}.{kind}?level=wards&period=month")
        assert download.status_code == 200
    page = client.get(f"{url}.html?level=wards&period=month").content.decode()
    assert "cannot be estimated" in page and "The limits were widened" not in page


SEASON = {10: 0.48, 11: 0.66, 12: 0.73, 1: 0.76, 2: 0.78}  # uptake so far, the same each season


def season(year: int, month: int) -> pd.Timestamp:
    """The month of the season that starts in October of ``year``."""
    return pd.Timestamp(year + (month < 10), month, 1)


def test_a_running_total_is_not_charted_over_time():
    # Three seasons of the same uptake so far: an unchanged process that rises each season.
    rows = [
        (unit, f"P{unit}", unit, f"P{unit}", season(year, month), round(share * 1000), 1000.0)
        for unit in (1, 2, 3)
        for year in (2022, 2023, 2024)
        for month, share in SEASON.items()
    ]
    columns = ["unit", "unit_name", "organisation", "organisation_name", "period"]
    frame = pd.DataFrame(rows, columns=[*columns, "numerator", "denominator"])
    flu = SimpleNamespace(
        data_type="PR",
        direction="increase",
        target=75.0,
        multiplier=100,
        combine="latest",
        months_per_period=1,
    )
    spc = analysis.spc_of(frame, flu)
    assert spc.points is None and spc.summary is None
    assert "running total" in spc.problem and "compared at its latest figure" in spc.problem
    # Its funnel is its latest figures: February's 78%.
    compared = analysis.compare(frame, flu, period="year")
    assert [round(row.ratio) for row in compared.funnel.rows] == [78, 78, 78]
    plain = analysis.plain_points(frame[frame["unit"] == 1], flu)
    assert len(plain) == 15 and plain["value"].iloc[-1] == pytest.approx(78)
    # A count added up is charted as before.
    counts = SimpleNamespace(**{**vars(flu), "combine": "sum"})
    assert analysis.spc_of(frame, counts).summary is not None


@pytest.fixture
def flu(riverside):
    """The proportion made a running total (each month the season so far)."""
    riverside.proportion.combine = "latest"
    riverside.proportion.save()
    return riverside


def test_a_running_totals_pages_say_it_is_compared_at_its_latest_and_not_charted(flu, client):
    signed_in(client, flu.people["ics"])
    url = f"/system/indicators/{flu.proportion.pk}/compare"
    body = client.get(f"{url}/").content.decode()
    text = words(body)
    over_time = text[text.index("Over time") :]
    assert "running total" in over_time and "not charted over time" in over_time
    assert 'id="spc-spec"' not in body and "Making Data Count icons" not in over_time
    assert 'id="funnel-spec"' in body  # the funnel is still drawn, at the latest figures
    for kind in ("pdf", "html"):
        assert client.get(f"{url}.{kind}").status_code == 200
    page = client.get(f"{url}.html").content.decode()
    assert "not charted over time" in page and "Each place over time (SPC)" not in page
    # The place's page lists its figures, with no chart and no limits.
    abbey = flu.trusts["Abbey"].provider
    place = client.get(f"/system/indicators/{flu.proportion.pk}/providers/{abbey.pk}/")
    body = place.content.decode()
    assert place.status_code == 200 and 'id="unit-spec"' not in body
    assert "not charted over time" in body
    figures = section(body, "Each month's figures", "</table>")
    assert figures.count("<tr") == len(compare_data.MONTHS) + 1
    # The integrated report draws no icons for it, and says why on its row.
    matrix = client.get("/system/matrix/").content.decode()
    trusts = section(matrix, "<h2>Trusts</h2>", "</table>")
    row = section(trusts, flu.proportion.name, "</tr>")
    assert "A running total: compared at its latest figure" in row
    assert "/providers/" not in row and row.count("Not charted") == len(compare_data.SHARING)
    assert row.count("No shared figures") == 1  # Elm's, as before
    practices = matrix[matrix.index("<h2>GP practices</h2>") :]
    assert "/providers/" not in section(practices, "<table", "</table>")
    assert f"{flu.proportion.name}: A running total" in practices
    dale = flu.trusts["Dale"].provider.pk
    assert f"/system/indicators/{flu.ratio.pk}/providers/{dale}/" in trusts  # charted


def test_one_indicators_figures_the_engine_refuses_blank_only_its_row(riverside, client):
    from qijourney.measures.models import DataPoint, Measure
    from qijourney.system.services import feeds as services
    from tests.factories import PersonFactory

    brook = riverside.trusts["Brook"]
    lead = PersonFactory(provider=brook.provider, roles=["central_qi_team"])
    feed = IndicatorFeed.objects.get(indicator=riverside.proportion, provider=brook.provider)
    feed.values.all().delete()
    # A rate per 1,000 bed days mapped to the proportion: more ulcers than the denominator.
    metric = Measure.objects.create(
        provider=brook.provider,
        name="Ulcers per 1,000 bed days",
        chart_type="u",
        reporting_unit=brook.provider,
        on_board_report=True,
    )
    DataPoint.objects.bulk_create(
        DataPoint(measure=metric, date=month, numerator=12.0, denominator=9.5)
        for month in compare_data.MONTHS
    )
    services.map_metric(actor=lead, indicator=riverside.proportion, measure=metric)
    signed_in(client, riverside.people["ics"])
    body = client.get("/system/matrix/").content.decode()
    trusts = section(body, "<h2>Trusts</h2>", "</table>")
    dale = riverside.trusts["Dale"].provider.pk
    assert f"/system/indicators/{riverside.ratio.pk}/providers/{dale}/" in trusts
    row = words(section(trusts, riverside.proportion.name, "</tr>"))
    assert "Not charted: Numerators and denominators that cannot be charted" in row
    assert "Riverside Brook: numerator 12 is more than the denominator 9.5" in row
    assert row.count("Not charted") == len(compare_data.SHARING) + 1  # the note and each cell
    assert "No shared figures" in row  # Elm's: never told why
    for kind in ("pdf", "html"):
        download = client.get(f"/system/matrix.{kind}")
        assert download.status_code == 200
    page = words(client.get("/system/matrix.html").content.decode())
    assert "Riverside Brook: numerator 12 is more than the denominator 9.5" in page
    from tests.pdf_text import pdf_text

    assert "numerator 12 is more than" in pdf_text(client.get("/system/matrix.pdf").content)
