"""WSGI entry point for any WSGI server (the demo uses waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qijourney.config.settings.production")
application = get_wsgi_application()
