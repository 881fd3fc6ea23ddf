"""The one Jinja2 environment factory: our templates first, then the NHS.UK components."""

from __future__ import annotations

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, pass_context

from qijourney.organisations import permissions, selectors
from qijourney.web import presenters


@pass_context
def can(context, permission: str, obj=None) -> bool:
    """``can("change_project", project)`` in a template: may the signed-in person do it?"""
    return permissions.can(context["request"].user, permission, obj)


def refusal(permission: str) -> str:
    """``refusal("change_action")``: what a page says to someone who may not."""
    return permissions.refusal(permission)


def in_a_system(person) -> bool:
    """Whether the person's organisation belongs to (or is) an integrated care system: the
    header's System entry."""
    return bool(getattr(person, "is_authenticated", False)) and (
        selectors.system_of(person.provider) is not None
    )


def environment(**options) -> Environment:
    loader = options.pop("loader", None)
    loaders = [loader] if loader is not None else []
    # The NHS.UK components are imported as "nhsuk/components/button/macro.jinja".
    loaders.append(PackageLoader("nhsuk_frontend_jinja"))
    # ChainableUndefined lets component macros read optional nested parameters.
    options["undefined"] = ChainableUndefined
    env = Environment(loader=ChoiceLoader(loaders), **options)
    env.globals.update(
        static=static,
        url=lambda name, *args, **kwargs: reverse(name, args=args or None, kwargs=kwargs or None),
        get_messages=messages.get_messages,
        can=can,
        refusal=refusal,
        system_level=permissions.is_system_level,
        in_a_system=in_a_system,
    )
    env.filters.update(presenters.FILTERS)
    return env
