from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "qijourney.learning"
    verbose_name = "Learning library and spread"
