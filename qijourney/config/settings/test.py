"""Tests: a fixed key; in-memory SQLite unless DATABASE_URL names another database."""

from qijourney.config.settings.base import *  # noqa: F403

SECRET_KEY = "tests-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
