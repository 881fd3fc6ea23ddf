from django.urls import path

from qijourney.projects import views

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export.csv", views.portfolio_csv, name="portfolio-csv"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/progress/", views.project_progress, name="project-progress"),
    path("<int:pk>/team/", views.team_add, name="project-team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="project-team-remove"),
]
