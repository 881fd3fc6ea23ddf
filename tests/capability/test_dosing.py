"""Coverage against the dosing plan: who counts, when, and the gaps."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qijourney.capability.coverage import coverage
from qijourney.capability.models import DosingTarget
from qijourney.domain.dosing import Breakdown, Target, compute, month_ends
from tests.capability.conftest import TODAY, complete
from tests.pdf_text import pdf_text


def target(programme, **fields):
    return DosingTarget.objects.create(provider=programme.provider, programme=programme, **fields)


def test_coverage_counts_current_staff_in_the_group(ladder, staff_list, tree_a):
    intro = ladder["Improvement introduction"]
    complete(intro, [staff_list[f"S{i:03}"] for i in range(5)] + [staff_list["LEFT"]], TODAY)
    target(intro, percent=15, basis="per_year")
    [found] = coverage(tree_a.provider)
    assert (found.overall.population, found.overall.dosed) == (20, 5)  # the leaver is not staff
    assert found.overall.percent == 25 and found.met
    by_directorate = {b.name: (b.population, b.dosed) for b in found.by_directorate}
    assert by_directorate == {"Northvale Hospitals Medicine": (10, 5), "Surgery": (10, 0)}


def test_a_higher_tier_of_the_same_ladder_counts_as_the_lower_dose(ladder, staff_list, tree_a):
    complete(ladder["Improvement coach"], [staff_list["S000"]], TODAY)
    complete(ladder["Board improvement development"], [staff_list["S001"]], TODAY)
    target(ladder["Improvement practitioner"], percent=100, managers_only=True)
    [found] = coverage(tree_a.provider)
    # Managers: S000, S001, S010. The coach dose counts; board development is another ladder.
    assert (found.overall.population, found.overall.dosed) == (3, 1)
    assert found.overall.shortfall == 2 and not found.met


def test_per_year_targets_forget_old_completions_but_ever_targets_do_not(
    ladder, staff_list, tree_a
):
    intro = ladder["Improvement introduction"]
    complete(intro, [staff_list["S002"]], TODAY - dt.timedelta(days=500))
    target(intro, percent=10, basis="per_year")
    target(intro, percent=10, basis="ever")
    per_year, ever = coverage(tree_a.provider)
    assert per_year.overall.dosed == 0 and ever.overall.dosed == 1
    # Thirteen months before the last trend point, the per-year count still had them.
    months = dict(per_year.trend)
    assert any(v for v in months.values()), per_year.trend
    assert per_year.trend[-1][1] == 0


def test_unit_and_role_group_narrow_the_group(ladder, staff_list, tree_a, second_directorate):
    surgery, _theatre = second_directorate
    intro = ladder["Improvement introduction"]
    complete(intro, [staff_list["S010"], staff_list["S011"]], TODAY)
    target(intro, percent=50, unit=surgery, role_group="allied health professionals")
    [found] = coverage(tree_a.provider)
    # Theatres staff S010-S019; the odd ones are allied health professionals: five.
    assert (found.overall.population, found.overall.dosed) == (5, 1)
    assert found.overall.shortfall == 2  # ceil(2.5) = 3 needed


def test_trend_has_a_point_for_each_month_ending_today():
    ends = month_ends(dt.date(2026, 11, 27), 24)
    assert len(ends) == 24
    assert str(ends[-1]) == "2026-11-27" and str(ends[-2]) == "2026-10-31"
    assert str(ends[0]) == "2024-12-31"


def test_shortfall_rounds_up_and_never_goes_below_zero():
    assert Breakdown("x", 7, 0, 15).shortfall == 2  # 1.05 people -> 2
    assert Breakdown("x", 20, 3, 15).shortfall == 0
    assert Breakdown("x", 10, 10, 100).shortfall == 0
    assert Breakdown("x", 0, 0, 50).percent is None


people = st.lists(
    st.tuples(
        st.integers(0, 900),  # start, days after the origin
        st.one_of(st.none(), st.integers(1, 1200)),  # days employed before leaving
        st.sampled_from(["Nursing", "Medical"]),
        st.booleans(),  # manager
        st.sampled_from([10, 11, 20]),  # team: 10 and 11 in directorate 1, 20 in 2
    ),
    min_size=1,
    max_size=30,
)
ORIGIN = dt.date(2024, 1, 1)


@settings(max_examples=80, deadline=None)
@given(
    staff_rows=people,
    done=st.lists(
        st.tuples(st.integers(0, 29), st.integers(0, 1000), st.integers(1, 3)), max_size=50
    ),
    as_of_day=st.integers(300, 1100),
    group=st.tuples(
        st.sampled_from(["", "nursing"]), st.booleans(), st.sampled_from([None, 1, 11])
    ),
    tier=st.integers(1, 3),
    basis=st.sampled_from(["per_year", "ever"]),
)
def test_coverage_matches_counting_person_by_person(
    staff_rows, done, as_of_day, group, tier, basis
):
    day = lambda n: ORIGIN + dt.timedelta(days=n)  # noqa: E731
    as_of = day(as_of_day)
    staff = pd.DataFrame(
        {
            "id": range(len(staff_rows)),
            "unit_id": [r[4] for r in staff_rows],
            "units": [[r[4], r[4] // 10, 0] for r in staff_rows],
            "directorate": [f"D{r[4] // 10}" for r in staff_rows],
            "role_group": [r[2] for r in staff_rows],
            "is_manager": [r[3] for r in staff_rows],
            "start": np.array([day(r[0]) for r in staff_rows], dtype="datetime64[D]"),
            "end": np.array(
                [day(r[0] + r[1]) if r[1] else None for r in staff_rows], dtype="datetime64[D]"
            ),
        }
    )
    rows = [(i % len(staff_rows), day(d), t) for i, d, t in done]
    completions = pd.DataFrame(
        {
            "staff_id": [r[0] for r in rows],
            "ladder": 7,
            "tier": [r[2] for r in rows],
            "completed": np.array([r[1] for r in rows], dtype="datetime64[D]"),
        }
    )
    role_group, managers_only, unit = group
    target = Target(
        id=1,
        programme="P",
        ladder=7,
        tier=tier,
        audience="group",
        basis=basis,
        basis_label=basis,
        percent=50,
        role_group=role_group,
        managers_only=managers_only,
        unit_id=unit,
    )
    [found] = compute([target], staff, completions, as_of=as_of, months=3)

    # The same, one person at a time.
    year_ago = (
        as_of.replace(year=as_of.year - 1)
        if (as_of.month, as_of.day) != (2, 29)
        else (as_of.replace(year=as_of.year - 1, day=28))
    )
    population = dosed = 0
    for index, (start, stay, role, manager, team) in enumerate(staff_rows):
        employed = day(start) <= as_of and not (stay and day(start + stay) <= as_of)
        in_group = (
            (not role_group or role.lower() == role_group)
            and (manager or not managers_only)
            and (unit is None or unit in (team, team // 10))
        )
        if not (employed and in_group):
            continue
        population += 1
        dosed += any(
            who == index
            and level >= tier
            and when <= as_of
            and (basis == "ever" or when > year_ago)
            for who, when, level in rows
        )
    assert (found.overall.population, found.overall.dosed) == (population, dosed)
    assert sum(b.population for b in found.by_directorate) == population
    assert sum(b.dosed for b in found.by_role_group) == dosed
    assert all(p is None or 0 <= p <= 100 for _d, p in found.trend)


def test_the_capability_pdf_prints_awkward_names_as_written():
    from qijourney.domain.dosing import TargetCoverage
    from qijourney.reports.capability import CapabilityReport, to_pdf

    target = TargetCoverage(
        target_id=1,
        programme="R&D <b>basics",
        audience="all staff",
        basis="completed at any time",
        target_percent=50,
        overall=Breakdown("All", 10, 4, 50),
        trend=[(dt.date(2026, 1, 31), 30.0), (dt.date(2026, 2, 28), 40.0)],
        by_directorate=[Breakdown("A&E <i>dept", 10, 4, 50)],
        by_role_group=[Breakdown("Nursing", 10, 4, 50)],
    )
    report = CapabilityReport("Trust <x> & co", dt.date(2026, 2, 28), 10, [target])
    text = pdf_text(to_pdf(report))
    for written in ("R&D <b>basics", "A&E <i>dept", "Trust <x> & co"):
        assert written in text, written


@pytest.mark.parametrize("length", [3_000, 30_000])
def test_the_capability_pdf_prints_very_long_names_in_full(length):
    from qijourney.domain.dosing import TargetCoverage
    from qijourney.reports.capability import CapabilityReport, to_pdf

    def long(letter: str) -> str:
        return " ".join(f"{letter}{i:05d}" for i in range(length // 7))

    target = TargetCoverage(
        target_id=1,
        programme=long("p"),
        audience=long("a"),
        basis="completed at any time",
        target_percent=50,
        overall=Breakdown("All", 10, 4, 50),
        trend=[(dt.date(2026, 1, 31), 30.0), (dt.date(2026, 2, 28), 40.0)],
        by_directorate=[Breakdown(long("d"), 10, 4, 50)],
        by_role_group=[Breakdown("Nursing\x0b staff", 10, 4, 50)],
    )
    report = CapabilityReport(
        long("o"),
        dt.date(2026, 2, 28),
        10,
        [target],
        coaches={"Active": 2},
        evaluations=[(long("e"), [(4.5, 3), (None, 0), (None, 0), (None, 0)])],
    )
    text = pdf_text(to_pdf(report))
    for letter in "padoe":
        assert set(re.findall(rf"\b{letter}\d{{5}}\b", text)) == set(
            re.findall(rf"\b{letter}\d{{5}}\b", long(letter))
        ), letter
    assert "Nursing" in text and "staff" in text


@pytest.mark.parametrize("targets", [27, 100])
def test_the_capability_pdf_holds_a_plan_with_any_number_of_targets(targets):
    from qijourney.domain.dosing import TargetCoverage
    from qijourney.reports.capability import CapabilityReport, to_pdf

    plan = [
        TargetCoverage(
            target_id=n,
            programme=f"Programme {n:03d}",
            audience="all staff",
            basis="completed at any time",
            target_percent=50,
            overall=Breakdown("All", 10, n % 10, 50),
            trend=[(dt.date(2026, 1, 31), 30.0), (dt.date(2026, 2, 28), 40.0)],
            by_directorate=[Breakdown("Surgery", 10, 4, 50)],
            by_role_group=[Breakdown("Nursing", 10, 4, 50)],
        )
        for n in range(targets)
    ]
    text = pdf_text(to_pdf(CapabilityReport("Northtown", dt.date(2026, 2, 28), 10, plan)))
    assert set(re.findall(r"Programme \d{3}", text)) == {
        f"Programme {n:03d}" for n in range(targets)
    }
