import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month.

    >>> add_months(dt.date(2025, 11, 20), 3)
    datetime.date(2026, 2, 1)
    """
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)
