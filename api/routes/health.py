"""Liveness probe."""
from litestar import get
from msgspec import Struct


class Health(Struct):
    status: str


@get("/health", opt={"permission": "public"}, sync_to_thread=False, tags=["platform"])
def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")
