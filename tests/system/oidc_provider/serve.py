"""Run the test OpenID provider: python3 serve.py DIRECTORY PORT HARNESS_TOKEN

Migrates DIRECTORY/provider.sqlite3, makes an RSA signing key if there is
none, and serves on 127.0.0.1:PORT until killed. tests/system/oidc.py
starts it; see README.md.
"""
import io
import os
import sys
from pathlib import Path


def main():
    directory, port, token = sys.argv[1:4]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="testop.settings",
        TESTOP_DIRECTORY=str(Path(directory).resolve()),
        TESTOP_PORT=port,
        TESTOP_HARNESS_TOKEN=token,
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey", stdout=io.StringIO())
    run("127.0.0.1", int(port), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
