"""``manage.py purge_deleted``: remove for good what was deleted more than RESTORE_DAYS ago
(run it daily, for example from cron); each removal is in the audit trail."""

from django.core.management.base import BaseCommand

from qijourney.domain.constants import RESTORE_DAYS
from qijourney.web.history.services import purge_expired


class Command(BaseCommand):
    help = f"Remove for good items deleted more than {RESTORE_DAYS} days ago (audited)."

    def handle(self, *args, **options):
        removed = purge_expired()
        if options["verbosity"]:
            self.stdout.write(f"Removed {removed} item(s) deleted over {RESTORE_DAYS} days ago")
