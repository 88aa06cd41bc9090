"""Runs the test OpenID Connect provider: migrates its database, registers the portal's
client and the people, and serves on 127.0.0.1:<port> (the first argument)."""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def prepare() -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    client = settings.CLIENT
    Application.objects.create(
        name="Title Portal",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uris"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for username, person in settings.PEOPLE.items():
        User.objects.create_user(username=username, password=person["password"])


def main() -> None:
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    prepare()
    server = make_server(
        "127.0.0.1",
        int(sys.argv[1]),
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
