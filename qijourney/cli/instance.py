"""An instance's data folder, opened the same way by every command that serves or keeps it:
owner-only, its database brought up to date in place (with a copy taken first when an
upgrade changes it), and told apart from the demo's so neither ever overwrites the other."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
from pathlib import Path

from qijourney import __version__
from qijourney.cli.backup_command import UPGRADE_BACKUPS, UPGRADE_LOCK, BackupError, backup
from qijourney.domain.files import owner_only_umask, private_folder

DEMO_SIGN_IN = "demo-sign-in.txt"  # only the demo writes it: the folder holds synthetic data


class InstanceError(Exception):
    """A data folder that cannot be used for what was asked, with a message saying why."""


def use_data_folder(given: Path | None) -> Path:
    """Point the settings at ``given`` (or the default folder) and return it, open to its
    owner only; everything this process creates from now on is the owner's alone."""
    owner_only_umask()
    if given is not None:
        os.environ["QIJOURNEY_DATA_DIR"] = str(given.resolve())
    from qijourney.config.settings.base import data_dir

    return private_folder(data_dir())


def waitress_options(*, threads: int) -> dict:
    """How serve and the demo run waitress. It reads a whole body before the app sees any of
    it, so it is told to refuse (413) one longer than any the platform takes, unread."""
    from qijourney.domain.constants import MAX_API_BODY_BYTES, MAX_PAGE_BODY_BYTES

    return {
        "threads": threads,
        "ident": "qijourney",
        "max_request_body_size": max(MAX_API_BODY_BYTES, MAX_PAGE_BODY_BYTES),
    }


def start_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.local")
    import django

    django.setup()


def holds_demo(folder: Path) -> bool:
    return (folder / DEMO_SIGN_IN).exists()


def holds_data() -> bool:
    """Whether the database has an organisation: a fresh, migrated one has none."""
    from django.db import connection

    from qijourney.organisations.models import Organisation

    if "organisations_organisation" not in connection.introspection.table_names():
        return False
    return Organisation.objects.exists()


@contextlib.contextmanager
def upgrade_lock(folder: Path):
    """Only one process at a time brings a data folder up to date (and sets it up): two
    starts at once (two ``serve`` during an upgrade) would run the same migrations together,
    and the second would fail half-way, back up a database the first is changing, or set up
    a second first organisation. The second waits. Call :func:`up_to_date` inside it."""
    with open(folder / UPGRADE_LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"Another qijourney is bringing {folder} up to date; waiting for it to finish...",
                file=sys.stderr,
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def bring_up_to_date(folder: Path, *, backup_first: bool = True) -> str:
    """:func:`up_to_date` under the folder's upgrade lock."""
    with upgrade_lock(folder):
        return up_to_date(folder, backup_first=backup_first)


def up_to_date(folder: Path, *, backup_first: bool = True) -> str:
    """Run the migrations this release has and the database lacks, on the data in place.

    When they would change a database that holds data, a backup is written to the data
    folder's ``backups/`` first, so an upgrade can always be undone. Returns what was done,
    for the person starting the instance.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    pending = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    if not pending:
        return "The database is up to date."
    copy = None
    if backup_first and holds_data():
        copy = _backup_before_upgrade(folder)
    print(f"Bringing the database up to date ({len(pending)} changes)...", file=sys.stderr)
    call_command("migrate", interactive=False, verbosity=0)
    if copy is None:
        return f"The database is ready ({len(pending)} changes applied)."
    return (
        f"Upgraded the database to qijourney {__version__} ({len(pending)} changes applied). "
        f"A copy from before the upgrade is in {copy}."
    )


def _backup_before_upgrade(folder: Path) -> Path:
    backups = private_folder(folder / UPGRADE_BACKUPS)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"before-upgrade-to-{__version__}-{stamp}.zip"
    print(f"Backing up before the upgrade to {target}...", file=sys.stderr)
    try:
        backup(target, data_dir=folder)
    except BackupError as error:
        raise InstanceError(
            f"could not back up before upgrading, so nothing was changed: {error}. Take a "
            "backup yourself ('qijourney backup'), then start again with --no-upgrade-backup"
        ) from error
    return target
