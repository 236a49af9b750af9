"""The real app served by uvicorn on a thread of the test process, on a loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI

READY_SECONDS = 30.0
POLL_SECONDS = 0.05


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` until the block ends; yield its base URL once ``/health`` answers.

    The socket is bound here, before the server starts, so no other process can take
    the free port between choosing it and listening on it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_healthy(base_url, thread)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _wait_until_healthy(base_url: str, thread: threading.Thread) -> None:
    """Poll the server's readiness (it is starting, not computing anything we wait for)."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the server stopped while starting: see its log above")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{base_url}/health did not answer within {READY_SECONDS:.0f} s")
