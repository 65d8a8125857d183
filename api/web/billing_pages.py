"""Clients and invoices: create, issue, download the PDF; a tenant admin writes off a bad debt."""
from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery

from api.deps import Caller, Session
from api.web.forms import FormErrors, amount, ident, required
from api.web.render import html, page_of, redirect
from api.web.scope import activities, clients, invoices
from core.billing import create_client, create_invoice, issue_invoice, write_off
from core.billing.context import billing_context
from core.billing.exports import document_pdf, invoice_xml
from core.billing.models import Invoice
from core.errors import NotFound, PartageError

MEMBER = {"permission": "web:member", "web_module": "billing"}
ADMIN = {"permission": "web:billing_admin", "web_module": "billing"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
CLIENT_FIELDS = ("name", "kind", "country", "company_number", "vat_number", "peppol_id", "street",
                 "postal_code", "city", "email", "language")


def _my_activities(session, page):
    return activities(session, page.user, everyone=page.staff)


@get("/app/clients", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def client_list(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return html(request, session, "clients.html", page=page, clients=clients(session),
                errors=FormErrors(page.lang), form={"kind": "business", "country": page.tenant.country.upper()})


@post("/app/clients", opt=MEMBER, include_in_schema=False, sync_to_thread=True, status_code=200)
def client_create(request: Request, session: Session, principal: Caller, data: Form) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    form = {k: (data.get(k) or "").strip() for k in CLIENT_FIELDS}
    required(form, errors, "name")
    if len(form["country"]) != 2 or not form["country"].isalpha():
        errors.add("country", "Enter a two-letter country code, e.g. BE")
    if not errors:
        try:
            given = {k: v or None for k, v in form.items() if v or k != "peppol_id"}  # empty: default
            create_client(session, given | {"kind": form["kind"]}, actor=principal.actor)
            return redirect(request, "/app/clients")
        except PartageError as exc:
            errors.add_service_error(exc, CLIENT_FIELDS)
    return html(request, session, "clients.html", page=page, errors=errors, form=form,
                clients=clients(session))


@get("/app/invoices", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_list(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    acts = _my_activities(session, page)
    names = {c.id: c.name for c in clients(session)}
    return html(request, session, "invoices.html", page=page, client_names=names,
                invoices=invoices(session, [a.id for a in acts]))


def _new_form(request, session, page, errors, form) -> Response:
    acts, known = _my_activities(session, page), clients(session)
    return html(request, session, "invoice_form.html", page=page, errors=errors, form=form,
                clients=known, activity_options=[("", "—")] + [(a.id, a.name) for a in acts],
                client_options=[("", "—")] + [(c.id, c.name) for c in known])


@get("/app/invoices/new", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_new(request: Request, session: Session, activity: FromQuery[str] = "") -> Response:
    page = page_of(request, session)
    return _new_form(request, session, page, FormErrors(page.lang),
                     {"activity_id": activity, "quantity": "1"})


def _invoice_data(session, page, data: dict, errors: FormErrors) -> dict:
    acts = {a.id: a for a in _my_activities(session, page)}
    activity = ident(data, errors, "activity_id", acts)
    client = ident(data, errors, "client_id", {c.id: c for c in clients(session)})
    description = required(data, errors, "description")
    quantity = amount(data, errors, "quantity")
    price = amount(data, errors, "unit_price")
    if errors:
        return {}
    return {"activity_id": activity.id, "client_id": client.id,
            "lines": [{"description": description, "quantity": quantity, "unit_price": price}]}


@post("/app/invoices", opt=MEMBER, include_in_schema=False, sync_to_thread=True, status_code=200)
def invoice_create(request: Request, session: Session, principal: Caller, data: Form) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    values = _invoice_data(session, page, data, errors)
    if not errors:
        try:
            invoice = create_invoice(session, values, actor=principal.actor)
            return redirect(request, f"/app/invoice?invoice_id={invoice.id}")
        except PartageError as exc:
            errors.add_service_error(exc, ("activity_id", "client_id", "description", "quantity",
                                           "unit_price"))
    return _new_form(request, session, page, errors, dict(data))


def _own_invoice(session, page, invoice_id: uuid.UUID) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    allowed = {a.id for a in _my_activities(session, page)}
    if invoice is None or invoice.activity_id not in allowed:
        raise NotFound("no such invoice")
    return invoice


@get("/app/invoice", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_show(request: Request, session: Session, invoice_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    invoice = _own_invoice(session, page, invoice_id)
    client = next((c for c in clients(session) if c.id == invoice.client_id), None)
    return html(request, session, "invoice.html", page=page, invoice=invoice, client=client,
                errors=FormErrors(page.lang))


@post("/app/invoice/issue", opt=MEMBER, include_in_schema=False,
      sync_to_thread=True, status_code=200)
def invoice_issue(request: Request, session: Session, principal: Caller,
                  invoice_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    invoice = _own_invoice(session, page, invoice_id)
    try:
        issue_invoice(session, invoice.id, actor=principal.actor)
    except PartageError as exc:
        return _invoice_error(request, session, page, invoice_id, exc, ())
    return redirect(request, f"/app/invoice?invoice_id={invoice_id}")


@post("/app/invoice/write-off", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def invoice_write_off(request: Request, session: Session, principal: Caller, data: Form,
                      invoice_id: FromQuery[uuid.UUID]) -> Response:
    """A tenant admin writes off what remains due (the reason is required and audited)."""
    page = page_of(request, session)
    invoice = _own_invoice(session, page, invoice_id)
    try:
        write_off(session, invoice.id, {"reason": data.get("reason")}, actor=principal.actor)
    except PartageError as exc:
        return _invoice_error(request, session, page, invoice_id, exc, ("reason",))
    return redirect(request, f"/app/invoice?invoice_id={invoice_id}")


def _invoice_error(request: Request, session, page, invoice_id: uuid.UUID, exc: PartageError,
                   fields: tuple[str, ...]) -> Response:
    errors = FormErrors(page.lang)
    errors.add_service_error(exc, fields)
    return html(request, session, "invoice.html", page=page, errors=errors,
                invoice=session.get(Invoice, invoice_id), client=None)


@get("/app/invoice/pdf", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_pdf(request: Request, session: Session, invoice_id: FromQuery[uuid.UUID]) -> Response:
    invoice = _own_invoice(session, page_of(request, session), invoice_id)
    body = document_pdf(session, "invoice", invoice.id)
    name = f"invoice-{invoice.number or invoice.id}.pdf".replace("/", "-")
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@get("/app/invoice/einvoice", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_einvoice(request: Request, session: Session, invoice_id: FromQuery[uuid.UUID]) -> Response:
    """The country's e-invoice: Peppol BIS UBL (Belgium) or a Factur-X PDF (France)."""
    invoice = _own_invoice(session, page_of(request, session), invoice_id)
    name = f"invoice-{invoice.number or invoice.id}".replace("/", "-")
    if billing_context(session).rules.einvoice_format == "factur-x":
        body, media, name = document_pdf(session, "invoice", invoice.id, embed_xml=True), "application/pdf", \
            f"{name}-facturx.pdf"
    else:
        body, media, name = invoice_xml(session, invoice.id, "ubl"), "application/xml", f"{name}-ubl.xml"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
