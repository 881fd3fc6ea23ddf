"""Imports in two steps: an upload is checked and shown, kept in the session, and saved only
when its own preview is confirmed.

Each preview carries a random token that its confirm button sends back, so a second upload in
another tab replaces the first and the first tab's button cannot import the wrong file.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError

EXPIRED = "That preview has expired or was replaced: upload the file again"


def stash(request, key: str, *, name: str, rows: list[dict], **extra) -> str:
    """Keep the checked ``rows`` of file ``name`` until confirmed; returns the preview's token."""
    token = secrets.token_urlsafe(16)
    request.session[key] = {"name": name, "token": token, "rows": _to_json(rows), **extra}
    return token


def forget(request, key: str) -> None:
    """Drop any earlier preview (a new upload replaces it)."""
    request.session.pop(key, None)


def confirmed(request, key: str, date_fields: tuple[str, ...]) -> dict | None:
    """The preview this POST confirms (by its token), taken out of the session, with its rows'
    ``date_fields`` as dates again; None when it expired or another upload replaced it."""
    stored = request.session.get(key)
    if not stored or stored["token"] != request.POST.get("token"):
        return None
    del request.session[key]
    _save_now(request.session)
    stored["rows"] = [
        {
            k: (dt.date.fromisoformat(v) if v else None) if k in date_fields else v
            for k, v in row.items()
        }
        for row in stored["rows"]
    ]
    return stored


def _save_now(session) -> None:
    """Save the session with the preview taken out, before anything is imported: saved at the
    response instead, after the import, a database still locked then made Django answer 400
    (SessionInterrupted) for an import that had succeeded. A database too busy now is the
    busy page (503), before anything was saved, and the preview can still be confirmed."""
    try:
        session.save()
    except UpdateError as error:
        if isinstance(error.__context__, OperationalError):  # the session table was locked
            raise error.__context__ from None
        raise SessionInterrupted(
            "Your session ended (you signed out elsewhere) before the upload was confirmed"
        ) from error
    session.modified = False  # nothing left for the response to save


def _to_json(rows: list[dict]) -> list[dict]:
    """Rows the session can hold (JSON): dates as ISO text."""
    return [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()} for row in rows
    ]
