"""Migrations match the models, and the data migrations carry what people entered across."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def test_the_models_need_no_new_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.slow
def test_ladder_labels_become_ladders_with_slugs(transactional_db):
    """Programme.scheme (a label) becomes a Ladder row per organisation and label; every
    programme gets a slug unique in its organisation; and back again."""
    executor = MigrationExecutor(connection)
    before = [("capability", "0001_initial")]
    after = [("capability", "0002_ladders_and_slugs")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("organisations", "Organisation")
    Programme = old.get_model("capability", "Programme")
    trust = Organisation.objects.create(name="Trust", kind="organisation")
    other = Organisation.objects.create(name="Other", kind="organisation")
    for provider, name, scheme in [
        (trust, "Bronze", "Bronze, silver, gold"),
        (trust, "Silver", "Bronze, silver, gold"),
        (trust, "Board day", "Board development"),
        (trust, "Bronze!", "Bronze silver gold"),  # a different label with the same slug
        (other, "Bronze", "Bronze, silver, gold"),
    ]:
        Programme.objects.create(provider=provider, name=name, scheme=scheme, tier=1)

    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Programme = new.get_model("capability", "Programme")
    found = {
        (p.provider.name, p.name): (p.slug, p.ladder.slug, p.ladder.name)
        for p in Programme.objects.select_related("provider", "ladder")
    }
    assert found == {
        ("Trust", "Bronze"): ("bronze", "bronze-silver-gold", "Bronze, silver, gold"),
        ("Trust", "Silver"): ("silver", "bronze-silver-gold", "Bronze, silver, gold"),
        ("Trust", "Board day"): ("board-day", "board-development", "Board development"),
        ("Trust", "Bronze!"): ("bronze-2", "bronze-silver-gold-2", "Bronze silver gold"),
        ("Other", "Bronze"): ("bronze", "bronze-silver-gold", "Bronze, silver, gold"),
    }

    executor.loader.build_graph()
    executor.migrate(before)
    Programme = executor.loader.project_state(before).apps.get_model("capability", "Programme")
    assert sorted(Programme.objects.values_list("name", "scheme")) == [
        ("Board day", "Board development"),
        ("Bronze", "Bronze, silver, gold"),
        ("Bronze", "Bronze, silver, gold"),
        ("Bronze!", "Bronze silver gold"),
        ("Silver", "Bronze, silver, gold"),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
