"""Training in the API: programmes, cohorts, enrolments (a completion is an enrolment with its
date), evaluations and a read-only list of completions, under the same rules as the pages:
anyone of the organisation reads; the central QI team and the executive lead change."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from qijourney.api.serializers import ScopedRelated, ScopedSlug
from qijourney.api.views import (
    OwnRecordsViewSet,
    ScopedViewSet,
    ServiceErrors,
    check_bulk,
    item_errors,
)
from qijourney.capability import imports, services
from qijourney.capability.models import Cohort, Enrolment, Evaluation, Programme, StaffMember
from qijourney.domain.tables import parse_date
from qijourney.formatting import parse_id
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission, can, require, scoped

PROGRAMME_FIELDS = ["name", "tier", "audience", "description", "hours", "qualifies_as"]
COHORT_FIELDS = ["name", "starts", "ends", "facilitator", "places"]


class ProgrammeSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=80,
        required=False,
        help_text="The programme's stable key; made from its name when not given",
    )
    ladder = serializers.SlugField(
        source="ladder.slug",
        max_length=80,
        help_text="The ladder's slug, e.g. dosing-tiers; a new slug starts a new ladder, "
        "named by ladder_name",
    )
    ladder_name = serializers.CharField(
        source="ladder.name",
        max_length=80,
        required=False,
        help_text="The ladder's name (read; or given to start a new ladder)",
    )

    class Meta:
        model = Programme
        fields = ["id", "slug", "ladder", "ladder_name", *PROGRAMME_FIELDS]

    def service_fields(self) -> dict:
        """What the service takes: the ladder as its slug and (for a new one) name."""
        data = dict(self.validated_data)
        ladder = data.pop("ladder", {})
        if "slug" in ladder:
            data["ladder"] = ladder["slug"]
        if "name" in ladder:
            data["ladder_name"] = ladder["name"]
        return data


class CohortSerializer(serializers.ModelSerializer):
    programme = ScopedSlug(Programme, help_text="The programme's slug")
    facilitator = ScopedRelated(Person, required=False, allow_null=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", *COHORT_FIELDS]


class EnrolmentSerializer(serializers.ModelSerializer):
    cohort = ScopedRelated(Cohort, field="programme__provider")
    staff_number = serializers.CharField(source="staff.staff_number")
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "cohort", "staff_number", "staff_name", "completed_on", "withdrawn"]


class EvaluationSerializer(serializers.ModelSerializer):
    enrolment = ScopedRelated(Enrolment, field="staff__provider")

    class Meta:
        model = Evaluation
        fields = ["id", "enrolment", "level", "score", "recorded_on", "comment"]
        validators = []  # a second score for the same trainee and level replaces the first


class CompletionSerializer(serializers.ModelSerializer):
    staff_number = serializers.CharField(source="staff.staff_number")
    staff_name = serializers.CharField(source="staff.name")
    programme = serializers.CharField(source="cohort.programme.slug")
    programme_name = serializers.CharField(source="cohort.programme.name")

    class Meta:
        model = Enrolment
        fields = ["id", "staff_number", "staff_name", "programme", "programme_name", "cohort"]
        fields += ["completed_on"]


class ProgrammeViewSet(ScopedViewSet):
    """Training programmes of your organisation, each a rung (tier) of a ladder. Ladders and
    programmes are named by their slugs, which stay the same when they are renamed."""

    serializer_class = ProgrammeSerializer
    model = Programme

    def perform_create(self, serializer):
        serializer.instance = self.call(
            services.save_programme,
            actor=self.request.user,
            fields=serializer.service_fields(),
        )

    def perform_update(self, serializer):
        self.call(
            services.save_programme,
            actor=self.request.user,
            programme=serializer.instance,
            fields=serializer.service_fields(),
        )


class CohortViewSet(ScopedViewSet):
    """Cohorts of your organisation's programmes."""

    serializer_class = CohortSerializer
    model = Cohort
    scope_field = "programme__provider"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        serializer.instance = self.call(
            services.save_cohort, actor=self.request.user, programme=programme, fields=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme", serializer.instance.programme)
        self.call(
            services.save_cohort,
            actor=self.request.user,
            programme=programme,
            fields=data,
            cohort=serializer.instance,
        )


def id_parameter(params, name: str) -> int | None:
    """A numeric query parameter, refused clearly when it is not an id."""
    text = params.get(name)
    if not text:
        return None
    value = parse_id(text)
    if value is None:
        raise ValidationError({name: f"Give a {name} id"})
    return value


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("cohort", int, description="Only this cohort's places")]
    )
)
class EnrolmentViewSet(OwnRecordsViewSet):
    """Places on cohorts. Create one with a cohort and a staff number from the staff list;
    record a completion by setting `completed_on`, a withdrawal with `withdrawn`. Those who
    manage training see every place; others see their own."""

    serializer_class = EnrolmentSerializer
    model = Enrolment
    scope_field = "staff__provider"
    person_field = "staff__person"
    see_all = Permission.MANAGE_TRAINING

    def get_queryset(self):
        rows = super().get_queryset().select_related("staff")
        cohort = id_parameter(self.request.query_params, "cohort")
        return rows if cohort is None else rows.filter(cohort_id=cohort)

    @transaction.atomic
    def perform_create(self, serializer):
        data = serializer.validated_data
        cohort = data["cohort"]
        number = data["staff"]["staff_number"]
        self.call(services.enrol, actor=self.request.user, cohort=cohort, staff_numbers=[number])
        enrolment = Enrolment.objects.get(cohort=cohort, staff__staff_number=number)
        self._outcome(enrolment, data)
        serializer.instance = Enrolment.objects.get(pk=enrolment.pk)

    @transaction.atomic
    def perform_update(self, serializer):
        enrolment = serializer.instance
        data = serializer.validated_data
        if "cohort" in data and data["cohort"].pk != enrolment.cohort_id:
            raise ValidationError({"cohort": "An enrolment stays on its own cohort"})
        number = data.get("staff", {}).get("staff_number")
        if number is not None and number != enrolment.staff.staff_number:
            raise ValidationError({"staff_number": "An enrolment stays with its own trainee"})
        self._outcome(enrolment, data)
        enrolment.refresh_from_db()

    def _outcome(self, enrolment: Enrolment, data: dict) -> None:
        if "withdrawn" not in data and "completed_on" not in data:
            return
        # What is not sent stays as it is: a partial update changes only what it names.
        withdrawn = data.get("withdrawn", enrolment.withdrawn)
        completed_on = data.get("completed_on", enrolment.completed_on)
        if withdrawn and completed_on:
            raise ValidationError("A withdrawn trainee has no completion date")
        outcome = (
            Enrolment.Outcome.WITHDRAWN
            if withdrawn
            else Enrolment.Outcome.COMPLETED
            if completed_on
            else Enrolment.Outcome.ENROLLED
        )
        if (outcome, completed_on) == (enrolment.outcome, enrolment.completed_on):
            return
        self.call(
            services.set_outcome,
            actor=self.request.user,
            cohort=enrolment.cohort,
            enrolment_ids=[enrolment.pk],
            outcome=outcome,
            on=completed_on,
        )


class EvaluationViewSet(OwnRecordsViewSet):
    """Kirkpatrick evaluations (level 1 reaction to 4 results), each scored 1 to 5; one per
    trainee and level (posting again replaces it). Those who manage training see every
    evaluation; others see their own."""

    serializer_class = EvaluationSerializer
    model = Evaluation
    scope_field = "enrolment__staff__provider"
    person_field = "enrolment__staff__person"
    see_all = Permission.MANAGE_TRAINING

    def _save(self, serializer, enrolment):
        data = serializer.validated_data
        return self.call(
            services.evaluate,
            actor=self.request.user,
            enrolment=enrolment,
            level=data["level"],
            score=data["score"],
            on=data["recorded_on"],
            comment=data.get("comment", ""),
        )

    def perform_create(self, serializer):
        serializer.instance = self._save(serializer, serializer.validated_data["enrolment"])

    def perform_update(self, serializer):
        data = serializer.validated_data
        enrolment = serializer.instance.enrolment
        if data.get("enrolment", enrolment) != enrolment:
            raise ValidationError({"enrolment": "An evaluation stays with its own trainee"})
        if data.get("level", serializer.instance.level) != serializer.instance.level:
            raise ValidationError({"level": "Record another level as a new evaluation"})
        for name in ("level", "score", "recorded_on", "comment"):
            data.setdefault(name, getattr(serializer.instance, name))
        serializer.instance = self._save(serializer, enrolment)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="Only completions on or after (YYYY-MM-DD)"),
            OpenApiParameter("programme", str, description="Only this programme (its slug)"),
        ]
    )
)
class CompletionViewSet(ServiceErrors, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every completed place of your organisation, newest first: for feeding a workforce or
    learning system (to those who manage training; others see their own)."""

    serializer_class = CompletionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        rows = scoped(
            Enrolment.objects.filter(completed_on__isnull=False).select_related(
                "staff", "cohort__programme"
            ),
            self.request.user,
            "staff__provider",
        ).order_by("-completed_on", "id")
        if not can(self.request.user, Permission.MANAGE_TRAINING):
            rows = rows.filter(staff__person=self.request.user)
        params = self.request.query_params
        if params.get("since"):
            since = parse_date(params["since"])
            if since is None:
                raise ValidationError({"since": "Give a date as YYYY-MM-DD"})
            rows = rows.filter(completed_on__gte=since)
        if params.get("programme"):
            rows = rows.filter(cohort__programme__slug=params["programme"])
        return rows


class StaffMemberSerializer(serializers.ModelSerializer):
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
class StaffListViewSet(ServiceErrors, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your organisation's staff list, against which coverage is counted. Personal details:
    only the central QI team and the executive lead read or send it."""

    serializer_class = StaffMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StaffMember.objects.none()
        self.call(require, person=self.request.user, permission=Permission.SEE_STAFF_LIST)
        return scoped(
            StaffMember.objects.select_related("unit").order_by("staff_number"),
            self.request.user,
        )

    def create(self, request, *args, **kwargs):
        provider = self.call(services.trained_organisation, person=request.user)
        check_bulk(request.data, most=imports.MAX_ROWS, noun="staff")
        checked = StaffRowSerializer(data=request.data, many=True)
        if not checked.is_valid():
            errors = item_errors(checked)
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
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
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        whole = request.query_params.get("whole_list", "").lower() in ("true", "1", "yes")
        counts = self.call(
            services.import_staff,
            actor=request.user,
            rows=rows,
            source="the API",
            leavers_on=dt.date.today() if whole else None,
        )
        return Response(counts, status=status.HTTP_200_OK)
