"""Programmes, ladders and the staff list are also editable in the admin area."""

from django.contrib import admin

from qijourney.audit.admin import AuditedAdmin
from qijourney.capability.models import (
    CoachingLog,
    Cohort,
    DosingTarget,
    Enrolment,
    Ladder,
    Programme,
    StaffMember,
)


@admin.register(Ladder)
class LadderAdmin(AuditedAdmin):
    list_display = ("name", "slug", "provider")
    list_filter = ("provider",)


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "slug", "ladder", "tier", "provider", "qualifies_as")
    list_filter = ("provider", "ladder")


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ("staff",)


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    list_display = ("name", "programme", "starts", "ends")
    list_filter = ("programme__provider", "programme")
    inlines = [EnrolmentInline]


@admin.register(StaffMember)
class StaffMemberAdmin(AuditedAdmin):
    list_display = ("name", "staff_number", "role_group", "unit", "start_date", "end_date")
    list_filter = ("provider", "role_group", "is_manager")
    search_fields = ("name", "staff_number", "email")
    raw_id_fields = ("person",)


@admin.register(DosingTarget)
class DosingTargetAdmin(AuditedAdmin):
    list_display = ("__str__", "provider")
    list_filter = ("provider",)


@admin.register(CoachingLog)
class CoachingLogAdmin(AuditedAdmin):
    list_display = ("project", "coach", "date", "minutes")
    list_filter = ("project__provider",)
