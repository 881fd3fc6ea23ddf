from pathlib import Path

from django.apps import AppConfig
from django.db.backends.signals import connection_created

from qijourney.domain.files import make_private


def private_sqlite_files(sender, connection, **kwargs) -> None:
    """A SQLite database (and its -wal and -shm files, which SQLite gives the database file's
    mode) is readable by its owner only, also one made before this release or under a loose
    umask. Runs once per new connection, which CONN_MAX_AGE keeps for many requests."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    database = Path(connection.settings_dict["NAME"])
    make_private(*(database.with_name(database.name + end) for end in ("", "-wal", "-shm")))


class WebConfig(AppConfig):
    name = "qijourney.web"
    verbose_name = "Shared pages and layout"

    def ready(self):
        connection_created.connect(private_sqlite_files, dispatch_uid="private_sqlite_files")
