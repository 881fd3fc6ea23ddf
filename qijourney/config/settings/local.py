"""The demo, development and ``qijourney serve``: a generated secret key kept in the data
folder; host names beyond localhost from QIJOURNEY_ALLOWED_HOSTS (``serve --allowed-host``)."""

import os
import secrets

from qijourney.config.settings.base import *  # noqa: F403
from qijourney.config.settings.base import ALLOWED_HOSTS, data_dir


def _secret_key() -> str:
    path = data_dir() / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    *ALLOWED_HOSTS,
    *(name.strip() for name in os.environ.get("QIJOURNEY_ALLOWED_HOSTS", "").split(",") if name),
]
