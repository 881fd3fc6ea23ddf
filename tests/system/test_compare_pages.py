"""The comparison pages as the ICS lead, a sharing trust, a trust that does not share, and
someone of another system."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from qijourney.system import comparison as analysis
from qijourney.system import presenters
from qijourney.system.selectors import comparison
from tests.factories import PASSWORD, PersonFactory
from tests.system import compare_data
from tests.system.compare_data import OUTLIER


@pytest.fixture
def riverside(db):
    return compare_data.build()


def section(body: str, start: str, end: str) -> str:
    """The page's text from ``start`` to the next ``end``."""
    at = body.index(start)
    return body[at : body.index(end, at + len(start))]


def chart_spec(body: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


def signed_in(client, person):
    assert client.login(username=person.email, password=PASSWORD)
    return client


def test_the_ics_lead_compares_trusts_and_finds_the_outlier(riverside, client):
    signed_in(client, riverside.people["ics"])
    response = client.get(f"/system/indicators/{riverside.ratio.pk}/compare/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "July 2024 to June 2025" in body
    assert f"Riverside {OUTLIER}</a>: above the 99.8% limit" in body
    assert "Riverside Elm" not in body  # does not share
    assert "φ (phi)" in body and "τ² (tau squared)" in body
    assert "The limits were widened for this overdispersion" in body
    assert "rough estimates" not in body  # 11 places
    outliers = section(body, 'id="outliers"', "<h2")
    assert outliers.count("<li>") == 1
    funnel = chart_spec(body, "funnel-spec")
    assert funnel["description"].startswith("Funnel plot of Hospital mortality ratio")
    assert "Riverside Dale is above the 99.8% limit" in funnel["description"]
    assert chart_spec(body, "spc-spec")["resolve"]["scale"]["y"] == "shared"
    for trust in compare_data.SHARING:  # every place in the table links to its chart
        unit = riverside.trusts[trust].provider
        assert f"/system/indicators/{riverside.ratio.pk}/providers/{unit.pk}/?" in body


@pytest.mark.parametrize("method, limit", [("SHMI", 99), ("CQC", 95)])
def test_the_funnel_is_the_engines_on_the_same_data(riverside, method, limit):
    from qijourney.spc.funnel_table import funnel_table

    lead = riverside.people["ics"]
    frame = comparison.values_frame(lead, riverside.ratio, "trusts")
    summed = analysis.summed(frame, analysis.window(frame, "quarter"))
    result = analysis.funnel_of(summed, riverside.ratio, sr_method=method, limit=limit)
    table, facts = funnel_table(
        summed,
        numerator="numerator",
        denominator="denominator",
        group="unit",
        data_type="SR",
        sr_method=method,
        limit=limit,
        multiplier=100,
    )
    suffix = "_adjusted" if facts["adjusted"].iloc[0] else ""
    assert [row.unit for row in result.rows] == table["unit"].tolist()
    assert [row.ratio for row in result.rows] == pytest.approx(table["ratio"].tolist())
    for column in ("lower_95", "upper_95", "lower_998", "upper_998"):
        mine = [getattr(row, column) for row in result.rows]
        assert mine == pytest.approx(table[column + suffix].tolist()), column
    assert [row.outlier for row in result.rows] == table["outlier"].tolist()
    assert (result.phi, result.tau2) == pytest.approx((facts["phi"].iloc[0], facts["tau2"].iloc[0]))
    assert result.centre == pytest.approx(facts["centre"].iloc[0])


def test_a_sharing_trust_sees_its_own_highlighted_and_its_wards(riverside, client):
    signed_in(client, riverside.people["sharing"])
    response = client.get(
        f"/system/indicators/{riverside.ratio.pk}/compare/?level=wards&period=month&limit=95"
    )
    assert response.status_code == 200
    body = response.content.decode()
    table = section(body, 'id="funnel-table"', "</table>")
    assert table.count("<tr") == len(compare_data.SHARING) + 1
    assert table.count(">Yours</strong>") == 1
    assert re.search(r"Riverside Abbey Ward 1</a> <strong[^>]*>Yours</strong>", table)
    assert "Riverside Elm" not in body
    assert "<strong>June 2025</strong>" in body


def test_a_trust_that_does_not_share_sees_only_itself_and_is_told_why(riverside, client):
    signed_in(client, riverside.people["private"])
    response = client.get(f"/system/indicators/{riverside.ratio.pk}/compare/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sharing them lets you compare" in body
    assert "Riverside Abbey" not in body and f"Riverside {OUTLIER}" not in body
    assert "A funnel plot needs at least 3 places" in body
    # Nor may it open another trust's chart.
    abbey = riverside.trusts["Abbey"].provider
    url = f"/system/indicators/{riverside.ratio.pk}/providers/{abbey.pk}/"
    assert client.get(url).status_code == 404
    own = riverside.trusts["Elm"].provider
    mine = client.get(f"/system/indicators/{riverside.ratio.pk}/providers/{own.pk}/")
    assert mine.status_code == 200 and "Riverside Elm" in mine.content.decode()


def test_someone_of_another_system_finds_nothing(riverside, client):
    other = compare_data.build("Lakeland")
    signed_in(client, other.people["ics"])
    dale = riverside.trusts[OUTLIER].provider
    for url in (
        f"/system/indicators/{riverside.ratio.pk}/compare/",
        f"/system/indicators/{riverside.ratio.pk}/providers/{dale.pk}/",
        f"/system/indicators/{other.ratio.pk}/providers/{dale.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Riverside" not in response.content.decode()
    nobody = PersonFactory(provider=None)
    signed_in(client, nobody)
    assert client.get(f"/system/indicators/{riverside.ratio.pk}/compare/").status_code == 404


def test_the_outliers_chart_page_shows_its_series_and_place(riverside, client):
    signed_in(client, riverside.people["ics"])
    dale = riverside.trusts[OUTLIER].provider
    response = client.get(f"/system/indicators/{riverside.ratio.pk}/providers/{dale.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "is above the 99.8% limit" in body and "This is an outlier" in body
    figures = section(body, "Each month's figures", "</table>")
    assert figures.count("<tr") == len(compare_data.MONTHS) + 1
    assert chart_spec(body, "unit-spec")["description"].startswith("SPC chart of Riverside Dale")
    assert "No icon yet" not in body  # 24 months: the engine gives icons
    # A ward's page places it among the wards.
    ward = riverside.trusts["Abbey"].ward
    response = client.get(f"/system/indicators/{riverside.ratio.pk}/providers/{ward.pk}/")
    assert response.status_code == 200
    assert f"{len(compare_data.SHARING)} wards and teams" in response.content.decode()


def test_the_matrix_shows_icons_for_shared_feeds_and_never_a_value_of_others(riverside, client):
    signed_in(client, riverside.people["ics"])
    response = client.get("/system/matrix/")
    assert response.status_code == 200
    body = response.content.decode()
    trusts = section(body, "<h2>Trusts</h2>", "</table>")
    dale = riverside.trusts[OUTLIER].provider
    assert f"/system/indicators/{riverside.ratio.pk}/providers/{dale.pk}/" in trusts
    elm = riverside.trusts["Elm"].provider
    assert f"/providers/{elm.pk}/" not in body
    assert trusts.count("No shared figures") == 2  # Elm, on both indicators
    practices = section(body, "<h2>GP practices</h2>", "</table>")
    assert practices.count("/providers/") == len(riverside.practices)


def test_the_matrix_for_a_trust_that_does_not_share(riverside, client):
    signed_in(client, riverside.people["private"])
    body = client.get("/system/matrix/").content.decode()
    trusts = section(body, "<h2>Trusts</h2>", "</table>")
    elm = riverside.trusts["Elm"].provider
    assert trusts.count("/providers/") == 2  # its own, on both indicators
    assert f"/providers/{elm.pk}/" in trusts
    assert trusts.count("Shared with those who share theirs") == 2 * (len(compare_data.TRUSTS) - 1)


def test_downloads_in_the_board_reports_style(riverside, client):
    from tests.pdf_text import pdf_text

    signed_in(client, riverside.people["ics"])
    base = f"/system/indicators/{riverside.ratio.pk}/compare"
    response = client.get(f"{base}.pdf?period=quarter&level=trusts")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.pdf"')
    text = pdf_text(response.content)
    assert "Hospital mortality ratio: providers compared" in text
    assert "April to June 2025" in text and "Riverside Dale" in text
    assert "Riverside Elm" not in text
    assert "φ (phi)" in text or "(phi)" in text
    assert "(log scale)" in text and "99.8% limits" in text  # the funnel's axis title and key
    page = client.get(f"{base}.html").content.decode()
    assert "Every place against the limits" in page and "Riverside Elm" not in page
    # The offline page draws the funnel too, a named image beside its text alternative.
    assert '<figure class="funnel" role="img" aria-label="Funnel plot of' in page
    assert "<svg" in page and "<title>Funnel plot of Hospital mortality ratio</title>" in page
    matrix = client.get("/system/matrix.pdf")
    text = pdf_text(matrix.content)
    assert "Integrated report of the system" in text and "No shared figures" in text
    assert "Lea" in text  # the last trust's column
    assert client.get("/system/matrix.html").status_code == 200
    assert client.get("/system/matrix.xlsx").status_code == 404
    assert client.get(f"{base}.xlsx").status_code == 404


def test_a_funnel_of_few_places_says_its_spread_is_a_rough_estimate():
    few = pd.DataFrame(
        {
            "unit": [1, 2, 3, 4],
            "unit_name": ["North", "South", "East", "West"],
            "organisation": [1, 2, 3, 4],
            "organisation_name": ["North", "South", "East", "West"],
            "numerator": [30.0, 52, 41, 90],
            "denominator": [40.0, 50, 45, 60],
            "periods": [12, 12, 12, 12],
        }
    )
    ratio = SimpleNamespace(data_type="SR", multiplier=100)
    sentences = presenters.dispersion_sentences(analysis.funnel_of(few, ratio))
    assert any(s.startswith("Only 4 places: φ and τ² are rough estimates") for s in sentences)
