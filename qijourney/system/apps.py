from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "qijourney.system"
    label = "system_view"  # "system" would read as Django's own
    verbose_name = "System indicators and provider comparison"
