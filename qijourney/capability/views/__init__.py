"""Capability pages: the dosing plan and coverage, programmes and cohorts, the staff list and
imports, the skills directory and coaching logs, the system view, the capability report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render


def provider_or_404(request):
    """The person's organisation (pages about one organisation's training need one)."""
    provider = request.user.provider
    if provider is None:
        raise Http404("You are not in an organisation")
    return provider


def page(request, template: str, context: dict):
    context.setdefault("nav", "capability")
    return render(request, f"capability/{template}.jinja", context)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
