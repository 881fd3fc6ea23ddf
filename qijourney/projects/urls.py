from django.urls import path

from qijourney.projects import views, views_diagram

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export.csv", views.portfolio_csv, name="portfolio-csv"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/progress/", views.project_progress, name="project-progress"),
    path("<int:pk>/team/", views.team_add, name="project-team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="project-team-remove"),
    path("<int:pk>/driver-diagram/", views_diagram.driver_diagram, name="driver-diagram"),
    path(
        "<int:pk>/driver-diagram/<int:node_pk>/",
        views_diagram.driver_node_edit,
        name="driver-node-edit",
    ),
    path(
        "<int:pk>/driver-diagram/<int:node_pk>/delete/",
        views_diagram.driver_node_delete,
        name="driver-node-delete",
    ),
    path("<int:pk>/pdsa/new/", views_diagram.pdsa_edit, name="pdsa-create"),
    path("<int:pk>/pdsa/<int:cycle_pk>/", views_diagram.pdsa_detail, name="pdsa-detail"),
    path("<int:pk>/pdsa/<int:cycle_pk>/edit/", views_diagram.pdsa_edit, name="pdsa-edit"),
]
