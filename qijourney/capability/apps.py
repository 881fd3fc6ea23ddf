from django.apps import AppConfig


class CapabilityConfig(AppConfig):
    name = "qijourney.capability"
    verbose_name = "Improvement capability"
