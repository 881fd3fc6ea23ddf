"""Which version of an item someone read: a fingerprint of what is stored, so a change based on
an older version can be told apart and refused (pages: a conflict page; the API: 412)."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models


class EditConflict(ValidationError):
    """The item changed after the person opened it: ``stored`` is what is saved now."""

    def __init__(self, stored: models.Model):
        super().__init__(f"{stored} was changed by someone else after you opened it")
        self.stored = stored


def version_of(instance: models.Model) -> str:
    """A fingerprint of what is stored in ``instance`` (its editable fields): a form or an
    API client that read this version may save; one that read an older version may not.

    Every field takes part, so two saves of the same content have the same version.
    """
    from django.forms.models import model_to_dict

    fields = {key: _plain(value) for key, value in sorted(model_to_dict(instance).items())}
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()[:16]


def _plain(value):
    """A stored value as JSON can hold it: related objects by id, sets in order."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_plain(item) for item in value)
    return None if value is None else str(value)
