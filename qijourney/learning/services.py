"""Writes of the learning library: a story written and published (its charts and change ideas
frozen), a change idea adopted elsewhere, a project started as a copy of another. Each in one
transaction, with its audit record written inside it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit import history
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import link_rest, live, record, update_and_record
from qijourney.audit.versions import EditConflict
from qijourney.learning import selectors
from qijourney.learning.models import STORY_FIELDS, FrozenChart, FrozenIdea, Story
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, require
from qijourney.projects.models import ChangeIdeaAdoption, DriverNode, Project
from qijourney.projects.services import save_new_project

NOT_FINISHED = "A project's story is written once it is completed or stopped"


@transaction.atomic
def save_story(
    *, actor: Person, project: Project, fields: dict, version: str | None = None
) -> Story:
    """Write or change the story of a completed or stopped project (its team's). ``version``
    is what the writer read: "" when they opened the page before any story was written, so a
    story someone else wrote meanwhile is an edit conflict, never overwritten; None: no check."""
    project = live(project)
    require(actor, Permission.WRITE_STORY, project)
    if project.status not in selectors.FINISHED:
        raise ValidationError(NOT_FINISHED)
    fields = {name: fields[name] for name in STORY_FIELDS if name in fields}
    story = selectors.story_of(project)  # read after the project's lock: writers queue
    if story is not None and version == "":
        raise EditConflict(story)
    if story is None:
        story = Story(project=project, provider=project.provider, **fields)
        story.full_clean()
        story.save()
        record(actor=actor, action=AuditEvent.Action.CREATE, subject=story, provider=story.provider)
        return story
    update_and_record(
        actor=actor, instance=story, fields=fields, provider=story.provider, version=version or ""
    )
    return story


@transaction.atomic
def publish_story(*, actor: Person, story: Story, refresh: bool = False) -> Story:
    """Put the story in the library. The first publication freezes, as of today, each
    measure's chart and each change idea's PDSA outcome; publishing again keeps what was
    frozen unless ``refresh`` asks for today's charts and outcomes instead."""
    story = live_story(story)
    project = story.project
    require(actor, Permission.WRITE_STORY, project)
    if project.status not in selectors.FINISHED:
        raise ValidationError(NOT_FINISHED)
    today = dt.date.today()
    freezing = refresh or story.frozen_on is None
    if story.published_on == today and not freezing:
        return story  # published today already, nothing to freeze: nothing changes
    story.published_on = today
    if freezing:
        story.charts.all().delete()
        story.ideas.all().delete()
        FrozenChart.objects.bulk_create(
            FrozenChart(story=story, **chart) for chart in selectors.charts_to_freeze(project)
        )
        FrozenIdea.objects.bulk_create(
            FrozenIdea(story=story, **idea) for idea in selectors.ideas_to_freeze(project)
        )
        story.frozen_on = today
    story.save()
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=story,
        provider=story.provider,
        changes={"charts": [None, story.charts.count()]} if freezing else {},
    )
    return story


def live_story(story: Story) -> Story:
    """The story as stored, locked for the write (its project must be live too)."""
    stored = Story.objects.select_for_update(of=("self",)).filter(pk=story.pk).first()
    if stored is None:
        raise ValidationError("That story is no longer here")
    live(stored.project)
    return stored


def _readable(actor: Person, story: Story) -> Story:
    """The story, if the actor may read it: the one door to another organisation's project."""
    found = selectors.published_stories(actor).filter(pk=story.pk)
    if not found.exists():
        raise ValidationError("That story is not in your library")
    return found.get()


@transaction.atomic
def record_adoption(
    *,
    actor: Person,
    story: Story,
    idea: DriverNode,
    unit: Organisation,
    adopted_on: dt.date,
    note: str = "",
) -> ChangeIdeaAdoption:
    """A unit of the actor's organisation adopted one of a story's change ideas."""
    require(actor, Permission.RECORD_ADOPTION, unit)
    story = _readable(actor, story)
    if not selectors.adoptable_ideas(story).filter(pk=idea.pk).exists():
        raise ValidationError("Choose one of this story's change ideas")
    if unit.pk == story.project.unit_id:
        raise ValidationError("The idea comes from that unit: choose the unit that adopted it")
    if adopted_on > dt.date.today():
        raise ValidationError({"adopted_on": "An adoption is recorded once it has happened"})
    if ChangeIdeaAdoption.objects.filter(idea=idea, unit=unit).exists():
        raise ValidationError(f"{unit} has already recorded adopting this idea")
    adoption = ChangeIdeaAdoption(
        idea=idea,
        idea_text=idea.text,
        unit=unit,
        provider_id=unit.provider_id,
        adopted_on=adopted_on,
        note=note,
        recorded_by=actor,
    )
    adoption.full_clean()
    adoption.save()
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        subject=adoption,
        provider=adoption.provider,
        label=f"{idea} (from {story.project}) adopted by {unit}",
    )
    return adoption


MEASURE_COPIED = (
    "name",
    "kind",
    "operational_definition",
    "numerator_definition",
    "denominator_definition",
    "frequency",
    "direction",
    "chart_type",
    "multiplier",
    "unit",
)


@transaction.atomic
def copy_project(*, actor: Person, story: Story, unit: Organisation, title: str) -> Project:
    """Start a project in the actor's unit as a copy of the story's: its problem and aim, its
    driver diagram (the whole network of boxes) and its measures with their definitions,
    directions, chart types and targets. No data points and no team: the actor leads it. All
    of it or nothing."""
    require(actor, Permission.START_PROJECT, unit)
    source = _readable(actor, story).project
    project = Project(
        provider=unit.provider,
        unit=unit,
        title=title,
        problem=source.problem,
        aim_what=source.aim_what,
        aim_how_much=source.aim_how_much,
        aim_for_whom=source.aim_for_whom,
        how_will_we_know=source.how_will_we_know,
        changes_to_try=source.changes_to_try,
        method=source.method,
        lead=actor,
        start_date=dt.date.today(),
        progress_updated=dt.date.today(),
        copied_from=source,
    )
    save_new_project(project, actor=actor, note="Started from a story in the learning library")
    nodes = _copy_diagram(source, project)
    _copy_measures(source, project, nodes)
    event = record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        subject=project,
        provider=project.provider,
        changes={"copy_of": [None, f"{source} ({source.provider})"]},
    )
    for node in nodes.values():  # a box and its links: one version, as when drawn by hand
        rows = history.take(node)
        if rows:
            history.link([history.one_version(rows)[0]], event, actor)
    link_rest(event=event, actor=actor)  # the measures and the lead's place
    return project


def _copy_diagram(source: Project, project: Project) -> dict[int, DriverNode]:
    """The boxes level by level, each linked to the copies of its parents."""
    copies: dict[int, DriverNode] = {}
    originals = list(source.driver_nodes.prefetch_related("parents").order_by("level", "order"))
    for node in originals:
        copy = DriverNode.objects.create(
            project=project, level=node.level, text=node.text, order=node.order
        )
        copies[node.pk] = copy
        parents = [copies[p.pk] for p in node.parents.all() if p.pk in copies]
        if parents:
            copy.parents.set(parents)
    return copies


def _copy_measures(source: Project, project: Project, nodes: dict[int, DriverNode]) -> None:
    for measure in source.measures.prefetch_related("change_ideas", "targets"):
        latest = measure.targets.order_by("start_date").last()
        copy = Measure(
            provider=project.provider,
            project=project,
            target=latest.value if latest is not None else measure.target,
            **{name: getattr(measure, name) for name in MEASURE_COPIED},
        )
        copy.full_clean()
        copy.save()
        ideas = [nodes[i.pk] for i in measure.change_ideas.all() if i.pk in nodes]
        if ideas:
            copy.change_ideas.set(ideas)
