"""Password hashing (argon2) and opaque high-entropy tokens stored as SHA-256 digests.

Opaque tokens read ``<prefix>_<tenant uuid hex>_<secret>``: the tenant part lets the lookup run
bound to that tenant (no cross-tenant query); tampering with it only makes the hash miss.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("partage-dummy-password")
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; hashes a dummy when there is no hash (same timing)."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token(prefix: str, tenant_id: uuid.UUID) -> tuple[str, str]:
    """A fresh opaque token and the digest to store."""
    secret = secrets.token_urlsafe(32)
    return f"{prefix}_{tenant_id.hex}_{secret}", digest(secret)


def parse_token(prefix: str, token: str) -> tuple[uuid.UUID, str] | None:
    """(tenant id, digest of the secret) or None when ``token`` is not of this kind."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != prefix or len(parts[2]) < 20:
        return None
    try:
        return uuid.UUID(hex=parts[1]), digest(parts[2])
    except ValueError:
        return None


def hmac_hex(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
