"""The admin area writes the one log: every save and delete there (of an item, and of the
rows edited inline beside it) is audited with its real changes and who made it, and a
versioned item's version is linked to that event, as for a page's or the API's write.

Django's own admin log (LogEntry) is not written: the audit trail is the only change log.
"""

from django.contrib import admin
from django.db import transaction

from qijourney.audit import services
from qijourney.audit.models import AuditEvent


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes go into the audit trail. Base every ModelAdmin on it
    (``tests/history/test_admin.py`` checks that each registered one is)."""

    def save_model(self, request, obj, form, change):
        obj._audit_before = services.stored_fields(obj) if change else None
        obj._audit_changed = not change or form.has_changed()
        if obj._audit_changed:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Rows edited inline (a person's roles, a cohort's enrolments) are audited each as
        its own change."""
        before = {
            id(f.instance): services.stored_fields(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        # A row deleted inline is deleted as the admin deletes (soft, when it can be restored).
        formset.delete_existing = lambda obj, commit=True: services.admin_delete(
            actor=request.user, instance=obj
        )
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                services.admin_saved(actor=request.user, instance=obj, before=None)
            for obj, _ in formset.changed_objects:
                services.admin_saved(actor=request.user, instance=obj, before=before[id(obj)])

    def log_addition(self, request, obj, message):
        return self._audit_save(request, obj)

    def log_change(self, request, obj, message):
        if not hasattr(obj, "_audit_before"):
            # Saved by a view of its own (a password change): the fields the admin names,
            # their values not kept.
            named = [name for part in message for name in part.get("changed", {}).get("fields", [])]
            return services.admin_saved(
                actor=request.user,
                instance=obj,
                before={},
                changes={name: ["(hidden)", "(changed)"] for name in named},
            )
        return self._audit_save(request, obj)

    def _audit_save(self, request, obj):
        if not getattr(obj, "_audit_changed", True):
            return None  # saved unchanged: nothing was written, nothing to log
        return services.admin_saved(
            actor=request.user, instance=obj, before=getattr(obj, "_audit_before", None)
        )

    def log_deletions(self, request, queryset):
        return None  # delete_model and delete_queryset audit each deletion

    def delete_model(self, request, obj):
        with transaction.atomic():
            services.admin_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in list(queryset):
                services.admin_delete(actor=request.user, instance=obj)


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
