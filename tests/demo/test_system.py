"""The demo's shared indicators give the system view something true to show: enough GP
practices and wards for a funnel's overdispersion to mean something, real outliers, what
sharing keeps private, a mapped board metric, and an ICS lead who keeps the catalogue.

The figures are checked with the engine the pages use (``qijourney.spc.funnel``), on the
rolling 12 months (flu: the last complete season's February uptake)."""

import datetime as dt
import re

import pandas as pd
import pytest
from django.db import transaction

from qijourney.audit import history
from qijourney.demo import synthetic
from qijourney.demo import system as demo_system
from qijourney.demo.organisations import ORGANISATIONS, Provider
from qijourney.organisations.models import Organisation, Person, SystemSharing
from qijourney.organisations.permissions import Permission, can
from qijourney.spc.funnel import funnel
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue

SEED = 2026  # the demo command's own
TODAY = dt.date(2026, 3, 16)  # the window runs March 2023 to February 2026
LAST = dt.date(2026, 2, 1)
YEAR = dt.date(2025, 3, 1)  # the rolling 12 months' first


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One build for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        accounts = synthetic.build("demo-password-123", seed=SEED, today=TODAY)
        yield accounts
        transaction.set_rollback(True)


@pytest.fixture
def practices(demo, db):
    return list(Organisation.objects.filter(kind=Organisation.Kind.PRACTICE).order_by("pk"))


FEEDS = ("RNV", "RRV", "PEF")


def figures(indicator: str, kind: str, since=YEAR, until=LAST) -> pd.DataFrame:
    """Each unit's summed numerator and denominator over the months, for one indicator."""
    rows = IndicatorValue.objects.filter(
        feed__indicator__name=demo_system.CATALOGUE[indicator].name,
        unit__kind=kind,
        period__gte=since,
        period__lte=until,
    ).values("unit__name", "numerator", "denominator")
    frame = pd.DataFrame(list(rows))
    return frame.groupby("unit__name", as_index=False)[["numerator", "denominator"]].sum()


def compare(indicator: str, kind: str, **window):
    spec = demo_system.CATALOGUE[indicator]
    frame = figures(indicator, kind, **window)
    table, spread = funnel(
        frame,
        numerator="numerator",
        denominator="denominator",
        group="unit__name",
        data_type=spec.data_type,
        multiplier=spec.shown_multiplier,
    )
    return table, spread


def test_primary_care_networks_and_their_practices(demo, practices):
    system = Organisation.objects.get(kind=Organisation.Kind.SYSTEM)
    networks = Organisation.objects.filter(kind=Organisation.Kind.PRIMARY_CARE_NETWORK)
    assert 5 <= networks.count() <= 6
    assert all(n.parent == system for n in networks)
    assert 38 <= len(practices) <= 42
    assert all(p.parent.kind == Organisation.Kind.PRIMARY_CARE_NETWORK for p in practices)
    assert all(p.provider_id == p.pk for p in practices)  # each its own organisation
    codes = [p.code for p in practices]
    assert all(re.fullmatch(r"Z\d{5}", c) for c in codes) and len(set(codes)) == len(codes)
    assert len({p.name for p in practices}) == len(practices)


def test_the_catalogue_is_the_systems_and_defined(demo, db):
    system = Organisation.objects.get(kind=Organisation.Kind.SYSTEM)
    indicators = list(Indicator.objects.all())
    assert 8 <= len(indicators) <= 10
    assert {i.provider for i in indicators} == {system}
    assert {i.data_type for i in indicators} == set(Indicator.DataType.values)
    for one in indicators:
        assert one.numerator_definition and one.denominator_definition and one.unit
        assert one.frequency == Indicator.Frequency.MONTHLY
        assert one.direction in ("increase", "decrease")
    ae = Indicator.objects.get(name=demo_system.CATALOGUE["ae-4-hours"].name)
    assert (ae.target, ae.multiplier, ae.direction) == (78.0, 100.0, "increase")


def test_36_months_at_every_level_with_realistic_sizes(demo, db):
    months = IndicatorValue.objects.exclude(
        feed__indicator__name=demo_system.CATALOGUE["flu"].name
    ).values_list("period", flat=True)
    assert len(set(months)) == 36 and min(months) == dt.date(2023, 3, 1) and max(months) == LAST
    # Each of the acute trust's feeds has its own row, its directorates' and its wards'.
    trust = Organisation.objects.get(code="RNV")
    falls = IndicatorValue.objects.filter(
        feed__provider=trust, feed__indicator__name=demo_system.CATALOGUE["falls"].name
    )
    kinds = set(falls.values_list("unit__kind", flat=True))
    assert kinds == {"organisation", "directorate", "team"}
    month = falls.filter(period=LAST)
    # Falls are compared against those expected at the reference rate, from bed days.
    level = demo_system.CATALOGUE["falls"].level
    expected = [v.denominator for v in month.filter(unit__kind="team")]
    assert all(560 <= e / level <= 900 for e in expected)
    assert month.get(unit=trust).denominator == pytest.approx(sum(expected))  # its units' sum
    expected = IndicatorValue.objects.filter(
        unit=trust, feed__indicator__name=demo_system.CATALOGUE["mortality"].name
    ).values_list("denominator", flat=True)
    assert all(60 <= e <= 150 for e in expected)
    lists = (
        figures("acsc", "practice", since=LAST).denominator
        * 12
        / demo_system.CATALOGUE["acsc"].level
    )
    assert lists.between(2900, 19000).all()
    # The community and mental health trust feeds fewer, the primary care network one.
    feeds = {code: IndicatorFeed.objects.filter(provider__code=code).count() for code in FEEDS}
    assert feeds["RNV"] > feeds["RRV"] > feeds["PEF"] == 1


def test_practices_flu_uptake_has_its_outlier_and_is_overdispersed(demo, practices):
    table, spread = compare("flu", "practice", since=LAST)
    place, _ = demo_system.PRACTICE_OUTLIERS["flu"]
    low = table[table.unit__name == practices[place].name].iloc[0]
    assert low.outlier and low.ratio < 60
    assert spread.phi > 1 and spread.tau2 > 0
    assert table.overdispersion_adjusted.all()


@pytest.mark.parametrize("indicator", ["acsc", "antibiotics"])
def test_practices_prescribing_and_admissions_have_their_outlier(demo, practices, indicator):
    table, spread = compare(indicator, "practice")
    place, _ = demo_system.PRACTICE_OUTLIERS[indicator]
    high = table[table.unit__name == practices[place].name].iloc[0]
    assert high.outlier and high.ratio > high.upper_limit
    assert spread.phi > 1


def test_ward_funnels_are_overdispersed_and_one_wards_falls_stand_out(demo, db):
    """Eight wards: the outlier itself widens the random-effects limits (nothing is trimmed
    from so few), so it stands out on the Poisson limits, as in the mortality case below."""
    _, spread = compare("falls", "team")
    assert spread.phi > 1
    frame = figures("falls", "team")
    table, _ = funnel(
        frame, numerator="numerator", denominator="denominator", group="unit__name",
        draw_adjusted=False,
    )  # fmt: skip
    above = table[table.outlier & (table.ratio > table.upper_limit)]
    assert demo_system.W4 in list(above.unit__name)
    _, ulcers = compare("pressure-ulcers", "team")
    assert ulcers.phi > 1


def test_one_wards_mortality_is_above_the_998_limit(demo, db):
    """Five wards are too few for the SHMI adjustment to leave anyone outside (phi on so few
    units takes the outlier in): the ward stands out on the Poisson limits, as SHMI bands it."""
    frame = figures("mortality", "team")
    table, spread = funnel(
        frame, numerator="numerator", denominator="denominator", group="unit__name",
        draw_adjusted=False,
    )  # fmt: skip
    assert spread.phi > 1
    above = table[table.outlier & (table.ratio > table.upper_limit)]
    assert list(above.unit__name) == [demo_system.W1]
    assert above.ratio.iloc[0] > 1.3


def test_a_wards_improvement_project_shifts_its_falls(demo, db):
    name = demo_system.CATALOGUE["falls"].name
    rows = IndicatorValue.objects.filter(
        feed__indicator__name=name, unit__name=demo_system.W1
    ).order_by("period")
    start, _ = demo_system.SHIFTS[("falls", demo_system.W1)]
    before, after = list(rows[:start]), list(rows[start:])

    def rate(values):
        return sum(v.numerator for v in values) / sum(v.denominator for v in values)

    assert rate(after) < 0.75 * rate(before)


def test_ae_and_flu_follow_the_seasons(demo, db):
    ae = IndicatorValue.objects.filter(
        unit__code="RNV", feed__indicator__name=demo_system.CATALOGUE["ae-4-hours"].name
    )

    def performance(months):
        chosen = [v for v in ae if v.period.month in months]
        return sum(v.numerator for v in chosen) / sum(v.denominator for v in chosen)

    assert performance({12, 1, 2}) < performance({6, 7, 8}) - 0.04
    flu = IndicatorValue.objects.filter(feed__indicator__name=demo_system.CATALOGUE["flu"].name)
    assert set(flu.values_list("period__month", flat=True)) == {10, 11, 12, 1, 2}
    practice = flu.values_list("unit", flat=True).first()
    season = flu.filter(unit=practice, period__gte=dt.date(2025, 10, 1)).order_by("period")
    done = [v.numerator for v in season]
    assert done == sorted(done) and done[0] < 0.8 * done[-1]


def test_sharing_follows_each_organisations_choice(demo, db):
    system = Organisation.objects.get(kind=Organisation.Kind.SYSTEM)
    for spec in ORGANISATIONS:
        feeds = IndicatorFeed.objects.filter(provider__code=spec.code)
        shared = list(feeds.values_list("shared_with_system", flat=True))
        sharing = SystemSharing.objects.filter(provider__code=spec.code).first()
        if spec.shares_with_system:
            assert sum(shared) >= len(shared) - 1 and any(shared)
            assert sharing.portfolio and sharing.stories  # stories: the learning library's demo
        else:
            assert shared == [False]  # one feed, present but private
            assert sharing is None or not sharing.portfolio
    assert not all(IndicatorFeed.objects.filter(provider__code="RRV").values_list(
        "shared_with_system", flat=True))  # fmt: skip
    practice_feeds = IndicatorFeed.objects.filter(provider=system)
    assert practice_feeds.count() == 3 and all(f.shared_with_system for f in practice_feeds)


def test_one_feed_is_mapped_to_a_board_metric(demo, db):
    mapped = IndicatorFeed.objects.get(measure__isnull=False)
    assert mapped.provider.code == "RNV"
    assert mapped.measure.provider == mapped.provider and mapped.measure.project is None
    assert mapped.measure.chart_type == "p"
    points = mapped.measure.points.all()
    assert points.count() == 36 and all(p.denominator for p in points)
    assert not mapped.values.exists()


def test_the_ics_lead_keeps_the_catalogue(demo, db):
    lead = Person.objects.get(email=demo.emails["ICS lead (system level)"])
    indicator = Indicator.objects.first()
    assert can(lead, Permission.KEEP_CATALOGUE, indicator)
    trust_lead = Person.objects.get(email=demo.central_qi_email)
    assert not can(trust_lead, Permission.KEEP_CATALOGUE, indicator)


def test_every_figure_has_its_first_version(demo, db):
    for model in (Indicator, IndicatorFeed, IndicatorValue):
        assert model.history.values("id").distinct().count() == model.objects.count()
    assert history.first_versions([IndicatorValue]) == 0


ORDER = ("feed__indicator__name", "feed__provider__code", "unit__code", "unit__name", "period")


def test_the_same_seed_gives_the_same_figures(demo, db):
    """Built again into a second system, the figures are the same, value for value."""
    first = Organisation.objects.get(kind=Organisation.Kind.SYSTEM)
    again = Organisation.objects.create(name="Again", kind=Organisation.Kind.SYSTEM)
    providers = []
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.get(code=spec.code)
        teams = Organisation.objects.filter(
            kind=Organisation.Kind.TEAM, parent__parent=organisation
        ).order_by("pk")
        providers.append(Provider(spec, organisation, [], list(teams)))
    with transaction.atomic():
        demo_system.build(again, providers, TODAY, SEED)

        def numbers(system):
            return list(
                IndicatorValue.objects.filter(feed__indicator__provider=system)
                .order_by(*ORDER)
                .values_list("unit__name", "period", "numerator", "denominator")
            )

        assert numbers(again) == numbers(first)
        transaction.set_rollback(True)


def test_the_pages_take_flu_uptake_at_the_seasons_end_never_added_up(demo, db):
    """The rolling 12 months of a running total is its latest month: February's uptake."""
    from qijourney.system import comparison as analysis
    from qijourney.system.selectors import comparison

    flu = Indicator.objects.get(name=demo_system.CATALOGUE["flu"].name)
    assert flu.combine == Indicator.Combine.LATEST
    lead = Person.objects.get(email=demo.emails["ICS lead (system level)"])
    frame = comparison.values_frame(lead, flu, "practices")
    compared = analysis.compare(frame, flu, period="year")
    february = figures("flu", Organisation.Kind.PRACTICE, since=LAST).set_index("unit__name")
    for row in compared.funnel.rows:
        assert row.numerator == february.loc[row.name, "numerator"]
        assert row.denominator == february.loc[row.name, "denominator"]
    assert 1 < compared.funnel.phi < 20  # adding the running totals up made it about 32
