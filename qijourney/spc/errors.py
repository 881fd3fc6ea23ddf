"""Errors the engine raises for bad input: each names what is wrong and where."""

from __future__ import annotations

# At most this many problems are listed in the message; the rest are counted.
SHOWN_PROBLEMS = 10


class SPCInputError(ValueError):
    """Input the engine cannot chart truthfully.

    ``problems`` lists one message per offending row (at most a handful are shown), so a
    user can fix them all in one pass rather than one per run.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or []
        shown = self.problems[:SHOWN_PROBLEMS]
        detail = "".join(f"\n  - {p}" for p in shown)
        if len(self.problems) > len(shown):
            detail += f"\n  ... and {len(self.problems) - len(shown)} more"
        super().__init__(message + detail)
