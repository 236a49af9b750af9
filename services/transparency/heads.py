"""Signed tree heads: what the log commits to at a size, in RFC 6962's signed form.

The signature covers RFC 6962's ``TreeHeadSignature`` (3.5): version v1 (0),
signature type tree_hash (1), the timestamp in milliseconds, the tree size and
the root hash, big endian. The key is Ed25519; ``key_id`` is the SHA-256 of
the public key's DER encoding (as a CT log ID), so a head names its key.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

VERSION_V1 = 0
SIGNATURE_TYPE_TREE_HASH = 1


def signed_input(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """The bytes a tree head's signature covers."""
    header = struct.pack(">BBQQ", VERSION_V1, SIGNATURE_TYPE_TREE_HASH, timestamp, tree_size)
    return header + root_hash


def key_id_of(public_key: Ed25519PublicKey) -> bytes:
    """The SHA-256 of the public key's DER (SubjectPublicKeyInfo), as CT names a log's key."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


@dataclass(frozen=True)
class TreeHead:
    """The log at ``tree_size`` leaves: its root, when it was signed, and the signature."""

    tree_size: int
    timestamp: int  # milliseconds since the epoch, UTC
    root_hash: bytes
    signature: bytes
    key_id: bytes

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, UTC)

    def message(self) -> bytes:
        return signed_input(self.tree_size, self.timestamp, self.root_hash)

    def to_json(self) -> dict[str, Any]:
        """The head as JSON, with RFC 6962's field names (``get-sth``)."""
        return {
            "tree_size": self.tree_size,
            "timestamp": self.timestamp,
            "sha256_root_hash": b64(self.root_hash),
            "tree_head_signature": b64(self.signature),
            "key_id": b64(self.key_id),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeHead:
        return cls(
            tree_size=int(data["tree_size"]),
            timestamp=int(data["timestamp"]),
            root_hash=unb64(data["sha256_root_hash"]),
            signature=unb64(data["tree_head_signature"]),
            key_id=unb64(data["key_id"]),
        )


def timestamp_of(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
