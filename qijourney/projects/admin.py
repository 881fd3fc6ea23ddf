from django.contrib import admin

from qijourney.audit.admin import AuditedAdmin
from qijourney.projects.models import ProgressScore, Project, TeamMember


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ("title", "provider", "unit", "phase", "status", "progress_score")
    list_filter = ("provider", "phase", "status", "method")
    search_fields = ("title", "problem")
    inlines = [TeamInline]
    list_select_related = ("provider", "unit")
    # The score moves through its history (services.set_progress_score), never by hand here.
    readonly_fields = ("progress_score", "progress_updated")


admin.site.register(ProgressScore, AuditedAdmin)
