"""The frameworks qijourney ships, written in the project's own words.

They follow the structure of NHS IMPACT (2023), the Health Foundation's account of what
underpins organisation-wide improvement, and common board checks of improvement maturity;
the wording of every statement and level is ours.
"""

# Every statement is scored on the same four-rung ladder.
LEVELS = [
    ("Starting out", "Not yet in place, or only in a few pockets of the organisation."),
    ("Developing", "In place in some parts of the organisation; it depends on the people there."),
    ("Established", "In place across most of the organisation and part of how work is done."),
    (
        "Leading",
        "Embedded everywhere, sustained over years, still improving; others learn from us.",
    ),
]

FRAMEWORKS = {
    "nhs-impact": (
        "NHS IMPACT: the five components",
        "Self-assessment against the five components of organisation-wide improvement.",
        {
            "Shared purpose and vision": [
                "Our improvement vision is written down, agreed by the board and known by staff.",
                "Staff can say how their own work connects to the organisation's priorities.",
                "Patients and communities helped shape the priorities we improve against.",
            ],
            "Investing in people and culture": [
                "Staff feel safe to raise problems and suggest changes.",
                "Teams have protected time to work on improvement.",
                "Patient and carer partners are members of improvement teams.",
            ],
            "Developing leadership behaviours": [
                "Leaders at every level coach rather than direct when problems arise.",
                "Board members go to where the work happens and ask about improvement.",
                "Leaders model one improvement method and use its language.",
            ],
            "Building improvement capability and capacity": [
                "Every role has a defined level of improvement training, and most have had it.",
                "Trained coaches are supporting projects now.",
                "A central improvement team supports the whole organisation.",
            ],
            "Embedding improvement into management systems and processes": [
                "The board reviews performance with statistical process control, not RAG.",
                "Daily and weekly team huddles track measures and act on them.",
                "Improvement work links to the operational plan and the budget.",
            ],
        },
    ),
    "health-foundation": (
        "The four underpinning elements",
        "What holds organisation-wide improvement up: leadership, infrastructure, skills "
        "and culture.",
        {
            "Leadership and governance": [
                "The board treats improvement as the way it delivers its strategy.",
                "Improvement has a named executive lead with the authority to act.",
            ],
            "Infrastructure and resources": [
                "Data for improvement is timely, local and easy to chart.",
                "There is a budget for improvement support and for backfilling staff time.",
            ],
            "Skills and workforce": [
                "Improvement skills appear in job descriptions and appraisals.",
                "Trained staff are linked to projects that use their skills.",
            ],
            "Culture and environment": [
                "Learning from projects is shared across teams and spread.",
                "Failure of a test of change is treated as learning, not blame.",
            ],
        },
    ),
    "board-maturity": (
        "Board improvement maturity check",
        "A short check for the board of its own use of improvement.",
        {
            "Board understanding": [
                "Board members can read an SPC chart and tell signal from noise.",
                "The board asks what is being learned, not only what the numbers are.",
            ],
            "Board practice": [
                "Board papers show variation and assurance icons for key metrics.",
                "The board has completed improvement training together.",
            ],
        },
    ),
}
