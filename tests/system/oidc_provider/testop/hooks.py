"""Claims that tests script through DIRECTORY/claims.json, read on every token.

The file maps a username to claims merged into every ID token issued to that
user. A value of None removes the claim; "exp_offset" sets exp that many
seconds from now (negative: already expired). "nonce", "aud", "iss" and the
rest simply replace what the provider put there.
"""
import json
import time

from django.conf import settings


def user_claims(username: str) -> dict:
    try:
        text = (settings.DIRECTORY / "claims.json").read_text()
    except FileNotFoundError:
        return {}
    return json.loads(text).get(username, {})


def id_token_hook(id_token, user, token, request, **kwargs):
    """OIDC_IDTOKEN_PROCESSING_HOOK: called with the claims just before signing."""
    if user.email:
        id_token["email"] = user.email
    for key, value in user_claims(user.get_username()).items():
        if key == "exp_offset":
            id_token["exp"] = int(time.time()) + int(value)
        elif value is None:
            id_token.pop(key, None)
        else:
            id_token[key] = value
    return id_token


def userinfo(claims, user):
    """OIDC_USERINFO: standard claims for the userinfo endpoint."""
    claims["email"] = user.email
    for key, value in user_claims(user.get_username()).items():
        if key in claims and value is not None:
            claims[key] = value
    return claims
