"""Measures: data entry, uploads checked row by row and imported all-or-nothing, the chart."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qijourney.audit.models import AuditEvent
from qijourney.measures import analysis, services, uploads
from qijourney.measures.models import DataPoint, Measure
from tests.factories import PASSWORD, MeasureFactory, PersonFactory


@pytest.fixture
def falls(project_a):
    return MeasureFactory(project=project_a, name="Falls", target=3.0)


@pytest.fixture
def audit(project_a):
    return MeasureFactory(
        project=project_a,
        name="Checklist done",
        chart_type="p",
        direction=Measure.Direction.INCREASE,
        multiplier=100,
        target=95,
    )


def csv(text: str) -> bytes:
    return text.strip().encode()


def test_upload_reports_every_bad_row_with_its_line(falls):
    parsed = uploads.parse(
        falls,
        "falls.csv",
        csv("""
date,value,ghost
2025-01-06,4
2025-01-06,5
2025-01-20,lots
not a date,3
2025-02-03,2,perhaps
"""),
    )
    assert not parsed.ok
    assert parsed.errors == [
        "Row 3: the date 06/01/2025 is also on row 2",
        "Row 4: value 'lots' is not a number",
        "Row 5: the date 'not a date' is not a date (use 2025-04-01 or 01/04/2025)",
        "Row 6: ghost should be yes or no, not 'perhaps'",
    ]


def test_a_date_column_written_two_ways_is_refused_naming_rows_and_formats(falls):
    parsed = uploads.parse(falls, "f.csv", csv("date,value\n2025-01-06,4\n13/01/2025,5\n"))
    assert not parsed.ok and not parsed.rows
    (error,) = parsed.errors
    assert "'date'" in error and "row 2 fits ISO" in error and "row 3 fits day/month/year" in error


def test_upload_checks_proportions(audit):
    parsed = uploads.parse(
        audit,
        "a.csv",
        csv("""
date,numerator,denominator
2025-01-06,12,10
2025-01-13,-1,10
2025-01-20,3,
"""),
    )
    assert parsed.errors == [
        "Row 2: the numerator 12 is more than the denominator 10",
        "Row 3: the numerator -1 is negative",
        "Row 4: give both the numerator and the denominator, or neither",
    ]


def test_missing_columns_are_named(falls):
    parsed = uploads.parse(falls, "x.csv", csv("when,amount\n2025-01-01,3"))
    assert "must name the columns date, value" in parsed.errors[0]


def test_excel_upload_and_all_or_nothing_import(falls, nurse_a, tmp_path):
    import pandas as pd

    path = tmp_path / "falls.xlsx"
    pd.DataFrame(
        {"date": ["2025-01-06", "2025-01-13"], "value": [4, 5], "annotation": ["", "New mats"]}
    ).to_excel(path, index=False)
    parsed = uploads.parse(falls, "falls.xlsx", path.read_bytes())
    assert parsed.ok, parsed.errors
    DataPoint.objects.create(measure=falls, date=dt.date(2025, 1, 6), value=99)
    added, replaced = services.import_points(
        actor=nurse_a, measure=falls, rows=parsed.rows, source="falls.xlsx"
    )
    assert (added, replaced) == (1, 1)
    assert list(falls.points.values_list("value", flat=True)) == [4, 5]
    assert falls.points.get(date=dt.date(2025, 1, 13)).annotation == "New mats"
    assert AuditEvent.objects.filter(action="import", subject_id=str(falls.pk)).exists()


def test_import_is_refused_to_outsiders_and_writes_nothing(falls, tree_a):
    outsider = PersonFactory(provider=tree_a.provider)
    with pytest.raises(PermissionDenied):
        services.import_points(
            actor=outsider, measure=falls, rows=[{"date": dt.date(2025, 1, 6), "value": 1.0}]
        )
    assert not falls.points.exists()


def test_a_second_point_on_a_date_replaces_the_first_only_when_asked(falls, nurse_a):
    day = dt.date(2025, 1, 6)
    services.save_point(actor=nurse_a, measure=falls, date=day, value=4, annotation="Audit")
    with pytest.raises(ValidationError, match="confirm to replace it"):
        services.save_point(actor=nurse_a, measure=falls, date=day, value=6)
    assert (falls.points.get().value, falls.points.get().annotation) == (4, "Audit")
    services.save_point(actor=nurse_a, measure=falls, date=day, value=6, ghost=True, replace=True)
    point = falls.points.get()
    assert (point.value, point.ghost) == (6, True)


def test_the_page_shows_the_point_it_would_replace_and_asks(client, falls, nurse_a):
    day = dt.date(2025, 1, 6)
    services.save_point(actor=nurse_a, measure=falls, date=day, value=4.25, annotation="Audit")
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/measures/{falls.pk}/points/"
    asked = client.post(path, {"date": "2025-01-06", "value": "7"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "There is already a point for 6 January 2025" in page
    assert "4.25 · note: Audit" in page and "7 · no note" in page
    assert falls.points.get().value == 4.25
    confirmed = client.post(path, {"date": "2025-01-06", "value": "7", "replace": "yes"})
    assert confirmed.status_code == 302 and falls.points.get().value == 7


def test_a_blank_value_is_refused_with_an_error_summary_linking_to_the_field(
    client, falls, nurse_a
):
    client.login(username=nurse_a.email, password=PASSWORD)
    response = client.post(f"/measures/{falls.pk}/points/", {"date": "2025-01-06", "value": ""})
    page = response.content.decode()
    # The page again, not a redirect to a banner: the summary links to the field, the form
    # is open and keeps the date entered
    assert response.status_code == 200 and not falls.points.exists()
    assert "There is a problem" in page and 'href="#id_value"' in page and "Give the value" in page
    assert '<details class="nhsuk-details" open>' in page and 'value="2025-01-06"' in page
    assert "Done" not in page


def test_a_point_is_deleted_only_after_confirming(client, falls, nurse_a):
    point = services.save_point(actor=nurse_a, measure=falls, date=dt.date(2025, 1, 6), value=4)
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/measures/{falls.pk}/points/{point.pk}/delete/"
    asked = client.get(path)
    assert (
        asked.status_code == 200
        and "Delete the point for 6 January 2025?" in asked.content.decode()
    )
    assert falls.points.exists()
    assert client.post(path).status_code == 302 and not falls.points.exists()


def test_chart_comes_from_the_engine_with_pdsa_markers(falls, nurse_a):
    values = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 14]
    DataPoint.objects.bulk_create(
        DataPoint(measure=falls, date=dt.date(2025, 1, 6) + dt.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
    )
    chart = analysis.measure_chart(falls, markers=[("2025-02-03", "PDSA 1")])
    assert chart.summary["variation_icon"] == "concern_high"
    # The jump to 14 widens the limits around the target of 3: hit or miss.
    assert chart.summary["lower_limit"] < 3 < chart.summary["upper_limit"]
    assert chart.summary["assurance_icon"] == "hit_or_miss"
    assert any(v.get("kind") == "marker" for v in chart.spec["data"]["values"])
    assert "Falls" in chart.spec["description"]
    assert len(chart.points) == len(values)


def test_icons_for_many_measures_in_one_call(falls, audit):
    DataPoint.objects.bulk_create(
        [
            DataPoint(measure=falls, date=dt.date(2025, 1, 6) + dt.timedelta(weeks=i), value=5.0)
            for i in range(15)
        ]
        + [
            DataPoint(
                measure=audit,
                date=dt.date(2025, 1, 6) + dt.timedelta(weeks=i),
                numerator=99,
                denominator=100,
            )
            for i in range(15)
        ]
    )
    icons = analysis.icons_for([falls, audit])
    assert icons[falls.pk]["variation_icon"] == "common_cause"
    assert icons[falls.pk]["assurance_icon"] == "fail"  # 5 every week, target 3, lower is better
    assert icons[audit.pk]["assurance_icon"] == "pass"  # 99% every week, target 95%


def test_measure_without_data_says_so(falls):
    chart = analysis.measure_chart(falls)
    assert chart.spec is None and "No data yet" in chart.problem


def test_a_broken_excel_file_is_an_upload_error(falls):
    parsed = uploads.parse(falls, "falls.xlsx", b"not really a spreadsheet")
    assert not parsed.ok and parsed.errors[0].startswith("falls.xlsx:")


def test_non_finite_numbers_are_refused(falls):
    parsed = uploads.parse(falls, "f.csv", csv("date,value\n2025-01-06,nan\n2025-01-13,inf"))
    assert parsed.errors == [
        "Row 2: value 'nan' is not a number",
        "Row 3: value 'inf' is not a number",
    ]


def test_the_project_table_and_the_measure_page_agree(falls):
    """Baselines, ghosts and recalculations count the same in the icons as on the chart."""
    values = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8, 30, 6, 7, 6, 5, 7, 6, 5, 6, 7]
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=falls,
            date=dt.date(2025, 1, 6) + dt.timedelta(weeks=i),
            value=float(v),
            baseline=i < 12,
            ghost=v == 30,
        )
        for i, v in enumerate(values)
    )
    chart = analysis.measure_chart(falls).summary
    icons = analysis.icons_for([falls])[falls.pk]
    for column in ("centre", "lower_limit", "upper_limit", "variation_icon", "assurance_icon"):
        assert icons[column] == chart[column], column


def test_an_upload_whose_every_date_is_out_of_range_names_each_row(falls):
    """Before 1677 or after 2262 no date fits pandas: each row is named, never a crash."""
    parsed = uploads.parse(falls, "f.csv", csv("date,value\n2263-01-01,4\n2263-02-01,5\n"))
    assert parsed.errors == [
        "Row 2: the date '2263-01-01' is not a date (use 2025-04-01 or 01/04/2025)",
        "Row 3: the date '2263-02-01' is not a date (use 2025-04-01 or 01/04/2025)",
    ]


def test_a_huge_cell_is_quoted_short(falls):
    huge = "9x" * 50_000
    parsed = uploads.parse(falls, "f.csv", csv(f"date,value,ghost\n{huge},{huge},{huge}\n"))
    assert len(parsed.errors) == 3
    for error in parsed.errors:
        assert "…' (100,000 characters)" in error and len(error) < 200
