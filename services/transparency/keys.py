"""The log's Ed25519 signing key: from configuration, or generated for development.

Production refuses to start without a configured key (see ``Settings``). In
development the key is generated on first use into a file beside the embedded
database (``var/`` by default), readable by its owner only, and read from there
afterwards, so heads signed yesterday still verify today.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.secret_files import development_path, write_once
from services.settings import Settings
from services.transparency.heads import TreeHead, key_id_of, signed_input

DEV_KEY_NAME = "ledger-signing-key.pem"


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


class LogKey:
    """Signs tree heads; publishes its public half."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id_of(self.public_key)
        self.public_pem = public_pem(self.public_key)

    def sign(self, tree_size: int, timestamp: int, root_hash: bytes) -> TreeHead:
        signature = self._private.sign(signed_input(tree_size, timestamp, root_hash))
        return TreeHead(tree_size, timestamp, root_hash, signature, self.key_id)

    @classmethod
    def from_pem(cls, pem: str) -> LogKey:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the ledger signing key is not an Ed25519 private key")
        return cls(key)


def generate_pem() -> str:
    """A new private key as PKCS#8 PEM, for ``PERFLEDGER_LEDGER_SIGNING_KEY``."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def development_key_path(settings: Settings) -> Path:
    return development_path(settings, DEV_KEY_NAME)


def load_log_key(settings: Settings) -> LogKey:
    """The configured key; in development, the generated one (created on first use)."""
    if settings.ledger_signing_key is not None:
        return LogKey.from_pem(settings.ledger_signing_key.get_secret_value())
    path = settings.ledger_signing_key_file or development_key_path(settings)
    if settings.mode == "development" and not path.exists():
        write_once(path, generate_pem())
    if not path.exists():
        raise ValueError(f"the ledger's signing key file {path} does not exist")
    return LogKey.from_pem(path.read_text())
