"""Coverage against the dosing plan: who counts, when, and the gaps."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from qijourney.capability.coverage import coverage
from qijourney.capability.dosing import Breakdown, compute, month_ends
from qijourney.capability.models import DosingTarget
from tests.capability.conftest import TODAY, complete


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


@settings(max_examples=60, deadline=None)
@given(
    starts=st.lists(st.integers(0, 900), min_size=1, max_size=40),
    done=st.lists(st.tuples(st.integers(0, 39), st.integers(0, 900)), max_size=60),
)
def test_per_year_coverage_never_exceeds_ever_and_stays_a_share(starts, done):
    origin = np.datetime64("2024-01-01")
    staff = pd.DataFrame(
        {
            "id": range(len(starts)),
            "unit_id": 1,
            "units": [[1]] * len(starts),
            "directorate": "D",
            "role_group": "R",
            "is_manager": False,
            "start": [origin + np.timedelta64(s, "D") for s in starts],
            "end": np.array(["NaT"] * len(starts), dtype="datetime64[D]"),
        }
    )
    rows = [(i % len(starts), origin + np.timedelta64(d, "D")) for i, d in done]
    completions = pd.DataFrame(
        {
            "staff_id": [r[0] for r in rows],
            "scheme": "L",
            "tier": 1,
            "completed": np.array([r[1] for r in rows], dtype="datetime64[D]"),
        }
    )
    programme = SimpleNamespace(scheme="L", tier=1, name="P")

    def plan(basis):
        return SimpleNamespace(
            pk=1,
            programme=programme,
            basis=basis,
            percent=50,
            role_group="",
            managers_only=False,
            unit_id=None,
            audience="all",
            get_basis_display=lambda: basis,
        )

    [per_year, ever] = compute(
        [plan("per_year"), plan("ever")], staff, completions, as_of=dt.date(2026, 6, 30)
    )
    for (_, a), (_, b) in zip(per_year.trend, ever.trend, strict=True):
        if a is not None:
            assert 0 <= a <= b <= 100
    assert ever.overall.dosed <= ever.overall.population
    # Everyone counted once, however many times they completed.
    assert (
        ever.overall.dosed
        == completions[completions["completed"] <= np.datetime64("2026-06-30")][
            "staff_id"
        ].nunique()
    )


def test_the_capability_pdf_prints_awkward_names_as_written():
    import subprocess

    from qijourney.capability.dosing import TargetCoverage
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
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=to_pdf(report), capture_output=True, check=True
    ).stdout.decode()
    for written in ("R&D <b>basics", "A&E <i>dept", "Trust <x> & co"):
        assert written in text, written
