"""Loading the staff list and completions for the dosing arithmetic (see dosing.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qijourney.capability.models import DosingTarget, Enrolment, StaffMember
from qijourney.domain.dosing import NO_DIRECTORATE, Target, TargetCoverage, compute
from qijourney.organisations.models import Organisation


def staff_frame(provider: Organisation) -> pd.DataFrame:
    units = {
        o["pk"]: o
        for o in Organisation.objects.filter(provider=provider).values(
            "pk", "name", "kind", "parent"
        )
    }

    def chain(unit_id):
        out = []
        while unit_id in units:
            out.append(unit_id)
            unit_id = units[unit_id]["parent"]
        return out

    def directorate(unit_id):
        for pk in chain(unit_id):
            if units[pk]["kind"] == Organisation.Kind.DIRECTORATE:
                return units[pk]["name"]
        return NO_DIRECTORATE

    rows = list(
        StaffMember.objects.filter(provider=provider).values_list(
            "pk", "unit_id", "role_group", "is_manager", "start_date", "end_date"
        )
    )
    frame = pd.DataFrame(
        rows, columns=["id", "unit_id", "role_group", "is_manager", "start", "end"]
    )
    unit_ids = frame["unit_id"].unique().tolist()
    directorates = {u: directorate(u) for u in unit_ids}
    chains = {u: chain(u) for u in unit_ids}
    frame["directorate"] = frame["unit_id"].map(directorates)
    frame["units"] = frame["unit_id"].map(chains)
    frame["start"] = pd.to_datetime(frame["start"]).values.astype("datetime64[D]")
    frame["end"] = pd.to_datetime(frame["end"]).values.astype("datetime64[D]")
    return frame


def completion_frame(provider: Organisation) -> pd.DataFrame:
    rows = Enrolment.objects.filter(
        staff__provider=provider, completed_on__isnull=False
    ).values_list(
        "staff_id", "cohort__programme__ladder_id", "cohort__programme__tier", "completed_on"
    )
    frame = pd.DataFrame(list(rows), columns=["staff_id", "ladder", "tier", "completed"])
    frame["completed"] = pd.to_datetime(frame["completed"]).values.astype("datetime64[D]")
    return frame


def coverage(
    provider: Organisation,
    *,
    as_of: dt.date | None = None,
    months: int = 24,
    staff: pd.DataFrame | None = None,
    completions: pd.DataFrame | None = None,
    targets: list[DosingTarget] | None = None,
) -> list[TargetCoverage]:
    """Every dosing target of ``provider`` (or just ``targets``): coverage now, at each month
    end, and broken down. ``staff`` and ``completions`` save loading the frames again when
    the caller has them."""
    if targets is None:
        targets = list(
            DosingTarget.objects.filter(provider=provider).select_related("programme", "unit")
        )
    return compute(
        [as_target(t) for t in targets],
        staff_frame(provider) if staff is None else staff,
        completion_frame(provider) if completions is None else completions,
        as_of=as_of or dt.date.today(),
        months=months,
    )


def as_target(target: DosingTarget) -> Target:
    """A plan's target as the arithmetic reads it."""
    return Target(
        id=target.pk,
        programme=target.programme.name,
        ladder=target.programme.ladder_id,
        tier=target.programme.tier,
        audience=target.audience,
        basis=target.basis,
        basis_label=target.get_basis_display(),
        percent=float(target.percent),
        role_group=target.role_group,
        managers_only=target.managers_only,
        unit_id=target.unit_id,
    )
