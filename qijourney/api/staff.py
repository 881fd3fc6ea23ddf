"""The staff list in the API: a workforce system reads it, or sends it whole or in part (bulk
upsert by staff number, every row checked as an imported row is, all or nothing). Personal
details: only the central QI team and the executive lead."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from qijourney.api.base import APIViewSet, check_bulk, item_errors, read_bulk_columns
from qijourney.api.fields import ModelSerializer
from qijourney.api.problems import invalid
from qijourney.capability import imports, selectors, services
from qijourney.capability.models import StaffMember
from qijourney.domain.constants import MAX_STAFF_ROWS
from qijourney.organisations.permissions import Permission, require

STAFF_REFUSED = "Some items are not valid, so none was saved: see errors, by index."


class StaffMemberSerializer(ModelSerializer):
    unit = serializers.StringRelatedField()

    class Meta:
        model = StaffMember
        fields = ["id", "staff_number", "name", "email", "role_group", "is_manager", "unit"]
        fields += ["start_date", "end_date"]


class StaffRowSerializer(serializers.Serializer):
    """One person of a staff list sent by a workforce system, checked as an imported row is."""

    staff_number = serializers.CharField()
    name = serializers.CharField()
    role_group = serializers.CharField()
    unit = serializers.CharField(help_text="Name or code of a directorate or team")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    manager = serializers.BooleanField(required=False, default=False)


class StaffImportResult(serializers.Serializer):
    added = serializers.IntegerField()
    updated = serializers.IntegerField()
    left = serializers.IntegerField()


@extend_schema_view(
    create=extend_schema(
        request=StaffRowSerializer(many=True),
        responses=StaffImportResult,
        parameters=[
            OpenApiParameter(
                "whole_list",
                bool,
                description="true: this is the whole staff list; anyone on it before but "
                "not sent now is marked as having left today",
            )
        ],
        description="Bulk upsert by staff number, all or nothing: any invalid row and none "
        "is saved; the errors name each row by its index.",
    )
)
class StaffListViewSet(mixins.ListModelMixin, APIViewSet):
    """Your organisation's staff list, against which coverage is counted. Personal details:
    only the central QI team and the executive lead read or send it."""

    serializer_class = StaffMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StaffMember.objects.none()
        self.call(require, person=self.request.user, permission=Permission.SEE_STAFF_LIST)
        return selectors.visible_staff_list(self.request.user)

    def create(self, request, *args, **kwargs):
        provider = self.call(services.trained_organisation, person=request.user)
        check_bulk(request.data, most=MAX_STAFF_ROWS, noun="staff")
        read_bulk_columns(request.data, dates=("start_date", "end_date"))
        checked = StaffRowSerializer(data=request.data, many=True)
        if not checked.is_valid():
            errors = item_errors(checked)
            return invalid(errors, STAFF_REFUSED)
        units = imports.unit_lookup(provider)
        rows, errors, seen = [], [], {}
        for index, item in enumerate(checked.validated_data):
            record = {
                **{k: str(v) for k, v in item.items() if v is not None},
                "manager": "yes" if item.get("manager") else "no",
            }
            row, problems = imports.check_row(record, units)
            if row["staff_number"] in seen:
                problems.append(f"staff_number is also in item {seen[row['staff_number']]}")
            seen.setdefault(row["staff_number"], index)
            if problems:
                errors.append({"index": index, "errors": problems})
            rows.append(row)
        if errors:
            return invalid(errors, STAFF_REFUSED)
        whole = request.query_params.get("whole_list", "").lower() in ("true", "1", "yes")
        counts = self.call(
            services.import_staff,
            actor=request.user,
            rows=rows,
            source="the API",
            leavers_on=dt.date.today() if whole else None,
        )
        return Response(counts, status=status.HTTP_200_OK)
