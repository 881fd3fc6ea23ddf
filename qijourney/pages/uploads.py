"""The file field every import page uses: the size limit is checked before the file is read,
and shown as the form's own error message (never a server error)."""

from __future__ import annotations

from django import forms

from qijourney.domain.constants import MAX_UPLOAD_BYTES
from qijourney.domain.errors import TableError
from qijourney.domain.upload_checks import check_size, megabytes

LIMIT = f"CSV (comma, semicolon or tab separated) or .xlsx, at most {megabytes(MAX_UPLOAD_BYTES)}"


class UploadField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "CSV or Excel file")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is not None:
            try:
                check_size(upload.name, upload.size)
            except TableError as error:
                raise forms.ValidationError(str(error)) from None
        return upload
