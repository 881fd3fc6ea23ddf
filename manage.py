#!/usr/bin/env python
"""Django's command-line utility for developers (uses the local settings)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.local")
    from qijourney.domain.files import owner_only_umask

    owner_only_umask()  # the database and key it creates are the owner's alone
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
