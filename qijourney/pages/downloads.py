"""Files the pages hand out (reports as PDF, Excel or one web page), with a safe file name."""

from __future__ import annotations

from django.http import HttpResponse

DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("text/html; charset=utf-8", "html"),
}


def download(content: bytes | str, kind: str, name: str) -> HttpResponse:
    """An attachment named ``name`` with only letters, digits, spaces, hyphens and
    underscores kept (anything else becomes a space): safe in a header and on any file system.

    >>> download(b"", "pdf", "Board: May/June 2026")["Content-Disposition"]
    'attachment; filename="Board May June 2026.pdf"'
    """
    mime, suffix = DOWNLOADS[kind]
    response = HttpResponse(content, content_type=mime)
    safe = " ".join("".join(c if c.isalnum() or c in "-_" else " " for c in name).split())
    response["Content-Disposition"] = f'attachment; filename="{safe}.{suffix}"'
    return response
