"""Figures a careless or hostile sender gave the feeds (upload and API): each is refused with
a plain message naming its row or item, never a crash, and never saved to blank the system's
comparison for everyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qijourney.system.models import IndicatorValue
from qijourney.system.services import feeds as services
from tests.system.test_api import api, post
from tests.system.test_catalogue import signed_in
from tests.system.test_feeds import csv, errors_of, upload


def test_an_upload_whose_every_period_is_out_of_range_names_each_row(world):
    client = signed_in(world.lead_a)
    code = world.a.provider.code
    for written in ("2263-01", "01/01/0001", "Apr 9999"):
        response = upload(client, world.indicator, csv(f"{code},{written},1,10"))
        assert response.status_code == 200
        [error] = errors_of(response)
        assert error.startswith("Row 2, period:") and written in error
    assert not IndicatorValue.objects.exists()


def item(world, **given):
    return {
        "indicator": world.indicator.pk,
        "unit": world.a.provider.code,
        "period": "2025-04",
        "numerator": 3,
        "denominator": 1200,
        **given,
    }


def test_a_unit_of_digits_that_are_not_an_id_is_named_not_a_crash(world):
    client = signed_in(world.lead_a)
    for unit in ("²", "1" * 5000, f"{world.a.provider.pk}\u0661"):  # superscript, huge, Arabic
        response = upload(client, world.indicator, csv(f"{unit},2025-04,1,10"))
        assert response.status_code == 200
        [error] = errors_of(response)
        assert error.startswith("Row 2, unit:") and "is not the ODS code" in error
        answer = post(api(world.lead_a), [item(world, unit=unit)])
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["index"] == 0
    assert not IndicatorValue.objects.exists()


def this_month():
    return timezone.localdate().replace(day=1)


def next_month():
    return (this_month() + dt.timedelta(days=31)).replace(day=1)


def test_a_period_not_yet_begun_or_before_1900_is_refused_everywhere(world):
    client = signed_in(world.lead_a)
    code = world.a.provider.code
    later = next_month()
    sent = csv(
        f"{code},{this_month():%Y-%m},1,10",  # this month: taken
        f"{code},{later:%Y-%m},1,10",
        f"{code},1899-12,1,10",
    )
    errors = errors_of(upload(client, world.indicator, sent))
    assert errors == [
        f"Row 3, period: {later:%b %Y} has not begun (this month is {this_month():%b %Y}): "
        "check the year",
        "Row 4, period: Dec 1899 is before 1900: check the year",
    ]
    answer = post(
        api(world.lead_a),
        [item(world), item(world, period="9999-12-31"), item(world, period="0001-01-01")],
    )
    assert answer.status_code == 400
    errors = {e["index"]: " ".join(e["errors"]) for e in answer.json()["errors"]}
    assert set(errors) == {1, 2}
    assert "Dec 9999 has not begun" in errors[1] and "Jan 0001 is before 1900" in errors[2]
    row = {"unit": world.a.provider.pk, "period": later, "numerator": 1, "denominator": 10}
    with pytest.raises(ValidationError, match=r"Item 0: period: .* has not begun"):
        services.import_values(
            actor=world.lead_a, indicator=world.indicator, rows=[row], source="test"
        )
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("numerator", "denominator", "column", "words"),
    [
        (2e12, 10, "numerator", "more than any figure the platform takes"),
        (1, 1e13, "denominator", "more than any figure the platform takes"),
        (0, 1e-7, "denominator", "too small to divide by"),
        (True, 10, "numerator", "not a number"),
        (1, False, "denominator", "not a number"),
    ],
)
def test_absurd_figures_and_booleans_are_refused(world, numerator, denominator, column, words):
    world.indicator.data_type = "SR"
    world.indicator.save()
    answer = post(api(world.lead_a), [item(world, numerator=numerator, denominator=denominator)])
    assert answer.status_code == 400, answer.content
    [refused] = answer.json()["errors"]
    assert refused["index"] == 0 and column in str(refused) and words in str(refused)
    row = {"unit": world.a.provider.pk, "period": dt.date(2025, 4, 1)}
    row |= {"numerator": numerator, "denominator": denominator}
    with pytest.raises(ValidationError, match=f"Item 0: {column}: .*{words}"):
        services.import_values(
            actor=world.lead_a, indicator=world.indicator, rows=[row], source="test"
        )
    assert not IndicatorValue.objects.exists()


def test_a_small_fractional_expected_count_is_still_taken(world):
    world.indicator.data_type = "SR"
    world.indicator.save()
    answer = post(api(world.lead_a), [item(world, numerator=0, denominator=0.01)])
    assert answer.status_code == 200, answer.content


def test_a_huge_cell_is_quoted_short_in_its_message(world):
    """A 19 MB cell once made a 19.9 MB error page: each value is quoted to 60 characters."""
    client = signed_in(world.lead_a)
    huge = "W" * 100_000
    sent = csv(f"{huge},{huge},{huge},{huge}")
    response = upload(client, world.indicator, sent)
    errors = errors_of(response)
    columns = ["unit", "period", "numerator", "denominator"]
    assert [e.split(":")[0] for e in errors] == [f"Row 2, {c}" for c in columns]
    for error in errors:
        assert f"'{'W' * 60}…' (100,000 characters)" in error and len(error) < 250
    assert len(response.content) < 60_000
    answer = post(api(world.lead_a), [item(world, unit=huge)])
    assert answer.status_code == 400 and len(answer.content) < 1_000
