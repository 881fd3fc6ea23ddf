"""The demo's one point generator draws p, c and XmR series that move where they are told."""

import datetime as dt

import numpy as np

from qijourney.demo.measures import Shape, draw_points
from qijourney.measures.models import Measure

DATES = [dt.date(2026, 1, 1) + dt.timedelta(days=7 * i) for i in range(60)]


def draw(chart, shape, seed=1):
    return draw_points(np.random.default_rng(seed), Measure(chart_type=chart), DATES, shape)


def test_a_p_series_moves_to_its_changed_level_and_notes_the_change():
    shape = Shape(level=0.3, changed_level=0.8, changes_at=30, spread=0.01, note="Change")
    points = draw("p", shape)
    assert [p.date for p in points] == DATES
    assert all(20 <= p.denominator < 60 and 0 <= p.numerator <= p.denominator for p in points)
    before = sum(p.numerator for p in points[:30]) / sum(p.denominator for p in points[:30])
    after = sum(p.numerator for p in points[30:]) / sum(p.denominator for p in points[30:])
    assert 0.2 < before < 0.4 and 0.7 < after < 0.9
    assert [i for i, p in enumerate(points) if p.annotation] == [30]


def test_p_denominators_are_a_share_of_the_range_plus_a_base():
    shape = Shape(level=0.5, denominators=(800, 1500), denominator_share=0.2, denominator_base=20)
    assert all(180 <= p.denominator < 320 for p in draw("p", shape))


def test_c_and_xmr_series_and_an_xmr_floor():
    counts = draw("c", Shape(level=3.0))
    assert all(p.value == int(p.value) >= 0 and p.numerator is None for p in counts)
    values = draw("xmr", Shape(level=0.5, spread=2.0, floor=0.0))
    assert min(p.value for p in values) == 0.0  # raised to the floor, never below
    assert not any(p.annotation for p in values)  # no change, no note


def test_the_same_noise_draws_the_same_points():
    shape = Shape(level=5.0, changed_level=3.0, changes_at=20, spread=0.5)
    first, again = draw("xmr", shape, seed=7), draw("xmr", shape, seed=7)
    assert [p.value for p in first] == [p.value for p in again]
