"""One root for the errors a client may see; the API maps them to RFC 9457 problem details.

Each error carries an HTTP-like ``status``, a short ``title`` and a ``slug`` that becomes the
problem ``type``. ``detail`` is written for the client: never put SQL, paths or secrets in it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class PartageError(Exception):
    """Root of every error meant for a client."""

    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        self.detail = detail or self.title
        self.headers = headers or {}
        super().__init__(self.detail)


class FieldScopedError(PartageError):
    """Root of a domain's errors that name one offending ``field`` (a dotted path into the input).

    Domains subclass it once (``BillingError``, ``PayrollError``) and mix in the status class
    (``ValidationFailed``, ``NotFound``, ``Conflict``) for each kind of error.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        self.errors = [FieldError(field, message)]
        PartageError.__init__(self, f"{field}: {message}")


class ValidationFailed(PartageError):
    """Input refused; ``errors`` names each field."""

    status, title, slug = 400, "Validation failed", "validation"

    def __init__(self, errors: list[FieldError] | FieldError, detail: str | None = None) -> None:
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        first = self.errors[0] if self.errors else None
        super().__init__(detail or (f"{first.field}: {first.message}" if first else None))

    @classmethod
    def field(cls, field: str, message: str) -> "ValidationFailed":
        return cls(FieldError(field, message))


class Unauthenticated(PartageError):
    status, title, slug = 401, "Not authenticated", "unauthenticated"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="partage"'})


class PermissionDenied(PartageError):
    status, title, slug = 403, "Permission denied", "forbidden"


class NotFound(PartageError):
    """Also the answer for another tenant's resources and for disabled modules."""

    status, title, slug = 404, "Not found", "not-found"


class Conflict(PartageError):
    status, title, slug = 409, "Conflict", "conflict"


class TooManyRequests(PartageError):
    status, title, slug = 429, "Too many requests", "rate-limited"

    def __init__(self, detail: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})
