"""Production sign-in: no picker; the organisation's SSO token (RS256, from its JWKS) is
posted once and kept in the session cookie, or sent as a bearer header; anything else is
refused. The JWKS is a hand-written stand-in holding our test key (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from api.app import create_app
from api.demo import seed_demo
from services.privacy.master import generate_master_key
from services.transparency.keys import generate_pem
from tests.conftest import sqlite_settings
from tests.e2e.conftest import Api
from tests.e2e.web_support import SESSION, csrf_token, ids_in, post_form, view

ISSUER, AUDIENCE = "https://sso.example.com/", "perfledger"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StandInJwks:
    """Answers as ``jwt.PyJWKClient`` does, with the one key our SSO stand-in signs with."""

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        del token
        return jwt.PyJWK(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True))


def sso_token(person: str, roles: list[str], key: Any = KEY, **claims: Any) -> str:
    body = {
        "sub": person,
        "roles": roles,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": datetime.now(UTC) + timedelta(hours=1),
    }
    return jwt.encode(body | claims, key, algorithm="RS256")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Api]:
    settings = sqlite_settings(
        tmp_path,
        mode="production",
        create_schema=True,
        seed_demo=False,
        jwks_url="https://sso.example.com/jwks",
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        ledger_signing_key=generate_pem(),
        master_key=generate_master_key(),
    )
    app = create_app(settings)
    app.state.container.tokens._jwks = StandInJwks()
    with TestClient(app, base_url="https://testserver") as client:
        seed_demo(app.state.container)
        yield Api(client, app.state.container)


def test_production_has_no_picker_and_keeps_a_valid_sso_token(production: Api) -> None:
    api = production
    page = view(api, "/ui/sign-in")
    assert "sign-in-person" not in ids_in(page)
    assert "sign-in-token" in ids_in(page)
    token = csrf_token(api)
    picked = post_form(api, "/ui/sign-in", {"csrf": token, "person": "audit-sun"})
    assert picked.status_code == 422
    assert SESSION not in api.client.cookies
    good = sso_token("audit-sun", ["auditor"])
    signed = post_form(api, "/ui/sign-in", {"csrf": token, "token": good, "next": "/ui/audit"})
    assert signed.status_code == 303
    assert signed.headers["location"] == "/ui/audit"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=lax" in cookie
    assert "audit-table" in ids_in(view(api, "/ui/audit"))


def test_production_refuses_any_other_token(production: Api) -> None:
    api = production
    token = csrf_token(api)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = [
        sso_token("audit-sun", ["auditor"], key=other_key),
        sso_token("audit-sun", ["auditor"], aud="someone-else"),
        sso_token("audit-sun", ["auditor"], exp=datetime.now(UTC) - timedelta(minutes=5)),
        api.c.tokens.mint("audit-sun", ["auditor"]),  # a development token
    ]
    for bad in refused:
        response = post_form(api, "/ui/sign-in", {"csrf": token, "token": bad})
        assert response.status_code == 401
        assert "sign-in-refused" in ids_in(response.text)
        assert SESSION not in api.client.cookies
        header = api.client.get(
            "/ui/audit", headers={"Authorization": f"Bearer {bad}"}, follow_redirects=False
        )
        assert header.status_code == 303
    bearer = {"Authorization": f"Bearer {sso_token('audit-sun', ['auditor'])}"}
    assert "audit-table" in ids_in(view(api, "/ui/audit", headers=bearer))
