from django.urls import path
from django.views.generic import RedirectView

from qijourney.web import views

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url="/static/build/assets/images/favicon.ico")),
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
]
