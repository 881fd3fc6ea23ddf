"""Display of capability: the charts of coverage, gaps and trends with the sentences a screen
reader says instead of them. No database."""

from __future__ import annotations

from qijourney.charts.capability import comparison_bars, coverage_bars, coverage_trend
from qijourney.formatting import percent


def plan_chart(plan) -> dict:
    """Each dosing target's coverage against its target, as bars."""
    return coverage_bars(
        [(c.label, c.overall.percent, c.target_percent) for c in plan],
        description="Coverage of each dosing target: "
        + "; ".join(
            f"{c.label} {percent(c.overall.percent)} against {percent(c.target_percent)}"
            for c in plan
        ),
    )


def trend_chart(found, title: str) -> dict:
    """One target's coverage at each month end."""
    return coverage_trend(found.trend, found.target_percent, title=title)


def directorate_chart(found) -> dict:
    """One target's coverage in each directorate."""
    return coverage_bars(
        [(b.name, b.percent, b.target_percent) for b in found.by_directorate],
        title="Coverage by directorate",
        description="Coverage by directorate: "
        + "; ".join(f"{b.name} {percent(b.percent)}" for b in found.by_directorate),
    )


def system_chart(summaries) -> dict:
    """The organisations of the system side by side: any training ever, and in 12 months."""
    return comparison_bars(
        [
            (s.organisation.name, label, value)
            for s in summaries
            for label, value in (
                ("Any improvement training", s.ever_percent),
                ("In the last 12 months", s.last_year_percent),
            )
        ],
        description="Share of each organisation's staff with any improvement training, and "
        "trained in the last 12 months: "
        + "; ".join(
            f"{s.organisation.name} {percent(s.ever_percent)} and {percent(s.last_year_percent)}"
            for s in summaries
        ),
        axis_title="% of staff",
    )
