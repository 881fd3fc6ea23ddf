"""Entry point of the ``qijourney`` command: one subcommand per job."""

from __future__ import annotations

import argparse
import sys

from qijourney import __version__
from qijourney.cli import (
    backup_command,
    demo_command,
    example_command,
    funnel_command,
    purge_command,
    report_command,
    serve_command,
    spc_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qijourney",
        description="Open software for organisation-wide quality improvement: exact Making Data "
        "Count SPC for thousands of series, funnel plots, charts and board reports.",
        epilog="Run 'qijourney COMMAND --help' for a command's options and worked examples.",
    )
    parser.add_argument("--version", action="version", version=f"qijourney {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    spc_command.add_parser(subparsers)
    funnel_command.add_parser(subparsers)
    report_command.add_parser(subparsers)
    example_command.add_parser(subparsers)
    demo_command.add_parser(subparsers)
    serve_command.add_parser(subparsers)
    backup_command.add_parsers(subparsers)
    purge_command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
