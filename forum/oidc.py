"""Signing in with school or ministry accounts: OpenID Connect's authorization code flow with
PKCE, through Authlib's Flask client. Discovery gives the provider's endpoints and keys; the
ID token's signature, issuer, audience, nonce and lifetime are checked before any claim is
believed. The providers come from the settings (config.oidc_providers); what a verified
identity means for accounts is forum.services.identities' business."""

import logging

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app, session
from flask_babel import gettext as _
from joserfc.errors import JoseError

from forum.services.errors import DomainError

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


class SignInFailed(DomainError):
    status = 400

    def __init__(self):
        super().__init__(
            _("Signing in with your school account did not work. Try again, or sign in with your password.")
        )


def vouches_for(name, email) -> bool:
    """Whether the provider may vouch for this address: its domain is one the settings give
    the provider (any, when they give none)."""
    domains = current_app.config["OIDC_PROVIDERS"][name].get("domains") or []
    return not domains or email.rsplit("@", 1)[-1].lower() in domains


def providers() -> list[tuple[str, str]]:
    """(name, button label) of each configured provider."""
    return [(name, conf["label"]) for name, conf in current_app.config["OIDC_PROVIDERS"].items()]


def client(name):
    """The provider's Authlib client, or None for a name not configured. One per settings, per
    application: the discovery document and keys are fetched once."""
    conf = current_app.config["OIDC_PROVIDERS"].get(name)
    if conf is None:
        return None
    clients = current_app.extensions.setdefault("forum.oidc", {})
    key = (name, conf["issuer"], conf["client_id"], conf["client_secret"])
    if key not in clients:
        registry = OAuth(current_app._get_current_object())
        clients[key] = registry.register(
            name,
            client_id=conf["client_id"],
            client_secret=conf["client_secret"],
            server_metadata_url=f"{conf['issuer'].rstrip('/')}/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT_SECONDS,
            },
        )
    return clients[key]


def start(name, redirect_uri):
    """The redirect to the provider's sign-in page (state, nonce and PKCE verifier kept in the
    session)."""
    try:
        return client(name).authorize_redirect(redirect_uri)
    except (OAuthError, JoseError, requests.RequestException, ValueError, KeyError):
        log.warning("oidc: could not start signing in with %s", name, exc_info=True)
        raise SignInFailed() from None


def forget_unfinished():
    """Drop what signing in through a provider keeps in the session (the page to return to,
    and Authlib's state of a sign-in left half-way): on logout, so that nothing of it stays."""
    for key in [k for k in session if k == "oidc_next" or k.startswith("_state_")]:
        session.pop(key)


def verified_claims(name) -> dict:
    """The claims of the ID token the provider's answer leads to, once its signature, issuer
    (the configured one, exactly), audience (our client id), nonce and lifetime are checked;
    SignInFailed
    otherwise (a forged, replayed or stale answer, or a provider that cannot be reached)."""
    conf = current_app.config["OIDC_PROVIDERS"][name]
    expected = {
        "iss": {"essential": True, "value": conf["issuer"]},
        # Authlib checks the audience only through azp: the token must be meant for us.
        "aud": {"essential": True, "value": conf["client_id"]},
    }
    try:
        token = client(name).authorize_access_token(claims_options=expected)
    except (OAuthError, JoseError, requests.RequestException, ValueError, KeyError, TypeError):
        log.warning("oidc: an answer from %s was refused", name, exc_info=True)
        raise SignInFailed() from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        log.warning("oidc: %s answered without an ID token", name)
        raise SignInFailed()
    return dict(claims)
