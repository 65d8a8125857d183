"""The web UI: server-rendered pages (Jinja) with HTMX, branded per tenant, in FR, NL and EN.

Every route handler defined in a module of this package is a page, served by `routes()` behind the
web guards (module enabled) and error pages; ``static`` (the files) is mounted apart. Pages use the
same session cookie + CSRF token as the API's cookie login (HTMX sends the token as ``X-CSRF-Token``
from ``<body hx-headers>``) and the same permission table.
"""
from __future__ import annotations

from typing import Any

from litestar import Router


def routes() -> list[Any]:
    """The pages (found in the package's modules, not listed by hand) and the static files."""
    import partage.api.web as package
    from partage.api.discovery import handlers_in, handlers_of
    from partage.api.web import static
    from partage.api.web.errors import HANDLERS
    from partage.api.web.render import module_enabled

    pages = handlers_of(package, skip=[static.__name__])
    return [Router(path="/", route_handlers=pages, exception_handlers=HANDLERS, guards=[module_enabled],
                   include_in_schema=False), *handlers_in(static)]
