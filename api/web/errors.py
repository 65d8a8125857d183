"""Errors on web pages: sign-in redirects and readable HTML pages instead of problem JSON."""
from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import (NotAuthorizedException, NotFoundException, PermissionDeniedException,
                                 ValidationException)

from partage.api.security import CSRF_COOKIE, SESSION_COOKIE
from partage.api.web.forms import FormErrors
from partage.api.web.render import html, page_of
from partage.core.errors import NotFound, PermissionDenied, Unauthenticated
from partage.core.tenancy import bind_tenant


def to_login(request: Request, exc: Exception) -> Response:
    """Not signed in (or the session expired): 401 with the sign-in form (HTMX is sent to /login);
    stale cookies are dropped."""
    if request.headers.get("hx-request"):
        response = Response("", status_code=401, headers={"HX-Redirect": "/login"})
    else:
        page = page_of(request)
        page.csrf = ""
        from partage.api.web.auth_pages import login_form

        response = login_form(request, request.app.state, status=401, page=page,
                               errors=FormErrors(page.lang), form={})
    if request.cookies.get(SESSION_COOKIE):
        response.delete_cookie(SESSION_COOKIE)
        response.delete_cookie(CSRF_COOKIE)
    return response


def _page(request: Request, status: int, message: str) -> Response:
    """An HTML error page in the caller's language, with their menu when signed in."""
    principal = request.scope.get("user")
    if principal is None or principal.kind != "user":
        return html(request, None, "error.html", status=status, status_code=status, message=message)
    with bind_tenant(principal.tenant_id), request.app.state.db.session() as session:
        return html(request, session, "error.html", status=status, status_code=status, message=message)


def wants_html(request: Request) -> bool:
    """A browser navigating (``Accept: text/html``), not an API client."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split(",")[0]


def page_for(request: Request, status: int) -> Response:
    """The HTML page of an HTTP error, for browsers that reach a path outside the web pages."""
    message = {403: "You are not allowed to see this page.", 405: "This page does not exist."}.get(
        status, "This page does not exist.")
    return _page(request, status, message)


def denied(request: Request, exc: Exception) -> Response:
    return _page(request, 403, "You are not allowed to see this page.")


def missing(request: Request, exc: Exception) -> Response:
    return _page(request, 404, "This page does not exist.")


HANDLERS = {Unauthenticated: to_login, NotAuthorizedException: to_login, PermissionDenied: denied,
            PermissionDeniedException: denied, NotFound: missing, NotFoundException: missing,
            ValidationException: missing}   # a bad id in the address: no such page
