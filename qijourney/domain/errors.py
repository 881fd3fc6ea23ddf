"""The one error the readers raise: a message for the person who sent the file."""

from __future__ import annotations

import numpy as np


class TableError(Exception):
    """A file that cannot be read or written, with a message for the user."""


def numbered(rows, n: int):
    """The row numbers to show for a column of ``n`` rows: ``rows``, or from 1 when None.
    Called only when there is something to report, so a column of millions of rows that reads
    cleanly never builds them."""
    return np.arange(1, n + 1) if rows is None else np.asarray(rows)


def quoted(value, most: int = 60) -> str:
    """A value as a message quotes it, cut to ``most`` characters with an ellipsis and its
    length, so one huge cell cannot make a huge message (or page).

    >>> quoted("Ward 1"), quoted("x" * 1000, most=5)
    ("'Ward 1'", "'xxxxx…' (1,000 characters)")
    """
    text = str(value)
    if len(text) <= most:
        return repr(text)
    return f"{text[:most] + '…'!r} ({len(text):,} characters)"


def rows_text(rows, shown: int = 5, noun: str = "row") -> str:
    """Row numbers for a message: the first few, then how many more.

    >>> rows_text([2]), rows_text([2, 3, 4]), rows_text(range(2, 12))
    ('row 2', 'rows 2, 3 and 4', 'rows 2, 3, 4, 5, 6 and 5 more')
    """
    rows = [int(r) for r in rows]
    if len(rows) == 1:
        return f"{noun} {rows[0]}"
    head = ", ".join(str(r) for r in rows[:shown])
    if len(rows) > shown:
        return f"{noun}s {head} and {len(rows) - shown} more"
    return f"{noun}s {', '.join(str(r) for r in rows[:-1])} and {rows[-1]}"
