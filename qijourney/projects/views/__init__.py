"""Project pages: the portfolio, a project and its team, its driver diagram, PDSA cycles."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from qijourney.projects import selectors
from qijourney.projects.models import Project


def project_or_404(request, pk: int) -> Project:
    """A project the person may see; anyone else's is simply not found."""
    return get_object_or_404(selectors.visible_projects(request.user), pk=pk)
