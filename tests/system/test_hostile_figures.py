"""Figures a careless or hostile sender gave the feeds (upload and API): each is refused with
a plain message naming its row or item, never a crash, and never saved to blank the system's
comparison for everyone."""

from __future__ import annotations

from qijourney.system.models import IndicatorValue
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
