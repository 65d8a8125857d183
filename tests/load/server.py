"""The real HTTP server (uvicorn, one process) on 127.0.0.1 over a test database, for load tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parents[2]
# Helpers of the project share the machine: a port range can be given (first port used if free).
PORTS = range(int(os.environ.get("PARTAGE_TEST_PORT_FIRST", "8131")),
              int(os.environ.get("PARTAGE_TEST_PORT_LAST", "8139")) + 1)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@contextmanager
def live_server(env: dict[str, str], log_path: Path,
                startup: float = 60.0) -> Iterator[str]:  # float ok: seconds
    """Start ``uvicorn api.asgi:app`` with ``env`` (PARTAGE_*); yields its base URL; stops it."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    full_env.update(env)
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "partage.api.asgi:app", "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log"], cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
