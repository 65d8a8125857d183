"""Paged lists on web pages: the query string (``q``, ``sort``, ``after``, ``before``, ``status``)
in, a ``core.listing.Page`` and its links out. A bad cursor or sort shows the first page, never an
error: the address came from a link, or someone typed it."""
from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request

from partage.core.errors import ValidationFailed
from partage.core.listing import Page, SortKey, keyset, search

PAGE_SIZE = 50


def params(request: Request, sorts: dict[str, SortKey], default: str) -> dict:
    query = request.query_params
    sort = query.get("sort") or default
    return {"q": (query.get("q") or "").strip()[:100], "sort": sort if sort in sorts else default,
            "after": query.get("after") or None, "before": query.get("before") or None,
            "status": query.get("status") or ""}


def paged(session, request: Request, query, *, sorts: dict[str, SortKey], default: str,
          searched: tuple = (), sums: dict | None = None) -> tuple[Page, dict]:
    """One page of ``query``; returns the page and the links of the pager."""
    wanted = params(request, sorts, default)
    query = search(query, searched, wanted["q"]) if searched else query
    try:
        page = keyset(session, query, sorts[wanted["sort"]], limit=PAGE_SIZE, after=wanted["after"],
                      before=wanted["before"], sort=wanted["sort"], q=wanted["q"], sums=sums)
    except ValidationFailed:   # a cursor that is not ours: start again from the first page
        page = keyset(session, query, sorts[wanted["sort"]], limit=PAGE_SIZE, sort=wanted["sort"],
                      q=wanted["q"], sums=sums)
    return page, links(request.url.path, wanted, page)


def links(path: str, wanted: dict, page: Page) -> dict:
    keep = {k: wanted[k] for k in ("q", "sort", "status") if wanted[k]}

    def to(**extra) -> str:
        return f"{path}?{urlencode({**keep, **extra})}" if keep or extra else path

    return {"next": to(after=page.after) if page.after else None,
            "prev": to(before=page.before) if page.before else None,
            "first": to() if page.before else None, "keep": keep, "path": path}
