"""Platform ops: tenants (no personal data), country plugins with their rule versions, health."""
from __future__ import annotations

import platform
import time

from litestar import Request, Response, get
from litestar.datastructures import State
from sqlalchemy import text

from partage.api.deps import Session
from partage.api.web.render import html
from partage.core.plugins import registry
from partage.tenants.provisioning import list_tenants

OPS = {"permission": "web:ops"}
STARTED = time.time()
CAPABILITIES = ("identifiers", "parameters", "billing", "payroll", "declarations")


def _rule_versions(plugin) -> dict:
    source = getattr(plugin, "parameters", None)
    if source is None:
        return {"count": 0, "starts": []}
    tree = source.tree()
    starts = set()
    for name in tree.names():
        starts.update(getattr(tree.get(name), "starts", ()) or ())
    return {"count": len(tree), "starts": sorted(starts, reverse=True)[:6]}


def _plugins() -> list[dict]:
    found = []
    for plugin in registry().all():
        found.append({"code": plugin.code, "name": plugin.name, "locales": plugin.locales,
                      "capabilities": [c for c in CAPABILITIES if getattr(plugin, c, None) is not None],
                      "rules": _rule_versions(plugin)})
    return found


def _health(state: State) -> dict:
    started = time.perf_counter()
    try:
        with state.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - shown to ops, not raised
        database = f"error: {type(exc).__name__}"
    return {"database": database, "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            "uptime_s": int(time.time() - STARTED), "python": platform.python_version(),
            "backend": state.db.engine.dialect.name}


@get("/app/ops", opt=OPS, include_in_schema=False, sync_to_thread=True)
def ops(request: Request, state: State, session: Session) -> Response:
    """The console; the session (the ops user's own tenant) only gives the page its menu and user."""
    return html(request, session, "ops.html", tenants=list_tenants(state.db), plugins=_plugins(),
                health=_health(state))
