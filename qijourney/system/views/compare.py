"""Providers compared on one indicator (funnel plot, tables, SPC small multiples), one
provider's chart, and the system's integrated report (the matrix); each as HTML and PDF."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from qijourney.organisations.selectors import system_of
from qijourney.pages.downloads import download
from qijourney.reports.system import (
    NOT_SHARED_NOTE,
    comparison_html,
    comparison_pdf,
    matrix_html,
    matrix_pdf,
)
from qijourney.system import comparison as analysis
from qijourney.system import presenters
from qijourney.system.figures import period_words
from qijourney.system.matrix import matrix as build_matrix
from qijourney.system.selectors import catalogue, comparison

RENDERERS = {"pdf": (comparison_pdf, matrix_pdf), "html": (comparison_html, matrix_html)}


def _compared(request, pk: int):
    """The indicator, what is offered, the person's choices and the comparison they make."""
    indicator = comparison.indicator_or_404(request.user, pk)
    everything = comparison.figures(request.user, indicator)
    levels = comparison.levels_offered(everything)
    choices = presenters.choices_from(
        request.GET, [level.slug for level in levels], presenters.periods_offered(indicator)
    )
    frame = everything[everything["level"] == choices.level]
    compared = analysis.compare(
        frame[comparison.COLUMNS],
        indicator,
        period=choices.period,
        sr_method=choices.sr_method,
        limit=choices.limit,
        yours=request.user.provider_id,
    )
    return indicator, levels, choices, compared


def _system_name(request) -> str:
    system = system_of(request.user.provider)
    return system.name if system else ""


def compare_download(request, pk: int, kind: str):
    """The comparison as a PDF or one offline web page, for the same choices."""
    if kind not in RENDERERS:
        raise Http404("No such download")
    indicator, levels, choices, compared = _compared(request, pk)
    level = next((lv.label for lv in levels if lv.slug == choices.level), "")
    report = presenters.comparison_report(
        compared, indicator, system=_system_name(request), level=level
    )
    name = f"{indicator.name} {level} {report.period}"
    return download(RENDERERS[kind][0](report), kind, name)


def _matrix(request):
    return build_matrix(comparison.matrix_figures(request.user), system=_system_name(request))


def matrix(request):
    """The system's integrated report: indicator × provider of SPC icons."""
    figures = comparison.matrix_figures(request.user)
    report = build_matrix(figures, system=_system_name(request))
    return render(
        request,
        "system/matrix.jinja",
        {
            "nav": "system",
            "report": report,
            "indicators": figures.indicators,
            "trusts": figures.trusts,
            "practices": figures.practices,
            "icon": presenters.icon_markup,
            "not_shared_note": NOT_SHARED_NOTE,
        },
    )


def matrix_download(request, kind: str):
    if kind not in RENDERERS:
        raise Http404("No such download")
    report = _matrix(request)
    return download(RENDERERS[kind][1](report), kind, f"{report.title} {report.generated}")


def compare(request, pk: int):
    indicator, levels, choices, compared = _compared(request, pk)
    period = compared.window.label if compared.window else ""
    spc = compared.spc
    return render(
        request,
        "system/compare.jinja",
        {
            "nav": "system",
            "indicator": indicator,
            "levels": levels,
            "level": next((lv for lv in levels if lv.slug == choices.level), None),
            "choices": choices,
            "periods": presenters.periods_offered(indicator),
            "window_sentence": presenters.window_sentence(compared.window, indicator)
            if compared.window
            else "",
            "later_sentence": presenters.later_sentence(compared.window),
            "periods_label": presenters.periods_label(indicator),
            "sr_methods": presenters.SR_METHOD_TEXT,
            "compared": compared,
            "period": period,
            "takes_part": catalogue.takes_part(request.user, indicator),
            "feeds_it": catalogue.feed_of(request.user, indicator) is not None,
            "dispersion": presenters.dispersion_sentences(compared.funnel),
            "outlier_sentence": presenters.outlier_sentence,
            "position": presenters.position,
            "funnel_spec": presenters.funnel_spec(compared.funnel, indicator, period=period)
            if compared.funnel.rows
            else None,
            "spc_spec": presenters.small_multiples_spec(spc.points, spc.summary, indicator)
            if spc.summary is not None and len(spc.summary)
            else None,
            "spc_rows": [] if spc.summary is None else spc.summary.to_dict(orient="records"),
            "icons": presenters.icons,
            "value_label": presenters.value_label(indicator),
        },
    )


def provider(request, pk: int, unit_pk: int):
    """One place's SPC chart, its figures and its place in the funnel of its level."""
    indicator = comparison.indicator_or_404(request.user, pk)
    everything = comparison.figures(request.user, indicator)
    mine = everything[everything["unit"] == unit_pk]
    if mine.empty:
        raise Http404("No figures you may see for that place")
    level = mine["level"].iloc[0]
    choices = presenters.choices_from(request.GET, [level], presenters.periods_offered(indicator))
    compared = analysis.compare(
        everything[everything["level"] == level][comparison.COLUMNS],
        indicator,
        period=choices.period,
        sr_method=choices.sr_method,
        limit=choices.limit,
        yours=request.user.provider_id,
    )
    spc = analysis.spc_of(mine[comparison.COLUMNS], indicator)
    # A running total is not charted; its figures are still listed, without limits.
    points = spc.points
    if points is None and analysis.running_total(indicator):
        points = analysis.plain_points(mine, indicator)
    place = next((row for row in compared.funnel.rows if row.unit == unit_pk), None)
    summary = {} if spc.summary is None else spc.summary.iloc[0].to_dict()
    return render(
        request,
        "system/compare_provider.jinja",
        {
            "nav": "system",
            "indicator": indicator,
            "name": mine["unit_name"].iloc[0],
            "organisation": mine["organisation_name"].iloc[0],
            "level": comparison.LEVELS[[lv.slug for lv in comparison.LEVELS].index(level)],
            "choices": choices,
            "compared": compared,
            "period": compared.window.label if compared.window else "",
            "place": place,
            "outlier_sentence": presenters.outlier_sentence,
            "spc": spc,
            "summary": summary,
            "icons": presenters.icons(summary) if summary else [],
            "spec": presenters.unit_spec(
                spc.points, spc.summary, indicator, mine["unit_name"].iloc[0]
            )
            if spc.points is not None
            else None,
            "points": [] if points is None else points.to_dict(orient="records"),
            "value_label": presenters.value_label(indicator),
            "period_noun": indicator.period_noun.capitalize(),
            "period_words": lambda when: period_words(indicator, when.date()),
        },
    )
