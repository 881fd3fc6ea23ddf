"""Training in the API: programmes, cohorts, enrolments (a completion is an enrolment with its
date), evaluations and a read-only list of completions, under the same rules as the pages:
anyone of the organisation reads; the central QI team and the executive lead change."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from qijourney.api.base import APIViewSet, OwnRecordsViewSet, ScopedViewSet, id_parameter
from qijourney.api.fields import ModelSerializer
from qijourney.api.serializers import ScopedRelated, ScopedSlug
from qijourney.capability import selectors, services
from qijourney.capability.models import KEY, Cohort, Enrolment, Evaluation, Ladder, Programme
from qijourney.domain.dates import parse_date
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission

PROGRAMME_FIELDS = ["name", "tier", "audience", "description", "hours", "qualifies_as"]
COHORT_FIELDS = ["name", "starts", "ends", "facilitator", "places"]


class ProgrammeSerializer(ModelSerializer):
    slug = serializers.SlugField(
        max_length=80,
        required=False,
        validators=[KEY],
        help_text="The programme's stable key; made from its name when not given",
    )
    ladder = serializers.SlugField(
        source="ladder.slug",
        max_length=80,
        validators=[KEY],
        help_text="The ladder's slug, e.g. dosing-tiers; a slug the organisation does not "
        "have starts a new ladder, named by ladder_name",
    )
    ladder_name = serializers.CharField(
        source="ladder.name",
        max_length=80,
        required=False,
        help_text="The ladder's name: read it, or give it to start a new ladder (rename a "
        "ladder at /api/ladders/)",
    )

    class Meta:
        model = Programme
        fields = ["id", "slug", "ladder", "ladder_name", *PROGRAMME_FIELDS]

    def validate(self, attrs):
        """The ladder as the service takes it: one of the organisation's, or a new one."""
        ladder = attrs.pop("ladder", {})
        slug, name = ladder.get("slug"), ladder.get("name")
        if not slug:
            if name:
                raise ValidationError(
                    {"ladder": "Name the ladder by its slug; ladder_name only names a new one"}
                )
            return attrs
        provider_id = (
            self.instance.provider_id if self.instance else self.context["request"].user.provider_id
        )
        found = selectors.ladder(provider_id, slug)
        if found is None and not name:
            raise ValidationError(
                {"ladder_name": f"There is no ladder {slug!r}: give its name to start it"}
            )
        if found is None:
            return {**attrs, "new_ladder": name, "new_ladder_slug": slug}
        if name and name != found.name:
            raise ValidationError(
                {
                    "ladder_name": f"The ladder {slug!r} is called {found.name!r}: rename it at "
                    "/api/ladders/"
                }
            )
        return {**attrs, "ladder": found}


class LadderSerializer(ModelSerializer):
    slug = serializers.SlugField(
        max_length=80,
        required=False,
        validators=[KEY],
        help_text="Its stable key; made from the name if not given",
    )

    class Meta:
        model = Ladder
        fields = ["id", "slug", "name"]

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise ValidationError("A ladder keeps its slug: it is the key clients name it by")
        return value


class CohortSerializer(ModelSerializer):
    programme = ScopedSlug(Programme, help_text="The programme's slug")
    facilitator = ScopedRelated(Person, required=False, allow_null=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", *COHORT_FIELDS]


class EnrolmentSerializer(ModelSerializer):
    cohort = ScopedRelated(Cohort, field="programme__provider")
    staff_number = serializers.CharField(source="staff.staff_number")
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "cohort", "staff_number", "staff_name", "completed_on", "withdrawn"]


class EvaluationSerializer(ModelSerializer):
    enrolment = ScopedRelated(Enrolment, field="staff__provider")

    class Meta:
        model = Evaluation
        fields = ["id", "enrolment", "level", "score", "recorded_on", "comment"]
        validators = []  # a second score for the same trainee and level replaces the first


class CompletionSerializer(ModelSerializer):
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

    change_permission = Permission.MANAGE_TRAINING
    serializer_class = ProgrammeSerializer
    model = Programme

    def perform_create(self, serializer):
        serializer.instance = self.call(
            services.save_programme,
            actor=self.request.user,
            fields=dict(serializer.validated_data),
        )

    def perform_update(self, serializer):
        serializer.instance = self.call(
            services.save_programme,
            actor=self.request.user,
            programme=serializer.instance,
            fields=dict(serializer.validated_data),
        )


class LadderViewSet(ScopedViewSet):
    """Your organisation's ladders: programmes that build on each other (a higher rung counts
    as the lower doses). A ladder's slug is its stable key; its name may change."""

    change_permission = Permission.MANAGE_TRAINING
    serializer_class = LadderSerializer
    model = Ladder

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.call(
            services.new_ladder,
            actor=self.request.user,
            provider=self.request.user.provider,
            name=data["name"],
            slug=data.get("slug", ""),
        )

    def perform_update(self, serializer):
        if "name" in serializer.validated_data:
            self.call(
                services.rename_ladder,
                actor=self.request.user,
                ladder=serializer.instance,
                name=serializer.validated_data["name"],
            )
        serializer.instance.refresh_from_db()


class CohortViewSet(ScopedViewSet):
    """Cohorts of your organisation's programmes."""

    change_permission = Permission.MANAGE_TRAINING
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
        serializer.instance = self.call(
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

    change_permission = Permission.MANAGE_TRAINING
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

    change_permission = Permission.MANAGE_TRAINING
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
class CompletionViewSet(mixins.ListModelMixin, APIViewSet):
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
