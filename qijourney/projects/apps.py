from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "qijourney.projects"
    verbose_name = "Improvement projects"
