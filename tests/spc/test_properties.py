"""Hypothesis properties the engine must keep for any data."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qijourney.spc import analyse
from qijourney.spc.options import PRESETS

FLAG_COLUMNS = ["point_type"] + [
    f"{rule}_{side}"
    for rule in ("astronomical", "shift", "trend", "two_of_three")
    for side in ("high", "low")
]

# Values on a coarse grid make ties, points on the centre line and repeated values common,
# which is where rules break.
values = arrays(
    np.float64,
    st.integers(min_value=1, max_value=40),
    elements=st.integers(min_value=-20, max_value=20).map(float),
)
presets = st.sampled_from(["mdc", "mdc-sql", "nhsrplotthedots"])
directions = st.sampled_from(["increase", "decrease", "neutral"])


def frame_of(y, recalculate_at=None):
    frame = pd.DataFrame({"t": np.arange(len(y)), "y": y})
    if recalculate_at is not None:
        frame["new"] = np.arange(len(y)) == recalculate_at
    return frame


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    y=values,
    scale=st.sampled_from([0.5, 2.0, 3.0, 10.0]),
    offset=st.sampled_from([-7.0, 0.0, 5.0, 100.0]),
    preset=presets,
    direction=directions,
)
def test_rule_flags_unchanged_by_positive_affine_map(y, scale, offset, preset, direction):
    """y -> a*y + b with a > 0 moves the lines with the data: every flag stays the same."""
    before = analyse(frame_of(y), value="y", date="t", preset=preset, improvement=direction)
    after = analyse(
        frame_of(scale * y + offset), value="y", date="t", preset=preset, improvement=direction
    )
    pd.testing.assert_frame_equal(before.points[FLAG_COLUMNS], after.points[FLAG_COLUMNS])
    assert before.summary["variation_icon"].tolist() == after.summary["variation_icon"].tolist()


series_sets = st.lists(
    st.tuples(values, directions, st.sampled_from(["xmr", "run", "c", "g", "mr"])),
    min_size=1,
    max_size=6,
)


def long_table(sets):
    parts = []
    for k, (y, direction, chart) in enumerate(sets):
        y = np.abs(y) if chart in ("c", "g") else y
        parts.append(
            pd.DataFrame(
                {
                    "series": f"s{k}",
                    "t": np.arange(len(y)),
                    "y": y,
                    "direction": direction,
                    "chart": chart,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


COMMON = dict(value="y", date="t", improvement_column="direction", chart_column="chart")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=series_sets, preset=st.sampled_from(list(PRESETS)))
def test_one_call_on_many_series_equals_one_call_per_series(sets, preset):
    table = long_table(sets)
    together = analyse(table, series="series", preset=preset, **COMMON)
    for name, part in table.groupby("series", sort=False):
        alone = analyse(part.reset_index(drop=True), series="series", preset=preset, **COMMON)
        mine = together.points[together.points["series"] == name].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone.points, check_categorical=False)
        summary = together.summary[together.summary["series"] == name].reset_index(drop=True)
        pd.testing.assert_frame_equal(summary, alone.summary, check_categorical=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=series_sets, seed=st.integers(0, 2**32 - 1), preset=st.sampled_from(list(PRESETS)))
def test_row_order_does_not_matter(sets, seed, preset):
    table = long_table(sets)
    shuffled_order = np.random.default_rng(seed).permutation(len(table))
    shuffled = table.iloc[shuffled_order].reset_index(drop=True)
    ordered = analyse(table, series="series", preset=preset, **COMMON)
    mixed = analyse(shuffled, series="series", preset=preset, **COMMON)
    # Rows come back in input order: put the shuffled result back in the original order.
    restored = mixed.points.iloc[np.argsort(shuffled_order)].reset_index(drop=True)
    pd.testing.assert_frame_equal(restored, ordered.points, check_categorical=False)
    by_key = mixed.summary.sort_values("series").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        by_key,
        ordered.summary.sort_values("series").reset_index(drop=True),
        check_categorical=False,
    )


@settings(max_examples=80, deadline=None)
@given(y=values, cut=st.integers(1, 39), preset=presets)
def test_recalculation_gives_each_segment_its_own_limits(y, cut, preset):
    """With no rule crossing segments, a recalculated series is two independent series."""
    if cut >= len(y):
        return
    result = analyse(
        frame_of(y, cut),
        value="y",
        date="t",
        recalculate_column="new",
        preset=preset,
        crosses_segments="none",
        minimum_points=None,
    )
    for part in (slice(0, cut), slice(cut, None)):
        alone = analyse(
            frame_of(y[part]),
            value="y",
            date="t",
            preset=preset,
            crosses_segments="none",
            minimum_points=None,
        )
        np.testing.assert_allclose(
            result.points["centre"].to_numpy()[part], alone.points["centre"].to_numpy()
        )
        assert (
            result.points["point_type"].to_numpy()[part] == alone.points["point_type"].to_numpy()
        ).all()


@pytest.mark.parametrize("preset", list(PRESETS))
def test_ghosted_point_changes_nothing_else(preset):
    y = np.array([5, 6, 5, 7, 6, 5, 6, 5, 40, 6, 5, 6, 5, 7, 6, 5], dtype=float)
    frame = frame_of(y).assign(ghost=lambda f: f["t"] == 8)
    ghosted = analyse(frame, value="y", date="t", ghost_column="ghost", preset=preset)
    dropped = analyse(
        frame[~frame["ghost"]].reset_index(drop=True), value="y", date="t", preset=preset
    )
    kept = ~frame["ghost"].to_numpy()
    np.testing.assert_allclose(
        ghosted.points["upper_limit"].to_numpy()[kept], dropped.points["upper_limit"].to_numpy()
    )
    assert ghosted.points["point_type"].iloc[8] == "common_cause"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=series_sets, chunk=st.integers(1, 50), preset=st.sampled_from(list(PRESETS)))
def test_chunked_analysis_equals_one_pass(sets, chunk, preset):
    """Big tables are analysed a chunk of whole series at a time, on two threads: same answer."""
    from qijourney.spc import chunks

    table = long_table(sets)
    whole = analyse(table, series="series", preset=preset, **COMMON)
    saved = chunks.CHUNK_POINTS
    chunks.CHUNK_POINTS = chunk
    try:
        chunked = analyse(table, series="series", preset=preset, **COMMON)
    finally:
        chunks.CHUNK_POINTS = saved
    pd.testing.assert_frame_equal(chunked.points, whole.points)
    pd.testing.assert_frame_equal(chunked.summary, whole.summary)
