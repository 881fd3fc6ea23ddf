from __future__ import annotations

from django import forms

from qijourney.measures.forms import BOARD_FIELDS, MEASURE_FIELDS
from qijourney.measures.models import Measure
from qijourney.organisations.models import Person
from qijourney.organisations.selectors import people_of, places_of
from qijourney.reports.build import DOMAIN_ORDER


class BoardMetricForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [*MEASURE_FIELDS, *BOARD_FIELDS]
        labels = {"chart_type": "Chart", "direction": "Improvement direction"}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_unit"].queryset = places_of(person)
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


LAST = 999  # a ticked metric with no order given goes after the numbered ones


def picked_metrics(data, metrics: list[Measure]) -> list[Measure]:
    """The metrics ticked on the report form (``metric_<id>``), in the order typed beside them
    (``order_<id>``; unnumbered ones last), equal orders by name."""
    picked = []
    for metric in metrics:
        if data.get(f"metric_{metric.pk}"):
            try:
                order = int(data.get(f"order_{metric.pk}") or LAST)
            except ValueError:
                order = LAST
            picked.append((order, metric.name, metric))
    return [m for _, _, m in sorted(picked, key=lambda t: (t[0], t[1]))]
