"""Tamper evidence: a Merkle-tree log that follows the event log (RFC 6962 style).

- ``hashing``: the leaf and node hashes; the only code the writer and the
  independent verifier share.
- ``tree`` and ``store``: the writer's running tree and its append-only tables.
- ``heads`` and ``keys``: signed tree heads (Ed25519) and the signing key.
- ``follower``: follows the notification log in order and signs heads.
- ``proofs``: verification of proofs, heads and receipts, for anyone who does
  not trust the operator (standard library and ``cryptography`` only).
- ``receipts``: which records carry a receipt, and the use cases over the log.
- ``audit``: ``perfledger verify``, recomputing everything from the events.
"""
