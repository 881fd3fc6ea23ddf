"""``qijourney backup`` and ``qijourney restore``, run as an administrator would: a backup taken
while people write restores to the same tables and files, an older release's backup comes
up to date, and a database with data is never overwritten by accident."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from qijourney.cli.backup_command import backup

SCRIPT = Path(sys.executable).with_name("qijourney")
MANAGE = Path(__file__).parents[2] / "manage.py"


def environment(folder: Path, **extra) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    return {**env, "QIJOURNEY_DATA_DIR": str(folder), **extra}


def migrate(folder: Path, *target: str) -> Path:
    """A data folder whose database is migrated (to ``target``, e.g. an app's older state)."""
    folder.mkdir()
    subprocess.run(
        [sys.executable, str(MANAGE), "migrate", *target, "--verbosity=0"],
        env=environment(folder),
        check=True,
    )
    return folder / "qijourney.sqlite3"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """One freshly migrated database, copied for each test (migrating takes seconds)."""
    return migrate(tmp_path_factory.mktemp("fresh") / "data")


def migrated(fresh: Path, folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(fresh, folder / "qijourney.sqlite3")
    return folder / "qijourney.sqlite3"


def qijourney(*args: str, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args], env=environment(folder), capture_output=True, text=True, timeout=300
    )


def tables(database: Path) -> dict[str, list]:
    """Every table's rows, in order: what must be the same after a restore."""
    db = sqlite3.connect(database)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: db.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        db.close()


def add_organisation(db: sqlite3.Connection, name: str) -> int:
    cursor = db.execute(
        "INSERT INTO organisations_organisation (name, kind, code, improvement_vision) "
        "VALUES (?, 'organisation', '', '')",
        (name,),
    )
    db.execute(
        "UPDATE organisations_organisation SET provider_id = id WHERE id = ?", (cursor.lastrowid,)
    )
    return cursor.lastrowid


@pytest.mark.slow
def test_a_backup_taken_while_people_write_restores_the_same_tables_and_files(tmp_path, fresh):
    source = migrated(fresh, tmp_path / "live")
    (tmp_path / "live" / "secret-key").write_text("the instance's own key")
    (tmp_path / "live" / "outbox").mkdir()
    (tmp_path / "live" / "outbox" / "mail-1.eml").write_text("Subject: data due")
    with sqlite3.connect(source) as db:
        add_organisation(db, "Before the backup")
    stop, written = threading.Event(), []

    def writer(n: int) -> None:
        db = sqlite3.connect(source, timeout=30)
        while not stop.is_set():
            with db:
                written.append(add_organisation(db, f"Writer {n}"))
        db.close()

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        during = backup(tmp_path / "during.zip", data_dir=tmp_path / "live")
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert during["files"] == ["outbox/mail-1.eml", "secret-key"]
    assert oct((tmp_path / "during.zip").stat().st_mode & 0o777) == "0o600"

    done = qijourney("restore", str(tmp_path / "during.zip"), folder=tmp_path / "copy")
    assert done.returncode == 0, done.stderr
    restored = tables(tmp_path / "copy" / "qijourney.sqlite3")
    names = {row[1] for row in restored["organisations_organisation"]}
    assert "Before the backup" in names and len(names) > 1  # taken mid-way: some writes in
    assert {row[1] for row in tables(source)["organisations_organisation"]} >= names
    with sqlite3.connect(tmp_path / "copy" / "qijourney.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    # Once the writers stop, a backup and its restore are the same to the last row and byte.
    after = qijourney("backup", str(tmp_path / "after.zip"), folder=tmp_path / "live")
    assert after.returncode == 0, after.stderr
    again = qijourney("restore", str(tmp_path / "after.zip"), folder=tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert tables(tmp_path / "again" / "qijourney.sqlite3") == tables(source)
    assert (tmp_path / "again" / "secret-key").read_text() == "the instance's own key"
    assert (tmp_path / "again" / "outbox" / "mail-1.eml").read_text() == "Subject: data due"


@pytest.mark.slow
def test_a_backup_from_the_release_before_restores_and_comes_up_to_date(tmp_path):
    # The release before kept a programme's ladder as the label Programme.scheme.
    source = migrate(tmp_path / "old", "capability", "0001_initial")
    with sqlite3.connect(source) as db:
        trust = add_organisation(db, "Northvale")
        db.execute(
            "INSERT INTO capability_programme (provider_id, name, scheme, tier, audience, "
            "description, qualifies_as) "
            "VALUES (?, 'Bronze', 'Bronze, silver, gold', 1, '', '', '')",
            (trust,),
        )
    made = qijourney("backup", str(tmp_path / "old.zip"), folder=tmp_path / "old")
    assert made.returncode == 0, made.stderr
    manifest = json.loads(zipfile.ZipFile(tmp_path / "old.zip").read("manifest.json"))
    assert manifest["migrations"]["capability"] == "0001_initial"

    done = qijourney("restore", str(tmp_path / "old.zip"), folder=tmp_path / "new")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "new" / "qijourney.sqlite3") as db:
        programme = db.execute(
            "SELECT p.slug, l.slug, l.name FROM capability_programme p "
            "JOIN capability_ladder l ON l.id = p.ladder_id"
        ).fetchone()
    assert programme == ("bronze", "bronze-silver-gold", "Bronze, silver, gold")


@pytest.mark.slow
def test_a_database_with_data_is_replaced_only_when_asked(tmp_path, fresh):
    source = migrated(fresh, tmp_path / "live")
    with sqlite3.connect(source) as db:
        add_organisation(db, "Northvale")
    assert qijourney("backup", str(tmp_path / "b.zip"), folder=tmp_path / "live").returncode == 0
    refused = qijourney("restore", str(tmp_path / "b.zip"), folder=tmp_path / "live")
    assert refused.returncode == 2 and "already has data" in refused.stderr
    forced = qijourney("restore", str(tmp_path / "b.zip"), "--force", folder=tmp_path / "live")
    assert forced.returncode == 0, forced.stderr
    kept = list((tmp_path / "live").glob("qijourney.sqlite3.before-restore-*"))
    assert len(kept) == 1 and tables(kept[0]) == tables(source)


def test_what_is_not_a_backup_is_refused_clearly(tmp_path):
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something else"}))
    for name, message in [
        ("notes.zip", "not a zip file"),
        ("other.zip", "not a backup this version"),
        ("missing.zip", "no such file"),
    ]:
        done = qijourney("restore", str(tmp_path / name), folder=tmp_path / "target")
        assert done.returncode == 2 and message in done.stderr, done.stderr
    existing = qijourney("backup", str(tmp_path / "notes.zip"), folder=tmp_path / "target")
    assert existing.returncode == 2 and "exists already" in existing.stderr


@pytest.mark.slow
def test_a_postgresql_instance_is_backed_up_with_pg_dump_and_restored_into_an_empty_database(
    tmp_path, db
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backups are tested in make test's PostgreSQL run")
    import psycopg

    server = connection.settings_dict
    base = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}"
    names = {"source": f"qij_backup_source_{os.getpid()}", "copy": f"qij_backup_copy_{os.getpid()}"}
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        source, copy = (f"{base}/{names[k]}" for k in ("source", "copy"))
        subprocess.run(
            [sys.executable, str(MANAGE), "migrate", "--verbosity=0"],
            env=environment(tmp_path / "live", DATABASE_URL=source),
            check=True,
        )
        with psycopg.connect(source) as live:
            live.execute(
                "INSERT INTO organisations_organisation (name, kind, code, improvement_vision) "
                "VALUES ('Northvale', 'organisation', 'RNV', '')"
            )
        env = environment(tmp_path / "live", DATABASE_URL=source)
        made = subprocess.run(
            [str(SCRIPT), "backup", str(tmp_path / "pg.zip")],
            env=env,
            capture_output=True,
            text=True,
        )
        assert made.returncode == 0, made.stderr
        env = environment(tmp_path / "restored", DATABASE_URL=copy)
        done = subprocess.run(
            [str(SCRIPT), "restore", str(tmp_path / "pg.zip")],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        with psycopg.connect(copy) as restored:
            assert restored.execute("SELECT name FROM organisations_organisation").fetchall() == [
                ("Northvale",)
            ]
        again = subprocess.run(
            [str(SCRIPT), "restore", str(tmp_path / "pg.zip")],
            env=env,
            capture_output=True,
            text=True,
        )
        assert again.returncode == 2 and "already has tables" in again.stderr
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
