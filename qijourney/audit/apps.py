from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qijourney.audit"
    verbose_name = "Audit trail"
