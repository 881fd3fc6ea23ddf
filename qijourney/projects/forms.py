"""Forms for projects; every choice list is cut to the person's own organisation."""

from __future__ import annotations

from django import forms

from qijourney.domain.constants import STALLED_PERIOD, STALLED_SCORE
from qijourney.organisations.models import Organisation, Person, StrategicPriority
from qijourney.organisations.selectors import (
    directorates_of,
    people_of,
    priorities_of,
    units_of,
)
from qijourney.pages.edits import VersionedForm
from qijourney.projects.models import DriverNode, PDSACycle, Project, TeamMember

PROJECT_FIELDS = [
    "title",
    "unit",
    "priority",
    "method",
    "phase",
    "status",
    "problem",
    "aim_what",
    "aim_how_much",
    "aim_by_when",
    "aim_for_whom",
    "how_will_we_know",
    "changes_to_try",
    "lead",
    "sponsor",
    "coach",
    "start_date",
    "end_date",
]


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "aim_by_when": forms.DateInput(attrs={"type": "date"}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_of(person)
        self.fields["priority"].queryset = priorities_of(person)
        self.fields["priority"].empty_label = "Not linked to a priority"
        self.fields["priority"].label = "Strategic priority"
        for name in ("lead", "sponsor", "coach"):
            self.fields[name].queryset = people_of(person)


class ProgressForm(forms.Form):
    score = forms.TypedChoiceField(label="Progress score", coerce=str)
    note = forms.CharField(label="What has changed?", widget=forms.Textarea, required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [
            (str(level.score), f"{level.score} – {level.label}") for level in levels
        ]


class TeamMemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person")
    role = forms.ChoiceField(choices=TeamMember.Role.choices, label="Role on the team")

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(person)


class PortfolioFilter(forms.Form):
    q = forms.CharField(label="Search projects", required=False)
    priority = forms.ModelChoiceField(
        queryset=StrategicPriority.objects.none(), required=False, empty_label="Any priority"
    )
    directorate = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="Any directorate"
    )
    phase = forms.ChoiceField(choices=[("", "Any phase"), *Project.Phase.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Project.Status.choices], required=False
    )
    method = forms.ChoiceField(
        choices=[("", "Any method"), *Project.Method.choices], required=False
    )
    score = forms.ChoiceField(required=False, label="Progress score")
    patients = forms.ChoiceField(
        choices=[
            ("", "Either"),
            ("yes", "With patient partners"),
            ("no", "Without patient partners"),
        ],
        required=False,
        label="Patient involvement",
    )
    aligned = forms.ChoiceField(
        choices=[("", "Either"), ("yes", "Linked to a priority"), ("no", "Not linked")],
        required=False,
        label="Strategic alignment",
    )
    stalled = forms.BooleanField(
        required=False,
        label=f"Only stalled projects (no score above {STALLED_SCORE} for {STALLED_PERIOD})",
    )

    def __init__(self, *args, person: Person, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities_of(person)
        self.fields["directorate"].queryset = directorates_of(person)
        self.fields["score"].choices = [("", "Any score")] + [
            (str(level.score), f"{level.score} – {level.label}") for level in levels
        ]


class DriverNodeForm(forms.Form):
    level = forms.TypedChoiceField(choices=DriverNode.Level.choices, coerce=int, label="Column")
    text = forms.CharField(max_length=300, label="Text")
    parents = forms.ModelMultipleChoiceField(
        queryset=DriverNode.objects.none(),
        required=False,
        label="Links to",
        help_text="The boxes in the column before that this one serves (tick all that apply)",
    )

    def __init__(self, *args, project: Project, node: DriverNode | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents"].queryset = project.driver_nodes.exclude(
            level=DriverNode.Level.CHANGE_IDEA
        )
        if node is not None:  # a box keeps its column; remove and re-add it to move it
            self.fields["level"].disabled = True
            self.fields["parents"].queryset = project.driver_nodes.filter(level=node.level - 1)
        self.fields["parents"].label_from_instance = lambda node: (
            f"{node.get_level_display()}: {node.text}"
        )


PDSA_FIELDS = [
    "ramp",
    "number",
    "title",
    "change_idea",
    "purpose",
    "change_tested",
    "questions",
    "predictions",
    "plan_who_what_where_when",
    "data_collection_plan",
    "what_happened",
    "observations",
    "problems",
    "results_vs_predictions",
    "learning",
    "decision",
    "next_cycle",
    "start_date",
    "end_date",
]


class PDSAForm(VersionedForm):
    class Meta:
        model = PDSACycle
        fields = [*PDSA_FIELDS, "measures"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"measures": "Measures this cycle should move"}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = project.driver_nodes.filter(
            level=DriverNode.Level.CHANGE_IDEA
        )
        self.fields["change_idea"].empty_label = "Not linked to a change idea"
        self.fields["measures"].queryset = project.measures.all()
        self.fields["measures"].required = False
