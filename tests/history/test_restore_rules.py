"""What undo must not do: put back a project's old score over its newer ones, leave a former
lead leading, bring another organisation's people back into a project, show a deleted
project's metrics on the board, version a request's stale copy, or show who answered what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from qijourney.audit.services import soft_delete
from qijourney.measures.models import DataPoint, Measure
from qijourney.projects import services as project_services
from qijourney.projects.models import Project, TeamMember
from qijourney.reporting.models import BoardReport
from qijourney.reporting.selectors import build
from tests.factories import MeasureFactory, PersonFactory


def first_version(project):
    return project.history.order_by("history_id").first()


def test_restoring_a_project_keeps_its_score_and_its_one_lead(project_a, nurse_a, tree_a):
    colleague = PersonFactory(provider=tree_a.provider)
    first = first_version(project_a)
    project_services.set_progress_score(actor=nurse_a, project=project_a, score=Decimal("3.0"))
    project_services.update_project(
        actor=nurse_a, project=project_a, fields={"lead": colleague, "title": "Fewer falls"}
    )
    project_a.refresh_from_db()
    project_services.restore_item_version(actor=nurse_a, item=project_a, row=first)
    project_a.refresh_from_db()
    assert project_a.lead == nurse_a and project_a.title != "Fewer falls"
    assert project_a.progress_score == Decimal("3.0")  # the score's own record stands
    leads = TeamMember.objects.filter(project=project_a, role=TeamMember.Role.LEAD)
    assert [m.person for m in leads] == [nurse_a]
    assert TeamMember.objects.get(project=project_a, person=colleague).role == "member"


def test_restoring_refuses_a_version_naming_someone_now_elsewhere(project_a, nurse_a, tree_b):
    sponsor = PersonFactory(provider=project_a.provider)
    project_services.update_project(actor=nurse_a, project=project_a, fields={"sponsor": sponsor})
    named = project_a.history.order_by("-history_id").first()
    project_services.update_project(actor=nurse_a, project=project_a, fields={"sponsor": None})
    sponsor.provider = tree_b.provider  # moved to another trust since
    sponsor.save()
    with pytest.raises(PermissionDenied, match="another organisation"):
        project_services.restore_item_version(actor=nurse_a, item=project_a, row=named)
    project_a.refresh_from_db()
    assert project_a.sponsor is None


def test_a_deleted_projects_metrics_leave_the_board_report(project_a, nurse_a, qi_lead_a):
    metric = MeasureFactory(project=project_a, name="Falls on the board")
    DataPoint.objects.bulk_create(
        DataPoint(measure=metric, date=dt.date(2025, 1, 6) + dt.timedelta(weeks=w), value=w)
        for w in range(20)
    )
    report = BoardReport.objects.create(
        provider=project_a.provider, title="Board", period_end=dt.date(2025, 6, 1)
    )
    report.items.create(measure=metric, order=1)

    def names():
        return [row.name for row in build(report, with_charts=False).rows]

    assert names() == ["Falls on the board"]
    project_services.delete_item(actor=nurse_a, item=Project.objects.get(pk=project_a.pk))
    assert names() == []
    assert not DataPoint.objects.filter(measure=metric).exists()  # hidden with the project
    assert not Measure.objects.filter(pk=metric.pk).exists()


def test_a_delete_versions_the_row_as_stored_not_the_requests_copy(project_a, nurse_a):
    stale = Project.objects.get(pk=project_a.pk)
    project_services.update_project(actor=nurse_a, project=project_a, fields={"title": "New"})
    soft_delete(actor=nurse_a, instance=stale, provider=project_a.provider)
    deleted = project_a.history.order_by("-history_id").first()
    assert deleted.title == "New" and deleted.deleted_at is not None


def test_a_rounds_history_never_shows_who_answered_what(client, qi_lead_a, impact, tree_a):
    from qijourney.assessment import services as assessment_services
    from qijourney.assessment.models import Statement
    from tests.factories import PASSWORD

    spring = assessment_services.start_round(
        actor=qi_lead_a, framework=impact, name="Spring", opened=dt.date(2025, 3, 1)
    )
    respondent = PersonFactory(provider=tree_a.provider, full_name="Rhiannon Answerer")
    statement = Statement.objects.filter(domain__framework=impact).first()
    assessment_services.respond(assessment=spring, respondent=respondent, answers={statement.pk: 2})
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.get(f"/history/rounds/{spring.pk}/").content.decode()
    assert "Spring" in page and "Rhiannon Answerer" not in page


def test_a_backup_leaves_out_the_upgrade_lock_and_earlier_restore_copies(tmp_path):
    import sqlite3
    import zipfile

    from qijourney.cli.backup_command import backup

    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(folder / "qijourney.sqlite3") as db:
        db.execute("CREATE TABLE django_migrations (id, app, name)")
    for name in ("upgrade.lock", "qijourney.sqlite3.before-restore-20261201-101010", "secret-key"):
        (folder / name).write_text("x")
    backup(tmp_path / "b.zip", data_dir=folder)
    assert [
        n for n in zipfile.ZipFile(tmp_path / "b.zip").namelist() if n.startswith("files/")
    ] == ["files/secret-key"]
