"""What the API reads and writes. Related objects are chosen only from the caller's organisation."""

from __future__ import annotations

from django.core.exceptions import MultipleObjectsReturned
from rest_framework import serializers

from qijourney.api.fields import ModelSerializer
from qijourney.measures.forms import BOARD_FIELDS, MEASURE_FIELDS
from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure
from qijourney.organisations.models import Organisation, Person, StrategicPriority
from qijourney.organisations.permissions import scoped
from qijourney.projects.forms import PDSA_FIELDS, PROJECT_FIELDS
from qijourney.projects.models import DriverNode, PDSACycle, Project


class ScopedRelated(serializers.PrimaryKeyRelatedField):
    """A related object by id, looked up only within the caller's organisation."""

    def __init__(self, model, field: str = "provider", **kwargs):
        self.model, self.scope_field = model, field
        super().__init__(**kwargs)

    def get_queryset(self):
        person = self.context["request"].user
        return scoped(self.model.objects.all(), person, self.scope_field)


class ScopedSlug(serializers.SlugRelatedField):
    """A related object by its slug (its stable key), looked up only within the caller's
    organisation."""

    def __init__(self, model, field: str = "provider", **kwargs):
        self.model, self.scope_field = model, field
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        person = self.context["request"].user
        return scoped(self.model.objects.all(), person, self.scope_field)

    def to_internal_value(self, data):
        # Slugs are unique within an organisation: one who sees several (a superuser) may
        # name one that several have, which is refused, never guessed.
        try:
            return super().to_internal_value(data)
        except MultipleObjectsReturned as error:
            raise serializers.ValidationError(
                f"Several organisations have {data!r}: act as someone of the one you mean"
            ) from error


class ProjectSerializer(ModelSerializer):
    unit = ScopedRelated(Organisation)
    priority = ScopedRelated(StrategicPriority, required=False, allow_null=True)
    lead = ScopedRelated(Person, required=False, allow_null=True)
    sponsor = ScopedRelated(Person, required=False, allow_null=True)
    coach = ScopedRelated(Person, required=False, allow_null=True)

    class Meta:
        model = Project
        fields = ["id", *PROJECT_FIELDS, "progress_score", "progress_updated", "created", "updated"]
        read_only_fields = ["progress_score", "progress_updated", "created", "updated"]


class MeasureSerializer(ModelSerializer):
    """A project's measure, or (with no project) a board metric of the organisation."""

    project = ScopedRelated(Project, required=False, allow_null=True)
    reporting_unit = ScopedRelated(Organisation, required=False, allow_null=True)
    owner = ScopedRelated(Person, required=False, allow_null=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "project",
            *MEASURE_FIELDS,
            *BOARD_FIELDS,
            "on_board_report",
            "created",
            "updated",
        ]
        read_only_fields = ["on_board_report", "created", "updated"]


class DataPointSerializer(ModelSerializer):
    class Meta:
        model = DataPoint
        fields = ["date", *POINT_FIELDS]
        # One point per date is enforced by the upsert itself, not as a validation error.
        validators = []


class UpsertResult(serializers.Serializer):
    added = serializers.IntegerField()
    replaced = serializers.IntegerField()


class PDSACycleSerializer(ModelSerializer):
    project = ScopedRelated(Project)
    change_idea = ScopedRelated(
        DriverNode, field="project__provider", required=False, allow_null=True
    )
    measures = ScopedRelated(Measure, many=True, required=False)

    class Meta:
        model = PDSACycle
        fields = ["id", "project", *PDSA_FIELDS, "measures", "created", "updated"]
        read_only_fields = ["created", "updated"]


class VersionSerializer(serializers.Serializer):
    """One version of an item (or of one of its parts, such as a measure's point): when,
    by whom, what happened and each field that changed, ``[before, after]`` as text."""

    version = serializers.IntegerField(source="row.history_id")
    item_type = serializers.SerializerMethodField()
    item_id = serializers.IntegerField(source="row.id")
    when = serializers.DateTimeField(source="row.history_date")
    by = serializers.SerializerMethodField()
    action = serializers.SerializerMethodField()
    audit_event = serializers.IntegerField(source="row.audit_event_id", allow_null=True)
    changes = serializers.DictField(child=serializers.ListField(allow_null=True))

    def get_item_type(self, version) -> str:
        return version.row.instance_type._meta.label

    def get_by(self, version) -> str | None:
        user = version.row.history_user
        return user.email if user is not None else None

    def get_action(self, version) -> str:
        """The audit event's action (create, update, delete, restore, import ...)."""
        if version.event is not None:
            return version.event.action
        return {"+": "create", "-": "purge"}.get(version.row.history_type, "update")
