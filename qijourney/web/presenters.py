"""Display formatting shared by every page (Jinja filters), tested without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def date(value: dt.date | dt.datetime | None, empty: str = "Not set") -> str:
    """A date the NHS way: 1 April 2026.

    >>> date(dt.date(2026, 4, 1))
    '1 April 2026'
    """
    if value is None:
        return empty
    return f"{value.day} {value:%B %Y}"


def score(value: Decimal | float | None) -> str:
    """A progress score with one decimal.

    >>> score(Decimal("3"))
    '3.0'
    """
    return "Not set" if value is None else f"{Decimal(value):.1f}"


def number(value: float | int | None, digits: int = 3) -> str:
    """A measured value with a sensible number of significant figures.

    >>> number(0.8123456), number(1234.5), number(None)
    ('0.812', '1,234', '')
    """
    if value is None or value != value:
        return ""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def icon(name: str | None):
    """An SPC icon as inline SVG with its text, for templates ("" when there is none)."""
    from markupsafe import Markup, escape

    from qijourney.charts.icons import icon_svg, icon_text

    if not name:
        return ""
    return Markup(
        f'<span class="qi-icon">{icon_svg(str(name))}'
        f"<span>{escape(icon_text(str(name)))}</span></span>"
    )


FILTERS = {"date": date, "score": score, "number": number, "icon": icon}


def csrf_once(request) -> dict:
    """A context processor: the CSRF field rendered once per page, not once per form.

    Django's lazy ``csrf_input`` masks the token anew each time it is printed, which costs
    a random draw per character: a table with a form on every row paid it hundreds of times.
    """
    from django.middleware.csrf import get_token
    from markupsafe import Markup, escape

    token = get_token(request)
    field = Markup(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">')
    return {"csrf_input": field, "csrf_token": token}
