"""The tenant archive's envelope: a zip (manifest + one JSON-lines file per table), encrypted.

Layout of the file: ``MAGIC`` (16 bytes, the format version in its last byte), a 16-byte scrypt
salt, a 12-byte nonce, then AES-256-GCM ciphertext of the zip. The key comes from the passphrase
through scrypt (n=2^15, r=8, p=1). GCM's tag makes any truncation or edited byte fail to open,
and the manifest's SHA-256 of each member file is checked again after opening.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"PARTAGE-TENANT\x00\x01"
SALT, NONCE = 16, 12
MIN_PASSPHRASE = 12


class ArchiveError(ValueError):
    """An archive that cannot be written or read; the message names the file."""


@dataclass(frozen=True, slots=True)
class Contents:
    manifest: dict
    files: dict[str, bytes]


def _key(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ArchiveError(f"passphrase: at least {MIN_PASSPHRASE} characters")
    return Scrypt(salt=salt, length=32, n=2 ** 15, r=8, p=1).derive(passphrase.encode())


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seal(path: Path, manifest: dict, files: dict[str, bytes], passphrase: str) -> None:
    """Write ``files`` and their manifest (checksums added) encrypted to ``path``."""
    manifest = {**manifest, "files": {name: {"sha256": digest(data), "bytes": len(data)}
                                      for name, data in sorted(files.items())}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, buffer.getvalue(), MAGIC)
    path.write_bytes(MAGIC + salt + nonce + sealed)


def _open_zip(path: Path, passphrase: str) -> zipfile.ZipFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc.strerror})") from None
    if not raw.startswith(MAGIC[:-1]):
        raise ArchiveError(f"{path}: not a Partage tenant archive")
    if raw[len(MAGIC) - 1] != MAGIC[-1]:
        raise ArchiveError(f"{path}: archive format version {raw[len(MAGIC) - 1]} is not supported")
    head = len(MAGIC)
    salt, nonce, sealed = raw[head:head + SALT], raw[head + SALT:head + SALT + NONCE], raw[head + SALT + NONCE:]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC)
    except (InvalidTag, ValueError):
        raise ArchiveError(f"{path}: damaged, truncated or edited archive, or a wrong passphrase") from None
    return zipfile.ZipFile(io.BytesIO(plain))


def unseal(path: Path, passphrase: str) -> Contents:
    """Open, decrypt and check an archive; every member file against the manifest's checksum."""
    with _open_zip(path, passphrase) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
            files = {name: archive.read(name) for name in manifest["files"]}
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ArchiveError(f"{path}: incomplete archive ({exc})") from None
    for name, meta in manifest["files"].items():
        if digest(files[name]) != meta["sha256"]:
            raise ArchiveError(f"{path}: {name} does not match its checksum in the manifest")
    return Contents(manifest, files)
