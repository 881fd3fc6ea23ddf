from __future__ import annotations

from django import forms

from qijourney.measures.forms import BOARD_FIELDS, MEASURE_FIELDS
from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.scoping import people_of, scoped
from qijourney.reports.build import DOMAIN_ORDER


class BoardMetricForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [*MEASURE_FIELDS, *BOARD_FIELDS]
        labels = {"chart_type": "Chart", "direction": "Improvement direction"}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_unit"].queryset = scoped(
            Organisation.objects.exclude(kind=Organisation.Kind.SYSTEM), person
        )
        self.fields["reporting_unit"].required = True
        self.fields["owner"].queryset = people_of(person)
        self.fields["domain"].required = True


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
