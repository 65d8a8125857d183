"""The application factory: routes are found in the code, never listed by hand.

Every route handler defined in a module of ``api.routes`` (the REST API) and ``api.web`` (the pages)
is served (``api.discovery`` walks the packages). Other installed packages (a third-party country
plugin, say) add theirs under the ``partage.routes`` entry-point group::

    [project.entry-points."partage.routes"]
    xx = "partage_country_xx.routes:ROUTES"   # a handler, controller, router, or a list of them

Every handler declares ``opt={"permission": "<name>"}`` (decided by ``core.identity.policy``) and
optionally ``opt={"module": "<module>"}`` (404 when the tenant has not enabled it).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import entry_points
from typing import Any, Iterable

from litestar import Litestar, Router
from litestar.concurrency import get_asyncio_executor, set_asyncio_executor
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from partage.api.bounds import InputBounds
from partage.api.deps import DEPENDENCIES
from partage.api.discovery import handlers_of
from partage.api.problems import HANDLERS
from partage.api.security import AuthMiddleware, SecurityHeaders, authorize, is_preflight
from partage.core.db import Database
from partage.core.identity import policy
from partage.core.identity.throttle import LoginThrottle
from partage.core.settings import Settings

ROUTES_GROUP = "partage.routes"


def contributed_routes() -> list[Any]:
    """Our handlers (found in ``api.routes`` and ``api.web``), then those declared under ``partage.routes``."""
    import partage.api.routes  # noqa: F401
    from partage import api
    from partage.api import web

    handlers: list[Any] = [*handlers_of(api.routes), *web.routes()]
    for ep in sorted(entry_points(group=ROUTES_GROUP), key=lambda e: e.name):
        loaded = ep.load()
        handlers.extend(h for h in (loaded if isinstance(loaded, (list, tuple)) else [loaded])
                        if all(h is not known for known in handlers))
    return handlers


def _openapi() -> OpenAPIConfig:
    schemes = {"bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
               "apiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header")}
    return OpenAPIConfig(
        title="Partage API", version="1", path="/schema", render_plugins=[ScalarRenderPlugin()],
        components=Components(security_schemes=schemes), security=[{"bearer": []}, {"apiKey": []}],
        openapi_router=Router(path="/schema", route_handlers=[], opt={"permission": policy.PUBLIC}),
        use_handler_docstrings=True)


def undeclared_permissions(app: Litestar) -> list[str]:
    """Routes whose permission is missing from the policy table (none allowed at startup)."""
    bad = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if not is_preflight(handler) and not policy.known(handler.opt.get("permission", "")):
                bad.append(f"{route.path} ({handler.opt.get('permission')!r})")
    return bad


def _name_threaded_handlers(app: Litestar) -> None:
    """Let OpenAPI show each handler's own name and docstring, not Litestar's thread wrapper's."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            chain = [handler.fn]
            while hasattr(chain[-1], "func"):
                chain.append(chain[-1].func)
            for wrapper in chain[:-1]:
                wrapper.__name__, wrapper.__doc__ = chain[-1].__name__, chain[-1].__doc__


def _handler_threads(count: int) -> None:
    """Synchronous handlers run in a pool of ``count`` threads of their own (not the event loop's
    default executor, which other code shares); transactions end elsewhere (``api.deps``)."""
    current = get_asyncio_executor()
    if current is not None and current._max_workers == count:
        return
    try:
        set_asyncio_executor(ThreadPoolExecutor(max_workers=count, thread_name_prefix="partage-handler"))
    except RuntimeError:        # created inside a running loop: keep the executor already set
        pass


def create_app(db: Database | None = None, settings: Settings | None = None,
               route_handlers: Iterable[Any] | None = None,
               throttle: LoginThrottle | None = None) -> Litestar:
    from partage.core.settings import settings as process_settings

    settings = settings or process_settings()
    settings.check_secret_keys()
    if db is None:
        from partage.core.db import database

        db = database() if settings is process_settings() else Database.from_settings(settings)
    _handler_threads(settings.worker_threads)
    app = Litestar(
        route_handlers=list(route_handlers) if route_handlers is not None else contributed_routes(),
        guards=[authorize], middleware=[SecurityHeaders, InputBounds, AuthMiddleware], dependencies=DEPENDENCIES,
        exception_handlers=HANDLERS, openapi_config=_openapi(),
        state=State({"db": db, "settings": settings, "throttle": throttle or LoginThrottle()}))
    if bad := undeclared_permissions(app):
        raise RuntimeError("routes without a permission in core.identity.policy: " + ", ".join(bad))
    _name_threaded_handlers(app)
    return app
