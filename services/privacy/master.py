"""The master key: it wraps every person's data key, and lives only in configuration.

A data key is stored wrapped (AES-256-GCM under the master key, bound to the
subject it belongs to), so the key store alone, or a backup of it, reveals
nothing without the master key. Production refuses to start without one (see
``Settings``); in development it is generated on first use into a file beside
the embedded database, like the ledger's signing key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.secret_files import development_path, write_once
from services.settings import Settings

DEV_MASTER_KEY_NAME = "master-key"
KEY_BYTES = 32
NONCE_BYTES = 12


class KeyUnreadable(Exception):
    """A stored key cannot be unwrapped: another master key, or altered bytes."""


def generate_master_key() -> str:
    """A new master key, base64, for ``PERFLEDGER_MASTER_KEY``."""
    return base64.b64encode(AESGCM.generate_key(bit_length=KEY_BYTES * 8)).decode()


def _wrap_context(subject: str) -> bytes:
    return b"perfledger:data-key:" + subject.encode()


class MasterKey:
    """Wraps and unwraps data keys; its id names it without revealing it."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise ValueError(f"the master key must be {KEY_BYTES} bytes (base64 of 32 bytes)")
        self._aead = AESGCM(secret)
        self.key_id = hashlib.sha256(b"perfledger:master:" + secret).hexdigest()[:16]

    @classmethod
    def from_text(cls, text: str) -> MasterKey:
        try:
            return cls(base64.b64decode(text.strip(), validate=True))
        except (binascii.Error, ValueError):
            raise ValueError("the master key must be base64 of 32 bytes") from None

    def wrap(self, subject: str, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, _wrap_context(subject))

    def unwrap(self, subject: str, wrapped: bytes, key_id: str) -> bytes:
        if key_id != self.key_id:
            raise KeyUnreadable(
                f"the key of {subject} was wrapped by master key {key_id}; "
                f"this process holds master key {self.key_id}"
            )
        try:
            return self._aead.decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_context(subject)
            )
        except InvalidTag:
            raise KeyUnreadable(f"the stored key of {subject} does not unwrap: altered") from None


def load_master_key(settings: Settings) -> MasterKey:
    """The configured key; in development, the generated one (created on first use)."""
    if settings.master_key is not None:
        return MasterKey.from_text(settings.master_key.get_secret_value())
    path = settings.master_key_file or development_path(settings, DEV_MASTER_KEY_NAME)
    if settings.mode == "development" and not path.exists():
        write_once(path, generate_master_key())
    if not path.exists():
        raise ValueError(f"the master key file {path} does not exist")
    return MasterKey.from_text(path.read_text())
