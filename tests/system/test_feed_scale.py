"""A feed of many figures: its page takes only the newest it shows from the database, and
removing them is a statement or two a batch, each figure still keeping its last version."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from qijourney.audit.models import AuditEvent
from qijourney.system.models import IndicatorValue
from qijourney.system.services import feeds as services
from tests.system.test_catalogue import signed_in
from tests.system.test_feeds import saved

MONTHS = [dt.date(2000 + m // 12, m % 12 + 1, 1) for m in range(60)]


def test_the_feed_page_takes_only_the_newest_figures_it_shows(world):
    ward, trust = world.a.ward, world.a.provider
    saved(world, *[(place, month) for month in MONTHS for place in (ward, trust)])
    client = signed_in(world.lead_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/system/indicators/{world.indicator.pk}/feed/").content.decode()
    read = [q["sql"] for q in queries.captured_queries if IndicatorValue._meta.db_table in q["sql"]]
    shown = [sql for sql in read if "ORDER BY" in sql and '"period" DESC' in sql]
    assert shown and all("LIMIT 24" in sql for sql in shown), read
    # The newest 24, oldest first: the last twelve months of both places.
    assert "Jan 2004" in page and "Dec 2004" in page and "Dec 2003" not in page


def test_removing_many_figures_is_done_in_bulk_and_each_keeps_its_last_version(world):
    ward, trust = world.a.ward, world.a.provider
    feed = saved(world, *[(place, month) for month in MONTHS for place in (ward, trust)])
    with CaptureQueriesContext(connection) as queries:
        count = services.remove_values(actor=world.lead_a, feed=feed, unit_id=ward.pk)
    assert count == len(MONTHS)
    assert len(queries.captured_queries) < 30  # not one delete and one insert a figure
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    gone = IndicatorValue.history.filter(audit_event=event)
    assert sorted(gone.values_list("history_type", "unit_id", "period")) == [
        ("-", ward.pk, month) for month in MONTHS
    ]
    assert all(row.history_user == world.lead_a for row in gone)
    assert set(feed.values.values_list("unit_id", flat=True)) == {trust.pk}
    # Every figure of every place: the feed stops, each figure's last version in its event.
    services.remove_values(actor=world.lead_a, feed=feed)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).latest("pk")
    gone = IndicatorValue.history.filter(audit_event=event)
    assert sorted(gone.values_list("history_type", "unit_id")) == [("-", trust.pk)] * len(MONTHS)
    assert not IndicatorValue.objects.exists()
