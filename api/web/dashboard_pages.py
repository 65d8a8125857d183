"""The member's dashboard: activities with their balance and a chart of the balance over time."""
from __future__ import annotations

from litestar import Request, Response, get

from partage.api.deps import Session
from partage.api.web.chart import balance_chart
from partage.api.web.i18n import translate
from partage.api.web.render import html, page_of
from partage.api.web.scope import activities
from partage.core.ledger import balance, statement

MEMBER = {"permission": "web:member"}


def _cards(session, acts, lang: str) -> list[dict]:
    cards = []
    for act in acts:
        label = f"{translate(lang, 'Balance over time:')} {act.name}"
        cards.append({"activity": act, "balance": balance(session, act.id),
                      "chart": balance_chart(statement(session, act.id), label)})
    return cards


@get("/app", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def dashboard(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    acts = activities(session, page.user, everyone=False)
    return html(request, session, "dashboard.html", page=page, cards=_cards(session, acts, page.lang))
