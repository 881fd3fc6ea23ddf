"""Forms of the system view: an indicator of the catalogue, mapping a board metric, uploading
figures."""

from __future__ import annotations

from django import forms

from qijourney.pages.edits import VersionedForm
from qijourney.pages.uploads import LIMIT, UploadField
from qijourney.system.models import Indicator
from qijourney.system.services.catalogue import INDICATOR_FIELDS


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        labels = {
            "data_type": "Type of data",
            "direction": "Which way is better",
            "numerator_definition": "Numerator",
            "denominator_definition": "Denominator",
            "multiplier": "Multiplier",
            "unit": "Unit shown",
        }


class MapForm(forms.Form):
    measure = forms.ModelChoiceField(
        queryset=None,
        label="Board metric",
        help_text="Its points' numerators and denominators feed the indicator, as they change",
    )

    def __init__(self, *args, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = metrics


class FiguresUploadForm(forms.Form):
    file = UploadField(
        help_text=f"{LIMIT}. Columns: unit (ODS code or exact name), period (a month, such as "
        "2025-04), numerator, denominator."
    )
