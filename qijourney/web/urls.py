from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from qijourney.web import views

urlpatterns = [
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url="/static/build/assets/images/favicon.ico")),
    ),
    path("", views.home, name="home"),
    path("organisation/", views.strategy, name="organisation"),
    path("health/", views.health, name="health"),
]
