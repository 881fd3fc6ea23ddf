"""Training in the API: programmes, cohorts, enrolments (a completion is an enrolment with its
date), evaluations and a read-only list of completions, under the same rules as the pages:
anyone of the organisation reads; the central QI team and the executive lead change."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from qijourney.api.base import OwnRecordsViewSet, ScopedViewSet, ServiceErrors, id_parameter
from qijourney.api.serializers import ScopedRelated, ScopedSlug
from qijourney.capability import selectors, services
from qijourney.capability.models import Cohort, Enrolment, Evaluation, Programme
from qijourney.domain.tables import parse_date
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission

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

    def rows(self, person):
        return selectors.places(person, id_parameter(self.request.query_params, "cohort"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.call(
            services.enrol_one,
            actor=self.request.user,
            cohort=data["cohort"],
            staff_number=data["staff"]["staff_number"],
            **self._outcome(data),
        )

    def perform_update(self, serializer):
        enrolment = serializer.instance
        data = serializer.validated_data
        if "cohort" in data and data["cohort"].pk != enrolment.cohort_id:
            raise ValidationError({"cohort": "An enrolment stays on its own cohort"})
        number = data.get("staff", {}).get("staff_number")
        if number is not None and number != enrolment.staff.staff_number:
            raise ValidationError({"staff_number": "An enrolment stays with its own trainee"})
        serializer.instance = self.call(
            services.change_place,
            actor=self.request.user,
            enrolment=enrolment,
            **self._outcome(data),
        )

    @staticmethod
    def _outcome(data: dict) -> dict:
        """Only what was sent: a partial update changes only what it names."""
        return {k: data[k] for k in ("withdrawn", "completed_on") if k in data}


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
        params = self.request.query_params
        since = None
        if params.get("since"):
            since = parse_date(params["since"])
            if since is None:
                raise ValidationError({"since": "Give a date as YYYY-MM-DD"})
        return selectors.completions(
            self.request.user, since=since, programme=params.get("programme", "")
        )
