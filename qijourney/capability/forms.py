from __future__ import annotations

import datetime as dt

from django import forms

from qijourney.capability.models import (
    CoachingLog,
    Cohort,
    DosingTarget,
    Evaluation,
    Ladder,
    Programme,
)
from qijourney.capability.selectors import evaluation_of, ladders, visible_programmes
from qijourney.organisations.models import Person
from qijourney.organisations.selectors import people_of, units_of
from qijourney.pages.uploads import LIMIT, UploadField

DATE = forms.DateInput(attrs={"type": "date"})
SCORE_WORDS = {1: " (poor)", 3: " (fair)", 5: " (excellent)"}


class ProgrammeForm(forms.ModelForm):
    """A programme: its ladder is one of the organisation's, or a new one named here."""

    new_ladder = forms.CharField(
        max_length=80,
        required=False,
        label="Or start a new ladder",
        help_text="Its name, e.g. Bronze, silver, gold",
    )

    class Meta:
        model = Programme
        fields = ["name", "ladder", "tier", "audience", "description", "hours", "qualifies_as"]
        help_texts = {"ladder": "The ladder it belongs to: a higher rung counts as the lower ones"}

    field_order = ["name", "ladder", "new_ladder", "tier", "audience", "description", "hours"]

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ladder"].queryset = ladders(person)
        self.fields["ladder"].required = False
        self.fields["ladder"].empty_label = "A new ladder (name it below)"

    def clean(self):
        data = super().clean()
        if data.get("ladder") and data.get("new_ladder"):
            self.add_error("new_ladder", "Choose a ladder or name a new one, not both")
        elif not data.get("ladder") and not data.get("new_ladder"):
            self.add_error("ladder", "Choose the programme's ladder, or name a new one")
        return data


class LadderRenameForm(forms.Form):
    ladder = forms.ModelChoiceField(queryset=Ladder.objects.none(), label="Ladder")
    name = forms.CharField(max_length=80, label="New name")

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ladder"].queryset = ladders(person)


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "starts", "ends", "facilitator", "places"]
        widgets = {"starts": DATE, "ends": DATE}
        help_texts = {"name": "For example: Practitioner, spring 2026"}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = people_of(person)


class EnrolForm(forms.Form):
    staff_numbers = forms.CharField(
        widget=forms.Textarea,
        label="Staff numbers",
        help_text="Paste them from a spreadsheet: one per line, or separated by commas",
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["enrolment", "level", "score", "recorded_on", "comment"]
        widgets = {"recorded_on": DATE}
        labels = {"enrolment": "Trainee", "level": "Kirkpatrick level", "score": "Score (1-5)"}

    def clean(self):
        data = super().clean()
        # A second score for the same trainee and level replaces the first (see
        # services.evaluate): check it as a change to that evaluation, not a duplicate.
        existing = evaluation_of(data.get("enrolment"), data.get("level"))
        if existing is not None:
            self.instance = existing
        return data

    def __init__(self, *args, cohort: Cohort, **kwargs):
        kwargs.setdefault("initial", {"recorded_on": dt.date.today()})
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = cohort.enrolments.filter(withdrawn=False)
        self.fields["enrolment"].label_from_instance = lambda e: str(e.staff)
        self.fields["score"] = forms.TypedChoiceField(
            # No score is chosen for the user: an unnoticed default would record a real score.
            choices=[("", "Choose a score")]
            + [(i, f"{i}{SCORE_WORDS.get(i, '')}") for i in range(1, 6)],
            coerce=int,
            label="Score (1-5)",
        )


class TargetForm(forms.ModelForm):
    class Meta:
        model = DosingTarget
        fields = ["programme", "percent", "basis", "role_group", "managers_only", "unit"]

    def __init__(self, *args, person: Person, role_groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = visible_programmes(person)
        self.fields["unit"].queryset = units_of(person)
        self.fields["role_group"] = forms.ChoiceField(
            choices=[("", "Every role group")] + [(g, g) for g in role_groups],
            required=False,
            label="Role group",
        )


class StaffUploadForm(forms.Form):
    """The file of a staff list (with the leavers choice) or of past training records."""

    HELP = {
        "staff": "Columns: staff_number, name, role_group, unit, start_date; optional: "
        "email, manager (yes/no), end_date. Unit is a directorate or team name or code.",
        "records": "Columns: staff_number, programme, completed_on; optional: cohort. The "
        "programme is the name of one of the organisation's programmes.",
    }

    file = UploadField(label="File (.csv or .xlsx)")
    mark_leavers = forms.BooleanField(
        required=False,
        label="This is the whole staff list: mark anyone not in it as having left today",
    )

    def __init__(self, *args, kind: str = "staff", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{self.HELP[kind]} {LIMIT}."
        if kind != "staff":
            del self.fields["mark_leavers"]


class CoachingLogForm(forms.ModelForm):
    class Meta:
        model = CoachingLog
        fields = ["date", "minutes", "note", "coach"]
        widgets = {"date": DATE}
        help_texts = {"coach": "Leave empty if you are the coach"}

    def __init__(self, *args, person: Person, can_choose_coach: bool, **kwargs):
        kwargs.setdefault("initial", {"date": dt.date.today()})
        super().__init__(*args, **kwargs)
        self.fields["coach"].required = False
        if can_choose_coach:
            self.fields["coach"].queryset = people_of(person)
        else:
            del self.fields["coach"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > dt.date.today():
            raise forms.ValidationError("Log coaching that has happened, not planned sessions")
        return date
