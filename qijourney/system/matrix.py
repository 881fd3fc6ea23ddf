"""The system's integrated report: every provider's monthly series of each indicator through
the engine (one call per indicator, so that one indicator's figures the engine refuses blank
only its row, which says why), laid out as an indicator × trust table (and a GP practice ×
indicator table when the system feeds its practices) of variation and assurance icons. A
running total is not charted (see ``comparison.RUNNING_TOTAL``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qijourney.reports.build import period_text
from qijourney.reports.system import Cell, MatrixReport, MatrixTable
from qijourney.system.comparison import running_total, spc_of

RUNNING_TOTAL_NOTE = (
    "A running total: compared at its latest figure on the funnel, not charted over time "
    "(its rise through every season would read as special cause)."
)


def summaries(
    frames: dict[int, pd.DataFrame], indicators
) -> tuple[dict[tuple[int, int], dict], dict[int, str]]:
    """``{(indicator id, unit id): the engine's summary row}``, one engine call per indicator,
    and ``{indicator id: why its figures are not charted}`` (a running total, or figures the
    engine refuses: its words)."""
    found, problems = {}, {}
    for indicator in indicators:
        frame = frames.get(indicator.pk)
        if frame is None or not len(frame):
            continue
        if running_total(indicator):
            problems[indicator.pk] = RUNNING_TOTAL_NOTE
            continue
        spc = spc_of(frame, indicator)
        if spc.summary is None:
            if spc.refused:
                problems[indicator.pk] = f"Not charted: {spc.refused}"
            continue
        for row in spc.summary.to_dict(orient="records"):
            found[(indicator.pk, int(row["unit"]))] = row
    return found, problems


def cell(
    found: dict, indicator, unit, visible: set[int], yours, system_feed: bool, fed=frozenset()
) -> Cell:
    """The cell of ``unit`` for ``indicator``: its icons, or why there are none. ``fed`` are
    the units with figures the person may see of an indicator that is not charted."""
    row = found.get((indicator.pk, unit.pk))
    if row is not None:
        return Cell(
            indicator.pk,
            unit.pk,
            "shown",
            variation=str(row["variation_icon"] or ""),
            assurance=str(row["assurance_icon"] or ""),
            latest_value=float(row["latest_value"]),
            latest_date=period_text(row["latest_date"]),
        )
    if unit.pk in fed:
        return Cell(indicator.pk, unit.pk, "not_charted")
    if unit.pk == yours or system_feed:
        return Cell(indicator.pk, unit.pk, "no_figures")
    if unit.pk in visible:  # shared, but only with those who share their own
        return Cell(indicator.pk, unit.pk, "share_to_see")
    return Cell(indicator.pk, unit.pk, "not_shared")


def matrix(data, *, system: str, today: dt.date | None = None) -> MatrixReport:
    """The integrated report of ``data`` (``selectors.comparison.MatrixFigures``)."""
    found, problems = summaries(data.frames, data.indicators)

    def fed_units(indicator) -> frozenset[int]:
        """The units with figures of an indicator that is not charted."""
        if indicator.pk not in problems:
            return frozenset()
        return frozenset(int(u) for u in data.frames[indicator.pk]["unit"])

    def notes(indicators) -> list[tuple[str, str]]:
        return [(i.name, problems[i.pk]) for i in indicators if i.pk in problems]

    tables = []
    if data.trusts and data.indicators:
        tables.append(
            MatrixTable(
                title="Trusts",
                row_heading="Indicator",
                columns=[t.name for t in data.trusts],
                rows=[
                    (
                        i.name,
                        [
                            cell(found, i, t, data.visible[i.pk], data.yours, False, fed_units(i))
                            for t in data.trusts
                        ],
                    )
                    for i in data.indicators
                ],
                notes=notes(data.indicators),
            )
        )
    fed = [i for i in data.indicators if (data.frames[i.pk]["level"] == "practices").any()]
    if data.practices and fed:
        tables.append(
            MatrixTable(
                title="GP practices",
                row_heading="GP practice",
                columns=[i.name for i in fed],
                rows=[
                    (
                        p.name,
                        [
                            cell(found, i, p, data.visible[i.pk], data.yours, True, fed_units(i))
                            for i in fed
                        ],
                    )
                    for p in data.practices
                ],
                notes=notes(fed),
            )
        )
    return MatrixReport(
        title="Integrated report of the system",
        system=system,
        generated=today or dt.date.today(),
        tables=tables,
    )
