"""Migrations match the models, and the data migrations carry what people entered across."""

from __future__ import annotations

import datetime as dt

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


@pytest.mark.slow
def test_existing_items_get_a_first_version_and_back(transactional_db):
    """History starts at the upgrade: every project, box (with its links), measure and point
    gets one "created" version; undone, the items are as they were."""
    executor = MigrationExecutor(connection)
    before = [
        ("projects", "0002_drivernode_pdsacycle"),
        ("measures", "0003_measure_domain_measure_metric_code_and_more"),
    ]
    after = [("projects", "0003_history"), ("measures", "0004_history")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("organisations", "Organisation")
    trust = Organisation.objects.create(name="Trust", kind="organisation")
    project = old.get_model("projects", "Project").objects.create(
        provider=trust, unit=trust, title="Fewer falls"
    )
    DriverNode = old.get_model("projects", "DriverNode")
    aim = DriverNode.objects.create(project=project, level=0, text="No falls")
    driver = DriverNode.objects.create(project=project, level=1, text="Safer wards")
    driver.parents.add(aim)
    measure = old.get_model("measures", "Measure").objects.create(
        provider=trust, project=project, name="Falls"
    )
    old.get_model("measures", "DataPoint").objects.create(
        measure=measure, date=dt.date(2025, 1, 6), value=3
    )

    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    for app, name, count in [
        ("projects", "Project", 1),
        ("projects", "DriverNode", 2),
        ("measures", "Measure", 1),
        ("measures", "DataPoint", 1),
    ]:
        versions = new.get_model(app, f"Historical{name}").objects.all()
        assert versions.count() == count, name
        assert set(versions.values_list("history_type", flat=True)) == {"+"}
    links = new.get_model("projects", "HistoricalDriverNode_parents").objects.get()
    assert (links.from_drivernode_id, links.to_drivernode_id) == (driver.pk, aim.pk)
    assert links.history.id == driver.pk
    point = new.get_model("measures", "DataPoint").objects.get()
    assert point.deleted_at is None and point.value == 3

    executor.loader.build_graph()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert old.get_model("projects", "Project").objects.get().title == "Fewer falls"
    assert old.get_model("measures", "DataPoint").objects.get().value == 3
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
