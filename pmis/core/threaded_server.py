"""The real ASGI application (HTTP and websockets) served by uvicorn in a thread, for the browser tests and the
benchmarks: the same server `make run` starts, on a free loopback port, stopped by setting ``should_exit``."""

from __future__ import annotations

import socket
import threading
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_in_thread(*, timeout: float = 20):
    """Start uvicorn with `pmis.asgi:application` in a daemon thread; answer (server, thread, port) once it listens."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        "pmis.asgi:application",
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, port
