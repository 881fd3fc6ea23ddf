"""A trust's feed: a board metric mapped (only one with numerators and denominators), or
figures uploaded (every bad row named by row and column, all or nothing, a preview that says
what is new, changed or the same and asks before replacing), by the people who may feed."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qijourney.audit.models import AuditEvent
from qijourney.organisations.models import Organisation
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue
from qijourney.system.services import feeds as services
from tests.factories import MeasureFactory
from tests.system.test_catalogue import signed_in

APRIL, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)


def csv(*rows: str) -> bytes:
    return ("unit,period,numerator,denominator\n" + "\n".join(rows) + "\n").encode()


def upload(client, indicator, content: bytes, name: str = "figures.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/system/indicators/{indicator.pk}/feed/upload/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def errors_of(response) -> list[str]:
    body = response.content.decode()
    summary = (
        body.split('id="upload-errors"', 1)[-1].split("</ul>", 1)[0]
        if "upload-errors" in body
        else ""
    )
    return [html.unescape(e) for e in re.findall(r"<li>(.*?)</li>", summary)]


def confirm(client, indicator, response, replace="no"):
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(
        f"/system/indicators/{indicator.pk}/feed/upload/",
        {"confirm": "1", "token": token, "replace": replace},
    )


def test_an_upload_is_previewed_then_saved_with_its_versions(world):
    client = signed_in(world.lead_a)
    ward = world.a.ward
    sent = csv(f"{world.a.provider.code},2025-04,3,1200", f"{ward.name},2025-04,1,300")
    preview = upload(client, world.indicator, sent)
    body = preview.content.decode()
    assert preview.status_code == 200 and "2 new, 0 with figures different" in body
    assert IndicatorValue.objects.count() == 0  # nothing until confirmed
    done = confirm(client, world.indicator, preview)
    assert done.status_code == 302
    feed = IndicatorFeed.objects.get(provider=world.a.provider)
    assert not feed.shared_with_system  # private until the trust shares it
    assert sorted(feed.values.values_list("unit_id", "period", "numerator")) == sorted(
        [(world.a.provider.pk, APRIL, 3), (ward.pk, APRIL, 1)]
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert IndicatorValue.history.filter(audit_event=event).count() == 2
    page = client.get(f"/system/indicators/{world.indicator.pk}/feed/").content.decode()
    assert ward.name in page and "Apr 2025" in page


def test_replacing_saved_figures_is_asked_first(world):
    client = signed_in(world.lead_a)
    code = world.a.provider.code
    confirm(client, world.indicator, upload(client, world.indicator, csv(f"{code},2025-04,3,1200")))
    again = upload(client, world.indicator, csv(f"{code},2025-04,4,1200", f"{code},2025-05,2,900"))
    assert "1 new, 1 with figures different from those saved, 0 the same" in again.content.decode()
    assert "would replace saved figures" in again.content.decode()
    confirm(client, world.indicator, again, replace="no")
    stored = dict(IndicatorValue.objects.values_list("period", "numerator"))
    assert stored == {APRIL: 3, MAY: 2}
    third = upload(client, world.indicator, csv(f"{code},2025-04,4,1200", f"{code},2025-05,2,900"))
    assert "0 new, 1 with figures different from those saved, 1 the same" in third.content.decode()
    confirm(client, world.indicator, third, replace="yes")
    assert dict(IndicatorValue.objects.values_list("period", "numerator")) == {APRIL: 4, MAY: 2}
    assert IndicatorValue.history.filter(period=APRIL).count() == 2


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_saved(world, tree_b):
    client = signed_in(world.lead_a)
    Organisation.objects.create(
        name="Twin", kind=Organisation.Kind.TEAM, parent=world.a.directorate
    )
    Organisation.objects.create(
        name="Twin", kind=Organisation.Kind.TEAM, parent=world.a.directorate
    )
    code = world.a.provider.code
    sent = csv(
        f"{code},2025-04,3,1200",
        f"{tree_b.provider.code},2025-04,3,1200",  # another trust's
        "Twin,2025-04,1,10",  # two places of that name
        f"{code},2025-05,-1,10",
        f"{code},2025-06,1,0",
        f"{code},2025-07,1.5,10",
        f"{code},2025-04,2,100",  # April twice
        f"{code},soon,1,10",
    )
    response = upload(client, world.indicator, sent)
    errors = errors_of(response)
    assert errors[0].startswith("Row 3, unit:") and "SOU" in errors[0]
    assert errors[1].startswith("Row 4, unit:") and "fits 2 places" in errors[1]
    assert "Row 5, numerator: -1 is negative" in errors
    assert "Row 6, denominator: 0 must be more than 0" in errors
    assert "Row 7, numerator: 1.5 must be a whole number (a count)" in errors
    assert any(e.startswith("Row 8, period:") and "row 2" in e for e in errors)
    assert any(e.startswith("Row 9, period:") for e in errors)
    assert len(errors) == 7
    assert "Nothing was imported" in response.content.decode()
    assert IndicatorValue.objects.count() == 0 and not IndicatorFeed.objects.exists()


def test_two_formats_in_the_period_column_stop_the_file(world):
    client = signed_in(world.lead_a)
    code = world.a.provider.code
    response = upload(client, world.indicator, csv(f"{code},2025-04,3,100", f"{code},Apr 2025,1,9"))
    [error] = errors_of(response)
    assert "period" in error


@pytest.mark.parametrize(
    ("data_type", "numerator", "denominator", "problem"),
    [
        ("SR", 12, 10.4, None),  # expected deaths may be fractional
        ("SR", 12.5, 10, "numerator"),
        ("PR", 11, 10, "numerator"),
        ("PR", 5, 10.5, "denominator"),
        ("PR", 10, 10, None),
        ("RC", 3, 1234.5, None),
        ("RC", 0, 10, None),
    ],
)
def test_each_data_type_has_its_own_rules(world, data_type, numerator, denominator, problem):
    world.indicator.data_type = data_type
    world.indicator.save()
    row = {"unit": world.a.provider.pk, "period": APRIL, "numerator": numerator}
    row["denominator"] = denominator
    if problem is None:
        counts = services.import_values(
            actor=world.lead_a, indicator=world.indicator, rows=[row], source="test"
        )
        assert counts["added"] == 1
    else:
        with pytest.raises(ValidationError, match=f"Item 0: {problem}"):
            services.import_values(
                actor=world.lead_a, indicator=world.indicator, rows=[row], source="test"
            )


@pytest.mark.parametrize("who", ["nurse_a", "ics_viewer"])
def test_only_the_central_team_or_executive_lead_feeds(world, who):
    person = getattr(world, who)
    row = {"unit": world.a.provider.pk, "period": APRIL, "numerator": 1, "denominator": 5}
    with pytest.raises(PermissionDenied):
        services.import_values(actor=person, indicator=world.indicator, rows=[row], source="t")
    assert (
        signed_in(person).get(f"/system/indicators/{world.indicator.pk}/feed/").status_code == 403
    )
    assert not IndicatorFeed.objects.exists()


def test_an_executive_lead_feeds_and_another_systems_indicator_is_refused(world):
    row = {"unit": world.b.ward.pk, "period": APRIL, "numerator": 1, "denominator": 5}
    services.import_values(actor=world.exec_b, indicator=world.indicator, rows=[row], source="t")
    with pytest.raises(ValidationError, match="another system"):
        services.import_values(
            actor=world.exec_b, indicator=world.far_indicator, rows=[row], source="t"
        )
    assert (
        signed_in(world.exec_b)
        .get(f"/system/indicators/{world.far_indicator.pk}/feed/")
        .status_code
        == 404
    )
    # A unit of another trust, by id, is refused like one by name.
    with pytest.raises(ValidationError, match="Item 0"):
        services.import_values(
            actor=world.exec_b,
            indicator=world.indicator,
            rows=[dict(row, unit=world.a.ward.pk)],
            source="t",
        )


def test_the_system_feeds_its_practices_and_only_them(world):
    practice = world.practices[0]
    row = {"unit": practice.code, "period": APRIL, "numerator": 2, "denominator": 800}
    services.import_values(actor=world.ics_lead, indicator=world.indicator, rows=[row], source="t")
    feed = IndicatorFeed.objects.get(provider=world.ics)
    assert feed.values.get().unit == practice
    with pytest.raises(ValidationError, match="GP practices"):
        services.import_values(
            actor=world.ics_lead,
            indicator=world.indicator,
            rows=[dict(row, unit=world.a.ward.pk)],
            source="t",
        )
    with pytest.raises(ValidationError, match="your organisation's places"):  # not a trust's
        services.import_values(
            actor=world.lead_a,
            indicator=world.indicator,
            rows=[dict(row, unit=practice.pk)],
            source="t",
        )


def test_a_board_metric_with_numerators_and_denominators_is_mapped(world):
    client = signed_in(world.lead_a)
    metric = MeasureFactory(
        project=None, provider=world.a.provider, on_board_report=True, chart_type="u", name="Falls"
    )
    single = MeasureFactory(
        project=None, provider=world.a.provider, on_board_report=True, chart_type="xmr", name="LOS"
    )
    metric.points.create(date=APRIL, numerator=4, denominator=1000)
    refused = client.post(f"/system/indicators/{world.indicator.pk}/feed/", {"measure": single.pk})
    assert "single values, not numerators and denominators" in refused.content.decode()
    done = client.post(f"/system/indicators/{world.indicator.pk}/feed/", {"measure": metric.pk})
    assert done.status_code == 302
    feed = IndicatorFeed.objects.get(provider=world.a.provider)
    assert feed.measure == metric
    page = client.get(f"/system/indicators/{world.indicator.pk}/feed/").content.decode()
    assert "From your board metric" in page and "Apr 2025" in page
    with pytest.raises(ValidationError, match="follows the board metric"):
        services.import_values(
            actor=world.lead_a,
            indicator=world.indicator,
            rows=[{"unit": world.a.provider.pk, "period": MAY, "numerator": 1, "denominator": 2}],
            source="t",
        )
    client.post(f"/system/indicators/{world.indicator.pk}/feed/", {"unmap": "1"})
    feed.refresh_from_db()
    assert feed.measure is None
    assert feed.history.count() == 3  # made, mapped, unmapped


def test_another_trusts_metric_is_never_mapped(world):
    theirs = MeasureFactory(
        project=None, provider=world.b.provider, on_board_report=True, chart_type="p"
    )
    with pytest.raises(PermissionDenied):
        services.map_metric(actor=world.lead_a, indicator=world.indicator, measure=theirs)
    response = signed_in(world.lead_a).post(
        f"/system/indicators/{world.indicator.pk}/feed/", {"measure": theirs.pk}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not IndicatorFeed.objects.filter(measure=theirs).exists()


def test_a_proportion_indicator_in_the_preview_names_its_rule(world):
    world.indicator.data_type = Indicator.DataType.PROPORTION
    world.indicator.save()
    client = signed_in(world.lead_a)
    response = upload(client, world.indicator, csv(f"{world.a.provider.code},2025-04,11,10"))
    assert errors_of(response) == ["Row 2, numerator: 11 is more than the denominator 10"]


def saved(world, *rows):
    services.import_values(
        actor=world.lead_a,
        indicator=world.indicator,
        rows=[
            {"unit": unit.pk, "period": period, "numerator": 1, "denominator": 100}
            for unit, period in rows
        ],
        source="t",
    )
    return IndicatorFeed.objects.get(provider=world.a.provider)


def test_a_places_figures_are_removed_once_asked_and_each_keeps_its_last_version(world):
    ward, trust = world.a.ward, world.a.provider
    feed = saved(world, (ward, APRIL), (ward, MAY), (trust, APRIL))
    client = signed_in(world.lead_a)
    url = f"/system/indicators/{world.indicator.pk}/feed/remove/"
    asked = client.get(url, {"unit": ward.pk, "period": ""}).content.decode()
    assert "Remove 2 figures?" in asked and f"{ward.name}, every period" in asked
    assert feed.values.count() == 3  # nothing until confirmed
    done = client.post(url, {"unit": ward.pk, "period": "", "confirm": "1"})
    assert done.status_code == 302
    assert list(feed.values.values_list("unit_id", flat=True)) == [trust.pk]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert event.changes == {"figures": [f"2 figures ({ward.name}, every period)", None]}
    gone = IndicatorValue.history.filter(audit_event=event)
    assert sorted(gone.values_list("history_type", "period")) == [("-", APRIL), ("-", MAY)]


def test_removing_every_figure_stops_the_feed_and_the_indicator_may_then_go(world):
    saved(world, (world.a.ward, APRIL))
    client = signed_in(world.lead_a)
    url = f"/system/indicators/{world.indicator.pk}/feed/remove/"
    asked = client.get(url, {"unit": "", "period": ""}).content.decode()
    assert "Stop feeding and remove every figure" in asked
    assert client.post(url, {"unit": "", "period": "", "confirm": "1"}).status_code == 302
    assert not IndicatorFeed.objects.exists() and not IndicatorValue.objects.exists()
    from qijourney.system.services import catalogue

    catalogue.remove_indicator(actor=world.ics_lead, indicator=world.indicator)
    assert not Indicator.objects.filter(pk=world.indicator.pk).exists()


def test_removal_is_refused_for_others_places_others_feeds_and_those_who_may_not_feed(world):
    saved(world, (world.a.ward, APRIL))
    url = f"/system/indicators/{world.indicator.pk}/feed/remove/"
    lead = signed_in(world.lead_a)
    other = lead.post(url, {"unit": world.b.ward.pk, "period": "", "confirm": "1"})
    assert other.status_code == 200 and "Select a valid choice" in other.content.decode()
    assert signed_in(world.nurse_a).post(url, {"unit": "", "confirm": "1"}).status_code == 403
    # Trust B feeds nothing: it has no feed to remove from, and never reaches trust A's.
    assert signed_in(world.exec_b).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.remove_values(actor=world.exec_b, feed=IndicatorFeed.objects.get())
    assert IndicatorValue.objects.count() == 1


def test_a_removal_removes_only_what_it_asked_about(world):
    ward = world.a.ward
    saved(world, (ward, APRIL))
    client = signed_in(world.lead_a)
    url = f"/system/indicators/{world.indicator.pk}/feed/remove/"
    asked = client.get(url, {"unit": "", "period": APRIL.isoformat()}).content.decode()
    assert "Remove 1 figure?" in asked and 'name="count" value="1"' in asked
    saved(world, (world.a.provider, APRIL), (world.a.directorate, APRIL))  # meanwhile
    answer = client.post(
        url, {"unit": "", "period": APRIL.isoformat(), "confirm": "1", "count": "1"}
    )
    assert "there are 3 now, not 1" in html.unescape(answer.content.decode())
    assert IndicatorValue.objects.filter(period=APRIL).count() == 3
