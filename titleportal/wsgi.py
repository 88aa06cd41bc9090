import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titleportal.settings")
# An app server runs no parallel query plans unless told otherwise (titleportal/settings.py).
os.environ.setdefault("PG_PARALLEL_WORKERS_PER_GATHER", "0")
application = get_wsgi_application()

from titleportal.checks import refuse_to_serve_without_secret_key  # noqa: E402

refuse_to_serve_without_secret_key()

from django.conf import settings  # noqa: E402

if settings.PDF_LIBRARIES_AT_START:
    # Each worker of the app server loads the PDF libraries now, not on its first PDF.
    from titleportal.pdf import load_libraries

    load_libraries()
