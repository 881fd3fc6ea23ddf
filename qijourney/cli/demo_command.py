"""``qijourney demo``: the platform with a synthetic integrated care system, on this machine."""

from __future__ import annotations

import os
import secrets
import sys
import threading
import webbrowser
from pathlib import Path

from qijourney.cli.backup_command import DATABASE_FILES
from qijourney.domain.files import owner_only_umask, private_folder, write_private

SIGN_IN_FILE = "demo-sign-in.txt"


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
        help="start again: delete the demo database in the data folder and load a fresh one",
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="prepare the data folder and demo data, then stop without serving",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    owner_only_umask()  # the database, its -wal/-shm and the sign-in sheet: the owner's alone
    if args.data_dir is not None:
        os.environ["QIJOURNEY_DATA_DIR"] = str(args.data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.local")
    import django
    from django.core.management import call_command

    from qijourney.config.settings.base import data_dir

    folder = private_folder(data_dir())
    if args.reset:
        # The write-ahead log and its index go with the database they belong to.
        for name in (*DATABASE_FILES, SIGN_IN_FILE):
            (folder / name).unlink(missing_ok=True)
    django.setup()
    print(f"Data folder: {folder}", file=sys.stderr)
    call_command("migrate", interactive=False, verbosity=0)
    sign_in = load_demo_once(folder)
    url = f"http://127.0.0.1:{args.port}/"
    print(f"\nqijourney demo: {url}\n\n{sign_in}", file=sys.stderr)
    if args.setup_only:
        return 0
    from waitress import serve

    from qijourney.config.wsgi import application

    if not args.no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    print("Press Ctrl+C to stop.", file=sys.stderr)
    serve(application, host="127.0.0.1", port=args.port, threads=8, ident="qijourney")
    return 0


def load_demo_once(folder: Path) -> str:
    """Build the synthetic system on first run; afterwards just read its sign-in details."""
    from qijourney.demo import synthetic
    from qijourney.organisations.models import Organisation

    details = folder / SIGN_IN_FILE
    if Organisation.objects.exists() and details.exists():
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
