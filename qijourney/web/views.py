"""The home page (what needs my attention) and a health check for monitoring."""

from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render

from qijourney.organisations.scoping import scoped
from qijourney.projects.models import Project


def home(request):
    person = request.user
    projects = scoped(Project.objects.select_related("unit"), person)
    mine = projects.filter(
        Q(lead=person) | Q(team__person=person) | Q(coach=person) | Q(sponsor=person)
    )
    return render(
        request,
        "web/home.jinja",
        {
            "my_projects": mine.distinct().order_by("title")[:20],
            "active": projects.filter(status=Project.Status.ACTIVE).count(),
            "unaligned": projects.filter(
                status=Project.Status.ACTIVE, priority__isnull=True
            ).count(),
        },
    )


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
