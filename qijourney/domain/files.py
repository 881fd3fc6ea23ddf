"""Files that hold people's data (the database, the secret key, backups) are the owner's
alone: folders 0700, files 0600, whatever the umask of whoever started the process.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = private_folder(Path(tmp) / "data")
...     key = write_private(folder / "key", "not shared")
...     oct(folder.stat().st_mode & 0o777), oct(key.stat().st_mode & 0o777)
('0o700', '0o600')
"""

from __future__ import annotations

import os
from pathlib import Path

# For processes that create data files (the server, the demo, backup and restore): new files
# are readable and writable by their owner only, new folders open to their owner only.
OWNER_ONLY_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def owner_only_umask() -> None:
    """From now on, everything this process creates is its owner's alone."""
    os.umask(OWNER_ONLY_UMASK)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its missing parents) open to its owner only; tighten it if it was
    looser. Returns ``path``."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if path.stat().st_mode & 0o777 != FOLDER_MODE:
        path.chmod(FOLDER_MODE)
    return path


def write_private(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path``, created 0600 from the start (never readable by others,
    not even for a moment). Returns ``path``."""
    data = content.encode() if isinstance(content, str) else content
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        if hasattr(os, "fchmod"):  # an existing file keeps its mode through O_CREAT
            os.fchmod(file.fileno(), FILE_MODE)
        file.write(data)
    return path


def make_private(*paths: Path) -> None:
    """Tighten each of ``paths`` that exists and is readable by others to 0600."""
    for path in paths:
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(FILE_MODE)
        except FileNotFoundError:
            continue
