"""The demo, development and ``qijourney serve``: a generated secret key kept in the data
folder (the folder open to its owner only, the key readable by its owner only); host names
beyond localhost from QIJOURNEY_ALLOWED_HOSTS (``serve --allowed-host``)."""

import os
import secrets

from qijourney.config.settings.base import *  # noqa: F403
from qijourney.config.settings.base import ALLOWED_HOSTS, data_dir
from qijourney.domain.files import private_folder, write_private


def _secret_key() -> str:
    path = private_folder(data_dir()) / "secret-key"
    if not path.exists():
        write_private(path, secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    *ALLOWED_HOSTS,
    *(name.strip() for name in os.environ.get("QIJOURNEY_ALLOWED_HOSTS", "").split(",") if name),
]
