"""Serializer fields of the API that read numbers strictly: JSON's true and false are refused,
never read as 1 and 0 (DRF's FloatField takes them)."""

from __future__ import annotations

from django.db import models
from rest_framework import serializers


class Figure(serializers.FloatField):
    """A number, where DRF's FloatField reads JSON's true as 1 and false as 0."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            raise serializers.ValidationError(f"{str(data).lower()} is not a number")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """DRF's, with every model float read as a :class:`Figure`."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.FloatField: Figure,
    }
