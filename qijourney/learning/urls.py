"""The learning library's routes, under /library/."""

from django.urls import path

from qijourney.learning import views

urlpatterns = [
    path("", views.library, name="library"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("stories/<int:pk>/publish/", views.story_publish, name="story-publish"),
    path("stories/<int:pk>/adopt/", views.adopt, name="story-adopt"),
    path("stories/<int:pk>/copy/", views.copy, name="story-copy"),
    path("projects/<int:pk>/story/", views.story_edit, name="story-edit"),
]
