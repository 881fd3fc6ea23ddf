"""``qijourney purge-deleted``: remove for good what was deleted longer ago than the
retention period, each removal in the audit trail. Run it daily, for example from cron."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qijourney.cli.instance import InstanceError, holds_data, start_django, use_data_folder
from qijourney.domain.constants import RESTORE_DAYS


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "purge-deleted",
        help=f"remove for good what was deleted over {RESTORE_DAYS} days ago (audited)",
        description=(
            "Deleted projects, measures, data points, PDSA cycles, driver diagram boxes and\n"
            f"dosing-plan targets can be restored for {RESTORE_DAYS} days (Recently deleted). "
            "This\nremoves those deleted longer ago, for good, each removal recorded in the "
            "audit\ntrail; their history stays. What an item held goes with it (a project's "
            "measures\nand their points, its cycles and boxes), whenever those were deleted."
        ),
        epilog="example (daily at 02:30, from cron):\n"
        "  30 2 * * * qijourney purge-deleted --data-dir /srv/qijourney",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, help="the instance's data folder")
    parser.set_defaults(run=run)


def run(args) -> int:
    folder = use_data_folder(args.data_dir)
    start_django()
    try:
        if not holds_data():
            raise InstanceError(f"there is no instance in {folder} (no organisation yet)")
    except InstanceError as error:
        print(f"qijourney purge-deleted: {error}", file=sys.stderr)
        return 2
    from qijourney.web.history.services import purge_expired

    removed = purge_expired()
    print(f"Removed {removed} item(s) deleted over {RESTORE_DAYS} days ago", file=sys.stderr)
    return 0
