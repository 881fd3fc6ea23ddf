"""Display formatting shared by every page (Jinja filters), tested without a database."""

from __future__ import annotations

from qijourney.formatting import date, exact, number, percent, score


def icon(name: str | None):
    """An SPC icon as inline SVG with its text, for templates ("" when there is none)."""
    from markupsafe import Markup, escape

    from qijourney.charts.icons import icon_svg, icon_text

    if not name:
        return ""
    return Markup(
        f'<span class="qi-icon">{icon_svg(str(name))}'
        f"<span>{escape(icon_text(str(name)))}</span></span>"
    )


FILTERS = {
    "date": date,
    "score": score,
    "number": number,
    "exact": exact,
    "icon": icon,
    "percent": percent,
}


def csrf_once(request) -> dict:
    """A context processor: the CSRF field rendered once per page, not once per form.

    Django's lazy ``csrf_input`` masks the token anew each time it is printed, which costs
    a random draw per character: a table with a form on every row paid it hundreds of times.
    """
    from django.middleware.csrf import get_token
    from markupsafe import Markup, escape

    token = get_token(request)
    field = Markup(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">')
    return {"csrf_input": field, "csrf_token": token}
