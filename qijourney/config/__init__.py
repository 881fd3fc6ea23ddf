"""Django configuration of the improvement platform: settings, URLs, Jinja2 and WSGI."""
