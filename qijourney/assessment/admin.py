"""Frameworks are configurable by the central QI team in the admin area."""

from django.contrib import admin

from qijourney.assessment.models import Action, AssessmentRound, Domain, Framework, Level, Statement
from qijourney.audit.admin import AuditedAdmin


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    list_display = ("name", "provider", "key")
    inlines = [DomainInline]


@admin.register(Statement)
class StatementAdmin(AuditedAdmin):
    list_display = ("text", "domain")
    list_filter = ("domain__framework",)
    inlines = [LevelInline]


admin.site.register(AssessmentRound, AuditedAdmin)
admin.site.register(Action, AuditedAdmin)
