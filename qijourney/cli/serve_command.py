"""``qijourney serve``: a real instance of the platform, for an organisation's own data.

The first start sets the instance up (its first organisation and first central QI team
account); every start brings the database up to date in place, backing it up first when an
upgrade changes it. The demo's synthetic data is kept apart: each refuses the other's folder.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import textwrap
from pathlib import Path

from qijourney.cli.instance import (
    InstanceError,
    holds_data,
    holds_demo,
    start_django,
    up_to_date,
    upgrade_lock,
    use_data_folder,
    waitress_options,
)

SETUP_FIELDS = {
    "organisation": "Your organisation's name (e.g. Northtown Hospitals NHS Trust)",
    "email": "Email of the first central QI team account",
    "full_name": "That person's full name",
}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the platform for your organisation's own data (set up on first start)",
        description=textwrap.dedent("""\
            Serve a real instance of the platform from its data folder.

            The first start sets it up: your organisation (optionally under its integrated
            care system) and the first central QI team account, who signs in and adds
            everyone else in the admin area (/admin/). The details are asked for in the
            terminal, or given as options (the password with --password-stdin) for an
            unattended install.

            Every start brings the database up to date in place; when an upgrade changes a
            database that has data, a backup is written to the data folder's backups/ first.
            The demo's folder is refused: a real instance keeps its own."""),
        epilog="examples:\n"
        "  qijourney serve --data-dir /srv/qijourney\n"
        '  echo "$PASSWORD" | qijourney serve --data-dir /srv/qijourney --setup-only \\\n'
        '      --organisation "Northtown Hospitals NHS Trust" --ods-code RXX \\\n'
        '      --system "Northtown ICS" --email qi.team@example.nhs.uk \\\n'
        '      --full-name "Sam Patel" --password-stdin\n'
        "  qijourney serve --data-dir /srv/qijourney --host 0.0.0.0 \\\n"
        "      --allowed-host qi.trust.nhs.uk\n\n"
        "Behind HTTPS with settings from the environment, set\n"
        "DJANGO_SETTINGS_MODULE=qijourney.config.settings.production (see the README).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the instance keeps its data (default: your user "
        "data folder; give each instance its own)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name people use to reach the server (repeatable); localhost always works",
    )
    parser.add_argument(
        "--threads", type=int, default=8, help="requests served at once (default 8)"
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="set up and bring the database up to date, then stop without serving",
    )
    parser.add_argument(
        "--no-upgrade-backup",
        action="store_true",
        help="upgrade without the automatic backup (only when you have just taken your own)",
    )
    setup = parser.add_argument_group("first start (ignored once the instance is set up)")
    setup.add_argument("--organisation", metavar="NAME", help="your organisation's name")
    setup.add_argument("--ods-code", default="", metavar="CODE", help="its ODS code (optional)")
    setup.add_argument(
        "--system", default="", metavar="NAME", help="its integrated care system (optional)"
    )
    setup.add_argument("--email", help="the first central QI team account's email")
    setup.add_argument("--full-name", metavar="NAME", help="that person's full name")
    setup.add_argument(
        "--password-stdin", action="store_true", help="read that account's password from stdin"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        url = prepare(args)
    except InstanceError as error:
        print(f"qijourney serve: {error}", file=sys.stderr)
        return 2
    if args.setup_only:
        return 0
    from waitress import serve

    from qijourney.config.wsgi import application

    print(f"\nqijourney: {url}\nPress Ctrl+C to stop.", file=sys.stderr)
    serve(application, host=args.host, port=args.port, **waitress_options(threads=args.threads))
    return 0


def prepare(args) -> str:
    """Open the data folder, bring it up to date and set it up if new; the address to visit."""
    folder = use_data_folder(args.data_dir)
    if holds_demo(folder):
        raise InstanceError(
            f"{folder} holds the demo's synthetic data. Give the real instance its own folder: "
            "qijourney serve --data-dir DIR"
        )
    if args.allowed_host:
        os.environ["QIJOURNEY_ALLOWED_HOSTS"] = ",".join(args.allowed_host)
    start_django()
    print(f"Data folder: {folder}", file=sys.stderr)
    # One start at a time upgrades and sets up: a second waits, then finds it done.
    with upgrade_lock(folder):
        print(up_to_date(folder, backup_first=not args.no_upgrade_backup), file=sys.stderr)
        given = [f"--{name.replace('_', '-')}" for name in SETUP_FIELDS if getattr(args, name)]
        if holds_data():
            if given or args.password_stdin:
                print(
                    "This instance is set up already, so these first-start options were not "
                    "used: " + ", ".join(given or ["--password-stdin"]),
                    file=sys.stderr,
                )
        else:
            person = set_up(args)
            print(
                f"Set up {person.provider}. {person.full_name} signs in as {person.email} and "
                "adds everyone else in the admin area (/admin/).",
                file=sys.stderr,
            )
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    return f"http://{host}:{args.port}/"


def set_up(args):
    """The first organisation and account, from the options or asked for in the terminal."""
    from django.core.exceptions import ValidationError

    from qijourney.organisations.services import set_up_instance

    asking = sys.stdin.isatty() and not args.password_stdin
    answers = {name: (getattr(args, name) or "").strip() for name in SETUP_FIELDS}
    missing = [name for name, value in answers.items() if not value]
    if missing and not asking:
        options = ", ".join(f"--{name.replace('_', '-')}" for name in missing)
        raise InstanceError(
            f"this instance is new and needs setting up: give {options} (and the password "
            "with --password-stdin), or run it in a terminal to be asked"
        )
    if asking:
        print("This instance is new: set it up.", file=sys.stderr)
        for name in missing:
            answers[name] = _ask(SETUP_FIELDS[name])
    password = _password(args, asking)
    try:
        return set_up_instance(
            organisation_name=answers["organisation"],
            ods_code=args.ods_code.strip(),
            system_name=args.system.strip(),
            email=answers["email"],
            full_name=answers["full_name"],
            password=password,
        )
    except ValidationError as error:
        raise InstanceError("nothing was set up: " + " ".join(_messages(error))) from error


def _ask(prompt: str) -> str:
    while True:
        answer = input(f"{prompt}: ").strip()
        if answer:
            return answer
        print("  This is needed.", file=sys.stderr)


def _password(args, asking: bool) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InstanceError("--password-stdin read no password")
        return password
    if not asking:
        raise InstanceError("give the first account's password with --password-stdin")
    while True:
        password = getpass.getpass("Password for that account: ")
        if password and password == getpass.getpass("The same password again: "):
            return password
        print("  The two passwords differ (or are empty); try again.", file=sys.stderr)


def _messages(error) -> list[str]:
    """Each problem after the option (or answer) it is about."""
    if not hasattr(error, "message_dict"):
        return list(error.messages)
    named = {"email": "--email", "full_name": "--full-name", "password": "the password"}
    return [
        f"{named.get(field, field)}: {' '.join(texts)}"
        for field, texts in error.message_dict.items()
    ]
