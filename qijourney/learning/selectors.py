"""Reads of the learning library: which stories a person may see (their own organisation's,
and those of the organisations of their system that share their stories), search, and what a
story freezes when it is published."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from qijourney.charts import to_svg
from qijourney.charts.icons import icon_text
from qijourney.learning import presenters
from qijourney.learning.models import FrozenIdea, Story
from qijourney.measures.analysis import measure_chart
from qijourney.measures.selectors import pdsa_markers
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.selectors import providers_sharing, units_of
from qijourney.projects.models import DriverNode, Project

FINISHED = (Project.Status.COMPLETED, Project.Status.STOPPED)
# What a search reads: the story's words and its project's.
SEARCHED = (
    "summary",
    "tried",
    "worked",
    "did_not_work",
    "advice",
    "project__title",
    "project__problem",
    "project__aim_what",
    "project__aim_for_whom",
)


def sharing_providers(person: Person) -> QuerySet[Organisation]:
    """The organisations whose stories the person sees: their own, and the sharing ones of
    their system (a system's own people see every sharing organisation's)."""
    return providers_sharing(person, "stories")


def visible_stories(person: Person) -> QuerySet[Story]:
    """Published stories of the organisations the person may read, and their own
    organisation's drafts. The project must be live."""
    stories = Story.objects.filter(project__deleted_at__isnull=True).select_related(
        "project", "project__unit", "project__priority", "provider"
    )
    if person.is_superuser:
        return stories
    if person.provider_id is None:
        return stories.none()
    own = Q(provider_id=person.provider_id)
    shared = Q(provider__in=sharing_providers(person), published_on__isnull=False)
    return stories.filter(own | shared)


def published_stories(person: Person) -> QuerySet[Story]:
    return visible_stories(person).filter(published_on__isnull=False)


def newest_stories(person: Person, count: int) -> list[Story]:
    """The latest published stories the person may read (the ICS home's list)."""
    return list(published_stories(person).select_related("project", "provider")[:count])


def search(stories: QuerySet[Story], words: str) -> QuerySet[Story]:
    """Stories matching every word: PostgreSQL's full-text search (English stemming, ranked),
    or on SQLite every word found somewhere in the text, whatever its case."""
    words = words.strip()
    if not words:
        return stories
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*SEARCHED, config="english")
        query = SearchQuery(words, config="english", search_type="plain")
        return (
            stories.annotate(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-published_on", "-id")
        )
    for word in words.split():
        anywhere = Q()
        for name in SEARCHED:
            anywhere |= Q(**{f"{name}__icontains": word})
        stories = stories.filter(anywhere)
    return stories


def library(person: Person, data: dict) -> QuerySet[Story]:
    """The library's published stories, filtered by the form's choices and searched."""
    stories = published_stories(person)
    if data.get("topic"):
        stories = stories.filter(topic=data["topic"])
    if data.get("priority"):
        stories = stories.filter(project__priority__title=data["priority"])
    if data.get("method"):
        stories = stories.filter(project__method=data["method"])
    if data.get("outcome"):
        stories = stories.filter(project__status=data["outcome"])
    if data.get("idea_outcome"):
        with_outcome = FrozenIdea.objects.filter(decision=data["idea_outcome"])
        stories = stories.filter(pk__in=with_outcome.values("story_id"))
    if data.get("organisation"):
        stories = stories.filter(provider_id=data["organisation"])
    return search(stories, data.get("q", ""))


def priority_titles(person: Person) -> list[str]:
    """The strategic priorities the person's visible stories' projects serve, for the filter."""
    titles = visible_stories(person).exclude(project__priority__isnull=True)
    return sorted(set(titles.values_list("project__priority__title", flat=True)))


def organisations(person: Person) -> QuerySet[Organisation]:
    """The organisations whose stories the person may see, for the filter."""
    if person.is_superuser:
        return Organisation.objects.filter(stories__isnull=False).distinct()
    return Organisation.objects.filter(
        Q(pk=person.provider_id) | Q(pk__in=sharing_providers(person))
    ).order_by("name")


def story_of(project: Project) -> Story | None:
    return Story.objects.filter(project=project).first()


def charts(story: Story):
    return story.charts.all()


def ideas(story: Story):
    return story.ideas.all()


def adoptable_ideas(story: Story) -> QuerySet[DriverNode]:
    """The story's change ideas that still exist, for recording an adoption."""
    ids = story.ideas.exclude(idea__isnull=True).values("idea_id")
    return DriverNode.objects.filter(pk__in=ids, level=DriverNode.Level.CHANGE_IDEA)


def adopting_units(person: Person) -> QuerySet[Organisation]:
    """Where the person may record an adoption: their organisation, its directorates and teams."""
    own = Organisation.objects.filter(pk=person.provider_id)
    return (own | units_of(person)).order_by("kind", "name")


# What publishing freezes.


def charts_to_freeze(project: Project) -> list[dict]:
    """Each of the project's measures' charts as it stands today: a self-contained SVG, the
    table it shows, its icons and the measure's definition."""
    frozen = []
    for order, measure in enumerate(project.measures.order_by("kind", "name")):
        _cycles, markers = pdsa_markers(measure)
        chart = measure_chart(measure, markers)
        icons = [
            str(chart.summary[k])
            for k in ("variation_icon", "assurance_icon")
            if chart.summary.get(k)
        ]
        frozen.append(
            dict(
                measure=measure,
                order=order,
                name=measure.name,
                kind=measure.get_kind_display(),
                unit=measure.unit,
                definition=measure.operational_definition,
                chart_type=measure.get_chart_type_display(),
                direction=measure.get_direction_display(),
                svg=to_svg(chart.spec) if chart.spec else "",
                description=presenters.chart_description(
                    chart.spec, [icon_text(name) for name in icons]
                ),
                icons=icons,
                rows=presenters.chart_rows(chart.points),
                problem=chart.problem[:300],
            )
        )
    return frozen


def ideas_to_freeze(project: Project) -> list[dict]:
    """Each change idea with the count of its PDSA cycles and the latest one's decision."""
    ideas = project.driver_nodes.filter(level=DriverNode.Level.CHANGE_IDEA)
    frozen = []
    for order, idea in enumerate(ideas):
        cycles = list(idea.pdsa_cycles.filter(project=project).order_by("start_date", "number"))
        decided = [c for c in cycles if c.decision]
        frozen.append(
            dict(
                idea=idea,
                order=order,
                text=idea.text,
                decision=decided[-1].decision if decided else "",
                cycles=len(cycles),
            )
        )
    return frozen
