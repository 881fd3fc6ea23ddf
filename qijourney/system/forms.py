"""Forms of the system view: an indicator of the catalogue, mapping a board metric, uploading
figures."""

from __future__ import annotations

import datetime as dt

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


EVERY = ""  # the choice that removes from every place, or every period


class RemoveFiguresForm(forms.Form):
    """Which of a feed's figures to remove: a place's, a period's, or one of each (every
    place and every period: all of them, and the feed stops)."""

    unit = forms.TypedChoiceField(label="Place", coerce=int, empty_value=None, required=False)
    period = forms.TypedChoiceField(
        label="Period",
        coerce=lambda text: dt.date.fromisoformat(text),
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, places: dict[int, str], periods: list[tuple[dt.date, str]], **kw):
        super().__init__(*args, **kw)
        self.fields["unit"].choices = [(EVERY, "Every place"), *places.items()]
        self.fields["period"].choices = [
            (EVERY, "Every period"),
            *[(d.isoformat(), words) for d, words in periods],
        ]
