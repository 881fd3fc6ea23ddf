from django.urls import path

from qijourney.system.views import compare

urlpatterns: list = [
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
