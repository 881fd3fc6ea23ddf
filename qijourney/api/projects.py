"""Projects, measures (and their data points) and PDSA cycles in the API: scoped reads,
writes through the same services (and audit) as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from qijourney.api import serializers as s
from qijourney.api.base import ScopedViewSet, check_bulk, item_errors, read_bulk_columns
from qijourney.api.problems import invalid
from qijourney.audit.selectors import versions
from qijourney.domain.constants import MAX_API_POINTS
from qijourney.measures import selectors as measure_selectors
from qijourney.measures import services as measure_services
from qijourney.measures.models import Measure
from qijourney.organisations.permissions import Permission, require
from qijourney.projects import selectors as project_selectors
from qijourney.projects import services as project_services
from qijourney.projects.forms import PDSA_FIELDS, PROJECT_FIELDS
from qijourney.projects.models import PDSACycle, Project
from qijourney.reporting import services as reporting_services


class ProjectViewSet(ScopedViewSet):
    """Improvement projects of your organisation."""

    serializer_class = s.ProjectSerializer

    model = Project

    def perform_create(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k in PROJECT_FIELDS}
        serializer.instance = self.call(
            project_services.create_project, actor=self.request.user, fields=fields
        )

    def perform_update(self, serializer):
        serializer.instance = self.call(
            project_services.update_project,
            actor=self.request.user,
            project=serializer.instance,
            fields=dict(serializer.validated_data),
            version=self.if_match,
        )

    @extend_schema(
        responses=s.VersionSerializer(many=True),
        description="Every version of the project and of its driver diagram boxes, PDSA "
        "cycles and team, newest first (up to 200), for those who may change it.",
    )
    @action(detail=True, methods=["get"], url_path="history", pagination_class=None)
    def history(self, request, pk=None, format=None):
        project = self.get_object()
        self.call(require, person=request.user, permission=Permission.CHANGE_PROJECT, obj=project)
        found = versions(Project, project.pk, project_selectors.HISTORY_PARTS)
        return Response(s.VersionSerializer(found, many=True).data)


class MeasureViewSet(ScopedViewSet):
    """Measures of your organisation's projects, and their data points."""

    serializer_class = s.MeasureSerializer

    model = Measure

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project", None)
        if project is None:  # a board metric of the organisation itself
            serializer.instance = self.call(
                reporting_services.create_board_metric, actor=self.request.user, fields=data
            )
            return
        serializer.instance = self.call(
            measure_services.create_measure, actor=self.request.user, project=project, fields=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("project", None)  # a measure stays with its project
        serializer.instance = self.call(
            measure_services.update_measure,
            actor=self.request.user,
            measure=serializer.instance,
            fields=data,
            version=self.if_match,
        )

    @extend_schema(
        responses=s.VersionSerializer(many=True),
        description="Every version of the measure and of its data points, newest first (up "
        "to 200), for those who may change it.",
    )
    @action(detail=True, methods=["get"], url_path="history", pagination_class=None)
    def history(self, request, pk=None, format=None):
        measure = self.get_object()
        self.call(require, person=request.user, permission=Permission.CHANGE_MEASURE, obj=measure)
        found = versions(Measure, measure.pk, measure_selectors.HISTORY_PARTS)
        return Response(s.VersionSerializer(found, many=True).data)

    @extend_schema(responses=s.DataPointSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="points", pagination_class=None)
    def points(self, request, pk=None, format=None):
        rows = measure_selectors.points(self.get_object())
        return Response(s.DataPointSerializer(rows, many=True).data)

    @extend_schema(
        request=s.DataPointSerializer(many=True),
        responses=s.UpsertResult,
        description="Bulk upsert: points on new dates are added, points on dates "
        "the measure has are replaced. All or nothing: any invalid point and none "
        "is saved; the errors name each point by its index.",
    )
    @points.mapping.post
    def upsert_points(self, request, pk=None, format=None):
        measure = self.get_object()
        check_bulk(request.data, most=MAX_API_POINTS, noun="points")
        read_bulk_columns(
            request.data, dates=("date",), numbers=("value", "numerator", "denominator")
        )
        serializer = s.DataPointSerializer(data=request.data, many=True)
        if not serializer.is_valid():
            errors = item_errors(serializer)
        else:
            errors = point_problems(measure, serializer.validated_data)
        if errors:
            return invalid(errors, "Some points are not valid, so none was saved: see errors.")
        added, replaced = self.call(
            measure_services.import_points,
            actor=request.user,
            measure=measure,
            rows=serializer.validated_data,
            source="API",
        )
        return Response({"added": added, "replaced": replaced})


def point_problems(measure: Measure, rows: list[dict]) -> list[dict]:
    """The checks a chart needs beyond field types, each naming the point's index."""
    problems, seen = [], {}
    for index, row in enumerate(rows):
        messages = []
        num, den = row.get("numerator"), row.get("denominator")
        if measure.uses_ratio and (num is None) != (den is None):
            messages.append("give both numerator and denominator, or neither")
        if den is not None and den < 0:
            messages.append("the denominator is negative")
        if num is not None and num < 0:
            messages.append("the numerator is negative")
        if measure.is_proportion and None not in (num, den) and num > den:
            messages.append("the numerator is more than the denominator")
        if measure.chart_type == "t" and row.get("value") is not None and row["value"] <= 0:
            messages.append("a time between events must be more than zero")
        if row["date"] in seen:
            messages.append(f"the date is also in point {seen[row['date']]}")
        seen.setdefault(row["date"], index)
        if messages:
            problems.append({"index": index, "errors": messages})
    return problems


class PDSACycleViewSet(ScopedViewSet):
    """PDSA cycles of your organisation's projects."""

    serializer_class = s.PDSACycleSerializer

    model = PDSACycle

    def rows(self, person):
        return project_selectors.visible_cycles(person)

    def _save(self, serializer, cycle=None):
        data = dict(serializer.validated_data)
        project = data.pop("project", None)
        if cycle is not None:
            if project is not None and project.pk != cycle.project_id:
                raise ValidationError({"project": "A PDSA cycle stays with its own project"})
            project = cycle.project  # permission is checked on the cycle's own project
        measures = data.pop("measures", None)
        if measures is None:
            measures = project_selectors.cycle_measures(cycle) if cycle else []
        fields = {k: v for k, v in data.items() if k in PDSA_FIELDS}
        return self.call(
            project_services.save_pdsa,
            actor=self.request.user,
            project=project,
            fields=fields,
            measures=measures,
            cycle=cycle,
            version=self.if_match if cycle is not None else "",
        )

    def perform_create(self, serializer):
        serializer.instance = self._save(serializer)

    def perform_update(self, serializer):
        serializer.instance = self._save(serializer, serializer.instance)
