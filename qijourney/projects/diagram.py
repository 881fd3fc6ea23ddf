"""Laying out a driver diagram as SVG: aim, primary and secondary drivers, change ideas in four
columns, each node beside its parents, links drawn from parent to child. Pure: no database."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from qijourney.palette import (
    NHS_BLUE,
    NHS_LIGHT_BLUE,
    NHS_MID_GREY,
    NHS_WHITE,
    NHSUK_GREEN,
    NHSUK_GREY_3,
    TEXT,
)

COLUMN_TITLES = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
COLUMN_COLOURS = (NHS_BLUE, NHS_LIGHT_BLUE, NHS_MID_GREY, NHSUK_GREEN)  # each box's border
LINK_COLOUR = NHSUK_GREY_3
BOX_WIDTH = 200
COLUMN_GAP = 60
LINE_HEIGHT = 15
CHARS_PER_LINE = 28
PADDING = 8
ROW_GAP = 14
TOP = 34


@dataclass
class Node:
    id: int
    level: int
    text: str
    parents: list[int] = field(default_factory=list)


@dataclass
class Placed:
    node: Node
    x: float
    y: float
    height: float
    lines: list[str]


def layout(nodes: list[Node]) -> dict[int, Placed]:
    """Columns by level; within a column, nodes follow the order of their first parent."""
    placed: dict[int, Placed] = {}
    rank: dict[int, float] = {}
    for level in range(4):
        column = [n for n in nodes if n.level == level]
        column.sort(
            key=lambda n: (min((rank[p] for p in n.parents if p in rank), default=1e9), n.id)
        )
        y = TOP
        for position, node in enumerate(column):
            lines = textwrap.wrap(node.text, CHARS_PER_LINE) or [""]
            height = len(lines) * LINE_HEIGHT + 2 * PADDING
            placed[node.id] = Placed(node, level * (BOX_WIDTH + COLUMN_GAP), y, height, lines)
            rank[node.id] = position
            y += height + ROW_GAP
    return placed


def svg(nodes: list[Node], title: str) -> str:
    """The whole diagram; an empty string when there is nothing to draw."""
    if not nodes:
        return ""
    placed = layout(nodes)
    width = 4 * BOX_WIDTH + 3 * COLUMN_GAP
    height = max(p.y + p.height for p in placed.values()) + ROW_GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'class="qi-driver-diagram" role="img" aria-labelledby="dd-title">',
        f'<title id="dd-title">{escape(title)}</title>',
    ]
    for level, name in enumerate(COLUMN_TITLES):
        parts.append(
            f'<text x="{level * (BOX_WIDTH + COLUMN_GAP)}" y="18" font-weight="bold" '
            f'font-size="14" fill="{TEXT}">{name}</text>'
        )
    for p in placed.values():
        for parent_id in p.node.parents:
            parent = placed.get(parent_id)
            if parent is None:
                continue
            x1, y1 = parent.x + BOX_WIDTH, parent.y + parent.height / 2
            x2, y2 = p.x, p.y + p.height / 2
            middle = (x1 + x2) / 2
            parts.append(
                f'<path d="M{x1:.0f} {y1:.0f} C{middle:.0f} {y1:.0f} {middle:.0f} '
                f'{y2:.0f} {x2:.0f} {y2:.0f}" fill="none" stroke="{LINK_COLOUR}" '
                f'stroke-width="1.5"/>'
            )
    for p in placed.values():
        colour = COLUMN_COLOURS[p.node.level]
        parts.append(
            f'<rect x="{p.x}" y="{p.y}" width="{BOX_WIDTH}" height="{p.height}" rx="4" '
            f'fill="{NHS_WHITE}" stroke="{colour}" stroke-width="2"/>'
        )
        for i, line in enumerate(p.lines):
            parts.append(
                f'<text x="{p.x + PADDING}" y="{p.y + PADDING + (i + 0.8) * LINE_HEIGHT}"'
                f' font-size="12" fill="{TEXT}">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def outline(nodes: list[Node]) -> list[tuple[int, str, list[str]]]:
    """The diagram as text, for screen readers and print: (level, text, parent texts)."""
    by_id = {n.id: n for n in nodes}
    ordered = sorted(nodes, key=lambda n: (n.level, n.id))
    return [(n.level, n.text, [by_id[p].text for p in n.parents if p in by_id]) for n in ordered]
