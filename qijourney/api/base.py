"""What every API endpoint shares: reads scoped to the caller's organisation, the services'
refusals and validation errors as API answers, and checks of bulk uploads and query ids."""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS

from qijourney.api.text import refuse_nul_parameters
from qijourney.audit.versions import EditConflict, version_of
from qijourney.domain.dates import read_date_column
from qijourney.domain.errors import TableError
from qijourney.domain.numbers import read_number_column
from qijourney.formatting import parse_id
from qijourney.organisations.permissions import Permission, can, require, scoped


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = (
        "The item changed since you read it (its ETag is not the one in If-Match): read it "
        "again and send your change based on what is saved now"
    )
    default_code = "precondition_failed"


class ServiceErrors:
    """Turn the services' permission and validation errors into API answers."""

    def call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except EditConflict as error:
            raise PreconditionFailed() from error
        except DjangoValidationError as error:
            # By field when the service names one, so a client can say which value is wrong.
            named = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise ValidationError(named) from error


class APIViewSet(ServiceErrors, viewsets.GenericViewSet):
    """What every API viewset is: the services' errors as API answers, and query parameters
    with NUL in them refused before anything reads them (bodies: ``api/text.py``'s parser)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_nul_parameters(request.query_params)


class ScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    APIViewSet,
):
    """List, read, create and change ``model`` rows of the caller's organisation only.

    ``rows`` (a selector: person -> queryset) gives what the caller may see; by default the
    model's rows scoped through ``scope_field``. ``change_permission``, when set, is asked
    before a write's body is read, so someone who may not change is told so (403) rather than
    what was wrong with what they sent; a row they cannot see is still not found (404) first.
    """

    model = None
    scope_field = "provider"
    change_permission: Permission | None = None

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.change_permission is not None and self.action == "create":
            self.call(require, person=request.user, permission=self.change_permission)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        # The row is the caller's organisation's (rows are scoped), so the role decides.
        if self.change_permission is not None and request.method not in SAFE_METHODS:
            self.call(require, person=request.user, permission=self.change_permission)

    def rows(self, person):
        return scoped(self.model.objects.all(), person, self.scope_field)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no person
            return self.model.objects.none()
        return self.rows(self.request.user).order_by("id")

    # Versions: a read answers with the item's ETag; a change that sends If-Match with an
    # older one is refused (412). A change with no If-Match is taken as before, so pipelines
    # that never send one keep working.
    @property
    def if_match(self) -> str:
        sent = self.request.headers.get("If-Match", "").strip()
        return "" if sent == "*" else sent.removeprefix("W/").strip('"')

    def get_object(self):
        obj = super().get_object()
        writing = self.request.method in ("PUT", "PATCH")
        if writing and self.if_match and self.if_match != version_of(obj):
            raise PreconditionFailed()
        self._versioned = obj
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_versioned", None)
        versioned = self.action in ("retrieve", "update", "partial_update")
        if versioned and instance is not None and response.status_code < 300:
            instance.refresh_from_db()  # as saved, after a change
            response["ETag"] = f'"{version_of(instance)}"'
        return response


class OwnRecordsViewSet(ScopedViewSet):
    """Rows about a person (training, answers): those with ``see_all`` see every row of their
    organisation, everyone else only their own (``person_field``)."""

    person_field = ""
    see_all: Permission

    def get_queryset(self):
        rows = super().get_queryset()
        if getattr(self, "swagger_fake_view", False) or can(self.request.user, self.see_all):
            return rows
        return rows.filter(**{self.person_field: self.request.user})


def check_bulk(data, *, most: int, noun: str) -> None:
    """A bulk upload is a non-empty JSON list of at most ``most`` items."""
    if not isinstance(data, list) or not data:
        raise ValidationError(f"Send a JSON list of {noun}")
    if len(data) > most:
        raise ValidationError(f"Send at most {most:,} {noun} at once")


def item_errors(serializer) -> list[dict]:
    """A many=True serializer's errors as [{index, errors}] for the failing items only."""
    found = serializer.errors
    # DRF lists every item's errors, or (3.16+) maps only failing indexes to them.
    items = sorted(found.items()) if isinstance(found, dict) else enumerate(found)
    return [{"index": i, "errors": e} for i, e in items if e]


def id_parameter(params, name: str) -> int | None:
    """A numeric query parameter, refused clearly when it is not an id."""
    text = params.get(name)
    if not text:
        return None
    value = parse_id(text)
    if value is None:
        raise ValidationError({name: f"Give a {name} id"})
    return value


def read_bulk_columns(data: list, *, dates=(), numbers=()) -> None:
    """A bulk body's dates and numbers read by the same rules as an uploaded file's columns
    (domain/dates.py, domain/numbers.py): every item's date in one format, numbers that can be
    read only one way. Readable text is replaced by an ISO date or a number; anything else is
    left for the serializer to refuse by its index. A field written two ways is a 400 naming
    the items and the formats."""
    items = [item if isinstance(item, dict) else {} for item in data]
    for field in (*dates, *numbers):
        kinds = str | int | float
        given = [
            i
            for i, item in enumerate(items)
            # JSON's true and false are neither numbers nor dates: the serializer refuses them.
            if isinstance(item.get(field), kinds) and not isinstance(item.get(field), bool)
        ]
        if not given:
            continue
        raw = pd.Series([items[i][field] for i in given], dtype=object)
        try:
            if field in dates:
                read = read_date_column(raw, field, rows=given, noun="item")
                found = [None if pd.isna(v) else v.date().isoformat() for v in read.values]
            else:
                read = read_number_column(raw, field, rows=given, noun="item")
                found = [
                    None if bad or gap else float(v)
                    for v, bad, gap in zip(read.values, read.not_numbers, read.gaps, strict=True)
                ]
        except TableError as error:
            raise ValidationError(str(error)) from None
        for i, value in zip(given, found, strict=True):
            if value is not None:
                items[i][field] = value
