"""Programme ladders an organisation can start from, in our own words. Each is an example to
edit: organisations rename, add and remove programmes in the admin or on the programme pages."""

from __future__ import annotations

# offer -> [(name, tier, audience, hours, qualifies_as, description)]; an offer's programmes
# form one ladder named after it, except those listed in OWN_LADDER.
SCHEMES: dict[str, list[tuple[str, int, str, float, str, str]]] = {
    "Dosing tiers": [
        (
            "Improvement introduction",
            1,
            "Every member of staff",
            2,
            "",
            "Why we improve, the Model for Improvement's three questions, and where to get help.",
        ),
        (
            "Improvement practitioner",
            2,
            "Managers and team leaders",
            21,
            "",
            "Several days spread over months while running a real project: aims, measures "
            "on run and SPC charts, driver diagrams, PDSA cycles, involving patients.",
        ),
        (
            "Improvement coach",
            3,
            "Experienced practitioners who will support teams",
            35,
            "coach",
            "Coaching teams through a project: the conversations, the stuck points, the "
            "measurement questions, and keeping momentum.",
        ),
        (
            "Improvement advisor",
            4,
            "Those who will lead large programmes and teach",
            120,
            "improvement_advisor",
            "A year-long programme in improvement science, complex measurement and "
            "programme design.",
        ),
        (
            "Board improvement development",
            1,
            "Board members and executive leads",
            7,
            "",
            "What a board asks of improvement: reading SPC instead of red-amber-green, "
            "building capability, and the board's part in a learning system.",
        ),
    ],
    "Bronze, silver, gold": [
        (
            "Bronze",
            1,
            "Every member of staff",
            3,
            "",
            "An introduction to improvement and its basic tools, often as e-learning.",
        ),
        (
            "Silver",
            2,
            "Staff who will take part in or lead a project",
            14,
            "",
            "Running a project with a team: measurement for improvement and tests of change.",
        ),
        (
            "Gold",
            3,
            "Those who will lead complex projects and support others",
            35,
            "coach",
            "Leading complex work, coaching other teams, and teaching the method.",
        ),
    ],
    "QSIR levels": [
        (
            "QSIR fundamentals",
            1,
            "Any member of staff",
            7,
            "",
            "One day on the core tools of service improvement and redesign.",
        ),
        (
            "QSIR practitioner",
            2,
            "Staff leading improvement in their service",
            35,
            "",
            "Five days over several months applying the tools to a live project.",
        ),
        (
            "QSIR associate",
            3,
            "Practitioners who will teach the programme",
            21,
            "coach",
            "Preparing experienced practitioners to deliver the programme and coach others.",
        ),
    ],
}

# Board development is not a rung above coaching: it is a ladder of its own.
OWN_LADDER = {"Board improvement development": "Board development"}

# The ladder the demo trust uses, and the plan that goes with it:
# (programme, role group, managers only, target %, basis)
EXAMPLE_PLAN = [
    ("Improvement introduction", "", False, 15, "per_year"),
    ("Improvement practitioner", "", True, 100, "ever"),
    ("Board improvement development", "Board", False, 100, "ever"),
]
