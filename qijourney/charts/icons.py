"""The project's own SPC icons, drawn with the Making Data Count meanings and colours.

Variation icons: a ring in the class colour with H (higher) or L (lower) and a run of dots.
Assurance icons: a ring with P (pass) or F (fail) over a dashed target line; hit-or-miss is a
grey ring whose dashed line runs through a band of scattered dots. Letters are drawn as strokes,
not text, so they look the same in every renderer and need no fonts.
"""

from __future__ import annotations

import base64
from functools import cache

from qijourney.palette import CONCERN_ORANGE, ICON_GREY, IMPROVEMENT_BLUE, NEUTRAL_PURPLE
from qijourney.spc.icons import ICON_TEXT

_LETTERS = {
    "H": "M15 11 V25 M25 11 V25 M15 18 H25",
    "L": "M16 11 V25 H25",
    "P": "M16 25 V11 H22 A3.5 3.5 0 0 1 22 18 H16",
    "F": "M25 11 H16 V25 M16 18 H23",
    "?": "M16 14 A4 4 0 1 1 21 18 Q20 19 20 21 M20 24.5 V25.5",
}

# Colour and letter of each icon (None: common cause, drawn with a level line).
VARIATION_STYLE = {
    "common_cause": (ICON_GREY, None),
    "improvement_high": (IMPROVEMENT_BLUE, "H"),
    "improvement_low": (IMPROVEMENT_BLUE, "L"),
    "concern_high": (CONCERN_ORANGE, "H"),
    "concern_low": (CONCERN_ORANGE, "L"),
    "neutral_high": (NEUTRAL_PURPLE, "H"),
    "neutral_low": (NEUTRAL_PURPLE, "L"),
}
ASSURANCE_STYLE = {
    "pass": (IMPROVEMENT_BLUE, "P"),
    "fail": (CONCERN_ORANGE, "F"),
    "hit_or_miss": (ICON_GREY, "?"),
}


def _dots(colour: str, high: bool | None) -> str:
    """A run of five dots: level for common cause, stepping up or down for a signal."""
    heights = (
        [30, 30, 30, 30, 30]
        if high is None
        else ([33, 32, 31, 28, 27] if high else [27, 28, 29, 32, 33])
    )
    return "".join(
        f'<circle cx="{12 + 4 * i}" cy="{h}" r="1.4" fill="{colour}"/>'
        for i, h in enumerate(heights)
    )


@cache
def icon_svg(name: str, size: int = 40) -> str:
    """SVG markup of an icon; ``name`` is a variation or assurance icon label.

    >>> "<title>Common cause variation</title>" in icon_svg("common_cause")
    True
    """
    title = ICON_TEXT[name]
    if name in VARIATION_STYLE:
        colour, letter = VARIATION_STYLE[name]
        high = None if letter is None else letter == "H"
        body = _dots(colour, high)
        if letter:
            body += (
                f'<path d="{_LETTERS[letter]}" stroke="{colour}" stroke-width="2.2" fill="none"/>'
            )
        else:
            body += f'<path d="M11 19 H29" stroke="{colour}" stroke-width="2" fill="none"/>'
    else:
        colour, letter = ASSURANCE_STYLE[name]
        body = (
            f'<path d="M6 29 H34" stroke="{colour}" stroke-width="1.6" stroke-dasharray="3 2"/>'
            f'<path d="{_LETTERS[letter]}" stroke="{colour}" stroke-width="2.2" fill="none"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 40 40" role="img" aria-label="{title}"><title>{title}</title>'
        f'<circle cx="20" cy="20" r="17.5" fill="white" stroke="{colour}" stroke-width="3"/>'
        f"{body}</svg>"
    )


def icon_data_uri(name: str) -> str:
    encoded = base64.b64encode(icon_svg(name).encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"


def icon_text(name: str) -> str:
    """The text alternative of an icon, e.g. "Common cause variation"; empty for no icon."""
    return ICON_TEXT.get(name, "")
