from __future__ import annotations

from django import forms

from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure
from qijourney.organisations.models import Person
from qijourney.organisations.selectors import people_of
from qijourney.pages.edits import VersionedForm
from qijourney.pages.uploads import LIMIT, UploadField

MEASURE_FIELDS = [
    "name",
    "kind",
    "operational_definition",
    "numerator_definition",
    "denominator_definition",
    "data_source",
    "frequency",
    "owner",
    "direction",
    "target",
    "chart_type",
    "multiplier",
    "unit",
]


# What a board metric adds to a measure: where it is measured, its domain, its drill-down code.
BOARD_FIELDS = ["domain", "reporting_unit", "metric_code"]


class MeasureForm(VersionedForm):
    class Meta:
        model = Measure
        fields = MEASURE_FIELDS
        labels = {
            "kind": "Type of measure",
            "chart_type": "Chart",
            "direction": "Improvement direction",
        }

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(person)


class PointForm(forms.ModelForm):
    class Meta:
        model = DataPoint
        fields = ["date", *POINT_FIELDS]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        labels = {"annotation": "Note shown on the chart"}

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure.uses_ratio:
            del self.fields["value"]
            self.fields["numerator"].required = True
            self.fields["denominator"].required = True
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
            # A blank value on the form is a mistake, not a gap (gaps come in uploads).
            self.fields["value"].required = True
            self.fields["value"].error_messages["required"] = "Give the value"

    def clean(self):
        data = super().clean()
        num, den = data.get("numerator"), data.get("denominator")
        if den is not None and den < 0:
            self.add_error("denominator", "The denominator cannot be negative")
        if num is not None and num < 0:
            self.add_error("numerator", "The numerator cannot be negative")
        value = data.get("value")
        if self.measure.chart_type == "t" and value is not None and value <= 0:
            self.add_error("value", "A time between events must be more than zero")
        if self.measure.is_proportion and num is not None and den is not None and num > den:
            self.add_error("numerator", "The numerator cannot be more than the denominator")
        return data

    def validate_unique(self):
        """A second point on a date replaces the first (see services.save_point)."""


class TargetForm(forms.Form):
    start_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.FloatField(label="Target")


class UploadForm(forms.Form):
    file = UploadField(
        help_text="First row: date, value (or numerator, denominator); "
        f"optional annotation, recalculate, ghost, baseline. {LIMIT}.",
    )
