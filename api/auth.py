"""Bearer tokens: HS256 with a secret for development, RS256 from a JWKS for SSO.

The token names the person (``sub``) and their roles (``roles``). Algorithms are
an explicit list for each mode, so a token can never choose its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from jwt.types import Options

from domain.organisation import Role
from services.commands import Actor
from services.errors import Unauthenticated
from services.settings import Settings

DEV_ALGORITHMS = ["HS256"]
SSO_ALGORITHMS = ["RS256"]
DEV_ISSUER = "perfledger-dev"


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwks_url) if settings.jwks_url else None

    def mint(self, person_id: str, roles: list[str], hours: int | None = None) -> str:
        """A development token; production tokens come from the organisation's SSO."""
        now = datetime.now(UTC)
        claims = {
            "sub": person_id,
            "roles": sorted({Role(r).value for r in roles}),
            "iat": now,
            "exp": now + timedelta(hours=hours or self.settings.token_hours),
            "iss": DEV_ISSUER,
        }
        return jwt.encode(claims, self.settings.jwt_secret.get_secret_value(), algorithm="HS256")

    def actor(self, token: str) -> Actor:
        try:
            claims = self._decode(token)
        except jwt.PyJWTError as e:
            raise Unauthenticated(f"invalid bearer token: {e}") from None
        return _actor_from(claims)

    def _decode(self, token: str) -> dict[str, Any]:
        options: Options = {"require": ["sub", "exp"]}
        if self._jwks is None:
            return jwt.decode(
                token,
                self.settings.jwt_secret.get_secret_value(),
                algorithms=DEV_ALGORITHMS,
                options=options,
            )
        key = self._jwks.get_signing_key_from_jwt(token)
        return jwt.decode(
            token,
            key.key,
            algorithms=SSO_ALGORITHMS,
            issuer=self.settings.jwt_issuer,
            audience=self.settings.jwt_audience,
            options=options,
        )


def _actor_from(claims: dict[str, Any]) -> Actor:
    person_id = claims.get("sub")
    roles = claims.get("roles", [])
    if not isinstance(person_id, str) or not person_id:
        raise Unauthenticated("the token names no person")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise Unauthenticated("the token's roles must be a list of names")
    known = {r.value for r in Role}
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise Unauthenticated(f"the token names unknown roles: {', '.join(unknown)}")
    return Actor(person_id=person_id, roles=frozenset(roles))
