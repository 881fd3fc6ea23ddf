from __future__ import annotations

from django import forms

from qijourney.assessment.models import Action, Framework
from qijourney.assessment.selectors import frameworks_for
from qijourney.organisations.models import Person
from qijourney.organisations.selectors import people_of


class RoundForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.none())
    name = forms.CharField(max_length=120, help_text="For example: Spring 2026")
    opened = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Opens")

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks_for(person)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["domain", "text", "owner", "due", "status"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}
        labels = {"text": "Action"}

    def __init__(self, *args, assessment, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = assessment.framework.domains.all()
        self.fields["owner"].queryset = people_of(person)


def answers_posted(data) -> dict[int, int]:
    """``{statement id: rank}`` from the round form's ``statement_<id>`` fields.

    >>> answers_posted({"statement_4": "2", "statement_x": "3", "statement_5": "", "other": "1"})
    {4: 2}
    """
    answers = {}
    for key, value in data.items():
        number = key.removeprefix("statement_")
        if key.startswith("statement_") and number.isdigit() and value.isdigit():
            answers[int(number)] = int(value)
    return answers
