"""``qijourney demo``: the platform with a synthetic integrated care system, on this machine."""

from __future__ import annotations

import secrets
import sys
import threading
import webbrowser
from pathlib import Path

from qijourney.cli.backup_command import DATABASE_FILE, DATABASE_FILES
from qijourney.cli.instance import (
    DEMO_SIGN_IN,
    InstanceError,
    bring_up_to_date,
    holds_data,
    holds_demo,
    start_django,
    use_data_folder,
    waitress_options,
)
from qijourney.domain.files import write_private


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the improvement platform with a synthetic integrated care system",
        description="Set up a data folder (migrating its database), load a synthetic "
        "integrated care system the first time, and serve the platform on 127.0.0.1. "
        "Sign-in details are printed and kept in the data folder.",
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.add_argument(
        "--data-dir", type=Path, help="where the database lives (default: your user data folder)"
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="start again: delete the demo database in the data folder and load a fresh one "
        "(refused for a folder that holds a real instance)",
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="prepare the data folder and demo data, then stop without serving",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        folder = use_data_folder(args.data_dir)
        if args.reset:
            reset(folder)
        start_django()
        print(f"Data folder: {folder}", file=sys.stderr)
        if holds_data() and not holds_demo(folder):
            raise InstanceError(
                f"the database of {folder} holds an instance's real data, not the demo's: the "
                "demo never loads into it. Run the demo in its own folder: "
                "qijourney demo --data-dir DIR"
            )
        print(bring_up_to_date(folder, backup_first=False), file=sys.stderr)
        sign_in = load_demo_once(folder)
    except InstanceError as error:
        print(f"qijourney demo: {error}", file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{args.port}/"
    print(f"\nqijourney demo: {url}\n\n{sign_in}", file=sys.stderr)
    if args.setup_only:
        return 0
    from waitress import serve

    from qijourney.config.wsgi import application

    if not args.no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    print("Press Ctrl+C to stop.", file=sys.stderr)
    serve(application, host="127.0.0.1", port=args.port, **waitress_options(threads=8))
    return 0


def reset(folder: Path) -> None:
    """Delete the demo's database, only when the folder holds the demo (or nothing yet)."""
    database = folder / DATABASE_FILE
    if database.exists() and not holds_demo(folder):
        raise InstanceError(
            f"{folder} holds a database that is not the demo's: --reset never deletes it. "
            "Run the demo in its own folder: qijourney demo --data-dir DIR"
        )
    # The write-ahead log and its index go with the database they belong to.
    for name in (*DATABASE_FILES, DEMO_SIGN_IN):
        (folder / name).unlink(missing_ok=True)


def load_demo_once(folder: Path) -> str:
    """Build the synthetic system on first run; afterwards just read its sign-in details."""
    from qijourney.demo import synthetic
    from qijourney.organisations.models import Organisation

    details = folder / DEMO_SIGN_IN
    if holds_demo(folder) and Organisation.objects.exists():
        return details.read_text()
    print("Loading the synthetic integrated care system (first run only)...", file=sys.stderr)
    password = secrets.token_urlsafe(12)
    accounts = synthetic.build(password)
    lines = ["Sign in with any of these (all demo accounts share one password):"]
    lines += [f"  {role:<28} {email}" for role, email in accounts.emails.items()]
    lines += [
        f"\n  Password: {password}",
        "",
        "The central QI team accounts can also open the admin area.",
    ]
    text = "\n".join(lines) + "\n"
    write_private(details, text)
    return text
