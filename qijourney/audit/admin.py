from django.contrib import admin

from qijourney.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("when", "actor", "action", "subject_type", "subject_label", "provider")
    list_select_related = ("actor", "provider")
    list_filter = ("action", "subject_type", "provider")
    search_fields = ("subject_label", "actor__email")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
