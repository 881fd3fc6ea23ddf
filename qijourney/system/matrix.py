"""The system's integrated report: every provider's monthly series of every indicator through
the engine in one call, laid out as an indicator × trust table (and a GP practice × indicator
table when the system feeds its practices) of variation and assurance icons."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qijourney.reports.build import period_text
from qijourney.reports.system import Cell, MatrixReport, MatrixTable
from qijourney.spc import SPCInputError, analyse
from qijourney.system.comparison import chart_of


def summaries(frames: dict[int, pd.DataFrame], indicators) -> dict[tuple[int, int], dict]:
    """``{(indicator id, unit id): the engine's summary row}`` in one engine call."""
    settings = {i.pk: i for i in indicators}
    parts = [
        frame.assign(
            indicator=pk,
            chart=chart_of(settings[pk]),
            direction=settings[pk].direction,
            target=settings[pk].target,
            scale=float(settings[pk].multiplier),
        )
        for pk, frame in frames.items()
        if len(frame)
    ]
    if not parts:
        return {}
    long = pd.concat(parts, ignore_index=True)
    long = long[long["denominator"] > 0].sort_values(["indicator", "unit", "period"])
    long["target"] = long["target"].astype(float)
    try:
        result = analyse(
            long,
            numerator="numerator",
            denominator="denominator",
            date="period",
            series=["indicator", "unit"],
            chart_column="chart",
            improvement_column="direction",
            target_column="target",
            multiplier_column="scale",
        )
    except SPCInputError:
        return {}
    return {
        (int(row["indicator"]), int(row["unit"])): row
        for row in result.summary.to_dict(orient="records")
    }


def cell(found: dict, indicator, unit, visible: set[int], yours, system_feed: bool) -> Cell:
    """The cell of ``unit`` for ``indicator``: its icons, or why there are none."""
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
    if unit.pk == yours or system_feed:
        return Cell(indicator.pk, unit.pk, "no_figures")
    if unit.pk in visible:  # shared, but only with those who share their own
        return Cell(indicator.pk, unit.pk, "share_to_see")
    return Cell(indicator.pk, unit.pk, "not_shared")


def matrix(data, *, system: str, today: dt.date | None = None) -> MatrixReport:
    """The integrated report of ``data`` (``selectors.comparison.MatrixFigures``)."""
    found = summaries(data.frames, data.indicators)
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
                            cell(found, i, t, data.visible[i.pk], data.yours, False)
                            for t in data.trusts
                        ],
                    )
                    for i in data.indicators
                ],
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
                    (p.name, [cell(found, i, p, data.visible[i.pk], data.yours, True) for i in fed])
                    for p in data.practices
                ],
            )
        )
    return MatrixReport(
        title="Integrated report of the system",
        system=system,
        generated=today or dt.date.today(),
        tables=tables,
    )
