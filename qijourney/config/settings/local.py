"""Development and the demo on one's own machine: a generated secret key kept in the data folder
(the folder open to its owner only, the key readable by its owner only)."""

import secrets

from qijourney.config.settings.base import *  # noqa: F403
from qijourney.config.settings.base import data_dir
from qijourney.domain.files import private_folder, write_private


def _secret_key() -> str:
    path = private_folder(data_dir()) / "secret-key"
    if not path.exists():
        write_private(path, secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
