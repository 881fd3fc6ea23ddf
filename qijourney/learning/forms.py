"""Forms of the learning library; every choice list comes from a selector, cut to the person."""

from __future__ import annotations

import datetime as dt

from django import forms

from qijourney.learning import selectors
from qijourney.learning.models import STORY_FIELDS, Story
from qijourney.organisations.models import Person
from qijourney.organisations.selectors import units_of
from qijourney.pages.edits import VersionedForm
from qijourney.projects.models import PDSACycle, Project


class StoryForm(VersionedForm):
    class Meta:
        model = Story
        fields = STORY_FIELDS
        labels = {"topic": "Topic"}
        help_texts = {
            "topic": "One list for every organisation of the system, so others can find it",
            "tried": "The change ideas you tested and how",
            "did_not_work": "Stopped projects teach too: what got in the way",
        }


def _choices(empty: str, choices) -> list[tuple[str, str]]:
    return [("", empty), *choices]


class LibraryFilter(forms.Form):
    q = forms.CharField(label="Search by words", required=False, max_length=200)
    topic = forms.ChoiceField(label="Topic", required=False)
    priority = forms.ChoiceField(label="Strategic priority", required=False)
    method = forms.ChoiceField(label="Method", required=False)
    outcome = forms.ChoiceField(label="How the project ended", required=False)
    idea_outcome = forms.ChoiceField(label="A change idea's PDSA outcome", required=False)
    organisation = forms.TypedChoiceField(
        label="Organisation", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _choices("Any topic", Story.Topic.choices)
        titles = selectors.priority_titles(person)
        self.fields["priority"].choices = _choices("Any priority", [(t, t) for t in titles])
        self.fields["method"].choices = _choices("Any method", Project.Method.choices)
        finished = [(s.value, s.label) for s in selectors.FINISHED]
        self.fields["outcome"].choices = _choices("Completed or stopped", finished)
        self.fields["idea_outcome"].choices = _choices("Any", PDSACycle.Decision.choices)
        self.fields["organisation"].choices = _choices(
            "Any organisation", [(o.pk, o.name) for o in selectors.organisations(person)]
        )


class PublishForm(forms.Form):
    refresh = forms.BooleanField(
        label="Replace the frozen charts and change ideas with today's",
        required=False,
    )


class AdoptionForm(forms.Form):
    idea = forms.ModelChoiceField(label="Change idea", queryset=None, empty_label=None)
    unit = forms.ModelChoiceField(
        label="Where it was adopted", queryset=None, help_text="Your ward, team or organisation"
    )
    adopted_on = forms.DateField(label="Adopted on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="How it went, what you changed", required=False, widget=forms.Textarea
    )

    def __init__(self, *args, story: Story, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = selectors.adoptable_ideas(story)
        self.fields["unit"].queryset = selectors.adopting_units(person)
        self.fields["unit"].empty_label = "Choose where"
        self.fields["adopted_on"].initial = dt.date.today()


class CopyForm(forms.Form):
    title = forms.CharField(label="Your project's title", max_length=200)
    unit = forms.ModelChoiceField(
        label="Your unit", queryset=None, help_text="The directorate or team where you will work"
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_of(person)
        self.fields["unit"].empty_label = "Choose your unit"
