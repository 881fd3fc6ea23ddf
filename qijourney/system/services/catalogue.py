"""Writes to the system's catalogue of shared indicators: by its own improvement team only,
audited and versioned, and a removal refused while any organisation feeds the indicator."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import (
    delete_and_record,
    record,
    restore_version,
    update_and_record,
)
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, require
from qijourney.system.models import Indicator, IndicatorValue

INDICATOR_FIELDS = [
    "name",
    "definition",
    "numerator_definition",
    "denominator_definition",
    "data_type",
    "direction",
    "target",
    "frequency",
    "combine",
    "multiplier",
    "unit",
]


@transaction.atomic
def create_indicator(*, actor: Person, fields: dict) -> Indicator:
    """A new indicator in the catalogue of the actor's own system."""
    require(actor, Permission.KEEP_CATALOGUE)
    system = actor.provider
    if system is None or system.kind != Organisation.Kind.SYSTEM:
        raise ValidationError("Indicators belong to an integrated care system's catalogue")
    indicator = Indicator(
        provider=system, **{k: fields[k] for k in fields if k in INDICATOR_FIELDS}
    )
    indicator.full_clean()
    indicator.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=indicator, provider=system)
    return indicator


@transaction.atomic
def update_indicator(
    *, actor: Person, indicator: Indicator, fields: dict, version: str = ""
) -> dict:
    """Change the fields given (the others are kept); with ``version``, refused as an edit
    conflict when someone changed the indicator since it was read. Returns what changed."""
    require(actor, Permission.KEEP_CATALOGUE, indicator)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError(f"An indicator has no field {', '.join(sorted(unknown))}")
    if "frequency" in fields:
        keep_frequency_while_fed(indicator, fields["frequency"])
    return update_and_record(
        actor=actor,
        instance=indicator,
        fields=fields,
        provider=indicator.provider,
        version=version,
    )


@transaction.atomic
def remove_indicator(*, actor: Person, indicator: Indicator) -> None:
    """Take an indicator out of the catalogue, unless an organisation feeds it (named)."""
    require(actor, Permission.KEEP_CATALOGUE, indicator)
    stored = Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if stored is None:
        raise ValidationError(f"{indicator} was removed by someone else just now")
    feeding = stored.feeds.count()  # counted, never named: some may not share
    if feeding:
        raise ValidationError(
            f"{stored} is fed by {feeding} organisation{'' if feeding == 1 else 's'}: it can be "
            "removed once no organisation feeds it"
        )
    kept = {k: [str(v), None] for k, v in model_to_dict(stored).items() if v not in (None, "")}
    delete_and_record(actor=actor, instance=stored, provider=indicator.provider, changes=kept)


def keep_frequency_while_fed(indicator: Indicator, frequency: str) -> None:
    """Refuse a new frequency while figures are stored: monthly figures read as quarters (or
    the other way) would be misread."""
    if frequency == indicator.frequency:
        return
    stored = IndicatorValue.objects.filter(feed__indicator=indicator).count()
    if stored:
        raise ValidationError(
            {
                "frequency": f"{stored} figures are stored for it month by month or quarter "
                "by quarter as it is now: start a new indicator for the other frequency"
            }
        )


@transaction.atomic
def restore_indicator_version(*, actor: Person, item: Indicator, row, version: str = "") -> dict:
    """Write an earlier version of the indicator back (its History page), unless it would
    change the frequency of stored figures."""
    require(actor, Permission.KEEP_CATALOGUE, item)
    keep_frequency_while_fed(item, row.frequency)
    return restore_version(
        actor=actor, instance=item, row=row, provider=item.provider, version=version
    )
