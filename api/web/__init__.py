"""The web UI: server-rendered pages (Jinja) with HTMX, branded per tenant, in FR, NL and EN.

Contributed to the app like any API module, through the ``partage.routes`` entry point
``web = "api.web:ROUTES"``. Pages use the same session cookie + CSRF token as the API's cookie login
(HTMX sends the token as ``X-CSRF-Token`` from ``<body hx-headers>``) and the same permission table.
"""
from __future__ import annotations

from litestar import Router

from api.web import (admin_pages, auth_pages, billing_pages, dashboard_pages, ops_pages, password_pages,
                     payroll_member_pages, payroll_staff_pages, people_pages, staff_pages, static,
                     user_pages)
from api.web.errors import HANDLERS
from api.web.render import module_enabled

PAGES = [*auth_pages.ROUTES, *dashboard_pages.ROUTES, *billing_pages.ROUTES,
         *payroll_member_pages.ROUTES, *staff_pages.ROUTES, *payroll_staff_pages.ROUTES,
         *admin_pages.ROUTES, *ops_pages.ROUTES, *people_pages.ROUTES, *user_pages.ROUTES,
         *password_pages.ROUTES]

ROUTES = [
    Router(path="/", route_handlers=PAGES, exception_handlers=HANDLERS, guards=[module_enabled],
           include_in_schema=False),
    *static.ROUTES,
]
