"""Every error becomes RFC 9457 problem details; nothing internal ever reaches the client."""
from __future__ import annotations

import logging
import re

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from partage.core.errors import Conflict, PartageError, ValidationFailed

log = logging.getLogger("partage.api")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:partage:problem:"


def problem(status: int, title: str, detail: str, slug: str, *, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body: dict = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return Response(content=body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def on_partage_error(request: Request, exc: PartageError) -> Response:
    errors = ([{"field": e.field, "message": e.message} for e in exc.errors]
              if isinstance(exc, ValidationFailed) else None)
    return problem(exc.status, exc.title, exc.detail, exc.slug, errors=errors, headers=exc.headers)


_AT = re.compile(r"at `\$\.?([^`]*)`")
_NAMED = re.compile(r"(?:required|unknown) field `([^`]+)`")


def _field_of(key: str, message: str) -> str:
    """The dotted field a msgspec message is about (``data`` is the whole body)."""
    at, named = _AT.search(message), _NAMED.search(message)
    parts = [p for p in ((at.group(1) if at else ""), (named.group(1) if named else "")) if p]
    if parts:
        return ".".join(parts).replace(".[", "[")
    return key if key and key != "data" else "(body)"


def _field_errors(extra) -> list[dict]:
    errors = []
    for item in extra if isinstance(extra, list) else []:
        if isinstance(item, dict):
            message = str(item.get("message", "invalid"))
            field = _field_of(str(item.get("key") or ""), message)
            errors.append({"field": field, "message": message})
    return errors


def on_validation(request: Request, exc: ValidationException) -> Response:
    errors = _field_errors(exc.extra)
    if not errors:   # undecodable body: not JSON, or not the expected shape at all
        return problem(400, "Malformed request", "the request body is not valid JSON of the "
                       "expected shape", "malformed", errors=[{"field": "(body)", "message": "not valid JSON"}])
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(400, "Validation failed", detail, "validation", errors=errors)


def on_http(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status >= 500:
        return on_unexpected(request, exc)
    if status in (404, 405):   # no such path: a browser gets the web UI's page, API clients problem details
        from partage.api.web.errors import page_for, wants_html

        if wants_html(request):
            return page_for(request, status)
    title = {400: "Bad request", 401: "Not authenticated", 403: "Permission denied",
             404: "Not found", 405: "Method not allowed"}.get(status, "Request refused")
    detail = exc.detail if status in (400, 405) and exc.detail else title
    return problem(status, title, str(detail), title.lower().replace(" ", "-"),
                   headers=dict(exc.headers or {}))


def on_integrity(request: Request, exc: IntegrityError) -> Response:
    log.warning("integrity error on %s %s", request.method, request.url.path)
    return on_partage_error(request, Conflict("the request conflicts with existing data"))


RETRY_AFTER = "2"
# PostgreSQL SQLSTATEs of a wait cut short: lock_timeout, statement_timeout / cancel, deadlock,
# serialization failure; the request can simply be sent again.
BUSY_STATES = {"55P03", "57014", "40P01", "40001"}


def _busy(request: Request, why: str) -> Response:
    log.warning("busy on %s %s: %s", request.method, request.url.path, why)
    return problem(503, "Busy", "the server is busy with concurrent changes; retry shortly",
                   "busy", headers={"Retry-After": RETRY_AFTER})


def on_operational(request: Request, exc: OperationalError) -> Response:
    state = getattr(exc.orig, "sqlstate", None)
    if state in BUSY_STATES or "database is locked" in str(exc.orig):   # SQLite: busy timeout
        return _busy(request, state or "database is locked")
    return on_unexpected(request, exc)


def on_pool_timeout(request: Request, exc: PoolTimeout) -> Response:
    return _busy(request, "no database connection free")


def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "Internal error", "an unexpected error occurred; it has been logged",
                   "internal")


HANDLERS = {
    PartageError: on_partage_error,
    ValidationException: on_validation,
    HTTPException: on_http,
    IntegrityError: on_integrity,
    OperationalError: on_operational,
    PoolTimeout: on_pool_timeout,
    Exception: on_unexpected,
}
