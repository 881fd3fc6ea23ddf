"""The site's URLs plus API views that fail on purpose, for tests/api/test_problems.py."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.urls import path
from rest_framework.views import APIView

from qijourney.config.urls import handler404  # noqa: F401
from qijourney.config.urls import urlpatterns as site


class Crashes(APIView):
    def get(self, request):
        raise RuntimeError("a bug")


class MeetsABusyDatabase(APIView):
    def post(self, request):
        raise OperationalError("database is locked")


@login_not_required
def plain_crash(request):
    raise RuntimeError("a bug outside DRF")


@login_not_required
def plain_busy(request):
    raise OperationalError("database is locked")


def page_busy(request):
    raise OperationalError("database is locked")


urlpatterns = [
    path("test/page-busy/", page_busy),
    path("api/test/crash/", Crashes.as_view()),
    path("api/test/busy/", MeetsABusyDatabase.as_view()),
    path("api/test/plain-crash/", plain_crash),
    path("api/test/plain-busy/", plain_busy),
    *site,
]
