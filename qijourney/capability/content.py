"""Programme ladders an organisation can start from, in our own words. Each is an example to
edit: organisations rename, add and remove programmes in the admin or on the programme pages.

Everything is keyed by slug; names are only for display."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShippedProgramme:
    slug: str
    name: str
    tier: int
    audience: str
    hours: float
    qualifies_as: str
    description: str
    ladder: str = ""  # the ladder it climbs, when not its example's own


@dataclass(frozen=True)
class Example:
    """A set of programmes to start from; they form one ladder named after the example."""

    slug: str
    name: str
    programmes: tuple[ShippedProgramme, ...]


@dataclass(frozen=True)
class PlanTarget:
    """One target of the example dosing plan (see DosingTarget)."""

    programme: str  # slug
    role_group: str
    managers_only: bool
    percent: float
    basis: str


# Ladder names by slug. Board development is not a rung above coaching: it is its own ladder.
LADDER_NAMES = {
    "dosing-tiers": "Dosing tiers",
    "bronze-silver-gold": "Bronze, silver, gold",
    "qsir-levels": "QSIR levels",
    "board-development": "Board development",
}

EXAMPLES = {
    "dosing-tiers": Example(
        "dosing-tiers",
        "Dosing tiers",
        (
            ShippedProgramme(
                "improvement-introduction",
                "Improvement introduction",
                1,
                "Every member of staff",
                2,
                "",
                "Why we improve, the Model for Improvement's three questions, and where to get "
                "help.",
            ),
            ShippedProgramme(
                "improvement-practitioner",
                "Improvement practitioner",
                2,
                "Managers and team leaders",
                21,
                "",
                "Several days spread over months while running a real project: aims, measures on "
                "run and SPC charts, driver diagrams, PDSA cycles, involving patients.",
            ),
            ShippedProgramme(
                "improvement-coach",
                "Improvement coach",
                3,
                "Experienced practitioners who will support teams",
                35,
                "coach",
                "Coaching teams through a project: the conversations, the stuck points, the "
                "measurement questions, and keeping momentum.",
            ),
            ShippedProgramme(
                "improvement-advisor",
                "Improvement advisor",
                4,
                "Those who will lead large programmes and teach",
                120,
                "improvement_advisor",
                "A year-long programme in improvement science, complex measurement and programme "
                "design.",
            ),
            ShippedProgramme(
                "board-improvement-development",
                "Board improvement development",
                1,
                "Board members and executive leads",
                7,
                "",
                "What a board asks of improvement: reading SPC instead of red-amber-green, "
                "building capability, and the board's part in a learning system.",
                ladder="board-development",
            ),
        ),
    ),
    "bronze-silver-gold": Example(
        "bronze-silver-gold",
        "Bronze, silver, gold",
        (
            ShippedProgramme(
                "bronze",
                "Bronze",
                1,
                "Every member of staff",
                3,
                "",
                "An introduction to improvement and its basic tools, often as e-learning.",
            ),
            ShippedProgramme(
                "silver",
                "Silver",
                2,
                "Staff who will take part in or lead a project",
                14,
                "",
                "Running a project with a team: measurement for improvement and tests of change.",
            ),
            ShippedProgramme(
                "gold",
                "Gold",
                3,
                "Those who will lead complex projects and support others",
                35,
                "coach",
                "Leading complex work, coaching other teams, and teaching the method.",
            ),
        ),
    ),
    "qsir-levels": Example(
        "qsir-levels",
        "QSIR levels",
        (
            ShippedProgramme(
                "qsir-fundamentals",
                "QSIR fundamentals",
                1,
                "Any member of staff",
                7,
                "",
                "One day on the core tools of service improvement and redesign.",
            ),
            ShippedProgramme(
                "qsir-practitioner",
                "QSIR practitioner",
                2,
                "Staff leading improvement in their service",
                35,
                "",
                "Five days over several months applying the tools to a live project.",
            ),
            ShippedProgramme(
                "qsir-associate",
                "QSIR associate",
                3,
                "Practitioners who will teach the programme",
                21,
                "coach",
                "Preparing experienced practitioners to deliver the programme and coach others.",
            ),
        ),
    ),
}

# The ladder the demo trust uses, and the plan that goes with it.
EXAMPLE_PLAN = [
    PlanTarget("improvement-introduction", "", False, 15, "per_year"),
    PlanTarget("improvement-practitioner", "", True, 100, "ever"),
    PlanTarget("board-improvement-development", "Board", False, 100, "ever"),
]
