"""The HTTP app over a container whose clock the test sets (periods pass in a test)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from api.app import create_app
from api.demo import seed_demo
from services.settings import Settings
from tests.e2e.conftest import Api
from tests.targets_support import SettableClock, clocked_container


@contextmanager
def clocked_api(settings: Settings, clock: SettableClock) -> Iterator[Api]:
    """The demo organisation behind the API, its views running, the server's time the test's."""
    with clocked_container(settings, clock) as c:
        app = create_app(settings, c)
        with TestClient(app) as client:
            seed_demo(c)
            c.runner.start()
            yield Api(client, c)
