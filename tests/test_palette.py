"""The palette is the one place colours are written down, and its NHS colours are the NHS.UK
design system's own."""

import ast
import re
from pathlib import Path

import pytest

from qijourney import palette

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "qijourney"
BUILT = PACKAGE / "web" / "static" / "build"
NHSUK_FRONTEND = ROOT / "frontend" / "node_modules" / "nhsuk-frontend"

# "#005eb8", "#fff" (not "&#123;" or "#domain-1"), and openpyxl's bare "00B0F0" in quotes.
HEX = re.compile(
    r"(?<![\w&])#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3,4})(?![\w-])"
    r"|(?<!\w)([\"'])(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6})\1"
)
NOT_A_COLOUR = "not a colour"  # on a line, lets a false match through


def hex_literals(paths):
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NOT_A_COLOUR in line:
                continue
            for match in HEX.finditer(line):
                yield f"{path.relative_to(ROOT)}:{number}: {match.group()}"


def sources():
    for pattern in ("*.py", "*.jinja"):
        for path in sorted(PACKAGE.rglob(pattern)):
            if BUILT not in path.parents and path != PACKAGE / "palette.py":
                yield path


def test_the_pattern_finds_colours_and_nothing_else():
    found = [m.group() for m in HEX.finditer("a #005EB8; b #fff; c '00B0F0'; d #12345678")]
    assert found == ["#005EB8", "#fff", "'00B0F0'", "#12345678"]
    assert not HEX.findall('href="#domain-1" &#123; #summary # fixme #12345 "decades"')


def test_no_colour_is_written_outside_the_palette():
    """Every colour in the package comes from qijourney/palette.py."""
    assert list(sources()), "no sources found"
    found = list(hex_literals(sources()))
    assert not found, "colours outside qijourney/palette.py (name them there):\n" + "\n".join(found)


def test_the_stylesheets_name_nhs_colours_rather_than_write_them():
    """frontend/styles take the NHS.UK colours by name from nhsuk-frontend."""
    styles = sorted((ROOT / "frontend" / "styles").glob("*.scss"))
    assert styles
    found = list(hex_literals(styles))
    assert not found, 'use nhsuk-frontend\'s colours, e.g. nhsuk.nhsuk-colour("blue"):\n' + (
        "\n".join(found)
    )


def test_the_palette_imports_nothing_of_the_project():
    """It sits below the engine, whose points table carries the MDC colours."""
    tree = ast.parse((PACKAGE / "palette.py").read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert not imports


def published_colours() -> dict[str, str]:
    """nhsuk-frontend's palette, name -> hex: ``"blue": #005eb8`` in its ``$nhsuk-colours``
    map (v10), or ``$color_nhsuk-blue: #005eb8;`` (v9 and before)."""
    if not NHSUK_FRONTEND.is_dir():
        pytest.fail(
            f"{NHSUK_FRONTEND.relative_to(ROOT)} is missing: run `cd frontend && npm ci`",
            pytrace=False,
        )
    colours = {}
    for path in sorted(NHSUK_FRONTEND.rglob("settings/_colours*.scss")):
        text = re.sub(r"//.*", "", path.read_text(encoding="utf-8"))  # not the examples
        for name, value in re.findall(r'"([a-z0-9-]+)":\s*(#[0-9a-fA-F]{6})\b', text):
            colours.setdefault(name, value.lower())
        for name, value in re.findall(r"\$color_nhsuk-([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\b", text):
            colours.setdefault(name, value.lower())
    return colours


def test_the_nhs_colours_are_the_ones_nhsuk_frontend_publishes():
    published = published_colours()
    assert published, f"no colour palette found in {NHSUK_FRONTEND.relative_to(ROOT)}"
    ours = {name: colour.lower() for name, colour in palette.NHSUK_COLOURS.items()}
    assert ours == {name: published.get(name) for name in ours}


def test_the_mdc_point_colours_are_the_engines():
    from qijourney.spc.classify import COLOUR_OF_CLASS, COLOURS, POINT_TYPES

    engine = {kind: COLOURS[COLOUR_OF_CLASS[i]] for i, kind in enumerate(POINT_TYPES)}
    assert engine == palette.MDC_POINT_COLOURS
