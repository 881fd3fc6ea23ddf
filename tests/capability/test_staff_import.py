"""Staff list import: every problem named by row and column, and all rows or none."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from qijourney.capability import imports
from qijourney.capability.models import Cohort, Enrolment, StaffMember
from tests.factories import PASSWORD

HEADER = "Staff Number,Name,Staff Group,Unit,Start Date,Manager,Email\n"


def upload_to(client, path: str, text: str | bytes, name="staff.csv", mark_leavers=False):
    content = text.encode() if isinstance(text, str) else text
    data = {"file": (io.BytesIO(content))}
    data["file"].name = name
    if mark_leavers:
        data["mark_leavers"] = "on"
    return client.post(path, data)


def confirm(client, path: str, preview: str):
    """Press the preview's import button (it carries the preview's token)."""
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    return client.post(path, {"confirm": "1", "token": token})


def upload(client, text: str | bytes, name="staff.csv", mark_leavers=False):
    return upload_to(client, "/capability/staff/import/", text, name, mark_leavers)


@pytest.fixture
def manager_client(client, qi_lead_a):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    return client


def test_every_bad_row_is_reported_and_nothing_is_saved(manager_client, tree_a, second_directorate):
    text = HEADER + (
        "A1,Ann,Nursing,Theatres,2024-01-01,yes,ann@example.nhs.uk\n"
        "A2,Bob,Nursing,Nowhere,2024-01-01,no,\n"
        "A3,Cat,Nursing,THR,31/02/2024,no,\n"
        "A1,Dan,Nursing,THR,2024-01-01,perhaps,not-an-email\n"
        ",Eve,,THR,2024-01-01,,\n"
    )
    response = upload(manager_client, text)
    body = response.content.decode()
    assert "Nothing was imported" in body
    for expected in (
        "Row 3: unit &#39;Nowhere&#39; is not a directorate or team",
        "Row 4: start_date &#39;31/02/2024&#39; is not a date",
        "Row 5: staff_number &#39;A1&#39; is also on row 2",
        "Row 5: manager should be yes or no",
        "Row 5: email &#39;not-an-email&#39; is not an email address",
        "Row 6: staff_number is empty",
        "Row 6: role_group is empty",
    ):
        assert expected in body, expected
    assert not StaffMember.objects.exists()


def test_missing_columns_are_named(manager_client, tree_a):
    body = upload(manager_client, "Name,Unit\nAnn,Ward\n").content.decode()
    assert "missing: staff_number, role_group, start_date" in body


def test_a_clean_file_previews_then_imports_and_updates_by_staff_number(
    manager_client, tree_a, second_directorate, qi_lead_a
):
    text = HEADER + (
        f"A1,Ann,Nursing,Theatres,2024-01-01,yes,{qi_lead_a.email.upper()}\n"
        f"A2,Bob,Medical,{tree_a.ward.name},2024-03-01,no,\n"
    )
    preview = upload(manager_client, text).content.decode()
    assert "Preview: 2 rows, no problems" in preview and "2 are new" in preview
    assert not StaffMember.objects.exists()  # nothing until confirmed
    confirm(manager_client, "/capability/staff/import/", preview)
    ann = StaffMember.objects.get(staff_number="A1")
    assert ann.is_manager and ann.unit.name == "Theatres" and ann.person == qi_lead_a
    # The next month's list: Ann moves, Bob has gone; the preview says who will be marked.
    whole = upload(
        manager_client, HEADER + "A1,Ann,Nursing,Surgery,2024-01-01,yes,\n", mark_leavers=True
    ).content.decode()
    assert "1 person on the list but not in the file will be marked as having left" in whole
    confirm(manager_client, "/capability/staff/import/", whole)
    ann.refresh_from_db()
    assert ann.unit.name == "Surgery"
    assert StaffMember.objects.get(staff_number="A2").end_date is not None


def test_excel_files_are_read(manager_client, tree_a, second_directorate):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["staff_number", "name", "role_group", "unit", "start_date"])
    sheet.append(["X9", "Xan", "Estates", "THR", "2023-05-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    body = upload(manager_client, buffer.getvalue(), name="staff.xlsx").content.decode()
    assert "Preview: 1 row, no problems" in body and "1 are new" in body


def test_a_unit_name_two_units_share_must_be_given_by_code(tree_a, second_directorate):
    from qijourney.organisations.models import Organisation

    Organisation.objects.create(
        name="Theatres", kind=Organisation.Kind.TEAM, parent=tree_a.directorate
    )
    parsed = imports.parse(
        tree_a.provider, "s.csv", (HEADER + "A1,Ann,Nursing,Theatres,2024-01-01,no,\n").encode()
    )
    assert parsed.errors == ["Row 2: unit 'Theatres' names 2 units: use its code"]


def test_only_the_central_qi_team_sees_the_staff_list(client, nurse_a):
    client.login(username=nurse_a.email, password=PASSWORD)
    assert client.get("/capability/staff/").status_code == 403
    assert client.get("/capability/staff/import/").status_code == 403


def test_past_training_records_import_all_or_nothing(manager_client, ladder, staff_list):
    header = "Staff number,Course,Completed,Cohort\n"
    bad = header + (
        "S000,Improvement introduction,2025-03-01,\n"
        "S999,Improvement introduction,2025-03-01,\n"
        "S001,Lean for beginners,2025-03-01,\n"
        "S002,Improvement introduction,2099-01-01,\n"
        "S000,Improvement introduction,2025-03-01,\n"
    )
    body = upload_to(manager_client, "/capability/records/import/", bad).content.decode()
    for expected in (
        "Row 3: staff_number &#39;S999&#39; is not on the staff list",
        "Row 4: programme &#39;Lean for beginners&#39; is not one of the organisation",
        "Row 5: completed_on 01/01/2099 is in the future",
        "Row 6: the same completion is also on row 2",
    ):
        assert expected in body, expected
    assert not Enrolment.objects.exists()
    good = header + (
        "S000,improvement introduction,2025-03-01,\n"
        "S001,Improvement introduction,2025-03-20,\n"
        "S002,Improvement practitioner,2024-06-15,Practitioner 2024\n"
    )
    preview = upload_to(manager_client, "/capability/records/import/", good).content.decode()
    assert "3 completions of 2 programmes" in preview
    confirm(manager_client, "/capability/records/import/", preview)
    march = Cohort.objects.get(name="Imported records, March 2025")
    assert march.starts == dt.date(2025, 3, 1) and march.enrolments.count() == 2
    assert Enrolment.objects.get(staff__staff_number="S002").cohort.name == "Practitioner 2024"
    assert set(Enrolment.objects.values_list("completed_on", flat=True)) == {
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 20),
        dt.date(2024, 6, 15),
    }


def test_a_preview_is_confirmed_only_by_its_own_button(manager_client, tree_a, second_directorate):
    first = upload(manager_client, HEADER + "A1,Ann,Nursing,THR,2024-01-01,no,\n").content.decode()
    upload(manager_client, HEADER + "B1,Bea,Nursing,THR,2024-01-01,no,\n")  # another tab
    refused = confirm(manager_client, "/capability/staff/import/", first)
    assert refused.status_code == 302 and not StaffMember.objects.exists()
    # A later file with mistakes leaves nothing behind to confirm either.
    good = upload(manager_client, HEADER + "C1,Cy,Nursing,THR,2024-01-01,no,\n").content.decode()
    upload(manager_client, HEADER + "D1,Di,Nursing,Nowhere,2024-01-01,no,\n")
    confirm(manager_client, "/capability/staff/import/", good)
    assert not StaffMember.objects.exists()


def test_two_columns_meaning_the_same_thing_are_refused(manager_client, tree_a):
    text = "staff_number,name,role_group,department,team,start_date\nA1,Ann,N,THR,THR,2024-01-01\n"
    body = upload(manager_client, text).content.decode()
    assert "more than one column means unit" in body


def test_an_overlong_email_is_a_row_error(tree_a, second_directorate):
    long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"
    parsed = imports.parse(
        tree_a.provider, "s.csv", (HEADER + f"A1,Ann,Nursing,THR,2024-01-01,no,{long}\n").encode()
    )
    assert any("longer than 254" in e for e in parsed.errors), parsed.errors
