"""Display formats shared by pages, reports and exports (dates, scores, measured values,
percentages), and reading an id typed into a form or query."""

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


def exact(value: float | int | None) -> str:
    """A value as it was entered, every digit kept (for checking what will be replaced).

    >>> exact(5.0), exact(12.345), exact(1234567.0), exact(None)
    ('5', '12.345', '1234567', '')
    """
    if value is None or value != value:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def percent(value: float | None, empty: str = "–") -> str:
    """A share as a percentage with at most one decimal, so 14.5% never shows as 15%.

    >>> percent(14.5), percent(15.0), percent(100), percent(None)
    ('14.5%', '15%', '100%', '–')
    """
    if value is None or value != value:
        return empty
    return f"{value:.1f}".removesuffix(".0") + "%"


def parse_id(text: str) -> int | None:
    """A database id typed or sent as text, or None: ASCII digits only, within 64 bits.

    >>> parse_id("42"), parse_id("²"), parse_id("-1"), parse_id("9" * 30)
    (42, None, None, None)
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)
