"""Settings of the test OpenID provider. serve.py sets the environment read here."""
import os
import secrets
from pathlib import Path

DIRECTORY = Path(os.environ["TESTOP_DIRECTORY"])
PORT = int(os.environ["TESTOP_PORT"])
# Read by the /harness/ control endpoint; only the test process that started us knows it.
HARNESS_TOKEN = os.environ["TESTOP_HARNESS_TOKEN"]

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
    "testop",
]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "testop.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]
STATIC_URL = "/static/"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DIRECTORY / "provider.sqlite3",
        # IMMEDIATE serialises the token endpoint's transactions, so a code
        # redeemed twice at once is still redeemed only once.
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# Fast hashing: these are throwaway test accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "/accounts/login/"
# Distinct names, so a look at a browser's cookies tells the provider's apart.
SESSION_COOKIE_NAME = "testop_session"
CSRF_COOKIE_NAME = "testop_csrftoken"

# The issuer is http://localhost:PORT/openid although we listen on
# 127.0.0.1: browsers keep cookies per host name, not per port, and Steward
# is reached at 127.0.0.1.
SITE_URL = f"http://localhost:{PORT}"
OIDC_IDTOKEN_PROCESSING_HOOK = "testop.hooks.id_token_hook"
OIDC_USERINFO = "testop.hooks.userinfo"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # One line a request, into provider.log.
        "django.server": {"level": "INFO"},
        # 4xx answers are what the tests provoke; only errors are news.
        "django.request": {"level": "ERROR"},
    },
}
