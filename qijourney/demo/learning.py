"""The demo's learning library: stories of finished and stopped projects in every organisation,
what the sharing organisations show their system, and two change ideas that spread.

Drawn from a generator of its own (``seed + 11``), after everything else, so the rest of the
demo is the same with or without it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from qijourney.demo.organisations import ORGANISATIONS
from qijourney.learning import selectors, services
from qijourney.learning.models import FrozenChart, FrozenIdea, Story
from qijourney.organisations.models import Organisation, Person, SystemSharing
from qijourney.projects.models import DriverNode, PDSACycle, Project

COMPLETED_PER_ORGANISATION = 3  # stories of completed projects, at least two
STOPPED_PER_ORGANISATION = 1
STOPPED_BELOW = Decimal("2.5")  # changes tested, but no improvement


@dataclass(frozen=True)
class Lesson:
    topic: Story.Topic
    worked: str
    did_not_work: str
    advice: str


# What each of the demo's project topics (projects.TOPICS) taught, in the teams' words.
LESSONS = {
    "Reduce inpatient falls": Lesson(
        Story.Topic.FALLS,
        "Intentional rounding at night, and a falls huddle after every fall within the shift.",
        "Bed alarms: too many false alarms, and staff stopped answering them.",
        "Start with the night team and one bay; show them the run chart every week.",
    ),
    "Cut pressure ulcers": Lesson(
        Story.Topic.PRESSURE_ULCERS,
        "SSKIN bundle checked at every handover, and a skin champion on each shift.",
        "A longer risk assessment form: it took time and changed nothing.",
        "Measure days between ulcers (a g chart) once they become rare.",
    ),
    "Screen for sepsis within an hour": Lesson(
        Story.Topic.SEPSIS,
        "A sepsis screen built into the triage record, with the NEWS2 score prompting it.",
        "Paper screening forms: they were lost between triage and majors.",
        "Work with the informatics team from the first week; the record is the change.",
    ),
    "Faster discharge before noon": Lesson(
        Story.Topic.FLOW,
        "Medicines to take home prescribed the day before, and a 10am discharge huddle.",
        "A discharge lounge on its own: patients still waited for medicines and transport.",
        "Test the day-before prescribing on one ward with one consultant first.",
    ),
    "Reduce missed medication doses": Lesson(
        Story.Topic.MEDICATION,
        "A critical medicines list on the drug trolley and a 'do not disturb' tabard.",
        "Weekly audits fed back by email: nobody read them.",
        "Ask the pharmacists to own the list; nurses to own the tabard.",
    ),
    "Shorter waits in the emergency department": Lesson(
        Story.Topic.URGENT_CARE,
        "A senior clinician at the front door at peak hours, streaming to same day care.",
        "Extra evening shifts without changing the flow: the queue moved, not shrank.",
        "Map the patient's journey with patients before changing the rota.",
    ),
    "Better nutrition on the ward": Lesson(
        Story.Topic.NUTRITION,
        "Protected mealtimes and red trays for patients who need help to eat.",
        "Food charts on paper at the bedside: rarely completed.",
        "Weigh on admission first: everything else follows from knowing who is at risk.",
    ),
    "Kinder night-time care": Lesson(
        Story.Topic.EXPERIENCE,
        "Quiet hours from 11pm, eye masks and ear plugs offered to everyone.",
        "Moving the drug round later: it clashed with the night team's checks.",
        "Ask patients every morning how they slept; the answers moved the team.",
    ),
    "Fewer cancelled operations": Lesson(
        Story.Topic.PLANNED_CARE,
        "Pre-operative phone call three days before, and a reserve list for every session.",
        "Overbooking sessions: cancellations moved to the end of the day.",
        "Find out why each operation was cancelled; half were avoidable the day before.",
    ),
    "Quicker first contact from the crisis team": Lesson(
        Story.Topic.MENTAL_HEALTH,
        "One number and a triage nurse on every shift, with call-backs booked in slots.",
        "A web form: people in crisis wanted to talk to someone.",
        "Involve people who have used the service in designing the first call.",
    ),
    "Improve insulin safety": Lesson(
        Story.Topic.MEDICATION,
        "Insulin passports for patients and a diabetes link nurse on each ward.",
        "E-learning alone: completion went up, errors did not come down.",
        "Review every insulin error with the team within a week.",
    ),
    "Timely district nurse visits": Lesson(
        Story.Topic.COMMUNITY,
        "Visits planned by geography each morning, with a shared caseload board.",
        "Fixed time slots promised to patients: traffic made them impossible.",
        "Tell patients a two-hour window and ring when on the way.",
    ),
    "Joy in work on the ward": Lesson(
        Story.Topic.STAFF,
        "Asking 'what matters to you?' at huddles, and fixing one small thing each week.",
        "A wellbeing room no one had time to use.",
        "Small fixes the team chooses beat big programmes chosen for them.",
    ),
    "Greener anaesthesia": Lesson(
        Story.Topic.SUSTAINABILITY,
        "Taking desflurane off the machines, with sevoflurane and TIVA as defaults.",
        "Posters asking anaesthetists to choose greener gases.",
        "Make the greener choice the default; asking people to remember does not last.",
    ),
    "Reduce repeat prescriptions errors": Lesson(
        Story.Topic.COMMUNITY,
        "Repeat requests through one route, checked by a pharmacist before signing.",
        "Accepting requests by phone, email and in person: errors came from the hand-offs.",
        "Agree the one route with the community pharmacies before telling patients.",
    ),
}


def _lesson(project: Project) -> tuple[str, Lesson]:
    for title, lesson in LESSONS.items():
        if project.title.startswith(title):
            return title, lesson
    return project.title, Lesson(Story.Topic.OTHER, "", "", "")


def build(seed: int, today: dt.date) -> None:
    """Stories for each organisation's finished projects (a few completed, one stopped),
    each published with its charts frozen; stories shared where the organisation shares with
    its system; an idea adopted and a project copied across organisations."""
    rng = random.Random(seed + 11)
    _share()
    stories: dict[str, list[Story]] = {}
    for provider in Organisation.objects.filter(kind=Organisation.Kind.ORGANISATION).order_by("pk"):
        projects = list(Project.objects.filter(provider=provider).order_by("pk"))
        finished = _finish(rng, projects, today)
        stories[provider.code] = [_story(rng, project, today) for project in finished]
    _spread(stories, today)


def _share() -> None:
    """The organisations that share with their system share their stories too."""
    for spec in ORGANISATIONS:
        if spec.shares_with_system:
            provider = Organisation.objects.get(code=spec.code)
            SystemSharing.objects.update_or_create(provider=provider, defaults={"stories": True})


def _finish(rng: random.Random, projects: list[Project], today: dt.date) -> list[Project]:
    """The projects with a story: completed ones (the most advanced active ones completed
    to make up the number), and one stopped after testing changes."""
    completed = [p for p in projects if p.status == Project.Status.COMPLETED]
    active = sorted(
        (p for p in projects if p.status == Project.Status.ACTIVE),
        key=lambda p: (-p.progress_score, p.pk),
    )
    while len(completed) < COMPLETED_PER_ORGANISATION and active:
        completed.append(active.pop(0))
    completed = completed[:COMPLETED_PER_ORGANISATION]
    tested = [p for p in active if p.pdsa_cycles.exists() and p.progress_score <= STOPPED_BELOW]
    stopped = rng.sample(tested, k=min(STOPPED_PER_ORGANISATION, len(tested)))
    for project in completed:
        _end(project, Project.Status.COMPLETED, today - dt.timedelta(days=rng.randint(20, 90)))
    for project in stopped:
        _end(project, Project.Status.STOPPED, today - dt.timedelta(days=rng.randint(10, 60)))
        last = project.pdsa_cycles.order_by("-start_date", "-number").first()
        PDSACycle.objects.filter(pk=last.pk).update(
            decision=PDSACycle.Decision.ABANDON,
            learning="The change did not hold once the project's attention moved on.",
        )
    return completed + stopped


def _end(project: Project, status: Project.Status, day: dt.date) -> None:
    project.status, project.end_date = status, max(day, project.start_date)
    Project.objects.filter(pk=project.pk).update(status=status, end_date=project.end_date)


def _story(rng: random.Random, project: Project, today: dt.date) -> Story:
    title, lesson = _lesson(project)
    ideas = list(project.driver_nodes.filter(level=DriverNode.Level.CHANGE_IDEA))
    tested = ", ".join(i.text.lower() for i in ideas[:2]) or "the team's change ideas"
    count = max(1, (project.end_date - project.start_date).days // 30)
    months = f"{count} month{'' if count == 1 else 's'}"
    if project.status == Project.Status.STOPPED:
        summary = (
            f"{project.unit.name} worked on {title.lower()} for {months} and stopped: "
            f"the changes were tested but the improvement did not hold. What we learned may "
            f"save the next team the same detour."
        )
        worked = lesson.worked and f"Early on: {lesson.worked[0].lower()}{lesson.worked[1:]}"
    else:
        summary = (
            f"Over {months} {project.unit.name} set out to {project.aim_what.lower()} "
            f"{project.aim_how_much} for {project.aim_for_whom}. The outcome measure shifted "
            f"after the team tested {tested}, and the change has held."
        )
        worked = lesson.worked
    published = min(today, project.end_date + dt.timedelta(days=rng.randint(3, 14)))
    story = Story.objects.create(
        project=project,
        provider=project.provider,
        topic=lesson.topic,
        summary=summary,
        tried=f"PDSA cycles on {tested}, on the {project.get_method_display()} method, "
        "with weekly run charts shared at the team's huddle.",
        worked=worked,
        did_not_work=lesson.did_not_work,
        advice=lesson.advice,
        published_on=published,
        frozen_on=published,
    )
    FrozenChart.objects.bulk_create(
        FrozenChart(story=story, **chart) for chart in selectors.charts_to_freeze(project)
    )
    FrozenIdea.objects.bulk_create(
        FrozenIdea(story=story, **idea) for idea in selectors.ideas_to_freeze(project)
    )
    return story


def _spread(stories: dict[str, list[Story]], today: dt.date) -> None:
    """Two ideas travel: a GP practice of the organisation that shares nothing adopts the
    first trust's checklist (counted there, never named), and a ward of the first trust
    starts a project as a copy of the community trust's first story."""
    first, community, practices = (spec.code for spec in ORGANISATIONS)
    source = stories[first][0]
    idea = source.ideas.exclude(idea__isnull=True).first().idea
    adopter = _frontline(practices)
    services.record_adoption(
        actor=adopter,
        story=source,
        idea=idea,
        unit=adopter.unit,
        adopted_on=today - dt.timedelta(days=14),
        note="Used at the practice's daily huddle; shortened to five questions.",
    )
    copier = _frontline(first)
    copied = stories[community][0]
    services.copy_project(
        actor=copier,
        story=copied,
        unit=copier.unit,
        title=f"{_lesson(copied.project)[0]} – {copier.unit.name}",
    )


def _frontline(code: str) -> Person:
    """The first of an organisation's frontline staff (someone on a team)."""
    return (
        Person.objects.filter(provider__code=code, unit__kind=Organisation.Kind.TEAM)
        .order_by("pk")
        .first()
    )
