from django.contrib import admin

from qijourney.audit.admin import AuditedAdmin
from qijourney.measures.models import DataPoint, Measure


@admin.register(Measure)
class MeasureAdmin(AuditedAdmin):
    list_display = ("name", "project", "kind", "chart_type", "direction", "target")
    list_filter = ("provider", "kind", "chart_type")
    search_fields = ("name",)


@admin.register(DataPoint)
class DataPointAdmin(AuditedAdmin):
    list_display = ("measure", "date", "value", "numerator", "denominator")
    list_filter = ("measure__provider",)
