from django.urls import path

from qijourney.reporting import views

urlpatterns = [
    path("", views.board_home, name="board"),
    path("metrics/", views.metric_list, name="board-metrics"),
    path("metrics/new/", views.metric_create, name="board-metric-create"),
    path("metrics/<int:pk>/promote/", views.promote, name="board-promote"),
    path("metrics/<int:pk>/drill-down/", views.drill_down, name="board-drill-down"),
    path("reports/new/", views.report_edit, name="board-report-create"),
    path("reports/<int:pk>/", views.report_view, name="board-report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="board-report-edit"),
    path(
        "reports/<int:pk>/download.<str:kind>", views.report_download, name="board-report-download"
    ),
    path("reports/<int:pk>/issue/", views.report_issue, name="board-report-issue"),
    path("issued/<int:pk>/", views.issued_view, name="board-issued"),
    path(
        "issued/<int:pk>/download.<str:kind>", views.issued_download, name="board-issued-download"
    ),
]
