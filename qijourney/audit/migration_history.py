"""Data migrations that give existing items their first version, so History shows where
each item stood at the upgrade (not a blank), and restoring has a version to go back to."""

from __future__ import annotations

from django.db import migrations
from django.utils import timezone

REASON = "History starts at the upgrade"
BATCH = 2000


def initial_versions(app_label: str, *model_names: str) -> migrations.RunPython:
    """A RunPython that writes one "created" version of every existing row of the models
    (their links too, for a versioned many-to-many), and removes them again when undone."""

    def forward(apps, schema_editor):
        now = timezone.now()
        for name in model_names:
            model = apps.get_model(app_label, name)
            historical = apps.get_model(app_label, f"Historical{name}")
            own = {f.attname for f in model._meta.concrete_fields}
            copied = [f.attname for f in historical._meta.concrete_fields if f.attname in own]
            rows = historical.objects.bulk_create(
                (
                    historical(
                        history_date=now,
                        history_type="+",
                        history_change_reason=REASON,
                        **{attname: getattr(item, attname) for attname in copied},
                    )
                    for item in model._base_manager.order_by("pk").iterator()
                ),
                batch_size=BATCH,
            )
            _copy_links(apps, app_label, name, model, rows)

    def backward(apps, schema_editor):
        for name in model_names:
            historical = apps.get_model(app_label, f"Historical{name}")
            historical.objects.filter(history_change_reason=REASON).delete()

    return migrations.RunPython(forward, backward)


def _copy_links(apps, app_label, name, model, rows) -> None:
    for field in model._meta.many_to_many:
        try:
            links = apps.get_model(app_label, f"Historical{name}_{field.name}")
        except LookupError:
            continue
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        version = {row.id: row.history_id for row in rows}
        links.objects.bulk_create(
            (
                links(
                    history_id=version[getattr(link, f"{source}_id")],
                    id=link.id,
                    **{
                        f"{source}_id": getattr(link, f"{source}_id"),
                        f"{target}_id": getattr(link, f"{target}_id"),
                    },
                )
                for link in through.objects.iterator()
                if getattr(link, f"{source}_id") in version
            ),
            batch_size=BATCH,
        )


def links_now(app_label: str, name: str, field_name: str) -> migrations.RunPython:
    """A RunPython for a many-to-many newly versioned on a model already versioned: each
    item's newest version gets the links it has now, so the next change shows only what
    that change did (not every link as new); undone, they go."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, name)
        historical = apps.get_model(app_label, f"Historical{name}")
        links = apps.get_model(app_label, f"Historical{name}_{field_name}")
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        newest = {}
        for item_id, history_id in historical.objects.order_by("history_id").values_list(
            "id", "history_id"
        ):
            newest[item_id] = history_id
        links.objects.bulk_create(
            (
                links(
                    history_id=newest[getattr(link, f"{source}_id")],
                    id=link.id,
                    **{
                        f"{source}_id": getattr(link, f"{source}_id"),
                        f"{target}_id": getattr(link, f"{target}_id"),
                    },
                )
                for link in through.objects.iterator()
                if getattr(link, f"{source}_id") in newest
            ),
            batch_size=BATCH,
        )

    def backward(apps, schema_editor):
        apps.get_model(app_label, f"Historical{name}_{field_name}").objects.all().delete()

    return migrations.RunPython(forward, backward)
