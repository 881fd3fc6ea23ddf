"""``qijourney backup`` and ``qijourney restore``: a consistent copy of an instance, taken
while it runs, and put back into an empty data folder (or database).

A backup is one zip file: ``manifest.json`` (what it holds and from which version), the
database (a copy made with SQLite's online backup API, or ``pg_dump``'s custom format when
``DATABASE_URL`` names PostgreSQL), and every other file the data folder keeps (the secret
key, the demo's sign-in sheet, anything later releases keep there) under ``files/``.
Restoring runs the migrations, so a backup from an earlier release comes up to date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from qijourney import __version__
from qijourney.domain.files import owner_only_umask, private_folder, write_private

FORMAT = "qijourney-backup"
FORMAT_VERSION = 1
DATABASE_FILE = "qijourney.sqlite3"
# The database's own files: copied through the backup API, never as files.
DATABASE_FILES = {DATABASE_FILE, *(f"{DATABASE_FILE}-{end}" for end in ("wal", "shm", "journal"))}
PG_DUMP = "database/postgresql.dump"
SQLITE_COPY = f"database/{DATABASE_FILE}"
# The copies an upgrade takes before it migrates: kept in the data folder, never backed up
# again (each backup would otherwise hold all the earlier ones).
UPGRADE_BACKUPS = "backups"
UPGRADE_LOCK = "upgrade.lock"  # held while one process brings the folder's database up to date


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person running it."""


def add_parsers(subparsers) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the database and the data folder's files into one file, while it runs",
        description="Write a consistent snapshot of this instance into FILE (a .zip): the "
        "database (SQLite's online backup, or pg_dump when DATABASE_URL names PostgreSQL) and "
        "every file the data folder keeps, such as the secret key. Safe while the server runs.",
        epilog="example: qijourney backup --data-dir /srv/qijourney backups/$(date +%F).zip",
    )
    backup.add_argument("file", type=Path, help="the backup to write (.zip); not overwritten")
    backup.add_argument("--data-dir", type=Path, help="the instance's data folder")
    backup.set_defaults(run=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="put a backup back into a data folder (or database) that has no data yet",
        description="Restore FILE, written by 'qijourney backup', into a data folder with no "
        "database yet (or, when DATABASE_URL names PostgreSQL, into that empty database), then "
        "run the migrations so a backup from an earlier release comes up to date.",
        epilog="example: qijourney restore backups/2026-12-01.zip --data-dir /srv/qijourney",
    )
    restore.add_argument("file", type=Path, help="a backup written by 'qijourney backup'")
    restore.add_argument("--data-dir", type=Path, help="the data folder to restore into")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace a database that already has data (it is kept beside as a copy first)",
    )
    restore.set_defaults(run=run_restore)


def run_backup(args) -> int:
    try:
        manifest = backup(args.file, data_dir=_folder(args.data_dir))
    except BackupError as error:
        print(f"qijourney backup: {error}", file=sys.stderr)
        return 2
    print(
        f"Backed up {manifest['database']} and {len(manifest['files'])} files to {args.file}",
        file=sys.stderr,
    )
    return 0


def run_restore(args) -> int:
    try:
        manifest = restore(args.file, data_dir=_folder(args.data_dir), force=args.force)
    except BackupError as error:
        print(f"qijourney restore: {error}", file=sys.stderr)
        return 2
    print(
        f"Restored the backup of {manifest['created']} (qijourney {manifest['qijourney']}) and "
        "brought it up to date",
        file=sys.stderr,
    )
    return 0


def _folder(given: Path | None) -> Path:
    owner_only_umask()  # what backup and restore write holds the secret key and everyone's data
    if given is not None:
        os.environ["QIJOURNEY_DATA_DIR"] = str(given.resolve())
    from qijourney.config.settings.base import data_dir

    return data_dir()


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def backup(target: Path, *, data_dir: Path) -> dict:
    """Write the backup of the instance in ``data_dir`` (and DATABASE_URL) to ``target``."""
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    url = _postgres_url()
    database = data_dir / DATABASE_FILE
    if url is None and not database.exists():
        raise BackupError(f"there is no database in {data_dir} to back up")
    upgrade_copies = (data_dir / UPGRADE_BACKUPS).resolve()
    files = [
        path
        for path in sorted(data_dir.rglob("*"))
        if path.is_file()
        and path.name not in DATABASE_FILES
        and path.name != UPGRADE_LOCK  # held by a starting instance, not data
        and not path.name.startswith(f"{DATABASE_FILE}.before-restore-")  # an earlier copy
        and upgrade_copies not in path.resolve().parents
        and path.resolve() != target.resolve()
        and not path.name.startswith(".qijourney-backup-")
    ]
    with tempfile.TemporaryDirectory(prefix=".qijourney-backup-", dir=target.parent) as tmp:
        scratch = Path(tmp)
        if url is None:
            copy = scratch / DATABASE_FILE
            _sqlite_copy(database, copy)
            migrations = _applied_migrations(copy)
        else:
            copy = scratch / "postgresql.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={copy}", url], "pg_dump")
            migrations = {}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "qijourney": __version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": "sqlite" if url is None else "postgresql",
            "migrations": migrations,
            "files": [str(path.relative_to(data_dir)) for path in files],
        }
        partial = scratch / "backup.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
            archive.write(copy, SQLITE_COPY if url is None else PG_DUMP)
            for path in files:
                archive.write(path, f"files/{path.relative_to(data_dir)}")
        partial.chmod(0o600)  # it holds the secret key and everyone's data
        os.replace(partial, target)
    return manifest


def _sqlite_copy(source: Path, copy: Path) -> None:
    """A consistent copy of a live database: SQLite's online backup API, in one read
    transaction, so writers carry on (they wait at most their busy timeout) and the copy
    is the database as it was at one moment."""
    live, snapshot = sqlite3.connect(source, timeout=30), sqlite3.connect(copy)
    try:
        live.backup(snapshot)
    except sqlite3.Error as error:
        raise BackupError(f"could not copy {source}: {error}") from error
    finally:
        snapshot.close()
        live.close()


def _applied_migrations(database: Path) -> dict[str, str]:
    """The last migration applied of each app, as the manifest records it."""
    db = sqlite3.connect(database)
    try:
        return dict(db.execute("SELECT app, name FROM django_migrations ORDER BY id"))
    finally:
        db.close()


def _run(command: list[str], name: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{name} is needed for a PostgreSQL database: install postgresql-client")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()}")


def read_manifest(archive: zipfile.ZipFile, name: str) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(f"{name} is not a qijourney backup (no manifest)") from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{name} is not a backup this version of qijourney can restore")
    return manifest


def restore(source: Path, *, data_dir: Path, force: bool = False) -> dict:
    """Put the backup ``source`` into ``data_dir`` (and DATABASE_URL's database), migrate."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{source} is not a qijourney backup (not a zip file)") from error
    with archive:
        manifest = read_manifest(archive, str(source))
        url = _postgres_url()
        if (manifest["database"] == "postgresql") != (url is not None):
            where = "a PostgreSQL database" if url else "a data folder's SQLite database"
            raise BackupError(
                f"{source} holds a {manifest['database']} database but this instance uses {where}"
            )
        private_folder(data_dir)
        if url is None:
            _restore_sqlite(archive, data_dir, force=force)
        else:
            _restore_postgres(archive, url, force=force)
        for name in manifest["files"]:
            target = data_dir / name
            if data_dir.resolve() not in target.resolve().parents:
                raise BackupError(f"{source} names a file outside the data folder: {name}")
            private_folder(target.parent)
            write_private(target, archive.read(f"files/{name}"))
    _migrate()
    return manifest


def _restore_sqlite(archive: zipfile.ZipFile, data_dir: Path, *, force: bool) -> None:
    database = data_dir / DATABASE_FILE
    if database.exists():
        if _has_data(database) and not force:
            raise BackupError(
                f"{database} already has data: restore into an empty data folder, or give "
                "--force to replace it (it is kept beside as a copy first)"
            )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        # Copied through SQLite, not moved as a file: in WAL mode the latest commits may still
        # be in the -wal file beside it, which a moved file would leave behind.
        _sqlite_copy(database, database.with_name(f"{DATABASE_FILE}.before-restore-{stamp}"))
        for extra in ("", "-wal", "-shm", "-journal"):
            database.with_name(DATABASE_FILE + extra).unlink(missing_ok=True)
    partial = database.with_name(f".{DATABASE_FILE}.restoring")
    write_private(partial, archive.read(SQLITE_COPY))
    os.replace(partial, database)


def _has_data(database: Path) -> bool:
    """Whether the database holds an organisation (a fresh, migrated one holds none)."""
    db = sqlite3.connect(database)
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if "organisations_organisation" not in tables:
            return False
        found = db.execute("SELECT 1 FROM organisations_organisation LIMIT 1").fetchone()
        return found is not None
    finally:
        db.close()


def _restore_postgres(archive: zipfile.ZipFile, url: str, *, force: bool) -> None:
    import psycopg

    with psycopg.connect(url) as db:
        tables = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    if tables and not force:
        raise BackupError(
            "the database DATABASE_URL names already has tables: restore into an empty "
            "database, or give --force to replace them"
        )
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "postgresql.dump"
        dump.write_bytes(archive.read(PG_DUMP))
        command = ["pg_restore", "--no-owner", f"--dbname={url}", str(dump)]
        if tables:
            command[1:1] = ["--clean", "--if-exists"]
        _run(command, "pg_restore")


def _migrate() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.local")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
