"""Library pages: the search, a story, writing and publishing one, adopting an idea from one,
starting a project as a copy of one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from qijourney.learning import presenters, selectors, services
from qijourney.learning.forms import AdoptionForm, CopyForm, LibraryFilter, PublishForm, StoryForm
from qijourney.learning.models import STORY_FIELDS, Story
from qijourney.organisations.permissions import Permission, require
from qijourney.pages.edits import EditConflict, conflict_page
from qijourney.projects import diagram
from qijourney.projects import presenters as project_presenters
from qijourney.projects import selectors as project_selectors

LIBRARY_PAGE_SIZE = 20


def _story(request, pk: int) -> Story:
    """A story the person may read; anyone else's is simply not found."""
    return get_object_or_404(selectors.visible_stories(request.user), pk=pk)


def _published(request, pk: int) -> Story:
    return get_object_or_404(selectors.published_stories(request.user), pk=pk)


def library(request):
    form = LibraryFilter(request.GET or None, person=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    stories = selectors.library(request.user, data)
    page = Paginator(stories, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    reach = project_selectors.spread([s.project_id for s in page], request.user)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "learning/library.jinja",
        {
            "nav": "library",
            "form": form,
            "page": page,
            "reach": reach,
            "excerpt": presenters.excerpt,
            "reach_sentence": project_presenters.reach_sentence,
            "query": filters.urlencode(),
        },
    )


def story_detail(request, pk: int):
    story = _story(request, pk)
    project = story.project
    reach = project_selectors.idea_spread(project, request.user)
    return render(
        request,
        "learning/story.jinja",
        {
            "nav": "library",
            "story": story,
            "project": project,
            "aim": project_presenters.aim_statement(
                project.aim_what, project.aim_how_much, project.aim_by_when, project.aim_for_whom
            ),
            "charts": selectors.charts(story),
            "ideas": [
                (idea, reach.get(idea.idea_id), presenters.cycles_label(idea.cycles))
                for idea in selectors.ideas(story)
            ],
            "outline": diagram.outline(project_selectors.diagram_nodes(project)),
            "total": project_selectors.spread([project], request.user)[project.pk],
            "reach_sentence": project_presenters.reach_sentence,
            "data_uri": presenters.svg_data_uri,
        },
    )


def story_edit(request, pk: int):
    """Write (or change) the story of project ``pk``."""
    project = get_object_or_404(project_selectors.visible_projects(request.user), pk=pk)
    require(request.user, Permission.WRITE_STORY, project)
    story = selectors.story_of(project)
    form = StoryForm(request.POST or None, instance=story)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.save_story(
                actor=request.user,
                project=project,
                fields={name: form.cleaned_data[name] for name in STORY_FIELDS},
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_page(request, form, conflict, heading=f"The story of {project}")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Story saved")
            return redirect("story-detail", story.pk)
    return render(
        request,
        "learning/story_form.jinja",
        {"nav": "library", "form": form, "project": project, "story": story},
    )


def story_publish(request, pk: int):
    """Ask first (saying what publishing freezes, or whether to replace what was frozen),
    then publish on the confirming POST."""
    story = _story(request, pk)
    require(request.user, Permission.WRITE_STORY, story.project)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_story(
                actor=request.user, story=story, refresh=form.cleaned_data["refresh"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("story-detail", story.pk)
        messages.success(request, "Story published in the library")
        return redirect("story-detail", story.pk)
    return render(
        request, "learning/publish.jinja", {"nav": "library", "story": story, "form": form}
    )


def adopt(request, pk: int):
    story = _published(request, pk)
    form = AdoptionForm(request.POST or None, story=story, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_adoption(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Adoption by {form.cleaned_data['unit']} recorded")
            return redirect("story-detail", story.pk)
    return render(request, "learning/adopt.jinja", {"nav": "library", "story": story, "form": form})


def copy(request, pk: int):
    story = _published(request, pk)
    form = CopyForm(
        request.POST or None, person=request.user, initial={"title": story.project.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.copy_project(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Project “{project.title}” started from the story")
            return redirect("project-detail", project.pk)
    return render(
        request,
        "learning/copy.jinja",
        {
            "nav": "library",
            "story": story,
            "form": form,
            "outline": diagram.outline(project_selectors.diagram_nodes(story.project)),
        },
    )
