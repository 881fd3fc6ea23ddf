"""The variation and assurance icons of many measures at once: one vectorised engine call,
reading the points exactly as the measure page and the board report do."""

from __future__ import annotations

from collections.abc import Iterable

from qijourney.measures.frames import ENGINE_COLUMNS, metrics_frame
from qijourney.measures.models import Measure
from qijourney.spc import SPCInputError, analyse


def icons_for(measures: Iterable[Measure]) -> dict[int, dict]:
    """``{measure id: summary row}`` for every measure with data (MDC rules)."""
    measures = list(measures)
    if not measures:
        return {}
    frame = metrics_frame(measures)
    if frame.empty:
        return {}
    try:
        result = analyse(frame, series="measure", **ENGINE_COLUMNS)
    except SPCInputError:
        return {}
    return {int(row["measure"]): row for row in result.summary.to_dict(orient="records")}
