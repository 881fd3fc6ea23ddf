"""Integer codes of chart types and improvement directions, and which charts are of which kind."""

from __future__ import annotations

import numpy as np

from qijourney.spc.options import CHART_TYPES, DIRECTIONS

SUBGROUP_CHARTS = ("xbar", "s")
RATIO_CHARTS = ("p", "pp", "u", "up")
PROPORTION_CHARTS = ("p", "pp")
CHART_CODE = {name: code for code, name in enumerate(CHART_TYPES)}
# Lookup tables by chart code, cheaper than np.isin on every call.
IS_SUBGROUP = np.array([name in SUBGROUP_CHARTS for name in CHART_TYPES])
IS_RATIO = np.array([name in RATIO_CHARTS for name in CHART_TYPES])
IS_PROPORTION = np.array([name in PROPORTION_CHARTS for name in CHART_TYPES])
DIRECTION_CODE = {name: code for code, name in enumerate(DIRECTIONS)}
INCREASE, DECREASE, NEUTRAL = (DIRECTION_CODE[d] for d in DIRECTIONS)
