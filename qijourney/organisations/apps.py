from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "qijourney.organisations"
    verbose_name = "Organisations and people"
