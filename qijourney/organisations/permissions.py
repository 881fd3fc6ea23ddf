"""Who may see and do what: the one place it is decided.

Seeing: every read is cut down to the person's organisation by :func:`scoped`.

Doing: each action is a named :class:`Permission`, asked with :func:`can` (a yes or no) or
:func:`require` (refuses with the permission's own message). Services ask inside their
transaction; views ask before they show a form; the API turns the refusal into a 403; templates
ask ``can("change_project", project)`` and say ``refusal("change_action")``.

With an object, its organisation is checked first, the same way for every permission: someone
of another organisation is refused (:data:`ANOTHER_ORGANISATION`). Then the permission's rule,
which reads only the object's own fields (its lead, coach, team, owner), so this module needs
no import from the apps above it. A superuser may do anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from qijourney.organisations.models import Organisation, Person, Role

ANOTHER_ORGANISATION = "That belongs to another organisation"


class Permission(StrEnum):
    START_PROJECT = "start_project"  # in a unit
    CHANGE_PROJECT = "change_project"
    ADD_MEASURE = "add_measure"  # to a project
    CHANGE_MEASURE = "change_measure"
    MANAGE_BOARD_REPORTS = "manage_board_reports"
    MANAGE_TRAINING = "manage_training"
    SEE_STAFF_LIST = "see_staff_list"
    LOG_COACHING = "log_coaching"  # on a project
    RUN_ASSESSMENTS = "run_assessments"
    START_ROUND = "start_round"  # of a self-assessment, for the person's own organisation
    CHANGE_ACTION = "change_action"  # of a self-assessment's action plan
    CHANGE_ANSWER = "change_answer"  # a self-assessment response
    SHARE_WITH_SYSTEM = "share_with_system"  # what the organisation shows its system
    KEEP_CATALOGUE = "keep_catalogue"  # the system's shared indicators
    FEED_INDICATOR = "feed_indicator"  # an organisation's figures for a shared indicator
    WRITE_STORY = "write_story"  # a finished project's learning library story
    RECORD_ADOPTION = "record_adoption"  # a unit adopted another's change idea


def scoped(queryset: QuerySet, person: Person, field: str = "provider") -> QuerySet:
    """``queryset`` cut down to the organisation ``person`` may see (``field`` leads to it)."""
    if person.is_superuser:
        return queryset
    if person.provider_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": person.provider_id})


def is_central_qi(person: Person) -> bool:
    return person.is_superuser or person.has_role(Role.CENTRAL_QI_TEAM)


def manages_organisation(person: Person) -> bool:
    """The central QI team and the executive lead: board reports, training, assessments."""
    return person.is_superuser or (
        person.provider_id is not None
        and person.has_role(Role.CENTRAL_QI_TEAM, Role.EXECUTIVE_LEAD)
    )


def works_on(person: Person, project) -> bool:
    """The project's team, lead, sponsor and coach, and the central QI team."""
    if is_central_qi(person) or person.pk in (
        project.lead_id,
        project.sponsor_id,
        project.coach_id,
    ):
        return True
    return project.team.filter(person=person).exists()


def is_system_level(person: Person) -> bool:
    """Someone whose organisation is the integrated care system itself (its own staff)."""
    return person.provider is not None and person.provider.kind == Organisation.Kind.SYSTEM


def _changes_measure(person: Person, measure) -> bool:
    if measure.project_id:
        return works_on(person, measure.project)
    return manages_organisation(person)  # a board metric of the organisation itself


@dataclass(frozen=True)
class Rule:
    allows: Callable[[Person, object], bool]
    refusal: str
    # What someone of another organisation is told, where it says more than the general answer.
    elsewhere: str = ANOTHER_ORGANISATION
    # A superuser may do anything, except what only the person concerned may (their answers).
    superuser_may: bool = True


RULES: dict[Permission, Rule] = {
    Permission.START_PROJECT: Rule(
        lambda person, unit: True, "", elsewhere="Projects are created in your own organisation"
    ),
    Permission.CHANGE_PROJECT: Rule(
        works_on,
        "Only the project's team, sponsor, coach or the central QI team can change this project",
    ),
    Permission.ADD_MEASURE: Rule(works_on, "Only the project's team can add measures"),
    Permission.CHANGE_MEASURE: Rule(
        _changes_measure, "Only the project's team or the central QI team can change this measure"
    ),
    Permission.MANAGE_BOARD_REPORTS: Rule(
        lambda person, _: manages_organisation(person),
        "Only the central QI team or the executive lead for improvement manage board reports",
    ),
    Permission.MANAGE_TRAINING: Rule(
        lambda person, _: manages_organisation(person),
        "The central QI team or the executive lead manage training",
    ),
    Permission.SEE_STAFF_LIST: Rule(
        lambda person, _: manages_organisation(person),
        "The central QI team or the executive lead see the staff list",
    ),
    Permission.LOG_COACHING: Rule(
        lambda person, project: person.pk == project.coach_id or manages_organisation(person),
        "The project's coach or the central QI team log coaching",
    ),
    Permission.RUN_ASSESSMENTS: Rule(
        lambda person, _: manages_organisation(person),
        "Only the central QI team or the executive lead run assessments",
        elsewhere="Assessments are run by their own organisation",
    ),
    Permission.START_ROUND: Rule(
        lambda person, _: (
            person.provider_id is not None and (person.is_superuser or manages_organisation(person))
        ),
        "Rounds belong to an organisation: the central QI team or the executive lead of one "
        "start them",
        superuser_may=False,
    ),
    Permission.CHANGE_ACTION: Rule(
        lambda person, action: manages_organisation(person) or action.owner_id == person.pk,
        "The action's owner or the central QI team change it",
    ),
    Permission.CHANGE_ANSWER: Rule(
        lambda person, answer: answer.respondent_id == person.pk,
        "You can change only your own answers",
        superuser_may=False,
    ),
    Permission.SHARE_WITH_SYSTEM: Rule(
        lambda person, _: manages_organisation(person),
        "The central QI team or the executive lead decide what the organisation shares",
    ),
    Permission.KEEP_CATALOGUE: Rule(
        lambda person, _: manages_organisation(person) and is_system_level(person),
        "The system's own improvement team keeps its catalogue of shared indicators",
        elsewhere="Each integrated care system keeps its own catalogue",
    ),
    Permission.FEED_INDICATOR: Rule(
        lambda person, _: manages_organisation(person),
        "The central QI team or the executive lead feed the organisation's indicators",
        elsewhere="An organisation feeds only its own figures",
    ),
    Permission.WRITE_STORY: Rule(
        works_on, "Only the project's team, sponsor, coach or the central QI team write its story"
    ),
    Permission.RECORD_ADOPTION: Rule(
        lambda person, unit: True,
        "Adoptions are recorded by the people of the unit that adopted the idea",
        elsewhere="Adoptions are recorded for your own organisation",
    ),
}


def _refusal(person: Person, permission: Permission | str, obj) -> str | None:
    """Why ``person`` may not, or None when they may."""
    rule = RULES[Permission(permission)]
    if person.is_superuser and rule.superuser_may:
        return None
    if obj is not None and obj.provider_id != person.provider_id and not person.is_superuser:
        return rule.elsewhere
    return None if rule.allows(person, obj) else rule.refusal


def can(person: Person, permission: Permission | str, obj=None) -> bool:
    """Whether ``person`` may do ``permission`` (to ``obj``, when it concerns one)."""
    return _refusal(person, permission, obj) is None


def require(person: Person, permission: Permission | str, obj=None) -> None:
    """Refuse with the permission's own message unless ``person`` may."""
    refusal = _refusal(person, permission, obj)
    if refusal is not None:
        raise PermissionDenied(refusal)


def refusal(permission: Permission | str) -> str:
    """What someone who may not is told (for a page that explains instead of offering a form)."""
    return RULES[Permission(permission)].refusal


def require_same_organisation(*objects) -> None:
    """Refuse to join things of different organisations (a team member, a programme, a unit)."""
    if len({obj.provider_id for obj in objects}) > 1:
        raise PermissionDenied(ANOTHER_ORGANISATION)


def require_references_within(owner, fields: dict) -> None:
    """Every object ``fields`` names (an owner, lead, coach, unit, priority, change idea, the
    measures of a list...) belongs to ``owner``'s organisation: the one check, for pages and
    the API alike, that a write links nothing of another organisation. Objects that belong to
    no organisation (a shipped framework's domain) have no ``provider_id`` and pass."""
    named = []
    for value in fields.values():
        items = value if isinstance(value, list | tuple | set | QuerySet) else [value]
        named += [
            item for item in items if isinstance(item, Model) and hasattr(item, "provider_id")
        ]
    require_same_organisation(owner, *named)
