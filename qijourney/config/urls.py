"""URL map: one include per app; the Django admin for the central QI team."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "qijourney administration"
admin.site.site_title = "qijourney"

handler404 = "qijourney.web.views.not_found"

urlpatterns = [
    path("", include("qijourney.web.urls")),
    path("", include("qijourney.web.history.urls")),
    path("", include("qijourney.organisations.urls")),
    path("projects/", include("qijourney.projects.urls")),
    path("", include("qijourney.measures.urls")),
    path("board/", include("qijourney.reporting.urls")),
    path("assessment/", include("qijourney.assessment.urls")),
    path("capability/", include("qijourney.capability.urls")),
    path("system/", include("qijourney.system.urls")),
    path("library/", include("qijourney.learning.urls")),
    path("api/", include("qijourney.api.urls")),
    path("admin/", admin.site.urls),
]
