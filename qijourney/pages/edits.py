"""Editing what someone else may be editing: a form carries the version it was opened at, and
a save based on an older version is refused with a page that shows both."""

from __future__ import annotations

from django import forms
from django.shortcuts import render

from qijourney.audit.versions import EditConflict, version_of

__all__ = ["EditConflict", "VersionedForm", "conflict_page"]


class VersionedForm(forms.ModelForm):
    """A model form that remembers which version of its item it showed (a hidden field)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = version_of(self.instance)


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(str(item) for item in items) or "(none)"
    return str(value)


def conflict_page(request, form: forms.ModelForm, conflict: EditConflict, *, heading: str):
    """The page that says the item changed since it was opened: each field the two versions
    differ in, as saved now and as the person entered it, and the choice of saving theirs."""
    stored = conflict.stored
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        now, yours = getattr(stored, name, None), form.cleaned_data[name]
        if hasattr(now, "all"):  # several (a PDSA cycle's measures)
            now = list(now.all())
            yours = list(yours)
        if _shown(now) != _shown(yours):
            rows.append((field.label, _shown(now), _shown(yours)))
    resend = [
        (key, value)
        for key in form.data
        if key not in ("csrfmiddlewaretoken", "version")
        for value in form.data.getlist(key)
    ]
    return render(
        request,
        "web/conflict.jinja",
        {
            "heading": heading,
            "rows": rows,
            "resend": resend,
            "version": version_of(stored),
        },
        status=409,
    )
