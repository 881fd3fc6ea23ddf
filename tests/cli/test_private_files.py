"""What the data folder holds is its owner's alone: the folder 0700, the database (with its
-wal and -shm files) and the generated secret key 0600, even when the person starting the
process has a umask that lets others read, and for a database made before this release."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).parents[2] / "manage.py"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def manage(folder: Path, *args: str) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    subprocess.run(
        [sys.executable, str(MANAGE), *args, "--verbosity=0"],
        env={**env, "QIJOURNEY_DATA_DIR": str(folder)},
        check=True,
        preexec_fn=lambda: os.umask(0o022),  # a shared machine's usual umask
        timeout=300,
    )


def test_a_fresh_data_folder_database_and_key_are_the_owners_alone(tmp_path):
    folder = tmp_path / "data"
    manage(folder, "migrate")
    assert mode(folder) == 0o700
    files = {path.name: mode(path) for path in folder.iterdir()}
    assert {"qijourney.sqlite3", "secret-key"} <= set(files)
    assert all(m & 0o077 == 0 for m in files.values()), files
    with sqlite3.connect(folder / "qijourney.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_older_installs_loose_folder_and_database_are_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    database = folder / "qijourney.sqlite3"
    old = sqlite3.connect(database)
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE kept (x)")
    old.commit()  # -wal and -shm now exist beside it, and stay while this connection is open
    try:
        for path in (database, folder / "qijourney.sqlite3-wal", folder / "qijourney.sqlite3-shm"):
            path.chmod(0o644)
        manage(folder, "migrate")
        assert mode(folder) == 0o700
        for end in ("", "-wal", "-shm"):
            assert mode(folder / f"qijourney.sqlite3{end}") == 0o600, end
        assert mode(folder / "secret-key") == 0o600
    finally:
        old.close()
