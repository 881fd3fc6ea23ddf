from django.urls import path

from qijourney.system.views import catalogue, compare, feeds, sharing

urlpatterns = [
    # Shared indicators: the catalogue, each organisation's feed, what it shares.
    path("indicators/", catalogue.indicators, name="system-indicators"),
    path("indicators/new/", catalogue.indicator_create, name="system-indicator-create"),
    path("indicators/<int:pk>/edit/", catalogue.indicator_edit, name="system-indicator-edit"),
    path("indicators/<int:pk>/remove/", catalogue.indicator_remove, name="system-indicator-remove"),
    path("indicators/<int:pk>/feed/", feeds.feed, name="system-feed"),
    path("indicators/<int:pk>/feed/upload/", feeds.upload, name="system-feed-upload"),
    path("indicators/<int:pk>/feed/remove/", feeds.remove, name="system-feed-remove"),
    path("sharing/", sharing.sharing, name="system-sharing"),
    # Providers compared (views/compare.py)
    path("indicators/<int:pk>/compare/", compare.compare, name="system-compare"),
    path(
        "indicators/<int:pk>/compare.<str:kind>",
        compare.compare_download,
        name="system-compare-download",
    ),
    path(
        "indicators/<int:pk>/providers/<int:unit_pk>/",
        compare.provider,
        name="system-provider",
    ),
    path("matrix/", compare.matrix, name="system-matrix"),
    # One route per file kind: no argument, so the permission walk reads what each shows.
    *[
        path(
            f"matrix.{kind}", compare.matrix_download, {"kind": kind}, name=f"system-matrix-{kind}"
        )
        for kind in ("pdf", "html")
    ],
]
