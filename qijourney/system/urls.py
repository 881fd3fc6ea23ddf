from django.urls import path

from qijourney.system.views import compare

urlpatterns: list = [
    # Providers compared (views/compare.py)
    path("indicators/<int:pk>/compare/", compare.compare, name="system-compare"),
    path(
        "indicators/<int:pk>/providers/<int:unit_pk>/",
        compare.provider,
        name="system-provider",
    ),
]
