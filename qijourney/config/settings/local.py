"""Development and the demo on one's own machine: a generated secret key kept in the data folder."""

import secrets

from qijourney.config.settings.base import *  # noqa: F403
from qijourney.config.settings.base import data_dir


def _secret_key() -> str:
    path = data_dir() / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
