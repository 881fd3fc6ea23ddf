"""Self-assessment in the API: rounds (with their results by domain) and responses, under the
same rules as the pages. Rounds are run by the central QI team or the executive lead; anyone
of the organisation answers; only managers read other people's answers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response as APIResponse

from qijourney.api.base import OwnRecordsViewSet, ScopedViewSet
from qijourney.api.fields import ModelSerializer
from qijourney.api.serializers import ScopedRelated
from qijourney.assessment import content, selectors, services
from qijourney.assessment.models import AssessmentRound, Response
from qijourney.organisations.permissions import Permission, require

ROUND_FIELDS = ["name", "opened", "closed"]


class FrameworkChoice(serializers.PrimaryKeyRelatedField):
    """A shipped framework, or one of the caller's organisation's own."""

    def get_queryset(self):
        return selectors.frameworks_for(self.context["request"].user)


class VisibleStatement(serializers.PrimaryKeyRelatedField):
    """A statement of a framework the caller may use (shipped, or their organisation's)."""

    def get_queryset(self):
        return selectors.visible_statements(self.context["request"].user)


class AssessmentRoundSerializer(ModelSerializer):
    framework = FrameworkChoice()

    class Meta:
        model = AssessmentRound
        fields = ["id", "provider", "framework", *ROUND_FIELDS, "shared_with_system"]
        read_only_fields = ["provider"]


class DomainResultSerializer(serializers.Serializer):
    domain = serializers.CharField()
    score = serializers.FloatField(
        allow_null=True, help_text="Mean rank across respondents and statements"
    )
    respondents = serializers.IntegerField()
    change = serializers.FloatField(
        allow_null=True, help_text="Change since the previous round of the same framework"
    )


class AssessmentRoundViewSet(ScopedViewSet):
    """Self-assessment rounds of your organisation. The central QI team and the executive lead
    start and change them; `shared_with_system` shares the results with your system."""

    serializer_class = AssessmentRoundSerializer
    model = AssessmentRound

    def perform_create(self, serializer):
        serializer.instance = self.call(
            services.start_round, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        self.call(
            services.update_round,
            actor=self.request.user,
            assessment=serializer.instance,
            fields=dict(serializer.validated_data),
        )

    @extend_schema(responses=DomainResultSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="results", pagination_class=None)
    def results(self, request, pk=None, format=None):
        """Each domain's combined score and its change since the previous round."""
        assessment = self.get_object()
        rows = selectors.results(assessment)
        return APIResponse(DomainResultSerializer(rows, many=True).data)


class ResponseSerializer(ModelSerializer):
    round = ScopedRelated(AssessmentRound)
    statement = VisibleStatement()
    rank = serializers.IntegerField(
        min_value=1,
        max_value=len(content.LEVELS),
        help_text=f"Maturity level, 1 (least mature) to {len(content.LEVELS)}",
    )

    class Meta:
        model = Response
        fields = ["id", "round", "respondent", "statement", "rank"]
        read_only_fields = ["respondent"]
        # One answer per person and statement: a second answer replaces the first.
        validators = []

    def validate(self, attrs):
        assessment = attrs.get("round") or self.instance.round
        statement = attrs.get("statement") or self.instance.statement
        if statement.domain.framework_id != assessment.framework_id:
            raise ValidationError(
                {"statement": f"This statement is not in {assessment.framework}, the round's"}
            )
        if self.instance is not None and (
            assessment.pk != self.instance.round_id or statement.pk != self.instance.statement_id
        ):
            raise ValidationError(
                "An answer stays with its round and statement; answer the other one instead"
            )
        return attrs


class ResponseViewSet(OwnRecordsViewSet):
    """Answers to your organisation's rounds. You read and give your own; the central QI team
    and the executive lead read everyone's. Answering a statement again replaces the answer."""

    serializer_class = ResponseSerializer
    model = Response
    scope_field = "round__provider"
    person_field = "respondent"
    see_all = Permission.RUN_ASSESSMENTS

    def _answer(self, assessment, statement, rank: int) -> Response:
        try:
            services.respond(
                assessment=assessment,
                respondent=self.request.user,
                answers={statement.pk: rank},
            )
        except ValueError as error:
            raise ValidationError(str(error)) from error
        return selectors.answer(assessment, self.request.user, statement)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self._answer(data["round"], data["statement"], data["rank"])

    def perform_update(self, serializer):
        answer = serializer.instance
        self.call(
            require, person=self.request.user, permission=Permission.CHANGE_ANSWER, obj=answer
        )
        rank = serializer.validated_data.get("rank", answer.rank)
        serializer.instance = self._answer(answer.round, answer.statement, rank)
