"""A small OpenID Connect provider for the tests, served over HTTP on 127.0.0.1: discovery,
an authorization endpoint that signs in one configured person (no form: the person "is signed
in" at the provider), a token endpoint that checks the client's secret, the code (once) and
its PKCE verifier, and the signing keys; ID tokens are signed RS256. On request it misbehaves
the ways a forged or replayed answer would: a wrong nonce, audience or issuer, another key's
signature, an expired token."""

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

FAULTS = ("nonce", "audience", "audience-with-azp", "issuer", "signature", "expired")


class Provider:
    def __init__(self, client_id="halaqa", client_secret="a-client-secret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
        # Another key under the same name: what a forger without the provider's key signs with.
        self.forged_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
        self.person = {}
        self.fault = None
        self.codes = {}
        self.challenges = []  # each authorization request's PKCE method, for the tests to read
        app = Flask("oidc-provider")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self.discovery)
        app.add_url_rule("/authorize", view_func=self.authorize)
        app.add_url_rule("/token", view_func=self.token, methods=["POST"])
        app.add_url_rule("/jwks", view_func=self.jwks)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()

    def settings(self, label="حساب المدرسة"):
        """The forum's OIDC_PROVIDERS entry for this provider."""
        return {"issuer": self.issuer, "client_id": self.client_id, "client_secret": self.client_secret, "label": label}

    def discovery(self):
        return jsonify(
            issuer=self.issuer,
            authorization_endpoint=f"{self.issuer}/authorize",
            token_endpoint=f"{self.issuer}/token",
            jwks_uri=f"{self.issuer}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            token_endpoint_auth_methods_supported=["client_secret_basic"],
        )

    def authorize(self):
        args = request.args
        if args.get("client_id") != self.client_id or args.get("response_type") != "code":
            abort(400)
        self.challenges.append(args.get("code_challenge_method"))
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": args.get("nonce"),
            "challenge": args.get("code_challenge"),
            "redirect_uri": args["redirect_uri"],
            "person": dict(self.person),
        }
        return redirect(f"{args['redirect_uri']}?{urlencode({'code': code, 'state': args.get('state', '')})}")

    def token(self):
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (self.client_id, self.client_secret):
            return jsonify(error="invalid_client"), 401
        grant = self.codes.pop(request.form.get("code", ""), None)  # a code works once
        if grant is None or request.form.get("redirect_uri") != grant["redirect_uri"]:
            return jsonify(error="invalid_grant"), 400
        verifier = request.form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if digest != grant["challenge"]:
            return jsonify(error="invalid_grant", error_description="PKCE"), 400
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["person"],
        }
        if self.fault == "nonce":
            claims["nonce"] = "not-the-nonce-sent"
        elif self.fault == "audience":
            claims["aud"] = "another-forum"
        elif self.fault == "audience-with-azp":  # meant for another client, naming us as its party
            claims["aud"], claims["azp"] = "another-forum", self.client_id
        elif self.fault == "issuer":
            claims["iss"] = "http://127.0.0.1:9"
        elif self.fault == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        key = self.forged_key if self.fault == "signature" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "provider-key"}, claims, key)
        return jsonify(access_token=secrets.token_urlsafe(16), token_type="Bearer", expires_in=300, id_token=id_token)

    def jwks(self):
        return jsonify(KeySet([self.key]).as_dict(private=False))
