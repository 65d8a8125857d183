"""Keyset-paged API lists: ``q`` (search), ``sort``, ``after`` / ``before`` (cursors), ``limit``.

The body stays a JSON array (as before); the headers carry the rest: ``X-Total-Count`` (rows of
the filtered list) and ``Link`` with ``rel="next"`` / ``rel="prev"`` addresses (RFC 8288). An
``offset`` above 0 keeps the older offset paging for clients that use it.
"""
from __future__ import annotations

import inspect
from typing import Annotated, Any, Callable
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter

from partage.core.errors import ValidationFailed
from partage.core.listing import SortKey, keyset, search

Q = Annotated[str | None, QueryParameter(max_length=100, description="words to search for")]
Cursor = Annotated[str | None, QueryParameter(max_length=400, description="cursor from a Link header")]
SortName = Annotated[str | None, QueryParameter(max_length=20, description="order of the list")]
HEADERS = [ResponseHeader(name="X-Total-Count", description="rows in the filtered list", documentation_only=True),
           ResponseHeader(name="Link", description='next / prev pages (rel="next", rel="prev")',
                          documentation_only=True)]


async def awaited(response):
    """``after_request`` of the list handlers: Litestar 2 wraps a ``sync_to_thread`` handler once
    more when its path has other methods, so a ``Response`` comes back still awaitable."""
    return await response if inspect.isawaitable(response) else response


def listed(request: Request, session, query, *, sorts: dict[str, SortKey], default: str, sort: str | None,
           searched: tuple = (), q: str | None = None, after: str | None = None, before: str | None = None,
           limit: int = 100, offset: int = 0, item: Callable[[Any], Any]) -> Response:
    """One page of ``query`` as a JSON array of ``item(row)``, with the paging headers."""
    name = sort or default
    if name not in sorts:
        raise ValidationFailed.field("sort", f"one of {', '.join(sorts)}")
    query = search(query, searched, q) if searched else query
    key = sorts[name]
    if offset:
        rows = list(session.scalars(query.order_by(*[c.desc() if key.descending else c for c in key.columns])
                                    .limit(limit).offset(offset)))
        total = keyset(session, query, key, limit=1).total
        return Response([item(r) for r in rows], headers={"X-Total-Count": str(total)})
    page = keyset(session, query, key, limit=min(limit, 200), after=after, before=before, sort=name, q=q or "")
    links = []
    base = {k: v for k, v in (("q", q), ("sort", sort), ("limit", limit)) if v}
    for rel, cursor, param in (("next", page.after, "after"), ("prev", page.before, "before")):
        if cursor:
            params = {k: v for k, v in request.query_params.items() if k not in ("after", "before", "offset")}
            links.append(f'<{request.url.path}?{urlencode({**params, **base, param: cursor})}>; rel="{rel}"')
    headers = {"X-Total-Count": str(page.total)}
    if links:
        headers["Link"] = ", ".join(links)
    return Response([item(r) for r in page.rows], headers=headers)
