from __future__ import annotations

from django import forms

from qijourney.reports.build import DOMAIN_ORDER


class PromoteForm(forms.Form):
    domain = forms.CharField(
        max_length=60, label="Domain", help_text=f"{', '.join(DOMAIN_ORDER)}, or your own"
    )
    metric_code = forms.SlugField(
        max_length=60,
        required=False,
        label="Metric code",
        help_text="Give the same metric at other levels the same code "
        "to drill down from the organisation to wards",
    )


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Integrated quality and performance report")
    period_end = forms.DateField(
        required=False,
        label="Data up to",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for the latest data",
    )
