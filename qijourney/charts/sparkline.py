"""A small SPC chart for report tables: the values, the centre line and the process limits,
points coloured by class. Plain SVG, drawn in Python (hundreds per page, so no renderer)."""

from __future__ import annotations

from html import escape

import numpy as np

from qijourney.palette import (
    CENTRE_LINE_BLACK,
    MDC_POINT_COLOURS,
    PROCESS_LIMIT_GREY,
    VALUE_LINE_GREY,
)


def shared_scale(rows) -> tuple[float, float, int]:
    """One scale for small multiples (rows with ``values`` and their ``centre_line``,
    ``lower_line`` and ``upper_line``): the lowest and highest of any, and the most points of
    any, so each row's latest point sits at the right edge and its level reads against the
    others'."""
    pool = [
        np.asarray(a, dtype=float)
        for row in rows
        for a in (row.values, row.centre_line, row.lower_line, row.upper_line)
    ]
    pool = [a[np.isfinite(a)] for a in pool]
    pool = [a for a in pool if a.size]
    if not pool:
        return 0.0, 1.0, 1
    slots = max(np.asarray(row.values).size for row in rows)
    return float(min(a.min() for a in pool)), float(max(a.max() for a in pool)), slots


def positions(n: int, slots: int | None, left: float, right: float) -> np.ndarray:
    """Where ``n`` points sit between ``left`` and ``right``: spread over the width, or on a
    shared scale of ``slots`` points, in its last ``n`` (aligned on the latest)."""
    slots = max(slots or n, n)
    if slots == 1:
        return np.array([(left + right) / 2])
    return np.linspace(left, right, slots)[slots - n :]


def scale(values: np.ndarray, low: float, high: float, size: float, pad: float) -> np.ndarray:
    span = high - low if high > low else 1.0
    return pad + (size - 2 * pad) * (values - low) / span


def sparkline_svg(
    values,
    centre,
    lower,
    upper,
    point_types,
    *,
    label: str,
    width: int = 140,
    height: int = 36,
    shared: tuple[float, float, int] | None = None,
) -> str:
    """An inline SVG with a text alternative; empty string when there is nothing to draw.
    ``shared``: the small multiples' common scale (:func:`shared_scale`)."""
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    if not finite.any():
        return ""
    lines = [np.asarray(a, dtype=float) for a in (centre, lower, upper)]
    everything = np.concatenate([values[finite]] + [a[np.isfinite(a)] for a in lines])
    low, high = float(everything.min()), float(everything.max())
    if shared is not None:
        low, high = shared[0], shared[1]
    xs = positions(values.size, shared[2] if shared else None, 3, width - 3)

    def y(a):
        return height - scale(a, low, high, height, 3)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="qi-sparkline">'
        f"<title>{escape(label)}</title>"
    ]
    for line, dash in ((lines[1], "3 2"), (lines[2], "3 2"), (lines[0], "")):
        ok = np.isfinite(line)
        if ok.any():
            path = _path(xs[ok], y(line[ok]))
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            colour = PROCESS_LIMIT_GREY if dash else CENTRE_LINE_BLACK
            parts.append(
                f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1"{dashed}/>'
            )
    parts.append(
        f'<path d="{_path(xs[finite], y(values[finite]))}" fill="none" '
        f'stroke="{VALUE_LINE_GREY}" stroke-width="1.2"/>'
    )
    for x, v, kind in zip(
        xs[finite], y(values[finite]), np.asarray(point_types)[finite], strict=True
    ):
        if kind != "common_cause":
            fill = MDC_POINT_COLOURS.get(kind, VALUE_LINE_GREY)
            parts.append(f'<circle cx="{x:.1f}" cy="{v:.1f}" r="2" fill="{fill}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    """An SVG path through the points; breaks in a line (new segments) are drawn as jumps."""
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in zip(xs, ys, strict=True))
