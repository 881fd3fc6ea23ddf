from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "qijourney.measures"
    verbose_name = "Measures and data"
