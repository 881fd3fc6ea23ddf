from django.urls import path

from qijourney.assessment import views

urlpatterns = [
    path("", views.home, name="assessment"),
    path("rounds/new/", views.round_create, name="assessment-round-create"),
    path("rounds/<int:pk>/", views.round_view, name="assessment-round"),
    path("rounds/<int:pk>/respond/", views.respond, name="assessment-respond"),
    path("rounds/<int:pk>/actions/", views.action_add, name="assessment-action-add"),
]
