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
