"""Imports in two steps: an upload is checked and shown, kept in the session, and saved only
when its own preview is confirmed.

Each preview carries a random token that its confirm button sends back, so a second upload in
another tab replaces the first and the first tab's button cannot import the wrong file.
"""

from __future__ import annotations

import datetime as dt
import secrets

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
    stored["rows"] = [
        {
            k: (dt.date.fromisoformat(v) if v else None) if k in date_fields else v
            for k, v in row.items()
        }
        for row in stored["rows"]
    ]
    return stored


def _to_json(rows: list[dict]) -> list[dict]:
    """Rows the session can hold (JSON): dates as ISO text."""
    return [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()} for row in rows
    ]
