"""Dependencies shared by every route: the request's transaction and the caller."""
from __future__ import annotations

from typing import Iterator

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from api.principal import Principal
from core.db import PartageSession
from core.errors import Unauthenticated


def provide_session(state: State) -> Iterator[PartageSession]:
    """One transaction per request, bound to the tenant the auth middleware bound (or none)."""
    with state.db.session() as session:
        yield session


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
