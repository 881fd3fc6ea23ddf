"""The admin area for the central QI team: organisations, people and their roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from qijourney.audit.admin import AuditedAdmin
from qijourney.organisations.models import (
    Organisation,
    Person,
    ProgressScaleLevel,
    RoleAssignment,
    StrategicPriority,
)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "parent", "provider", "code")
    list_select_related = ("parent", "provider")
    list_filter = ("kind",)
    search_fields = ("name", "code")


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(Person)
class PersonAdmin(AuditedAdmin, UserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "provider", "unit", "is_patient_partner", "is_active")
    list_select_related = ("provider", "unit")
    list_filter = ("provider", "is_patient_partner", "is_active", "is_staff")
    search_fields = ("full_name", "email")
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("About", {"fields": ("full_name", "job_title", "provider", "unit", "is_patient_partner")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "provider", "password1", "password2"),
            },
        ),
    )


admin.site.register(StrategicPriority, AuditedAdmin)
admin.site.register(ProgressScaleLevel, AuditedAdmin)
