"""``qijourney serve``, run as the person installing it would: the first start sets up the
organisation and its first central QI team account (who can then sign in), a start on an
older release's database upgrades it in place after backing it up, and the demo and a real
instance never touch each other's data."""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_backup import SCRIPT, add_organisation, environment, migrate
from tests.live_server import free_port

PASSWORD = "correct horse battery staple"
SETUP = [
    "--organisation",
    "Northtown Hospitals NHS Trust",
    "--ods-code",
    "RXX",
    "--system",
    "Northtown ICS",
    "--email",
    "Sam.Patel@example.nhs.uk",
    "--full-name",
    "Sam Patel",
]


def serve(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), "serve", "--data-dir", str(folder), *args],
        env=environment(folder),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(folder: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(folder / "qijourney.sqlite3")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture(scope="module")
def set_up(tmp_path_factory) -> Path:
    """An instance set up unattended, as an install script would."""
    folder = tmp_path_factory.mktemp("instance") / "data"
    done = serve(folder, "--setup-only", *SETUP, "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Set up Northtown Hospitals NHS Trust" in done.stderr
    return folder


def test_the_first_start_sets_up_the_organisation_and_a_central_qi_team_account(set_up):
    organisations = rows(set_up, "SELECT name, kind, code FROM organisations_organisation")
    assert sorted(organisations) == [
        ("Northtown Hospitals NHS Trust", "organisation", "RXX"),
        ("Northtown ICS", "system", ""),
    ]
    [(email, name, staff, superuser, password)] = rows(
        set_up,
        "SELECT email, full_name, is_staff, is_superuser, password FROM organisations_person",
    )
    assert (email, name, staff, superuser) == ("sam.patel@example.nhs.uk", "Sam Patel", 1, 1)
    assert password.startswith("argon2") and PASSWORD not in password
    assert rows(set_up, "SELECT role FROM organisations_roleassignment") == [("central_qi_team",)]
    audited = rows(set_up, "SELECT action, subject_type FROM audit_auditevent ORDER BY id")
    assert audited[-1] == ("create", "organisations.Person")
    assert oct(set_up.stat().st_mode & 0o777) == "0o700"


def test_setting_up_needs_every_detail_and_a_strong_password_and_writes_nothing_otherwise(
    tmp_path,
):
    folder = tmp_path / "data"
    missing = serve(folder, "--setup-only", "--email", "sam@example.nhs.uk")
    assert missing.returncode == 2
    assert "give --organisation, --full-name" in missing.stderr
    weak = serve(
        folder,
        "--setup-only",
        *SETUP[:-4],
        "--email",
        "not an address",
        "--full-name",
        "Sam Patel",
        "--password-stdin",
        stdin="short\n",
    )
    assert weak.returncode == 2
    assert "--email: Enter a valid email address" in weak.stderr
    assert "the password: This password is too short" in weak.stderr
    assert rows(folder, "SELECT count(*) FROM organisations_organisation") == [(0,)]
    assert rows(folder, "SELECT count(*) FROM organisations_person") == [(0,)]


def test_a_set_up_instance_is_never_set_up_again(set_up):
    again = serve(set_up, "--setup-only", "--organisation", "Another", "--email", "x@example.org")
    assert again.returncode == 0, again.stderr
    assert "first-start options were not used: --organisation, --email" in again.stderr
    assert len(rows(set_up, "SELECT id FROM organisations_organisation")) == 2


def test_the_demo_and_a_real_instance_refuse_each_others_folders(set_up, tmp_path):
    demo = subprocess.run(
        [str(SCRIPT), "demo", "--data-dir", str(set_up), "--setup-only", "--reset"],
        env=environment(set_up),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 2
    assert "--reset never deletes it" in demo.stderr
    assert (set_up / "qijourney.sqlite3").exists()
    demo = subprocess.run(
        [str(SCRIPT), "demo", "--data-dir", str(set_up), "--setup-only"],
        env=environment(set_up),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 2
    assert "holds an instance's real data" in demo.stderr
    assert len(rows(set_up, "SELECT id FROM organisations_organisation")) == 2

    demo_folder = tmp_path / "demo"
    demo_folder.mkdir()
    (demo_folder / "demo-sign-in.txt").write_text("the demo's sign-in sheet")
    refused = serve(demo_folder, "--setup-only", *SETUP, "--password-stdin", stdin=PASSWORD)
    assert refused.returncode == 2
    assert "holds the demo's synthetic data" in refused.stderr
    assert not (demo_folder / "qijourney.sqlite3").exists()


def test_an_older_release_is_upgraded_in_place_after_a_backup(tmp_path):
    folder = tmp_path / "data"
    database = migrate(folder, "capability", "0001")  # before capability ladders had slugs
    with sqlite3.connect(database) as db:
        add_organisation(db, "Kept through the upgrade")
    (folder / "secret-key").write_text("the instance's own key")

    done = serve(folder, "--setup-only")
    assert done.returncode == 0, done.stderr
    assert "Upgraded the database" in done.stderr
    assert rows(folder, "SELECT name FROM organisations_organisation") == [
        ("Kept through the upgrade",)
    ]
    assert ("capability", "0002_ladders_and_slugs") in rows(
        folder, "SELECT app, name FROM django_migrations"
    )
    [copy] = (folder / "backups").iterdir()
    with zipfile.ZipFile(copy) as archive:
        assert "capability" in archive.read("manifest.json").decode()
        assert "files/secret-key" in archive.namelist()

    again = serve(folder, "--setup-only")
    assert "The database is up to date" in again.stderr
    assert len(list((folder / "backups").iterdir())) == 1  # no copy when nothing changes
    later = subprocess.run(
        [str(SCRIPT), "backup", "--data-dir", str(folder), str(tmp_path / "later.zip")],
        env=environment(folder),
        capture_output=True,
        text=True,
    )
    assert later.returncode == 0, later.stderr
    with zipfile.ZipFile(tmp_path / "later.zip") as archive:
        assert not [n for n in archive.namelist() if n.startswith("files/backups/")]


@pytest.mark.slow
def test_the_served_instance_lets_its_first_account_sign_in(set_up):
    port, log = free_port(), set_up.parent / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(SCRIPT), "serve", "--data-dir", str(set_up), "--port", str(port)],
            env=environment(set_up),
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        cookies = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        for _ in range(100):
            try:
                page = browser.open(f"{base}/sign-in/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not answer: {log.read_text()}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "username": "sam.patel@example.nhs.uk",
            "password": PASSWORD,
        }
        request = urllib.request.Request(
            f"{base}/sign-in/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": f"{base}/sign-in/", "Origin": base},
        )
        home = browser.open(request, timeout=30)
        assert home.geturl() == f"{base}/"
        assert "Sam Patel" in home.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_purging_what_was_deleted_long_ago_runs_on_an_instance_and_refuses_an_empty_folder(
    set_up, tmp_path
):
    purged = subprocess.run(
        [str(SCRIPT), "purge-deleted", "--data-dir", str(set_up)],
        env=environment(set_up),
        capture_output=True,
        text=True,
    )
    assert purged.returncode == 0, purged.stderr
    assert "Removed 0 item(s) deleted over 90 days ago" in purged.stderr
    empty = subprocess.run(
        [str(SCRIPT), "purge-deleted", "--data-dir", str(tmp_path / "none")],
        env=environment(tmp_path / "none"),
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 2 and "there is no instance" in empty.stderr


def test_a_second_start_during_an_upgrade_waits_for_the_first_rather_than_migrating_too(
    tmp_path,
):
    import fcntl

    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    with open(folder / "upgrade.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a first `qijourney serve` holds it, migrating
        second = subprocess.Popen(
            [
                str(SCRIPT),
                "serve",
                "--data-dir",
                str(folder),
                "--setup-only",
                *SETUP,
                "--password-stdin",
            ],
            env=environment(folder),
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        said = ""
        while "Another qijourney" not in said:
            line = second.stderr.readline()
            assert line, f"it stopped without waiting: {said}"
            said += line
        assert second.poll() is None  # waiting, nothing migrated
        assert (
            not (folder / "qijourney.sqlite3").exists()
            or rows(folder, "SELECT name FROM sqlite_master WHERE name = 'django_migrations'") == []
        )
        fcntl.flock(lock, fcntl.LOCK_UN)
    _, rest = second.communicate(PASSWORD + "\n", timeout=300)
    assert second.returncode == 0 and "Set up" in rest, said + rest
    assert rows(folder, "SELECT count(*) FROM django_migrations")[0][0] > 0


def test_two_first_starts_at_once_set_the_instance_up_once(tmp_path):
    folder = tmp_path / "data"
    # Each reads its password from a file: one waiting for the other never waits on a pipe.
    password = tmp_path / "password"
    password.write_text(PASSWORD + "\n")
    command = [str(SCRIPT), "serve", "--data-dir", str(folder), "--setup-only", *SETUP]
    with password.open() as first, password.open() as second:
        starts = [
            subprocess.Popen(
                [*command, "--password-stdin"],
                env=environment(folder),
                stdin=given,
                stderr=subprocess.PIPE,
                text=True,
            )
            for given in (first, second)
        ]
        said = [start.communicate(timeout=300)[1] for start in starts]
    assert [start.returncode for start in starts] == [0, 0], said
    assert sum("Set up Northtown Hospitals NHS Trust" in text for text in said) == 1, said
    assert sum("set up already" in text for text in said) == 1, said
    assert len(rows(folder, "SELECT id FROM organisations_organisation")) == 2  # trust + ICS
    assert len(rows(folder, "SELECT id FROM organisations_person")) == 1
