"""The hashes of the log: RFC 6962 domain separation over SHA-256.

A leaf is one stored event, hashed over exactly what the store holds:

    leaf_input = position      (8 bytes, big endian: the notification id)
               | aggregate id  (16 bytes: the UUID)
               | version       (8 bytes, big endian)
               | len(topic)    (4 bytes, big endian) | topic (UTF-8)
               | len(state)    (4 bytes, big endian) | state (the stored bytes, as stored)
    leaf_hash  = SHA-256(0x00 | leaf_input)
    node_hash  = SHA-256(0x01 | left | right)

The lengths make the encoding unambiguous; the position binds each event to
its place in the log, so moving an event changes its hash. Anyone can
recompute a leaf from a copy of the stored event with these few lines.
"""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
HASH_SIZE = 32
# The root of the empty tree: the hash of the empty string (RFC 6962, 2.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()


def as_uuid(aggregate_id: UUID | str) -> UUID:
    """Aggregate ids are UUIDs; SQLite stores them as hex text."""
    return aggregate_id if isinstance(aggregate_id, UUID) else UUID(aggregate_id)


def leaf_input(
    position: int, aggregate_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    encoded_topic = topic.encode()
    return b"".join(
        (
            struct.pack(">Q", position),
            as_uuid(aggregate_id).bytes,
            struct.pack(">Q", version),
            struct.pack(">I", len(encoded_topic)),
            encoded_topic,
            struct.pack(">I", len(state)),
            state,
        )
    )


def leaf_hash(
    position: int, aggregate_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The hash of one stored event as a leaf of the tree."""
    data = leaf_input(position, aggregate_id, version, topic, state)
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node over its two children."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()
