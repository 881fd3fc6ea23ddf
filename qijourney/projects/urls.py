from django.urls import path

from qijourney.projects.views import diagram, pdsa, portfolio, project

urlpatterns = [
    path("", portfolio.portfolio, name="portfolio"),
    path("export.csv", portfolio.portfolio_csv, name="portfolio-csv"),
    path("system/", portfolio.system_portfolio, name="portfolio-system"),
    path("new/", project.project_create, name="project-create"),
    path("<int:pk>/", project.project_detail, name="project-detail"),
    path("<int:pk>/edit/", project.project_edit, name="project-edit"),
    path("<int:pk>/progress/", project.project_progress, name="project-progress"),
    path("<int:pk>/team/", project.team_add, name="project-team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", project.team_remove, name="project-team-remove"),
    path("<int:project_pk>/measures/new/", project.measure_create, name="measure-create"),
    path("<int:pk>/driver-diagram/", diagram.driver_diagram, name="driver-diagram"),
    path(
        "<int:pk>/driver-diagram/<int:node_pk>/", diagram.driver_node_edit, name="driver-node-edit"
    ),
    path(
        "<int:pk>/driver-diagram/<int:node_pk>/delete/",
        diagram.driver_node_delete,
        name="driver-node-delete",
    ),
    path("<int:pk>/pdsa/new/", pdsa.pdsa_edit, name="pdsa-create"),
    path("<int:pk>/pdsa/<int:cycle_pk>/", pdsa.pdsa_detail, name="pdsa-detail"),
    path("<int:pk>/pdsa/<int:cycle_pk>/edit/", pdsa.pdsa_edit, name="pdsa-edit"),
]
