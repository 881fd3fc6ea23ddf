"""The demo system's shared indicators: its catalogue, each organisation's feeds and 36 months
of figures at the levels an integrated care system compares.

The acute trust feeds its wards, its directorates and itself (each the sum of its wards); the
community and mental health trust feeds the few indicators that fit its inpatient units; the
system feeds its GP practices itself. Units differ by a random effect on the log or logit
scale, so the funnels are overdispersed as real ones are, and a few units differ for real: a
ward's falls, a ward's mortality, a practice's flu uptake, antibiotic prescribing and
admissions. One ward's falls fall after its improvement project; A&E and flu follow the
seasons. Drawn from generators of its own, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np

from qijourney.demo.calendar import add_months
from qijourney.demo.organisations import Provider, create_primary_care
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, SystemSharing
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue

SR = Indicator.DataType.STANDARDISED_RATIO
PR = Indicator.DataType.PROPORTION
RC = Indicator.DataType.RATIO_OF_COUNTS
UP, DOWN = Measure.Direction.INCREASE, Measure.Direction.DECREASE
MONTHS = 36


@dataclass(frozen=True)
class Spec:
    """One indicator of the catalogue and how its figures are drawn: ``level`` is the ratio,
    proportion or rate (per unit of denominator) a typical unit runs at, ``spread`` the sd of
    the units' random effect (log scale; logit for proportions), ``season`` the winter swing."""

    name: str
    definition: str
    numerator: str
    denominator: str
    data_type: str
    direction: str
    unit: str
    level: float
    spread: float
    multiplier: float = 1.0
    target: float | None = None
    season: float = 0.0
    # A rate per exposure (bed days, patient-years) is compared as a standardised ratio: the
    # events against those expected at the system's reference rate (``level``), the way
    # FunnelPlotR's SR limits assume. Shown times ``per`` x level, it reads as the rate again.
    per: float | None = None
    combine: str = "sum"  # "latest": each month's figure is the season so far

    @property
    def shown_multiplier(self) -> float:
        return self.per * self.level if self.per else self.multiplier


CATALOGUE = {
    "mortality": Spec(
        "Standardised hospital mortality ratio",
        "Deaths in hospital or within 30 days of discharge against the deaths expected from "
        "the patients' age, sex, diagnoses, comorbidity and admission method (SHMI-like). "
        "From the trust's admitted patient care data.",
        "Deaths in hospital or within 30 days of discharge",
        "Expected deaths (risk model)",
        SR, DOWN, "ratio", level=1.0, spread=0.05,
    ),
    "readmissions": Spec(
        "Emergency readmissions within 30 days",
        "Discharges followed by an emergency readmission to any hospital within 30 days; "
        "planned readmissions, cancer and maternity excluded.",
        "Discharges readmitted as an emergency within 30 days",
        "Discharges (adults, excluding cancer and maternity)",
        PR, DOWN, "%", level=0.085, spread=0.12, multiplier=100,
    ),
    "cdiff": Spec(
        "C. difficile infections per 10,000 bed days",
        "Healthcare-associated Clostridioides difficile infections (hospital onset, and "
        "community onset with an admission in the last four weeks) per 10,000 occupied bed "
        "days, as the UKHSA mandatory surveillance counts them.",
        "Healthcare-associated C. difficile infections",
        "Infections expected at the system's reference rate of 2.2 per 10,000 occupied bed "
        "days (bed days x 0.00022)",
        SR, DOWN, "per 10,000 bed days", level=2.2e-4, spread=0.2, per=10_000,
    ),
    "falls": Spec(
        "Inpatient falls with harm per 1,000 bed days",
        "Inpatient falls reported as causing low, moderate or severe harm or death, per 1,000 "
        "occupied bed days. From the incident reporting system.",
        "Inpatient falls with harm",
        "Falls with harm expected at the system's reference rate of 2.2 per 1,000 occupied "
        "bed days (bed days x 0.0022)",
        SR, DOWN, "per 1,000 bed days", level=2.2e-3, spread=0.15, per=1000,
    ),
    "pressure-ulcers": Spec(
        "Pressure ulcers (category 2 and above) per 1,000 bed days",
        "New pressure ulcers of category 2, 3, 4, unstageable or deep tissue injury that "
        "developed in the unit's care, per 1,000 occupied bed days.",
        "New category 2+ pressure ulcers acquired in care",
        "Pressure ulcers expected at the system's reference rate of 1.5 per 1,000 occupied "
        "bed days (bed days x 0.0015)",
        SR, DOWN, "per 1,000 bed days", level=1.5e-3, spread=0.45, per=1000,
    ),
    "ae-4-hours": Spec(
        "A&E attendances seen within 4 hours",
        "Attendances at the type 1 emergency department admitted, transferred or discharged "
        "within four hours of arrival (the operational standard is 78%).",
        "Attendances completed within 4 hours of arrival",
        "Attendances (type 1)",
        PR, UP, "%", level=0.72, spread=0.15, multiplier=100, target=78.0, season=0.35,
    ),
    "sepsis": Spec(
        "Sepsis: antibiotics within 1 hour",
        "Adults with red-flag sepsis given intravenous antibiotics within one hour of "
        "recognition (NICE NG51).",
        "Patients with red-flag sepsis given antibiotics within 1 hour",
        "Patients with red-flag sepsis",
        PR, UP, "%", level=0.8, spread=0.3, multiplier=100, target=90.0,
    ),
    "acsc": Spec(
        "Emergency admissions for ambulatory care sensitive conditions",
        "Emergency admissions for chronic ambulatory care sensitive conditions (asthma, COPD, "
        "diabetes, heart failure, angina, epilepsy, hypertension) of the practice's registered "
        "patients, per 1,000 patients a year.",
        "Emergency admissions for ambulatory care sensitive conditions",
        "Admissions expected at the system's reference rate of 13.5 per 1,000 registered "
        "patients a year (the month's list size / 12 x 0.0135)",
        SR, DOWN, "per 1,000 patients a year", level=0.0135, spread=0.16, per=1000,
        season=0.12,
    ),
    "flu": Spec(
        "Flu vaccination uptake, aged 65 and over",
        "Registered patients aged 65 and over vaccinated against flu in the season so far "
        "(from 1 September), reported at the end of each month from October to February. The "
        "season's February figure is its uptake (national ambition 75%).",
        "Patients aged 65 and over vaccinated this season",
        "Registered patients aged 65 and over",
        PR, UP, "%", level=0.78, spread=0.22, multiplier=100, target=75.0, combine="latest",
    ),
    "antibiotics": Spec(
        "Antibacterial items per STAR-PU",
        "Antibacterial items (BNF 5.1) prescribed a year per specific therapeutic group "
        "age-sex related prescribing unit (STAR-PU), from NHSBSA prescribing data "
        "(national ambition 0.871 or below).",
        "Antibacterial items prescribed",
        "STAR-PU-years (the practice's antibacterial STAR-PU / 12)",
        RC, DOWN, "items per STAR-PU", level=0.9, spread=0.12, target=0.871, season=0.2,
    ),
}  # fmt: skip

W1, W2, W3, W4 = (
    "Ward 1 (Elderly care)",
    "Ward 2 (Stroke)",
    "Ward 3 (Surgery)",
    "Ward 4 (Respiratory)",
)
AMU, CHILDREN, ED = "Acute medical unit", "Children's ward", "Emergency department"
INPATIENT, REHAB = "Adult inpatient ward", "Community rehabilitation"
ACUTE_WARDS = [W1, W2, W3, W4, AMU, CHILDREN]
MAPPED = "Readmissions within 30 days"  # the board metric the acute trust maps its feed to
# Each organisation's feeds: the indicator, and the teams it is measured in (MAPPED: its board
# metric feeds it). The community and mental health trust feeds only what fits its units.
FEEDS = {
    "RNV": {
        "mortality": [W1, W2, W3, W4, AMU],
        "readmissions": MAPPED,
        "cdiff": ACUTE_WARDS,
        "falls": ACUTE_WARDS,
        "pressure-ulcers": ACUTE_WARDS,
        "ae-4-hours": [ED],
        "sepsis": [ED, AMU, W1, W2, W4],
    },
    "RRV": {
        "readmissions": [INPATIENT, REHAB],
        "cdiff": [REHAB],
        "falls": [INPATIENT, REHAB],
        "pressure-ulcers": [INPATIENT, REHAB],
    },
    "PEF": {
        "antibiotics": ["Eastfield Health Centre", "Millbrook Surgery", "Harbour Lane Practice"],
    },
}  # fmt: skip
TRUST_LEVEL = {"cdiff"}  # counted by the trust (a ward sees one or two a year)
KEPT_PRIVATE = {("RRV", "readmissions")}  # a sharing trust need not share every feed
PRACTICE_FEEDS = ["acsc", "flu", "antibiotics"]
# What makes a few units stand out (a factor on the rate or ratio; for a proportion, on the
# odds): named so the tests and the sign-in sheet can say where to look.
WARD_OUTLIERS = {("falls", W4): 3.2, ("mortality", W1): 1.45}
PRACTICE_OUTLIERS = {"flu": (7, 0.3), "antibiotics": (23, 1.6), "acsc": (31, 1.9)}
# Ward 1's falls project: falls with harm down by 45% from month 20.
SHIFTS = {("falls", W1): (20, 0.55)}
FLU_SEASON = {10: 0.62, 11: 0.86, 12: 0.95, 1: 0.985, 2: 1.0}  # share of the season's uptake


@dataclass
class Series:
    """One unit's figures, month by month (NaN numerators: no figure that month)."""

    unit: Organisation
    numerators: np.ndarray
    denominators: np.ndarray


def build(system: Organisation, providers: list[Provider], today: dt.date, seed: int) -> None:
    """The primary care, the catalogue, the feeds and their figures, and who shares."""
    rng, noise = random.Random(seed + 12), np.random.default_rng(seed + 12)
    months = [add_months(dt.date(today.year - 3, today.month, 1), i) for i in range(MONTHS)]
    practices = create_primary_care(rng, system)
    indicators = dict(
        zip(
            CATALOGUE,
            Indicator.objects.bulk_create(_indicator(system, spec) for spec in CATALOGUE.values()),
            strict=True,
        )
    )
    values: list[IndicatorValue] = []
    for provider in providers:
        code = provider.spec.code
        for key, teams in FEEDS.get(code, {}).items():
            shared = provider.spec.shares_with_system and (code, key) not in KEPT_PRIVATE
            feed = IndicatorFeed(
                indicator=indicators[key], provider=provider.organisation, shared_with_system=shared
            )
            if teams == MAPPED:
                feed.measure = _board_metric(provider.organisation, MAPPED)
                feed.save()
                continue
            feed.save()
            wards = [t for t in provider.teams if t.name in teams]
            series = [_ward(noise, key, ward, months) for ward in wards]
            if key in TRUST_LEVEL:
                series = [_sum(provider.organisation, series)]
            else:
                series = _with_totals(series, provider.organisation)
            values += _values(feed, months, series)
        if provider.spec.shares_with_system:
            SystemSharing.objects.update_or_create(
                provider=provider.organisation, defaults={"portfolio": True}
            )
    lists = _list_sizes(noise, len(practices))
    for key in PRACTICE_FEEDS:
        feed = IndicatorFeed.objects.create(
            indicator=indicators[key], provider=system, shared_with_system=True
        )
        series = [_practice(noise, key, i, p, lists[i], months) for i, p in enumerate(practices)]
        values += _values(feed, months, series)
    IndicatorValue.objects.bulk_create(values, batch_size=2000)


def _indicator(system: Organisation, spec: Spec) -> Indicator:
    return Indicator(
        provider=system,
        name=spec.name,
        definition=spec.definition,
        numerator_definition=spec.numerator,
        denominator_definition=spec.denominator,
        data_type=spec.data_type,
        direction=spec.direction,
        target=spec.target,
        combine=spec.combine,
        multiplier=spec.shown_multiplier,
        unit=spec.unit,
    )


def _board_metric(provider: Organisation, name: str) -> Measure:
    return Measure.objects.get(
        provider=provider, name=name, reporting_unit=provider, project__isnull=True
    )


def _winter(months: list[dt.date]) -> np.ndarray:
    """1 in mid-January, -1 in mid-July."""
    return np.cos(2 * np.pi * (np.array([m.month for m in months]) - 1) / 12)


def _ward(noise: np.random.Generator, key: str, ward: Organisation, months) -> Series:
    """A ward's month by month figures for indicator ``key``: its random effect, its size,
    then each month's count."""
    spec = CATALOGUE[key]
    log_factor = _log_factor(noise, spec, months, WARD_OUTLIERS.get((key, ward.name), 1.0))
    start, factor = SHIFTS.get((key, ward.name), (MONTHS, 1.0))
    log_factor[start:] += np.log(factor)
    if spec.per:  # per occupied bed day, against the events expected at the reference rate
        bed_days = np.round(noise.uniform(600, 900) * noise.uniform(0.94, 1.0, MONTHS))
        expected = np.round(bed_days * spec.level, 3)
        return Series(ward, _events(noise, expected, np.exp(log_factor)), expected)
    if spec.data_type == SR:  # expected deaths, from the risk model
        size = noise.uniform(12, 26) * (1 + 0.12 * _winter(months))
        expected = np.round(size * noise.uniform(0.92, 1.08, MONTHS), 2)
        return Series(ward, _events(noise, expected, np.exp(log_factor)), expected)
    if spec.data_type == RC:  # a health centre's items per STAR-PU-year
        star_pu_years = np.round(noise.uniform(5000, 12000) / 12 * noise.uniform(0.97, 1, MONTHS))
        rate = spec.level * np.exp(log_factor)
        return Series(ward, _events(noise, star_pu_years, rate), star_pu_years)
    size = {"ae-4-hours": 9500, "sepsis": 60 if ward.name == ED else 12, "readmissions": 30}[key]
    cases = noise.poisson(size * noise.uniform(0.7, 1.3) * (1 + 0.05 * _winter(months)), MONTHS)
    cases = cases.clip(1).astype(float)
    return Series(ward, _successes(noise, cases, spec.level, log_factor), cases)


def _practice(
    noise: np.random.Generator, key: str, i: int, practice: Organisation, size: float, months
) -> Series:
    """A GP practice's figures for ``key``: its list (``size``, growing or shrinking a
    little), its random effect, then each month's."""
    spec = CATALOGUE[key]
    place, factor = PRACTICE_OUTLIERS.get(key, (-1, 1.0))
    log_factor = _log_factor(noise, spec, months, factor if i == place else 1.0)
    registered = size * (1 + noise.uniform(-0.0005, 0.002) * np.arange(MONTHS))
    if key == "acsc":
        expected = np.round(registered / 12 * spec.level, 3)
        return Series(practice, _events(noise, expected, np.exp(log_factor)), expected)
    if key == "antibiotics":
        star_pu_years = np.round(registered * noise.uniform(0.9, 1.15) / 12, 1)
        rate = spec.level * np.exp(log_factor)
        return Series(practice, _events(noise, star_pu_years, rate), star_pu_years)
    over_65 = np.round(registered * noise.uniform(0.12, 0.28))
    return Series(practice, _flu(noise, months, over_65, spec.level, log_factor), over_65)


def _log_factor(noise, spec: Spec, months, outlier: float) -> np.ndarray:
    """The unit's random effect (times ``outlier``), the seasons (winter is worse) and a
    month-to-month wobble beyond chance, on the log scale (logit for proportions)."""
    effect = noise.normal(0, spec.spread)
    if outlier != 1.0:  # the one that stands out does so whatever its draw
        effect = np.log(outlier)
    worse = -1 if spec.direction == UP else 1
    return effect + worse * spec.season * _winter(months) + noise.normal(0, 0.05, MONTHS)


def _events(noise, exposure: np.ndarray, rate: np.ndarray) -> np.ndarray:
    return noise.poisson(exposure * rate).astype(float)


def _successes(noise, cases: np.ndarray, level: float, log_odds: np.ndarray) -> np.ndarray:
    p = 1 / (1 + np.exp(-(np.log(level / (1 - level)) + log_odds)))
    return noise.binomial(cases.astype(int), p).astype(float)


def _flu(noise, months, eligible: np.ndarray, level: float, log_odds: np.ndarray) -> np.ndarray:
    """Vaccinated so far this season, October to February (NaN the other months): each
    season's February total drawn first, the months before it thinned from it, so the
    figures only grow through a season."""
    uptake = 1 / (1 + np.exp(-(np.log(level / (1 - level)) + log_odds)))
    done = np.full(MONTHS, np.nan)
    seasons = {m.year - (m.month < 10) for m in months if m.month in FLU_SEASON}
    for season in sorted(seasons):
        index = {
            m.month: i
            for i, m in enumerate(months)
            if m.month in FLU_SEASON and m.year - (m.month < 10) == season
        }
        last = max(index.values())
        so_far = noise.binomial(int(eligible[last]), uptake[last])  # by the season's end
        before = 1.0
        for month in (2, 1, 12, 11, 10):
            so_far = noise.binomial(so_far, FLU_SEASON[month] / before)
            before = FLU_SEASON[month]
            if month in index:
                done[index[month]] = so_far
    return done


def _list_sizes(noise: np.random.Generator, count: int) -> np.ndarray:
    """Registered patients of each practice: 3,000 to 18,000, most near 8,000."""
    return np.round(np.clip(noise.lognormal(np.log(8000), 0.45, count), 3000, 18000))


def _with_totals(series: list[Series], provider: Organisation) -> list[Series]:
    """The wards' figures, each directorate's (the sum of its wards') and the organisation's."""
    directorates: dict[int, list[Series]] = {}
    for one in series:
        directorates.setdefault(one.unit.parent_id, []).append(one)
    totals = [_sum(one[0].unit.parent, one) for one in directorates.values()]
    return [*series, *totals, _sum(provider, series)]


def _sum(unit: Organisation, series: list[Series]) -> Series:
    return Series(
        unit,
        np.sum([s.numerators for s in series], axis=0),
        np.sum([s.denominators for s in series], axis=0),
    )


def _values(feed: IndicatorFeed, months, series: list[Series]) -> list[IndicatorValue]:
    return [
        IndicatorValue(
            feed=feed, unit=one.unit, period=month, numerator=float(n), denominator=float(d)
        )
        for one in series
        for month, n, d in zip(months, one.numerators, one.denominators, strict=True)
        if np.isfinite(n)
    ]
