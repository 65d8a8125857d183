"""Clients and invoices: create, issue, download the PDF; a tenant admin writes off a bad debt."""
from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from partage.api.deps import Caller, Session
from partage.api.web.forms import FormErrors, amount, ident, required
from partage.api.web.lists import paged
from partage.api.web.render import html, page_of, redirect
from partage.api.web.scope import activities, client_filter, clients
from partage.core.billing import create_client, create_invoice, issue_invoice, write_off
from partage.core.billing.context import billing_context
from partage.core.billing.exports import document_pdf, invoice_xml
from partage.core.billing.models import Activity, Client, Invoice
from partage.core.billing.parties import share_client
from partage.core.errors import NotFound, PartageError
from partage.core.listing import SortKey

MEMBER = {"permission": "web:member", "web_module": "billing"}
ADMIN = {"permission": "web:billing_admin", "web_module": "billing"}
STAFF_BILLING = {"permission": "web:staff", "web_module": "billing"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
CLIENT_FIELDS = ("name", "kind", "country", "company_number", "vat_number", "peppol_id", "street",
                 "postal_code", "city", "email", "language")


CLIENT_SORTS = {"name": SortKey((Client.name, Client.id)),
                "newest": SortKey((Client.created_at, Client.id), descending=True)}
INVOICE_SORTS = {"newest": SortKey((Invoice.created_at, Invoice.id), descending=True),
                 "oldest": SortKey((Invoice.created_at, Invoice.id)),
                 "total": SortKey((Invoice.total_gross, Invoice.id), descending=True)}
INVOICE_STATUSES = ("draft", "issued", "partially_paid", "paid", "cancelled", "written_off")


def _my_activities(session, page):
    return activities(session, page.user, everyone=page.staff)


def _visible(session, page):
    """Clients the page's user may see: staff all, a member their activities' and shared ones."""
    return None if page.staff else [a.id for a in _my_activities(session, page)]


def _client_query(session, page):
    query = select(Client)
    seen = _visible(session, page)
    return query if seen is None else query.where(client_filter(seen))


def _client_page(request, session, page, errors, form) -> Response:
    found, nav = paged(session, request, _client_query(session, page), sorts=CLIENT_SORTS, default="name",
                       searched=(Client.name, Client.vat_number, Client.company_number, Client.city))
    acts = _my_activities(session, page)
    options = ([("", _shared_label(page))] if page.staff else []) + [(str(a.id), a.name) for a in acts]
    return html(request, session, "clients.html", page=page, errors=errors, form=form, found=found, nav=nav,
                clients=found.rows, activity_options=options)


def _shared_label(page) -> str:
    from partage.api.web.i18n import translate

    return translate(page.words, "Shared with the whole cooperative")


@get("/app/clients", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def client_list(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    acts = _my_activities(session, page)
    form = {"kind": "business", "country": page.tenant.country.upper(),
            "activity_id": "" if page.staff or not acts else str(acts[0].id)}
    return _client_page(request, session, page, FormErrors(page.words), form)


@post("/app/clients", opt=MEMBER, include_in_schema=False, sync_to_thread=True, status_code=200)
def client_create(request: Request, session: Session, principal: Caller, data: Form) -> Response:
    """A member's client is private to the chosen activity (one of theirs); staff may create a
    shared one (no activity)."""
    page = page_of(request, session)
    errors = FormErrors(page.words)
    form = {k: (data.get(k) or "").strip() for k in CLIENT_FIELDS + ("activity_id",)}
    required(form, errors, "name")
    if len(form["country"]) != 2 or not form["country"].isalpha():
        errors.add("country", "Enter a two-letter country code, e.g. BE")
    acts = _my_activities(session, page)
    mine = {str(a.id) for a in acts}
    if not form["activity_id"] and not page.staff and acts:
        form["activity_id"] = str(acts[0].id)   # a member's client belongs to one of their activities
    if form["activity_id"] not in mine and not (page.staff and not form["activity_id"]):
        errors.add("activity_id", "Choose one of the options")
    if not errors:
        try:
            given = {k: v or None for k, v in form.items() if v or k != "peppol_id"}  # empty: default
            create_client(session, given | {"kind": form["kind"]}, actor=principal.actor)
            return redirect(request, "/app/clients")
        except PartageError as exc:
            errors.add_service_error(exc, CLIENT_FIELDS + ("activity_id",))
    return _client_page(request, session, page, errors, form)


def _own_client(session, page, client_id: uuid.UUID) -> Client:
    client = session.get(Client, client_id)
    seen = _visible(session, page)
    if client is None or not (seen is None or client.shared or client.activity_id in seen):
        raise NotFound("no such client")
    return client


@get("/app/client", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def client_show(request: Request, session: Session, client_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    client = _own_client(session, page, client_id)
    acts = [a.id for a in _my_activities(session, page)]
    recent = list(session.scalars(select(Invoice).where(Invoice.client_id == client.id,
                                                        Invoice.activity_id.in_(acts))
                                  .order_by(Invoice.created_at.desc(), Invoice.id).limit(50))) if acts else []
    owner = session.get(Activity, client.activity_id) if client.activity_id else None
    return html(request, session, "client.html", page=page, client=client, invoices=recent, owner=owner)


@post("/app/client/share", opt=STAFF_BILLING, include_in_schema=False, sync_to_thread=True, status_code=200)
def client_share(request: Request, session: Session, principal: Caller, data: Form,
                 client_id: FromQuery[uuid.UUID]) -> Response:
    """Staff share a member's client with the whole cooperative, or make it private again."""
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound("no such client")
    share_client(session, client, data.get("shared") == "1", actor=principal.actor)
    return redirect(request, f"/app/client?client_id={client.id}")


@get("/app/invoices", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def invoice_list(request: Request, session: Session) -> Response:
    """Invoices of the user's activities (staff: all), paged, searchable by number or client, with
    the total invoiced and what remains due over the whole filtered list."""
    page = page_of(request, session)
    acts = [a.id for a in _my_activities(session, page)]
    query = select(Invoice).join(Client, Client.id == Invoice.client_id)
    if not page.staff:
        query = query.where(Invoice.activity_id.in_(acts))
    status = request.query_params.get("status") or ""
    if status in INVOICE_STATUSES:
        query = query.where(Invoice.status == status)
    found, nav = paged(session, request, query, sorts=INVOICE_SORTS, default="newest",
                       searched=(Invoice.number, Client.name),
                       sums={"total": "total_gross", "paid": "paid", "credited": "credited_gross",
                             "written_off": "written_off"})
    names = {c.id: c.name for c in session.scalars(
        select(Client).where(Client.id.in_({i.client_id for i in found.rows})))} if found.rows else {}
    sums = found.sums
    due = (sums.get("total") or 0) - (sums.get("paid") or 0) - (sums.get("credited") or 0) - \
        (sums.get("written_off") or 0)
    return html(request, session, "invoices.html", page=page, client_names=names, invoices=found.rows,
                found=found, nav=nav, due=due, statuses=INVOICE_STATUSES)


def _new_form(request, session, page, errors, form) -> Response:
    acts, known = _my_activities(session, page), clients(session, _visible(session, page))
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
    client = ident(data, errors, "client_id", {c.id: c for c in clients(session, _visible(session, page))})
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
    client = session.get(Client, invoice.client_id)
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
