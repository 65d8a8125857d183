"""Short-lived access tokens: JWT HS256 signed with the secret key (joserfc, authlib's JOSE)."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Sequence

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

ISSUER = "partage"
AUDIENCE = "partage-api"
ACCESS_TTL = 15 * 60
ALGORITHMS = ["HS256"]


class InvalidToken(Exception):
    """Expired, forged, malformed or meant for someone else."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    expires_at: int


def _key(secret_key: str) -> OctKey:
    return OctKey.import_key(secret_key.encode())


def issue_access(secret_key: str, user_id: uuid.UUID, tenant_id: uuid.UUID,
                 roles: list[str], ttl: int = ACCESS_TTL, now: float | None = None) -> str:  # float ok: Unix time, not money
    issued = int(now if now is not None else time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": str(user_id), "tid": str(tenant_id),
              "roles": list(roles), "iat": issued, "exp": issued + ttl, "jti": uuid.uuid4().hex}
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, _key(secret_key), algorithms=ALGORITHMS)


_REGISTRY = jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER},
                                  aud={"essential": True, "value": AUDIENCE},
                                  exp={"essential": True}, sub={"essential": True},
                                  tid={"essential": True})


def decode_access(secret_keys: str | Sequence[str], token: str) -> AccessClaims:
    """Verify signature (by any of ``secret_keys``: rotation), issuer, audience and expiry;
    raises :class:`InvalidToken`."""
    keys = [secret_keys] if isinstance(secret_keys, str) else list(secret_keys)
    error: Exception = InvalidToken("no key")
    for key in keys:
        try:
            claims = jwt.decode(token, _key(key), algorithms=ALGORITHMS).claims
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            error = exc
            continue
        try:
            _REGISTRY.validate(claims)
            return AccessClaims(uuid.UUID(claims["sub"]), uuid.UUID(claims["tid"]), int(claims["exp"]))
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise InvalidToken(str(exc)) from exc
    raise InvalidToken(str(error)) from error
