from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "qijourney.assessment"
    verbose_name = "Self-assessment"
