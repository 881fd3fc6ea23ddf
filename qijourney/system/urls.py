from django.urls import path

from qijourney.system.views import catalogue, feeds, sharing

urlpatterns = [
    # Shared indicators: the catalogue, each organisation's feed, what it shares.
    path("indicators/", catalogue.indicators, name="system-indicators"),
    path("indicators/new/", catalogue.indicator_create, name="system-indicator-create"),
    path("indicators/<int:pk>/edit/", catalogue.indicator_edit, name="system-indicator-edit"),
    path("indicators/<int:pk>/remove/", catalogue.indicator_remove, name="system-indicator-remove"),
    path("indicators/<int:pk>/feed/", feeds.feed, name="system-feed"),
    path("indicators/<int:pk>/feed/upload/", feeds.upload, name="system-feed-upload"),
    path("sharing/", sharing.sharing, name="system-sharing"),
]
