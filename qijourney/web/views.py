"""The site's own pages: home (what needs my attention), the organisation's strategy, and a
health check for monitoring. They compose the apps' selectors; no app imports this package."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from qijourney.assessment import selectors as assessment_selectors
from qijourney.capability import selectors as capability_selectors
from qijourney.learning import selectors as learning_selectors
from qijourney.organisations import selectors as organisation_selectors
from qijourney.organisations.permissions import is_system_level
from qijourney.projects import presenters as project_presenters
from qijourney.projects import selectors as project_selectors

NEWEST_STORIES = 5


def home(request):
    if is_system_level(request.user):
        return system_home(request)
    active, unaligned = project_selectors.active_counts(request.user)
    return render(
        request,
        "web/home.jinja",
        {
            "my_projects": project_selectors.my_projects(request.user),
            "active": active,
            "unaligned": unaligned,
        },
    )


def system_home(request):
    """An integrated care system's own people: how its organisations compare, on what they
    share (their indicators, capability, maturity, portfolio and stories)."""
    person = request.user
    return render(
        request,
        "web/system_home.jinja",
        {
            "system": organisation_selectors.system_of(person.provider),
            "capability": capability_selectors.system_summaries(person),
            "maturity": assessment_selectors.comparisons(person),
            "rollups": project_selectors.portfolio_rollup(person),
            "bands": project_presenters.score_bands,
            "stories": learning_selectors.newest_stories(person, NEWEST_STORIES),
        },
    )


def strategy(request):
    """The organisation's improvement vision and priorities, with the projects aligned to them."""
    provider = request.user.provider
    context = {"nav": "organisation", "provider": provider}
    if provider is not None:
        context.update(
            priorities=project_selectors.priorities_with_projects(provider),
            unaligned=project_selectors.unaligned_count(provider),
            directorates=organisation_selectors.directorates(provider),
        )
    return render(request, "web/strategy.jinja", context)


def not_found(request, exception):
    """An address that is no page: someone not signed in is sent to sign in, as from every
    page, so which addresses exist stays unknown to them (the API answers for itself)."""
    if request.path.startswith("/api/"):
        return page_not_found(request, exception)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "web/not_found.jinja", status=404)


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
