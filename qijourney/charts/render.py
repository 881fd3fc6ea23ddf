"""Render a chart definition to SVG, PNG, PDF or a self-contained, accessible HTML page.

Rendering runs in-process (vl-convert embeds the Vega libraries): no browser, no CDN, no network.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import vl_convert

from qijourney.charts.icons import icon_svg, icon_text
from qijourney.palette import RULE, TEXT

FORMATS = (".html", ".svg", ".png", ".pdf")


@dataclass
class TableAlternative:
    """A chart's data as a table, for the HTML page (cells are text, already formatted)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""  # e.g. that only the first rows are shown


def to_svg(spec: dict) -> str:
    """The chart as SVG, its description as the picture's accessible name (vl-convert leaves
    it out: a screen reader would hear only the axes)."""
    svg = vl_convert.vegalite_to_svg(spec)
    description = spec.get("description")
    if not description:
        return svg
    name = html.escape(description, quote=True)
    opened = svg.index(">") + 1
    root = svg[:opened].replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)
    return f"{root}<title>{name}</title>{svg[opened:]}"


def to_png(spec: dict, scale: float = 2.0) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=scale)


def to_pdf(spec: dict) -> bytes:
    return vl_convert.vegalite_to_pdf(spec)


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, built from the installed package once per
    version and kept in the user's cache folder: building it takes vl-convert most of two
    seconds, every process's first HTML chart."""
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("qijourney", appauthor=False))
    cached = folder / f"vl-convert-{vl_convert.__version__}-bundle.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle()
    try:  # written whole or not at all: a half-written file is never read as the bundle
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        os.replace(partial, cached)
    except OSError:
        pass  # a read-only home folder: built each time, as before
    return bundle


def table_html(table: TableAlternative | None) -> str:
    """The table alternative, folded under the chart (it may be long)."""
    if table is None:
        return ""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    note = f"<p>{html.escape(table.note)}</p>" if table.note else ""
    return (
        f"<details><summary>The chart as a table</summary>{note}<table>"
        f"<caption>{html.escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></details>"
    )


def to_html(
    spec: dict,
    *,
    title: str,
    summary_rows: list[dict] | None = None,
    table: TableAlternative | None = None,
) -> str:
    """A standalone page: heading, chart with tooltips, icons with text, and a text summary.

    Each summary row has a ``label`` and its icons (``variation_icon``, ``assurance_icon``)
    or a sentence (``text``); ``table`` puts the chart's data under it as a table.
    """
    safe_title = html.escape(title)
    description = html.escape(spec.get("description", ""))
    icons = ""
    for row in summary_rows or []:
        cells = "".join(
            f'<span class="icon">{icon_svg(name)}<span>{html.escape(icon_text(name))}</span></span>'
            for name in (row.get("variation_icon"), row.get("assurance_icon"))
            if name
        )
        label = html.escape(str(row.get("label", "")))
        text = f": {html.escape(str(row['text']))}" if row.get("text") else ""
        icons += f"<li><strong>{label}</strong>{text} {cells}</li>"
    spec_json = json.dumps(spec).replace("</", "<\\/")
    # The bundle is inlined so the page works offline and from a locked-down shared drive.
    bundle = javascript_bundle().replace("</script", "<\\/script")
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{safe_title}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; color: {TEXT}; margin: 1.5rem; }}
h1 {{ font-size: 1.5rem; }}
.icons {{ list-style: none; padding: 0; }}
.icons li {{ margin: .25rem 0; }}
.icon {{ display: inline-flex; align-items: center; gap: .35rem; margin-right: 1rem; }}
.icon svg {{ width: 28px; height: 28px; }}
figure {{ margin: 0; }}
figcaption {{ max-width: 60rem; margin-top: .5rem; }}
table {{ border-collapse: collapse; margin-top: .5rem; }}
caption {{ text-align: left; font-weight: bold; padding: .25rem 0; }}
th, td {{ text-align: left; padding: .2rem .6rem; border-bottom: 1px solid {RULE}; }}
details {{ margin-top: 1rem; }}
</style>
</head>
<body>
<main>
<h1>{safe_title}</h1>
<ul class="icons">{icons}</ul>
<figure>
<div id="chart" role="img" aria-label="{description}"></div>
<figcaption>{description}</figcaption>
</figure>
{table_html(table)}
<noscript><p>Turn on JavaScript to see the interactive chart; the summary above says what it
shows.</p></noscript>
</main>
<script>{bundle}</script>
<script>vegaEmbed("#chart", {spec_json}, {{actions: false, renderer: "svg"}});</script>
</body>
</html>
"""


def save(
    spec: dict,
    path: Path,
    *,
    title: str,
    summary_rows: list[dict] | None = None,
    table: TableAlternative | None = None,
) -> None:
    """Write the chart in the format the file extension names (.html, .svg, .png, .pdf).

    The HTML page carries the summary and the table too; the other formats carry the
    definition's description (an SVG as its ``aria-label``)."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        page = to_html(spec, title=title, summary_rows=summary_rows, table=table)
        path.write_text(page, encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(to_svg(spec), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(to_png(spec))
    elif suffix == ".pdf":
        path.write_bytes(to_pdf(spec))
    else:
        raise ValueError(f"Charts are written as {', '.join(FORMATS)}, not {suffix or path.name}")
