"""The system's shared indicators in the API: the catalogue of the caller's system, and the
caller's organisation's figures for them, read or sent in bulk by a BI pipeline (upsert by
indicator, place and month; every item checked as an uploaded row is; all or nothing)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from qijourney.api.base import APIViewSet, check_bulk, id_parameter, item_errors, read_bulk_columns
from qijourney.api.fields import Figure, ModelSerializer
from qijourney.api.problems import invalid
from qijourney.domain.constants import MAX_API_POINTS
from qijourney.organisations.permissions import Permission, require
from qijourney.system.figures import Places
from qijourney.system.models import Indicator, IndicatorValue
from qijourney.system.presenters import data_type_words
from qijourney.system.selectors.catalogue import catalogue, own_values
from qijourney.system.services import feeds as feed_services
from qijourney.system.services.catalogue import INDICATOR_FIELDS

REFUSED = "Some items are not valid, so none was saved: see errors, by index."


class IndicatorSerializer(ModelSerializer):
    data_type_meaning = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS, "data_type_meaning"]

    def get_data_type_meaning(self, indicator) -> str:
        return data_type_words(indicator)


class IndicatorValueSerializer(ModelSerializer):
    indicator = serializers.IntegerField(source="feed.indicator_id")
    unit_code = serializers.CharField(source="unit.code")

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "unit", "unit_code", "period", "numerator", "denominator"]


class IndicatorValueItem(serializers.Serializer):
    """One month's figures of one place for one indicator, sent by a pipeline."""

    indicator = serializers.IntegerField(help_text="The indicator's id (GET /api/indicators/)")
    unit = serializers.CharField(
        help_text="The place's ODS code, or its id; a place of your organisation (for the "
        "system's own feed: one of its GP practices)"
    )
    period = serializers.DateField(
        help_text='The month: "2025-04", or any date in it (a quarterly indicator: in the quarter)'
    )
    numerator = Figure()
    denominator = Figure()


class IndicatorImportResult(serializers.Serializer):
    added = serializers.IntegerField()
    replaced = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(description="The indicators of your system's catalogue."),
    retrieve=extend_schema(description="One indicator of your system's catalogue."),
)
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, APIViewSet):
    """Your integrated care system's catalogue of shared indicators."""

    serializer_class = IndicatorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return catalogue(self.request.user)


@extend_schema_view(
    list=extend_schema(
        description="Your organisation's figures for the system's indicators (its own feeds, "
        "shared or not; a feed mapped to a board metric reads the metric's points instead).",
        parameters=[OpenApiParameter("indicator", int, description="Only this indicator's")],
    ),
    create=extend_schema(
        request=IndicatorValueItem(many=True),
        responses=IndicatorImportResult,
        description="Bulk upsert into your organisation's feeds (a feed is made, unshared, "
        "when it has none): figures for a new place and month are added, those already "
        "saved replaced. All or nothing: any invalid item and none is saved; the errors "
        "name each item by its index.",
    ),
)
class IndicatorValueViewSet(mixins.ListModelMixin, APIViewSet):
    """Your organisation's figures for the system's shared indicators."""

    serializer_class = IndicatorValueSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IndicatorValue.objects.none()
        indicator = id_parameter(self.request.query_params, "indicator")
        return own_values(self.request.user, indicator)

    def create(self, request, *args, **kwargs):
        self.call(require, person=request.user, permission=Permission.FEED_INDICATOR)
        check_bulk(request.data, most=MAX_API_POINTS, noun="figures")
        read_bulk_columns(request.data, dates=("period",), numbers=("numerator", "denominator"))
        checked = IndicatorValueItem(data=request.data, many=True)
        if not checked.is_valid():
            return invalid(item_errors(checked), REFUSED)
        items, errors = self._items(request.user, checked.validated_data)
        if errors:
            return invalid(errors, REFUSED)
        counts = self.call(
            feed_services.import_many, actor=request.user, items=items, source="the API"
        )
        return Response(counts)

    def _items(self, person, data: list[dict]):
        """Each item with its indicator, its place as an id and its month; the problems of
        those that fail, by index (the same checks as an uploaded row)."""
        known = {i.pk: i for i in catalogue(person)}
        places = Places(person.provider) if person.provider is not None else None
        items, errors, rows = [], {}, {}
        for index, item in enumerate(data):
            indicator = known.get(item["indicator"])
            if indicator is None or places is None:
                errors[index] = [f"indicator {item['indicator']} is not in your system's catalogue"]
                continue
            row = {**item, "period": indicator.period_of(item["period"])}
            del row["indicator"]
            rows.setdefault(indicator.pk, []).append((index, row))
            items.append((indicator, row))
        for pk, indexed in rows.items():
            problems = feed_services.check_rows(
                known[pk], person.provider, [row for _, row in indexed], places=places
            )
            for position, messages in problems:
                errors.setdefault(indexed[position][0], []).extend(messages)
        return items, [{"index": i, "errors": errors[i]} for i in sorted(errors)]
