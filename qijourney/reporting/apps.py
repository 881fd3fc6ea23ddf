from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "qijourney.reporting"
    verbose_name = "Board reporting"
