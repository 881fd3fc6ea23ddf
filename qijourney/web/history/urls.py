"""History, restoring versions, deleting and Recently deleted, for every kind of item."""

from django.urls import path

from qijourney.web.history import views
from qijourney.web.history.kinds import KINDS

urlpatterns = [path("recently-deleted/", views.recently_deleted, name="recently-deleted")]
for slug, kind in KINDS.items():
    extra = {"kind": slug}
    urlpatterns.append(
        path(f"history/{slug}/<int:pk>/", views.history, extra, name=f"history-{slug}")
    )
    urlpatterns.append(
        path(
            f"history/{slug}/<int:pk>/versions/<int:version_pk>/",
            views.restore_version,
            extra,
            name=f"history-{slug}-restore",
        )
    )
    if kind.deletable:
        urlpatterns.append(
            path(f"delete/{slug}/<int:pk>/", views.delete, extra, name=f"delete-{slug}")
        )
        urlpatterns.append(
            path(
                f"recently-deleted/{slug}/<int:pk>/restore/",
                views.restore,
                extra,
                name=f"restore-{slug}",
            )
        )
