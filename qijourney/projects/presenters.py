"""Display of projects: aim statements, score labels, the score distribution. No database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from qijourney.domain.exports import csv_cell
from qijourney.formatting import date


def aim_statement(what: str, how_much: str, by_when, for_whom: str) -> str:
    """The aim in one sentence, from its four parts.

    >>> import datetime as dt
    >>> aim_statement("Reduce falls", "by 30%", dt.date(2026, 3, 31), "patients on ward 4")
    'Reduce falls by 30% by 31 March 2026 for patients on ward 4.'
    >>> aim_statement("", "", None, "")
    ''
    """
    parts = [
        what,
        how_much,
        f"by {date(by_when)}" if by_when else "",
        f"for {for_whom}" if for_whom else "",
    ]
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return f"{text}." if text else ""


def score_label(score: Decimal, labels: dict[Decimal, str]) -> str:
    """ "3.0 – Modest improvement", or the bare score when the scale has no such level."""
    label = labels.get(Decimal(score))
    return f"{Decimal(score):.1f} – {label}" if label else f"{Decimal(score):.1f}"


@dataclass
class Bar:
    score: str
    label: str
    count: int
    percent: int


def distribution(scores: list[Decimal], labels: dict[Decimal, str]) -> list[Bar]:
    """How many projects sit at each level of the scale, for a bar chart people can read.

    >>> bars = distribution([Decimal("1.0"), Decimal("1.0"), Decimal("3.0")],
    ...                     {Decimal("1.0"): "Team", Decimal("3.0"): "Modest"})
    >>> [(b.score, b.count, b.percent) for b in bars]
    [('1.0', 2, 100), ('3.0', 1, 50)]
    """
    counts = Counter(Decimal(s) for s in scores)
    most = max(counts.values(), default=0)
    return [
        Bar(
            f"{level:.1f}",
            label,
            counts.get(level, 0),
            round(100 * counts.get(level, 0) / most) if most else 0,
        )
        for level, label in sorted(labels.items())
    ]


def scale_labels(levels) -> dict[Decimal, str]:
    """``{score: label}`` of an organisation's progress scale levels."""
    return {level.score: level.label for level in levels}


PORTFOLIO_COLUMNS = [
    "id",
    "title",
    "unit",
    "priority",
    "method",
    "phase",
    "status",
    "progress_score",
    "lead",
    "coach",
    "patient_partners",
    "aim",
]


def portfolio_row(p) -> list:
    """One project as a row of the portfolio's CSV export (see PORTFOLIO_COLUMNS): what people
    typed as text a spreadsheet shows and never runs (``csv_cell``), the id and score as
    numbers."""
    return [
        csv_cell(value)
        for value in (
            p.pk,
            p.title,
            p.unit.name,
            p.priority.title if p.priority else "",
            p.get_method_display(),
            p.get_phase_display(),
            p.get_status_display(),
            Decimal(p.progress_score).quantize(Decimal("0.1")),
            p.lead or "",
            p.coach or "",
            "yes" if p.has_patient_partner else "no",
            aim_statement(p.aim_what, p.aim_how_much, p.aim_by_when, p.aim_for_whom),
        )
    ]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def reach_sentence(reach, subject: str = "This project's ideas", plural: bool = True) -> str:
    """How far ideas travelled, naming only the places that may be named.

    >>> from types import SimpleNamespace as R
    >>> print(reach_sentence(R(units=3, organisations=2, named=[("Riverside", "Crisis team")],
    ...                  unnamed_units=2, unnamed_organisations=1)))
    This project's ideas travelled to 3 units in 2 organisations: Crisis team (Riverside) and
    2 units in another organisation.
    >>> reach_sentence(R(units=0, organisations=0, named=[], unnamed_units=0,
    ...                  unnamed_organisations=0))
    "This project's ideas have not travelled yet."
    >>> reach_sentence(R(units=0), "This idea", plural=False)
    'This idea has not travelled yet.'
    """
    if not reach.units:
        return f"{subject} {'have' if plural else 'has'} not travelled yet."
    places = [f"{unit} ({organisation})" for organisation, unit in reach.named]
    if reach.unnamed_units:
        others = (
            "another organisation"
            if reach.unnamed_organisations == 1
            else f"{reach.unnamed_organisations} other organisations"
        )
        places.append(f"{_count(reach.unnamed_units, 'unit')} in {others}")
    listed = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    where = f"{_count(reach.units, 'unit')} in {_count(reach.organisations, 'organisation')}"
    return f"{subject} travelled to {where}: {listed}."


# Progress score bands a system compares organisations on (each may word its scale its way).
SCORE_BANDS = (
    ("Getting started (up to 2.0)", Decimal("0"), Decimal("2.0")),
    ("Testing changes (2.5)", Decimal("2.5"), Decimal("2.5")),
    ("Improvement seen (3.0 and above)", Decimal("3.0"), Decimal("5.0")),
)


def score_bands(by_score: dict) -> list[tuple[str, int]]:
    """Active projects per score band.

    >>> [n for _, n in score_bands({Decimal("1.0"): 2, Decimal("2.5"): 1, Decimal("4.0"): 3})]
    [2, 1, 3]
    """
    return [
        (label, sum(n for score, n in by_score.items() if low <= score <= high))
        for label, low, high in SCORE_BANDS
    ]
