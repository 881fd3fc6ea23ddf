"""Every change to training records, the staff list, the dosing plan and coaching logs: the
permission asked, the change made and its audit entry written, in one transaction. Pages and
the API both come through here; callers use ``services.<function>``."""

from qijourney.capability.services.plan import (
    delete_target,
    log_coaching,
    save_target,
    set_sharing,
)
from qijourney.capability.services.staff import import_records, import_staff
from qijourney.capability.services.training import (
    change_place,
    enrol,
    enrol_one,
    evaluate,
    install_example,
    new_ladder,
    rename_ladder,
    save_cohort,
    save_programme,
    set_outcome,
    split_staff_numbers,
    trained_organisation,
    unique_slug,
)

__all__ = [
    "change_place",
    "delete_target",
    "enrol",
    "enrol_one",
    "evaluate",
    "import_records",
    "import_staff",
    "install_example",
    "log_coaching",
    "new_ladder",
    "rename_ladder",
    "save_cohort",
    "save_programme",
    "save_target",
    "set_outcome",
    "set_sharing",
    "split_staff_numbers",
    "trained_organisation",
    "unique_slug",
]
