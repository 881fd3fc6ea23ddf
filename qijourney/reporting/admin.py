from django.contrib import admin

from qijourney.audit.admin import AuditedAdmin
from qijourney.reporting.models import BoardReport, IssuedReport


@admin.register(BoardReport)
class BoardReportAdmin(AuditedAdmin):
    list_display = ("title", "provider", "period_end", "updated")


@admin.register(IssuedReport)
class IssuedReportAdmin(AuditedAdmin):
    list_display = ("title", "provider", "period", "issued_at", "issued_by")
    exclude = ("html", "html_fragment", "pdf", "xlsx")

    def has_change_permission(self, request, obj=None):
        return False  # an issued report never changes
