"""Writes to projects: each in one transaction, with its audit record written inside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.history import snapshot_fields as history_snapshot
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import (
    latest_event,
    link_rest,
    live,
    record,
    restore_version,
    soft_delete,
    undelete,
    update_and_record,
)
from qijourney.audit.versions import EditConflict, version_of
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import (
    Permission,
    require,
    require_references_within,
    require_same_organisation,
)
from qijourney.projects.models import (
    DriverNode,
    PDSACycle,
    ProgressScore,
    Project,
    TeamMember,
)


@transaction.atomic
def create_project(*, actor: Person, fields: dict) -> Project:
    project = Project(**fields)
    require(actor, Permission.START_PROJECT, project.unit)
    require_references_within(project.unit, fields)
    project.provider_id = project.unit.provider_id
    project.progress_updated = dt.date.today()
    save_new_project(project, actor=actor, note="Project started")
    event = record(
        actor=actor, action=AuditEvent.Action.CREATE, subject=project, provider=project.provider
    )
    link_rest(event=event, actor=actor)  # the lead's place on the team
    return project


def save_new_project(project: Project, *, actor: Person, note: str) -> None:
    """Save a new project (checked first) with its first progress score and its lead on the
    team: the steps every way of starting one shares, inside the caller's write."""
    project.full_clean()
    project.save()
    ProgressScore.objects.create(
        project=project,
        score=project.progress_score,
        date=project.progress_updated,
        set_by=actor,
        note=note,
    )
    if project.lead_id:
        TeamMember.objects.get_or_create(
            project=project, person_id=project.lead_id, defaults={"role": TeamMember.Role.LEAD}
        )


@transaction.atomic
def update_project(*, actor: Person, project: Project, fields: dict, version: str = "") -> Project:
    """Change a project; with ``version`` (what the person read), refused with EditConflict
    when someone saved it since."""
    # As stored: a bound model form has already written the new lead, sponsor and coach
    # into the caller's copy, and the permission and the old lead are the stored ones.
    project = live(project)
    require(actor, Permission.CHANGE_PROJECT, project)
    # Everything it names belongs where the project will be: its new unit's organisation
    # (only a superuser may move it to another organisation's unit).
    if "unit" in fields:
        require(actor, Permission.START_PROJECT, fields["unit"])
    require_references_within(fields.get("unit", project), fields)
    if "unit" in fields:  # the organisation follows the unit, as at creation
        fields = {**fields, "provider": fields["unit"].provider}
    old_lead = project.lead_id
    changed = update_and_record(
        actor=actor, instance=project, fields=fields, provider=project.provider, version=version
    )
    _lead_on_the_team(project, old_lead)
    # The team's versions are part of the project's change (none without one: no new lead).
    link_rest(event=latest_event(project) if changed else None, actor=actor)
    return project


def _lead_on_the_team(project: Project, old_lead: int | None) -> None:
    """One lead at a time: a new lead is on the team as its lead, the one before stays on
    it as a member."""
    if project.lead_id != old_lead and old_lead is not None:
        for member in TeamMember.objects.filter(
            project=project, person_id=old_lead, role=TeamMember.Role.LEAD
        ):
            member.role = TeamMember.Role.MEMBER
            member.save()
    if project.lead_id:
        member, _ = TeamMember.objects.get_or_create(
            project=project, person_id=project.lead_id, defaults={"role": TeamMember.Role.LEAD}
        )
        if member.role != TeamMember.Role.LEAD:
            member.role = TeamMember.Role.LEAD
            member.save()


@transaction.atomic
def set_progress_score(
    *, actor: Person, project: Project, score: Decimal, note: str = "", date: dt.date | None = None
) -> ProgressScore:
    require(actor, Permission.CHANGE_PROJECT, project)
    when = date or dt.date.today()
    entry = ProgressScore.objects.create(
        project=project, score=score, date=when, note=note, set_by=actor
    )
    before = project.progress_score
    # A score set for an earlier date joins the history; the current score stays the latest.
    if project.progress_updated is None or when >= project.progress_updated:
        project.progress_score = score
        project.progress_updated = when
        project.save(update_fields=["progress_score", "progress_updated", "updated"])
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=project,
        provider=project.provider,
        changes={"progress_score": [str(before), str(score)]},
    )
    return entry


@transaction.atomic
def add_team_member(*, actor: Person, project: Project, person: Person, role: str) -> TeamMember:
    require(actor, Permission.CHANGE_PROJECT, project)
    require_same_organisation(project, person)
    member, created = TeamMember.objects.update_or_create(
        project=project, person=person, defaults={"role": role}
    )
    # The member's own version: who, in what role, before and after.
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        subject=member,
        provider=project.provider,
        label=f"{member} on {project}",
    )
    return member


@transaction.atomic
def remove_team_member(*, actor: Person, member: TeamMember) -> None:
    require(actor, Permission.CHANGE_PROJECT, member.project)
    project = member.project
    label = f"{member} on {project}"
    gone = {"person": [str(member.person_id), None], "role": [member.role, None]}
    pk = member.pk
    member.delete()
    member.pk = pk  # its last version (the deletion) is linked to the event
    record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        subject=member,
        provider=project.provider,
        label=label,
        changes=gone,
    )


@transaction.atomic
def add_driver_node(
    *, actor: Person, project: Project, level: int, text: str, parents=()
) -> DriverNode:
    require(actor, Permission.CHANGE_PROJECT, project)
    parents = list(parents)
    if level > 0 and not parents:
        raise ValidationError("Link it to at least one box in the column before")
    if any(p.project_id != project.pk or p.level != level - 1 for p in parents):
        raise ValidationError("A box links only to boxes in the column before, on this project")
    node = DriverNode.objects.create(
        project=project,
        level=level,
        text=text,
        order=project.driver_nodes.filter(level=level).count(),
    )
    node.parents.set(parents)
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=node, provider=project.provider)
    return node


@transaction.atomic
def update_driver_node(*, actor: Person, node: DriverNode, text: str, parents=()) -> DriverNode:
    require(actor, Permission.CHANGE_PROJECT, node.project)
    parents = list(parents)
    if any(p.project_id != node.project_id or p.level != node.level - 1 for p in parents):
        raise ValidationError("A box links only to boxes in the column before, on this project")
    node.text = text
    node.save(update_fields=["text"])
    if node.level > 0 and parents:
        node.parents.set(parents)
    record(
        actor=actor, action=AuditEvent.Action.UPDATE, subject=node, provider=node.project.provider
    )
    return node


@transaction.atomic
def save_pdsa(
    *,
    actor: Person,
    project: Project,
    fields: dict,
    measures=(),
    cycle: PDSACycle | None = None,
    version: str = "",
) -> PDSACycle:
    if cycle is not None and cycle.project_id != project.pk:
        raise ValidationError("A PDSA cycle stays with its own project")
    require(actor, Permission.CHANGE_PROJECT, project)
    live(project)  # not one deleted since the request read it
    require_references_within(project, {**fields, "measures": list(measures)})
    creating = cycle is None
    # As stored (a bound form has already written into the caller's copy), for the audit.
    cycle = PDSACycle(project=project) if creating else live(cycle)
    if version and not creating and version_of(cycle) != version:
        raise EditConflict(cycle)
    for name, value in fields.items():
        setattr(cycle, name, value)
    if cycle.change_idea_id and cycle.change_idea.project_id != project.pk:
        raise ValidationError("The change idea must belong to this project")
    cycle.full_clean()
    cycle.save()
    cycle.measures.set([m for m in measures if m.project_id == project.pk])
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        subject=cycle,
        provider=project.provider,
    )
    return cycle


# Undo: deleting, restoring a deleted item, restoring a version. The rule is the one for
# changing the project the item belongs to.


def _project_of(item) -> Project:
    return item if isinstance(item, Project) else Project.all_objects.get(pk=item.project_id)


@transaction.atomic
def delete_item(*, actor: Person, item: Project | PDSACycle | DriverNode) -> None:
    """Delete a project (its measures, boxes and cycles go with it), a cycle or a box."""
    project = _project_of(item)
    require(actor, Permission.CHANGE_PROJECT, project)
    soft_delete(actor=actor, instance=item, provider=project.provider)


@transaction.atomic
def restore_item(*, actor: Person, item: Project | PDSACycle | DriverNode) -> None:
    project = _project_of(item)
    require(actor, Permission.CHANGE_PROJECT, project)
    undelete(actor=actor, instance=item, provider=project.provider)


@transaction.atomic
def restore_item_version(
    *, actor: Person, item: Project | PDSACycle | DriverNode, row, version: str = ""
) -> dict:
    """Write one of the item's versions back (a new version); refused with EditConflict when
    the item changed after the person saw it."""
    project = _project_of(item)
    require(actor, Permission.CHANGE_PROJECT, project)
    fields = history_snapshot(row)
    if not isinstance(item, Project):
        # What a version names must still be this project's (a box's links, a change idea).
        if fields.get("project_id", project.pk) != project.pk:
            raise ValidationError("That version belongs to another project")
        return restore_version(
            actor=actor, instance=item, row=row, provider=project.provider, version=version
        )
    # The people, unit and priority it names must still be of the project's organisation
    # (a version from before a move to another organisation is not put back).
    named = {}
    for field in ("unit", "lead", "sponsor", "coach", "priority"):
        model = Project._meta.get_field(field).related_model
        pk = fields.get(f"{field}_id")
        if pk is not None:
            named[field] = model._default_manager.filter(pk=pk).first()
            if named[field] is None:
                raise ValidationError(f"The {field} of that version is no longer here")
    require_references_within(project, named)
    if named.get("unit") is not None and named["unit"].provider_id != project.provider_id:
        raise ValidationError("That version's unit is in another organisation")
    old_lead = project.lead_id
    changes = restore_version(
        actor=actor,
        instance=project,
        row=row,
        provider=project.provider,
        version=version,
        # The progress score has its own record (each score with its date and note).
        keep=("progress_score", "progress_updated"),
    )
    _lead_on_the_team(project, old_lead)
    link_rest(event=latest_event(project), actor=actor)
    return changes
