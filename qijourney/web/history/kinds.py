"""The kinds of item that have a History page, named by the path segment of their URLs."""

from __future__ import annotations

from dataclasses import dataclass, field

from qijourney.assessment.models import Action, AssessmentRound
from qijourney.capability.models import Cohort, DosingTarget, Enrolment, Evaluation, StaffMember
from qijourney.learning.models import Story
from qijourney.measures import selectors as measure_selectors
from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.permissions import Permission
from qijourney.projects import selectors as project_selectors
from qijourney.projects.models import DriverNode, PDSACycle, Project
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    noun: str
    # What the item's organisation is reached through, for scoping reads.
    scope: str
    # The permission to see its history and undo (the one for changing it), and how to
    # reach the object it is asked of.
    permission: Permission
    owner: str = ""  # an attribute of the item ("" is the item itself)
    # Items whose versions show on this item's page: (model, the field naming this item).
    parts: tuple = field(default=())
    # Whether its versions may be written back here ("Restore this version").
    undoable: bool = True
    # Whether it may be deleted and restored from Recently deleted (a soft delete). A staff
    # member leaves (a leaving date) and a round closes: neither is deleted (decision 9).
    deletable: bool = True


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "projects",
            Project,
            "project",
            "provider",
            Permission.CHANGE_PROJECT,
            parts=project_selectors.HISTORY_PARTS,
        ),
        Kind(
            "pdsa-cycles",
            PDSACycle,
            "PDSA cycle",
            "project__provider",
            Permission.CHANGE_PROJECT,
            owner="project",
        ),
        Kind(
            "boxes",
            DriverNode,
            "driver diagram box",
            "project__provider",
            Permission.CHANGE_PROJECT,
            owner="project",
        ),
        Kind(
            "measures",
            Measure,
            "measure",
            "provider",
            Permission.CHANGE_MEASURE,
            parts=measure_selectors.HISTORY_PARTS,
        ),
        Kind(
            "points",
            DataPoint,
            "data point",
            "measure__provider",
            Permission.CHANGE_MEASURE,
            owner="measure",
        ),
        Kind(
            "staff",
            StaffMember,
            "staff member",
            "provider",
            Permission.MANAGE_TRAINING,
            parts=((Enrolment, "staff"),),
            deletable=False,
        ),
        Kind(
            "cohorts",
            Cohort,
            "cohort",
            "programme__provider",
            Permission.MANAGE_TRAINING,
            owner="programme",
            # Its enrolments and their evaluations (through the enrolment).
            parts=((Enrolment, "cohort"), (Evaluation, "enrolment__cohort")),
            deletable=False,  # a cohort that did not run is left empty; its history stays
        ),
        Kind(
            "evaluations",
            Evaluation,
            "evaluation",
            "enrolment__cohort__programme__provider",
            Permission.MANAGE_TRAINING,
            deletable=False,  # a score is replaced by a later one, never deleted
        ),
        Kind(
            "actions",
            Action,
            "action",
            "round__provider",
            # Its owner moves it on, as the central QI team does: who may change it.
            Permission.CHANGE_ACTION,
            deletable=False,  # an action is done or dropped by its status, not deleted
        ),
        Kind(
            "targets",
            DosingTarget,
            "dosing plan target",
            "provider",
            Permission.MANAGE_TRAINING,
            undoable=False,  # a target is added or taken off, never changed
        ),
        Kind(
            "rounds",
            AssessmentRound,
            "assessment round",
            "provider",
            Permission.RUN_ASSESSMENTS,
            # Its actions; never its answers: who answered what is the respondent's own
            # (decision 6), and a round's results are shown only as averages.
            parts=((Action, "round"),),
            deletable=False,
        ),
        Kind(
            "stories",
            Story,
            "story",
            "provider",
            Permission.WRITE_STORY,
            owner="project",
            # Its text is rewritten by its team; what publishing froze is never put back.
            undoable=False,
            deletable=False,
        ),
        Kind(
            "indicators",
            Indicator,
            "shared indicator",
            "provider",
            Permission.KEEP_CATALOGUE,
            deletable=False,  # removed from the catalogue on its own page, once no one feeds it
        ),
        Kind(
            "feeds",
            IndicatorFeed,
            "indicator feed",
            "provider",
            Permission.FEED_INDICATOR,
            parts=((IndicatorValue, "feed"),),
            # Sharing is changed (and asked about) on its own page, and figures by upload.
            undoable=False,
            deletable=False,
        ),
    )
}

DELETABLE = [kind for kind in KINDS.values() if kind.deletable]


def kind_of(item) -> Kind:
    return next(kind for kind in KINDS.values() if isinstance(item, kind.model))
