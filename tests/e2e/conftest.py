"""The HTTP app through httpx, on each store, with the demo organisation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Container
from api.demo import DEMO_PEOPLE, seed_demo
from services.settings import Settings
from tests.conftest import postgres_settings, sqlite_settings

ROLES = {p.person_id: list(p.roles) for p in DEMO_PEOPLE}


@dataclass
class Api:
    client: TestClient
    c: Container

    def token(self, person: str, roles: list[str] | None = None) -> str:
        # A person the test hired is a rep unless it says otherwise.
        return self.c.tokens.mint(person, roles or ROLES.get(person, ["rep"]))

    def headers(self, person: str | None, **extra: str) -> dict[str, str]:
        auth = {} if person is None else {"Authorization": f"Bearer {self.token(person)}"}
        return auth | extra

    def get(self, path: str, person: str | None, **params: Any) -> httpx.Response:
        response: httpx.Response = self.client.get(
            path, headers=self.headers(person), params=params
        )
        return response

    def post(
        self, path: str, person: str | None, body: Any = None, **headers: str
    ) -> httpx.Response:
        h = self.headers(person, **{k.replace("_", "-"): v for k, v in headers.items()})
        response: httpx.Response = self.client.post(path, headers=h, json=body)
        return response

    def post_raw(self, path: str, person: str, content: bytes) -> httpx.Response:
        h = self.headers(person) | {"Content-Type": "application/json"}
        response: httpx.Response = self.client.post(path, headers=h, content=content)
        return response


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    app = create_app(settings)
    with TestClient(app) as client:
        c: Container = app.state.container
        seed_demo(c)
        yield Api(client, c)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """One app per module and store, for tests that each assert they wrote nothing."""
    if request.param == "sqlite":
        settings = sqlite_settings(tmp_path_factory.mktemp("process"), seed_demo=False)
    else:
        settings = postgres_settings(request.getfixturevalue("pg_url"), seed_demo=False)
    app = create_app(settings)
    with TestClient(app) as client:
        c = app.state.container
        seed_demo(c)
        yield Api(client, c)
