from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qijourney.audit"
    verbose_name = "Audit trail"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from qijourney.audit import history

        # Each version saved is noted, for the service's record() to link to its event.
        post_create_historical_record.connect(history.note, dispatch_uid="qijourney-history")
