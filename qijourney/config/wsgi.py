"""WSGI entry point for any WSGI server (the demo uses waitress)."""

import os

from django.core.wsgi import get_wsgi_application

from qijourney.domain.files import owner_only_umask

# The server process creates the SQLite database and its -wal/-shm files: the owner's alone.
owner_only_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.production")
application = get_wsgi_application()
