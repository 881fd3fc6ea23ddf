"""Tests: a fixed key, fast password hashing, in-memory SQLite unless DATABASE_URL says otherwise."""

from qijourney.config.settings.base import *  # noqa: F403

SECRET_KEY = "tests-only-not-secret"  # noqa: S105
# Argon2 stays first so tests exercise it; its cost makes little difference at this scale.
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
