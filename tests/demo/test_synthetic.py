"""The demo's synthetic integrated care system is realistic enough to try every journey."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.db.models import Max, Min

from qijourney.audit import history
from qijourney.capability.coverage import coverage
from qijourney.capability.models import Enrolment, Evaluation
from qijourney.capability.selectors import CoachStatus, skills_directory, system_summaries
from qijourney.demo import synthetic
from qijourney.domain.constants import IHI_SCALE
from qijourney.organisations.models import Organisation, Person, Role, RoleAssignment
from qijourney.projects.models import Project, TeamMember


def test_build_makes_a_whole_system(db):
    accounts = synthetic.build("demo-password-123", seed=1)
    assert Organisation.objects.filter(kind=Organisation.Kind.SYSTEM).count() == 1
    assert Organisation.objects.filter(kind=Organisation.Kind.ORGANISATION).count() == 3
    assert Organisation.objects.filter(kind=Organisation.Kind.TEAM).count() >= 15
    assert 55 <= Project.objects.count() <= 65
    scores = set(Project.objects.values_list("progress_score", flat=True))
    assert scores == {score for score, _ in IHI_SCALE}
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    assert TeamMember.objects.filter(role=TeamMember.Role.PATIENT_PARTNER).exists()
    assert Project.objects.filter(priority__isnull=True).exists()  # some unaligned work
    someone = Person.objects.get(email=accounts.central_qi_email)
    assert someone.check_password("demo-password-123")
    assert all(
        p.progress_history.last().score == p.progress_score for p in Project.objects.all()[:10]
    )
    assert Project.objects.get(pk=Project.objects.first().pk).progress_score >= Decimal("0.5")
    # Every versioned item has its history from the start, bulk-made ones too.
    for model in history.versioned_models():
        assert model.history.values("id").distinct().count() == model._base_manager.count()


def test_the_demo_trust_partly_meets_a_dosing_plan_after_two_years_of_training(db):
    accounts = synthetic.build("demo-password-123", seed=1)
    trust = Organisation.objects.get(code="RNV")
    ics_lead = Person.objects.get(email=accounts.emails["ICS lead (system level)"])
    assert len(system_summaries(ics_lead)) == 2  # two of the three share
    dates = Enrolment.objects.filter(staff__provider=trust, completed_on__isnull=False)
    first, last = dates.aggregate(Min("completed_on"), Max("completed_on")).values()
    assert (last - first).days > 600
    plan = coverage(trust)
    assert len(plan) >= 3
    met = [c.met for c in plan]
    assert any(met) and not all(met), [(c.label, c.overall.percent) for c in plan]
    assert Evaluation.objects.filter(level=4).exists()
    statuses = {e.coach_status for e in skills_directory(trust) if e.is_coach}
    assert CoachStatus.COACHING in statuses and len(statuses) > 1  # someone has gone quiet


def test_demo_command_sets_up_a_data_folder(tmp_path):
    folder = tmp_path / "data"
    command = [
        str(Path(sys.executable).with_name("qijourney")),
        "demo",
        "--data-dir",
        str(folder),
        "--setup-only",
        "--no-browser",
    ]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "Password:" in first.stderr and "http://127.0.0.1:8000/" in first.stderr
    assert (folder / "qijourney.sqlite3").exists()
    assert oct((folder / "demo-sign-in.txt").stat().st_mode)[-3:] == "600"
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert "first run only" not in again.stderr  # loaded once, not twice
    assert first.stderr.split("Password:")[1].split()[0] in again.stderr


def test_demo_reset_loads_a_fresh_system(tmp_path):
    folder = tmp_path / "data"
    base = [
        str(Path(sys.executable).with_name("qijourney")),
        "demo",
        "--data-dir",
        str(folder),
        "--setup-only",
        "--no-browser",
    ]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    first = subprocess.run(base, capture_output=True, text=True, env=env, timeout=300)
    again = subprocess.run([*base, "--reset"], capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "first run only" in again.stderr
    assert first.stderr.split("Password:")[1].split()[0] not in again.stderr
