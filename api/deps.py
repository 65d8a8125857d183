"""Dependencies shared by every route: the request's transaction and the caller."""
from __future__ import annotations

import asyncio
import contextvars
from typing import AsyncIterator

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from partage.api.principal import Principal
from partage.core.db import PartageSession
from partage.core.errors import Unauthenticated


async def _end(db, session: PartageSession, commit: bool) -> None:
    call = contextvars.copy_context().run
    await asyncio.get_running_loop().run_in_executor(db.finisher, call, db.end, session, commit)


async def provide_session(state: State) -> AsyncIterator[PartageSession]:
    """One transaction per request, bound to the tenant the auth middleware bound (or none).

    It begins here, on the event loop (no I/O: the connection is taken by the first query, in
    the handler's thread), and ends in the database's own ``finisher`` threads, never in the
    pool running handlers: otherwise handlers waiting for a row lock (the tenant's audit head,
    a numbering counter) could fill that pool while the commit releasing the lock waits behind
    them, and the server would freeze for every tenant.
    """
    db = state.db
    session = db.begin()
    try:
        yield session
    except BaseException:
        await _end(db, session, commit=False)
        raise
    await _end(db, session, commit=True)


def provide_principal(request: Request) -> Principal:
    principal = request.scope.get("user")
    if principal is None:
        raise Unauthenticated()
    return principal


def provide_scope(request: Request) -> str:
    """The scope the policy granted for this route (``own``, ``tenant`` or ``platform``)."""
    return request.scope.get("state", {}).get("scope", "own")


DEPENDENCIES = {
    "session": Provide(provide_session),
    "principal": Provide(provide_principal, sync_to_thread=False),
    "access": Provide(provide_scope, sync_to_thread=False),
}

# Explicit markers for handler signatures (Litestar 3 drops inferred dependencies):
#   def handler(session: Session, principal: Caller, access: Access) -> ...
Session = NamedDependency[PartageSession]
Caller = NamedDependency[Principal]
Access = NamedDependency[str]
