import io
import json
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oidc_provider.models import Client, ResponseType, RSAKey
from oidc_provider.views import ProviderInfoView


class DiscoveryView(ProviderInfoView):
    """The package's document, plus what it supports but does not announce."""

    def _build_response_dict(self, request):
        document = super()._build_response_dict(request)
        document["code_challenge_methods_supported"] = ["S256", "plain"]
        document["scopes_supported"] = ["openid", "email", "profile"]
        document["grant_types_supported"] = ["authorization_code", "refresh_token"]
        return document


def add_client(client_id, client_secret, redirect_uris, post_logout_redirect_uris=()):
    client, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": client_id,
            "client_secret": client_secret,
            "client_type": "confidential",
            "jwt_alg": "RS256",
            "require_consent": False,
            "_redirect_uris": "\n".join(redirect_uris),
            "_post_logout_redirect_uris": "\n".join(post_logout_redirect_uris),
            "_scope": "openid email profile",
        },
    )
    client.response_types.set([ResponseType.objects.get(value="code")])
    return {"client_id": client.client_id}


def add_user(username, password, email):
    user, _ = User.objects.get_or_create(username=username)
    user.email = email
    user.set_password(password)
    user.save()
    return {"sub": str(user.pk)}


def rotate_keys():
    """A new signing key, and no other: old tokens no longer verify."""
    call_command("creatersakey", stdout=io.StringIO())
    newest = RSAKey.objects.latest("id")
    RSAKey.objects.exclude(id=newest.id).delete()
    return {"kid": newest.kid}


def keys():
    return {"kids": [key.kid for key in RSAKey.objects.all()]}


ACTIONS = {f.__name__: f for f in (add_client, add_user, rotate_keys, keys)}


@csrf_exempt
@require_POST
def harness(request, action):
    """Lets the test process set the provider up without importing Django."""
    given = request.headers.get("Authorization", "")
    if not secrets.compare_digest(given, "Bearer " + settings.HARNESS_TOKEN):
        return HttpResponseForbidden()
    if action not in ACTIONS:
        return JsonResponse({"error": "unknown action"}, status=404)
    return JsonResponse(ACTIONS[action](**json.loads(request.body or b"{}")))
