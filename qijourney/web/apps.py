from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "qijourney.web"
    verbose_name = "Shared pages and layout"
