"""Ladders become rows with a stable slug, and programmes get slugs: what was a ladder's label
(Programme.scheme) is now a Ladder's name, and nothing compares it any more."""

import re

import django.core.validators
from django.db import migrations, models
from django.utils.text import slugify

KEY = django.core.validators.RegexValidator(
    "^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, digits and single hyphens, e.g. dosing-tiers",
)


def unique_slug(text: str, taken: set[str], fallback: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", slugify(text))[:70].strip("-") or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Ladder = apps.get_model("capability", "Ladder")
    Programme = apps.get_model("capability", "Programme")
    ladders: dict[tuple[int, str], object] = {}
    ladder_slugs: dict[int, set[str]] = {}
    programme_slugs: dict[int, set[str]] = {}
    # Oldest first: the first programme (and ladder) of a name keeps the plain slug.
    for programme in Programme.objects.order_by("provider_id", "id"):
        key = (programme.provider_id, programme.scheme)
        if key not in ladders:
            taken = ladder_slugs.setdefault(programme.provider_id, set())
            ladders[key] = Ladder.objects.create(
                provider_id=programme.provider_id,
                name=programme.scheme,
                slug=unique_slug(programme.scheme, taken, "ladder"),
            )
        programme.ladder = ladders[key]
        taken = programme_slugs.setdefault(programme.provider_id, set())
        programme.slug = unique_slug(programme.name, taken, "programme")
        programme.save(update_fields=["ladder", "slug"])


def backwards(apps, schema_editor):
    Programme = apps.get_model("capability", "Programme")
    for programme in Programme.objects.select_related("ladder"):
        programme.scheme = programme.ladder.name
        programme.save(update_fields=["scheme"])


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Ladder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=80, validators=[KEY])),
                ("name", models.CharField(max_length=80)),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="ladders",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={"ordering": ["provider", "name"]},
        ),
        migrations.AddConstraint(
            model_name="ladder",
            constraint=models.UniqueConstraint(
                fields=("provider", "slug"), name="ladder_slug_once"
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="ladder",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="programmes",
                to="capability.ladder",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="slug",
            field=models.SlugField(
                default="",
                help_text="Its stable key in the API; made from the name at first",
                max_length=80,
                validators=[KEY],
            ),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="programme",
            name="ladder",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="programmes",
                to="capability.ladder",
            ),
        ),
        migrations.AlterModelOptions(
            name="programme",
            options={"ordering": ["provider", "ladder__name", "tier", "name"]},
        ),
        # A default first, so that undoing this migration can add the column back to rows.
        migrations.AlterField(
            model_name="programme",
            name="scheme",
            field=models.CharField(default="", max_length=80),
        ),
        migrations.RemoveField(model_name="programme", name="scheme"),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.UniqueConstraint(
                fields=("provider", "slug"), name="programme_slug_once"
            ),
        ),
    ]
