"""Writes to an organisation's feed of a shared indicator: mapping one of its board metrics,
importing figures (upload or API, all or nothing), and sharing the feed with its system.

Every write asks ``FEED_INDICATOR`` of the feed (the central QI team or the executive lead of
the feeding organisation); the system's own feed (its GP practices' figures) is kept by the
system's improvement team (``KEEP_CATALOGUE``) too."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.history import bulk_delete, bulk_versions
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import delete_and_record, record, update_and_record
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, require, require_same_organisation
from qijourney.organisations.selectors import system_of
from qijourney.system.figures import Places, figure_problems, period_problem, period_words
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue
from qijourney.system.selectors.catalogue import chosen_values, compare_rows

BATCH = 2000
ANOTHER_SYSTEM = "That indicator is in another system's catalogue"


def require_feeding(actor: Person, feed: IndicatorFeed) -> None:
    require(actor, Permission.FEED_INDICATOR, feed)
    if feed.provider.kind == Organisation.Kind.SYSTEM:
        require(actor, Permission.KEEP_CATALOGUE, feed)


def _feed(actor: Person, indicator: Indicator) -> IndicatorFeed:
    """The actor's organisation's feed of ``indicator``, made (unshared) when it has none;
    the indicator's row is locked first, so writers at once make one feed between them."""
    provider = actor.provider
    if provider is None:
        raise ValidationError("Feeds belong to an organisation: yours has none")
    locked = Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if locked is None or locked.provider_id != getattr(system_of(provider), "pk", None):
        raise ValidationError(ANOTHER_SYSTEM)
    feed = IndicatorFeed.objects.filter(indicator=locked, provider=provider).first()
    if feed is not None:
        require_feeding(actor, feed)
        return feed
    feed = IndicatorFeed(indicator=locked, provider=provider)
    require_feeding(actor, feed)
    feed.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=feed, provider=provider)
    return feed


@transaction.atomic
def map_metric(*, actor: Person, indicator: Indicator, measure: Measure) -> IndicatorFeed:
    """Feed ``indicator`` from one of the organisation's board metrics: its points' numerators
    and denominators, read live, at its reporting unit (or the organisation)."""
    feed = _feed(actor, indicator)
    require_same_organisation(feed, measure)
    if not measure.on_board_report or measure.project_id is not None:
        raise ValidationError(f"{measure} is not one of the organisation's board metrics")
    if not measure.uses_ratio:
        raise ValidationError(
            f"{measure} has single values, not numerators and denominators, so it cannot "
            "feed an indicator: choose a metric charted as a proportion or a rate, or "
            "upload the figures"
        )
    uploaded = feed.values.count()
    if uploaded:
        raise ValidationError(
            f"This feed holds {uploaded} uploaded figures: a feed is either mapped to a board "
            "metric or fed by upload, not both"
        )
    update_and_record(
        actor=actor, instance=feed, fields={"measure": measure}, provider=feed.provider
    )
    return feed


@transaction.atomic
def unmap_metric(*, actor: Person, feed: IndicatorFeed) -> None:
    require_feeding(actor, feed)
    update_and_record(actor=actor, instance=feed, fields={"measure": None}, provider=feed.provider)


def check_rows(
    indicator: Indicator, feed_provider: Organisation, rows: list[dict], places=None
) -> list[tuple[int, list[str]]]:
    """The problems of each row (by its position) as the service sees them: its place (whose
    id replaces the code or name given), its figures for the data type, a period not yet
    begun or before 1900, a place and month given twice."""
    places = places or Places(feed_provider)
    problems, seen = [], {}
    for index, row in enumerate(rows):
        messages = []
        place, problem = places.find(row["unit"])
        if problem:
            messages.append(problem)
        messages += [
            f"{column}: {message}"
            for column, message in figure_problems(
                indicator.data_type, row.get("numerator"), row.get("denominator")
            )
        ]
        row["period"] = indicator.period_of(row["period"])  # a month's or a quarter's first day
        period_wrong = period_problem(indicator, row["period"])
        if period_wrong:
            messages.append(f"period: {period_wrong}")
        if place is not None:
            row["unit"] = place.pk
            key = (place.pk, row["period"])
            if key in seen:
                period = period_words(indicator, row["period"])
                messages.append(f"{place.name} {period} is also item {seen[key]}")
            seen.setdefault(key, index)
        if messages:
            problems.append((index, messages))
    return problems


@transaction.atomic
def import_values(
    *,
    actor: Person,
    indicator: Indicator,
    rows: list[dict],
    source: str,
    replace: bool = True,
) -> dict:
    """Save every row or none (``rows``: unit, period as the month's first day, numerator,
    denominator). New places and months are added; one already saved with other figures is
    replaced, or with ``replace=False`` kept. Returns the counts of new, changed (replaced or
    kept) and unchanged rows."""
    feed = _feed(actor, indicator)
    if feed.measure_id is not None:
        raise ValidationError(
            f"This feed follows the board metric {feed.measure}: stop mapping it to feed "
            "figures by upload or the API"
        )
    problems = check_rows(feed.indicator, feed.provider, rows)
    if problems:
        raise ValidationError(
            [f"Item {index}: {'; '.join(messages)}" for index, messages in problems]
        )
    new, changed, unchanged = compare_rows(feed, rows, lock=True)
    values = [IndicatorValue(feed=feed, **_fields(row)) for row in new]
    replaced = []
    if replace:
        for value, row in changed:
            value.numerator, value.denominator = row["numerator"], row["denominator"]
            replaced.append(value)
    counts = {"added": len(new), "replaced": len(replaced), "kept": len(changed) - len(replaced)}
    counts["unchanged"] = len(unchanged)
    if values or replaced:
        event = record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            subject=feed,
            provider=feed.provider,
            changes={
                "figures": [
                    None,
                    f"{counts['added']} added, {counts['replaced']} replaced from {source}",
                ]
            },
        )
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        IndicatorValue.objects.bulk_update(replaced, ["numerator", "denominator"], batch_size=BATCH)
        bulk_versions(values, event=event, actor=actor)
        bulk_versions(replaced, event=event, actor=actor, update=True)
    return counts


@transaction.atomic
def import_many(*, actor: Person, items: list[tuple[Indicator, dict]], source: str) -> dict:
    """Figures of several indicators at once (an API body), all or nothing: each indicator's
    rows imported into the actor's organisation's feed of it, saved figures replaced."""
    by_indicator: dict[int, tuple[Indicator, list[dict]]] = {}
    for indicator, row in items:
        by_indicator.setdefault(indicator.pk, (indicator, []))[1].append(row)
    totals = {"added": 0, "replaced": 0, "unchanged": 0}
    for pk in sorted(by_indicator):  # the same order in every writer: no deadlock
        indicator, rows = by_indicator[pk]
        counts = import_values(actor=actor, indicator=indicator, rows=rows, source=source)
        for key in totals:
            totals[key] += counts[key]
    return totals


def _fields(row: dict) -> dict:
    return {
        "unit_id": row["unit"],
        "period": row["period"],
        "numerator": row["numerator"],
        "denominator": row["denominator"],
    }


@transaction.atomic
def remove_values(
    *,
    actor: Person,
    feed: IndicatorFeed,
    unit_id: int | None = None,
    period=None,
    expected: int | None = None,
) -> int:
    """Remove the feed's figures of one place, one period, or both (``None``: every one);
    removing every figure of every place also stops the feed (it leaves the indicator's
    feeders, so the catalogue may then remove the indicator). Each figure's last version is
    kept, part of one audit event. ``expected``: the count the person was asked about; if
    figures came or went since, nothing is removed. Returns how many were removed."""
    locked = IndicatorFeed.objects.select_for_update().filter(pk=feed.pk).first()
    if locked is None:
        raise ValidationError("That feed was stopped by someone else just now")
    require_feeding(actor, locked)
    chosen = chosen_values(locked, unit_id, period)
    count = chosen.count()
    if expected is not None and count != expected:
        raise ValidationError(
            f"The figures changed since you were asked: there are {count} now, not {expected}. "
            "Nothing was removed: look again before you remove them."
        )
    whole = unit_id is None and period is None
    if count == 0 and not whole:
        raise ValidationError("There are no such figures (someone may have removed them just now)")
    if locked.measure_id is not None and count:
        raise ValidationError(
            f"These figures follow the board metric {locked.measure}: change them there"
        )
    removed = {"figures": [f"{count} figures ({removal_words(locked, unit_id, period)})", None]}
    # In bulk: one delete and one insert of last versions a batch (a signal per figure took
    # 34 s for 50,000).
    gone = bulk_delete(chosen, batch_size=BATCH)
    if whole:  # the feed stops, its figures with it
        event = delete_and_record(
            actor=actor, instance=locked, provider=feed.provider, changes=removed
        )
    else:
        event = record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            subject=locked,
            provider=feed.provider,
            changes=removed,
            whole_write=True,  # any other version the write saved
        )
    bulk_versions(gone, event=event, actor=actor, deleted=True, batch_size=BATCH)  # each last
    return count


def removal_words(feed: IndicatorFeed, unit_id: int | None, period) -> str:
    """``every place, every period, and the feed stopped``; ``Ward 1, Apr 2025``."""
    if unit_id is None and period is None:
        return "every place, every period, and the feed stopped"
    place = "every place"
    if unit_id is not None:
        place = Organisation.objects.filter(pk=unit_id).values_list("name", flat=True).first()
    when = "every period" if period is None else period_words(feed.indicator, period)
    return f"{place}, {when}"


@transaction.atomic
def set_feed_sharing(*, actor: Person, feed: IndicatorFeed, shared: bool) -> dict:
    """Share the feed's figures with the organisation's system, or stop. Returns what changed."""
    require(actor, Permission.SHARE_WITH_SYSTEM, feed)
    if feed.provider.kind == Organisation.Kind.SYSTEM:
        raise ValidationError("The system's own figures are its to show: there is nothing to share")
    return update_and_record(
        actor=actor, instance=feed, fields={"shared_with_system": shared}, provider=feed.provider
    )
