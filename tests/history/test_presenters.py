"""The History page's words, without a database."""

from __future__ import annotations

from qijourney.measures.models import DataPoint
from qijourney.projects.models import DriverNode, Project
from qijourney.web.history import presenters


def test_changes_are_labelled_and_in_plain_words():
    rows = presenters.changes(
        Project,
        {
            "status": ["active", "on_hold"],
            "aim_by_when": [None, "2026-04-01"],
            "lead": ["3", "4"],
        },
        {("organisations.Person", 3): "Ann Lead", ("organisations.Person", 4): "Bo Lead"},
    )
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("By when", "(empty)", "1 April 2026"),
        ("Status", "Active", "On hold"),
        ("Lead", "Ann Lead", "Bo Lead"),
    ]


def test_flags_links_and_deletion_read_as_words():
    [flag] = presenters.changes(DataPoint, {"ghost": ["False", "True"]})
    assert (flag.label, flag.before, flag.after) == ("Leave out of limits and rules", "No", "Yes")
    [links] = presenters.changes(DriverNode, {"parents": [None, "7, 9"]}, {})
    assert links.after.count("no longer here") == 2
    assert presenters.what_happened("~", None, {"deleted_at": ["2026-01-01", None]}) == "Restored"
    assert presenters.who(None).startswith("The system")
